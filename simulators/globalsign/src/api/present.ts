import {
  type CertificateRecord,
  type CheckSummary,
  type Contact,
  checkResult,
  type DcvRecord,
  dcvReleased,
  describeReview,
  gated,
  gmt8OrNull,
  type Order,
  type Organization,
  type ProductRule,
  productDcvMethods,
} from "@certsim/ca-kit";
import { codeOf } from "../dcv-format";
import { gsProductOf } from "../products";
import { FAILURE_CODES, GS_STATUSES, gsDcvMethod, gsStatus, PROGRESS_KEYS, PROGRESS_STATES } from "./words";

// The JSON GlobalSign answers with: PascalCase names as in its XML API, times ISO-8601 in GMT+8 (TIME-1).

const time = gmt8OrNull;

/** One product code with the options it is sold with (the wildcard rule folds into `BaseOptions`). */
export function presentProducts(rules: readonly ProductRule[]) {
  const byCode = new Map<string, ReturnType<typeof presentProduct>>();
  for (const rule of rules) {
    const { ProductCode, BaseOption } = gsProductOf(rule.code);
    const entry = byCode.get(ProductCode);
    if (entry) {
      if (BaseOption) entry.BaseOptions.push(BaseOption);
      continue;
    }
    byCode.set(ProductCode, presentProduct(rule));
  }
  return [...byCode.values()];
}

function presentProduct(rule: ProductRule) {
  const { ProductCode, BaseOption } = gsProductOf(rule.code);
  return {
    ProductCode,
    ProductName: rule.title,
    ValidationType: rule.validation,
    BaseOptions: BaseOption ? [BaseOption] : ([] as string[]),
    MaxSANEntries: rule.maxNames - 1,
    ValidityPeriods: rule.years.map((years) => ({ Months: years * 12 })),
    DCVMethods: productDcvMethods(rule, gsDcvMethod),
    CertificateValidityDays: rule.validityDays,
  };
}

export function presentCheck(check: CheckSummary) {
  return {
    Result: checkResult(check),
    Seen: check.seen,
    LocalCheck: check.localCheck,
    Message: check.reason,
    CheckedAt: time(check.at),
  };
}

/** One DCV instruction: a TXT record (`RecordName` holding `RecordValue`) or a file (`FileURLs` holding `FileContent`). */
export function presentDcv(record: DcvRecord) {
  const common = {
    DomainName: record.domain,
    DCVMethod: gsDcvMethod(record.method),
    VerificationCode: codeOf(record.value),
    Verified: record.status === "passed",
    Reused: record.reused,
    CoveredDomains: record.proves,
    ExpiresAt: time(record.valueExpiresAt),
    LastCheck: record.lastCheck ? presentCheck(record.lastCheck) : null,
  };
  if (record.recordType === "FILE") {
    return { ...common, FilePath: record.path ?? "", FileURLs: record.urls, FileContent: record.value };
  }
  return { ...common, RecordType: record.recordType, RecordName: record.host, RecordValue: record.value };
}

const organization = (org: Organization) => ({
  OrganizationName: org.name,
  RegistrationNumber: org.registrationNumber,
  OrganizationAddress: {
    AddressLine1: org.address,
    City: org.city ?? null,
    Country: org.country ?? "CN",
    Phone: org.phone,
  },
});

const contact = (person: Contact) => ({
  Name: person.name,
  JobTitle: person.position ?? null,
  Phone: person.phone,
  Email: person.email,
});

/** The confirmation letter (OV-1): required or not, and what was received. */
function presentLetter(order: Order) {
  const letter = order.review.letter;
  if (!letter) return null;
  const last = letter.uploads.at(-1);
  return {
    Required: true,
    Received: letter.uploads.length > 0,
    Uploads: letter.uploads.length,
    Latest: last
      ? {
          Version: last.seq,
          FileName: last.fileName ?? null,
          ContentType: CONTENT_TYPES[last.type] ?? "application/octet-stream",
          Size: last.bytes,
          SHA256: last.sha256,
          UploadedAt: time(last.at),
        }
      : null,
  };
}

export const CONTENT_TYPES: Record<string, string> = {
  jpg: "image/jpeg",
  png: "image/png",
  gif: "image/gif",
  pdf: "application/pdf",
};

