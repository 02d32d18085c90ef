import {
  type CertificateRecord,
  type CheckSummary,
  checkResult,
  type DcvRecord,
  dcvReleased,
  describeReview,
  gmt8OrNull,
  isOpen,
  type Order,
  type Organization,
  type ProductRule,
  presentPerson,
  productDcvMethods,
  type StageName,
} from "@certsim/ca-kit";
import { DOMAIN_TYPES, dnspodDcvMethod, dnspodFailure, dnspodStatus, STANDARD } from "./words";

// The JSON DNSPod answers with: snake_case, top-level fields prefixed `cert_`, times ISO-8601 in GMT+8 (TIME-1).

const time = gmt8OrNull;

export function presentProduct(product: ProductRule) {
  return {
    cert_product_id: product.code,
    cert_product_name: product.title,
    cert_standard: STANDARD[product.standard],
    cert_validation: product.validation,
    cert_algorithms: product.standard === "gm" ? ["SM2"] : ["RSA", "ECC"],
    cert_domain_types: product.domainTypes.map((type) => DOMAIN_TYPES[type]),
    cert_max_domains: product.maxNames,
    cert_periods: product.years,
    cert_dcv_methods: productDcvMethods(product, dnspodDcvMethod),
    cert_validity_days: product.validityDays,
    // CERT-4: international validity is capped by the issuance date; GM keeps the product's.
    cert_validity_capped: product.standard !== "gm",
    cert_confirm_letter: product.standard === "gm" && product.validation !== "DV",
  };
}

export function presentCheck(check: CheckSummary) {
  return {
    result: checkResult(check),
    seen: check.seen,
    local_check: check.localCheck,
    message: check.reason,
    checked_at: time(check.at),
  };
}

/** One DCV instruction: a CNAME (`host` → `value`) or a file (`path` on each of `urls`, holding `value`). */
export function presentDcv(record: DcvRecord) {
  return {
    domain: record.domain,
    record_type: record.recordType,
    host: record.host,
    value: record.value,
    ...(record.recordType === "FILE"
      ? { file_name: record.path?.split("/").pop() ?? "", path: record.path ?? "", urls: record.urls }
      : {}),
    verified: record.status === "passed",
    reused: record.reused,
    covers: record.proves,
    expires_at: time(record.valueExpiresAt),
    last_check: record.lastCheck ? presentCheck(record.lastCheck) : null,
  };
}

const organization = (org: Organization) => ({
  name: org.name,
  registration_number: org.registrationNumber,
  address: org.address,
  city: org.city ?? null,
  country: org.country ?? "CN",
  phone: org.phone,
});

export type StepState = "DONE" | "SKIPPED" | "IN_PROGRESS" | "WAITING" | "STOPPED";

const STEP_OF: Partial<Record<StageName, string>> = {
  "pre-review": "pre_review",
  dcv: "dcv",
  "security-review": "security_review",
  "manual-review": "manual_review",
  issue: "issue",
};

/**
 * The steps as DNSPod shows them (SM-1 for GM OV/EV): information and DCV method (given with the order), the
 * confirmation letter (when needed), then the flow's stages. A DCV whose every record was reused (DCV-8) and a
 * manual review passed on an earlier approval (SM-3) are `SKIPPED`; the step an order closed in is `STOPPED`.
 */
export function presentSteps(order: Order): { step: string; state: StepState }[] {
  const review = describeReview(order);
  const open = isOpen(order.status);
  const steps: { step: string; state: StepState }[] = [
    { step: "information", state: "DONE" },
    { step: "dcv_method", state: "DONE" },
  ];
  if (review.letter) {
    const done = review.letter.uploads.length > 0;
    steps.push({ step: "confirm_letter", state: done ? "DONE" : open ? "IN_PROGRESS" : "STOPPED" });
  }
  const letterWaits = review.letter !== undefined && review.letter.uploads.length === 0;
  for (const stage of review.stages) {
    let state: StepState;
    if (stage.state === "passed") {
      const skipped =
        (stage.name === "dcv" && order.dcv.length > 0 && order.dcv.every((record) => record.reused)) ||
        (stage.name === "manual-review" && order.review.manual?.passedBy === "earlier-approval");
      state = skipped ? "SKIPPED" : "DONE";
    } else if (stage.state === "active" && !(letterWaits && review.letter?.before === stage.name)) {
      state = open ? "IN_PROGRESS" : "STOPPED";
    } else state = "WAITING";
    steps.push({ step: STEP_OF[stage.name] ?? stage.name, state });
  }
  return steps;
}

export function presentOrder(order: Order, certificate: CertificateRecord | undefined, product?: ProductRule) {
  const letter = order.review.letter;
  const upload = letter?.uploads.at(-1);
  return {
    cert_order_id: order.id,
    cert_partner_order_id: order.partnerOrderId,
    cert_product_id: order.productCode,
    cert_standard: product ? STANDARD[product.standard] : null,
    cert_validation: product?.validation ?? null,
    cert_period: order.years,
    cert_domains: order.domains,
    cert_san_domains: order.names,
    cert_dcv_method: dnspodDcvMethod(order.dcvMethod),
    cert_status: dnspodStatus(order),
    cert_steps: presentSteps(order),
    cert_confirm_letter: letter
      ? {
          required: true,
          uploaded: upload !== undefined,
          uploaded_at: time(upload?.at),
          type: upload?.type.toUpperCase() ?? null,
          bytes: upload?.bytes ?? null,
          sha256: upload?.sha256 ?? null,
        }
      : null,
    cert_dcv_released: dcvReleased(order),
    cert_dcv_deadline: dcvReleased(order) ? time(order.dcvDeadlineAt) : null,
    cert_dcv: order.dcv.map(presentDcv),
    cert_fail: order.failure ? { code: dnspodFailure(order.failure.code), message: order.failure.reason } : null,
    cert_company_name: order.companyName ?? order.organization?.name ?? null,
    cert_organization: order.organization ? organization(order.organization) : null,
    cert_applicant: order.applicant ? presentPerson(order.applicant) : null,
    cert_administrator: order.administrator ? presentPerson(order.administrator) : null,
    cert_certificate: certificate
      ? {
          serial_number: certificate.serial,
          not_before: time(certificate.notBefore),
          not_after: time(certificate.notAfter),
          revoked_at: time(certificate.revokedAt),
          encrypt_serial_number: certificate.encryption?.serial ?? null,
        }
      : null,
    cert_created_at: time(order.createdAt),
    cert_updated_at: time(order.updatedAt),
  };
}

/** What the certificate download carries: GM orders add the encryption certificate and its private key (SM-4). */
export function presentDownload(certificate: CertificateRecord, product?: ProductRule) {
  return {
    cert_order_id: certificate.orderId,
    cert_standard: product ? STANDARD[product.standard] : null,
    cert_serial_number: certificate.serial,
    cert_pem: certificate.certPem,
    cert_chain_pem: certificate.chainPem,
    cert_not_before: time(certificate.notBefore),
    cert_not_after: time(certificate.notAfter),
    ...(certificate.encryption
      ? {
          cert_encrypt_serial_number: certificate.encryption.serial,
          cert_encrypt_pem: certificate.encryption.certPem,
          cert_encrypt_key_pem: certificate.encryption.keyPem,
        }
      : {}),
  };
}

/** What a status callback carries. */
export const callbackBody = (order: Order) => ({
  cert_order_id: order.id,
  cert_partner_order_id: order.partnerOrderId,
  cert_status: dnspodStatus(order),
  cert_updated_at: time(order.updatedAt),
});