/** EV (GS-1): the documents the CA asks for by mail, and whether the answer is in. */
function presentDocuments(order: Order) {
  const documents = order.review.documents;
  if (!documents) return null;
  return {
    Documents: documents.documents,
    RequestPlannedAt: time(documents.requestAt),
    RequestedAt: time(documents.requestedAt),
    RequestedFrom: documents.requestedTo ?? null,
    ReplyTo: null as string | null,
    AnsweredAt: time(documents.answeredAt),
    AnsweredBy: documents.answeredBy === "mail" ? "MAIL" : documents.answeredBy === "operator" ? "GLOBALSIGN" : null,
  };
}

/** Each part of the order's flow (the letter and the documents too): `WAITING`, `IN_PROGRESS` or `COMPLETED`. */
function progress(order: Order): Record<string, string> {
  const review = describeReview(order);
  const entries: [string, string][] = [];
  const letter = order.review.letter;
  if (letter) entries.push([PROGRESS_KEYS.letter!, letter.uploads.length > 0 ? "COMPLETED" : "IN_PROGRESS"]);
  for (const stage of review.stages) {
    const documents = order.review.documents;
    if (documents && documents.before === stage.name) {
      entries.push([
        PROGRESS_KEYS.documents!,
        documents.answeredAt !== undefined
          ? "COMPLETED"
          : documents.requestedAt !== undefined
            ? "IN_PROGRESS"
            : "WAITING",
      ]);
    }
    // A stage whose step has begun but which waits for the letter or the documents has not begun itself.
    const state = stage.state === "active" && gated(order, stage.name) ? "waiting" : stage.state;
    entries.push([PROGRESS_KEYS[stage.name] ?? stage.name, PROGRESS_STATES[state]]);
  }
  return Object.fromEntries(entries);
}

export function presentOrder(order: Order, certificate: CertificateRecord | undefined, mailbox?: string) {
  const status = gsStatus(order);
  const { ProductCode, BaseOption } = gsProductOf(order.productCode);
  const documents = presentDocuments(order);
  if (documents && mailbox) documents.ReplyTo = mailbox;
  return {
    OrderID: order.id,
    PartnerOrderID: order.partnerOrderId,
    ProductCode,
    BaseOption,
    ValidityPeriod: { Months: order.years * 12 },
    CommonName: order.domains[0] ?? null,
    SANEntries: order.domains.slice(1).map((name) => ({ SubjectAltName: name })),
    DomainNames: order.names,
    DCVMethod: gsDcvMethod(order.dcvMethod),
    OrderStatus: GS_STATUSES[status],
    OrderStatusText: status,
    Progress: progress(order),
    ConfirmationLetter: presentLetter(order),
    DocumentRequest: documents,
    DCVReleased: dcvReleased(order),
    DCVDeadline: dcvReleased(order) ? time(order.dcvDeadlineAt) : null,
    DCVList: order.dcv.map(presentDcv),
    FailureReason: order.failure ? { Code: FAILURE_CODES[order.failure.code], Message: order.failure.reason } : null,
    ReviewedProfile: order.review.reviewedProfile === true,
    OrganizationInfo: order.organization ? organization(order.organization) : null,
    RequestorInfo: order.applicant ? contact(order.applicant) : null,
    AdministratorInfo: order.administrator ? contact(order.administrator) : null,
    CertificateInfo: certificate
      ? {
          SerialNumber: certificate.serial,
          CertificateStatus: certificate.revokedAt !== undefined ? "REVOKED" : "VALID",
          StartDate: time(certificate.notBefore),
          EndDate: time(certificate.notAfter),
          RevocationDate: time(certificate.revokedAt),
        }
      : null,
    OrderDate: time(order.createdAt),
    ModificationDate: time(order.updatedAt),
  };
}

/** What a status callback carries. */
export const callbackBody = (order: Order) => {
  const status = gsStatus(order);
  return {
    OrderID: order.id,
    PartnerOrderID: order.partnerOrderId,
    OrderStatus: GS_STATUSES[status],
    OrderStatusText: status,
    ModificationDate: time(order.updatedAt),
  };
};
