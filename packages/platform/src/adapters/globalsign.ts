// GlobalSign's reseller API (`/gs/api/v2`, PascalCase, `X-GS-Api-Key`): the only module that knows its dialect —
// product codes with the wildcard option, numbered statuses (WAITING_LETTER, OV-1/OV-2; WAITING_DOCUMENTS, GS-1),
// `_globalsign-domain-verification=` TXT records and `gsdv.txt` files (DCV-3), negative error codes.
import { z } from "zod";
import type { DcvCheckResult, DcvInstruction } from "../store/types";
import {
  type CaAdapter,
  type CaOrder,
  CaRefusal,
  type CatalogueProduct,
  type IssuedCertificate,
  type LetterUpload,
  type OrderPerson,
  type PlaceOrderInput,
} from "./ca";
import { type CaApiDialect, CaClient, type CaConnectionOptions, orderPath } from "./ca-client";
import { caOrder, describeFailure, type StateTable } from "./ca-order";
import { checkResult, dnsInstruction, fileInstructions } from "./dcv";
import { callbackField, isoTime, pemCertificate } from "./wire";

export type GlobalSignAdapterOptions = CaConnectionOptions;

const STATUSES = [
  "WAITING_LETTER",
  "WAITING_DCV",
  "VETTING",
  "WAITING_DOCUMENTS",
  "WAITING_ISSUE",
  "ISSUED",
  "CANCELLED",
  "REVOKED",
  "FAILED",
] as const;
type GsStatus = (typeof STATUSES)[number];

const dcvEntry = z.object({
  DomainName: z.string().min(1),
  DCVMethod: z.enum(["DNS", "HTTP"]),
  Verified: z.boolean(),
  RecordType: z.string().optional(),
  RecordName: z.string().optional(),
  RecordValue: z.string().optional(),
  FilePath: z.string().optional(),
  FileURLs: z.array(z.string()).optional(),
  FileContent: z.string().optional(),
});

const orderSchema = z.object({
  OrderID: z.string().min(1),
  PartnerOrderID: z.string().nullish(),
  OrderStatusText: z.enum(STATUSES),
  DCVDeadline: isoTime.nullish(),
  DCVList: z.array(dcvEntry).default([]),
  FailureReason: z.object({ Code: z.string(), Message: z.string().nullish() }).nullish(),
  CertificateInfo: z.object({ SerialNumber: z.string(), StartDate: isoTime, EndDate: isoTime }).nullish(),
});

const verifySchema = z.object({
  Results: z.array(
    z.object({
      DomainName: z.string(),
      DCVMethod: z.string().optional(),
      Result: z.enum(["PASS", "MISMATCH", "NOT_FOUND"]),
      Seen: z.array(z.string()).default([]),
      LocalCheck: z.number().int(),
      Message: z.string().nullish(),
    }),
  ),
});

const certificateSchema = z.object({
  SerialNumber: z.string().min(1),
  X509Cert: pemCertificate,
  CACertificates: z.array(z.object({ CACertType: z.string(), CACert: pemCertificate })),
});

/** GlobalSign's calls, and its refusals (negative codes) in the platform's vocabulary. */
const API: CaApiDialect = {
  name: "GlobalSign",
  basePath: "/gs/api/v2",
  keyHeader: "x-gs-api-key",
  errorBody: z.object({
    error: z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }),
  }),
  known: {
    "-106": { status: 400, code: "InvalidParameter.CsrInvalid", rule: "CSR-4" },
    "-105": { status: 400, code: "InvalidParameter.DomainInvalid", rule: "DOM-4" },
    "-107": { status: 400, code: "InvalidParameter.PackageInvalid", rule: "PAID-1" },
    "-108": { status: 400, code: "InvalidParameter.VerifyTypeInvalid", rule: "DCV-1" },
    "-4005": { status: 409, code: "FailedOperation.DcvNotReleased", rule: "OV-1" },
    "-4101": { status: 400, code: "InvalidParameter.LetterInvalid", rule: "OV-1" },
    "-4102": { status: 409, code: "FailedOperation.LetterNotRequired", rule: "OV-1" },
  },
  parameterCodes: ["-101", "-102", "-103"],
};

/** GlobalSign's product code and base option for what the platform sells (PAID-1); no Pro types here. */
export function globalSignProduct(
  product: CatalogueProduct,
): { code: "DV_LOW_SHA2" | "OV_SHA2" | "EV_SHA2"; wildcard: boolean } | undefined {
  if (product === "free-dv" || product.standard !== "international") return undefined;
  const code = ({ DV: "DV_LOW_SHA2", OV: "OV_SHA2", EV: "EV_SHA2" } as const)[product.type as "DV" | "OV" | "EV"];
  if (!code) return undefined;
  if (product.domainType === "single" || product.domainType === "multi") return { code, wildcard: false };
  if (product.domainType === "wildcard" && code !== "EV_SHA2") return { code, wildcard: true };
  return undefined;
}

/** PAID-4: GlobalSign's status in the platform's words; GS-1's documents request is LEGAL-REVIEWING. */
const STATE: StateTable<GsStatus> = {
  WAITING_LETTER: { state: "letter_pending", progress: null },
  WAITING_DCV: { state: "pending_dcv", progress: "PENDING-DCV" },
  VETTING: { state: "reviewing", progress: "CA-REVIEWING" },
  WAITING_DOCUMENTS: { state: "reviewing", progress: "LEGAL-REVIEWING" },
  WAITING_ISSUE: { state: "reviewing", progress: "WAIT-ISSUE" },
  ISSUED: { state: "issued", progress: null },
  CANCELLED: { state: "cancelled", progress: null },
  REVOKED: { state: "revoked", progress: null },
  FAILED: { state: "failed", progress: null },
};

export function globalSignProgress(status: GsStatus) {
  return STATE[status];
}

const FAILURES: Record<string, string> = {
  DCV_EXPIRED: "domain validation was not completed within 7 days",
  CAA_CHECK_FAILED: "the domain's CAA records do not allow GlobalSign",
  ORGANIZATION_MISMATCH: "the organisation does not match the business registry",
  PHONE_VERIFICATION_DECLINED: "the organisation declined GlobalSign's verification call",
  PHONE_VERIFICATION_TIMEOUT: "the organisation did not answer GlobalSign's verification call in time",
  VETTING_REJECTED: "GlobalSign rejected the application",
  PHISHING_CHECK_FAILED: "the domain did not pass GlobalSign's security review",
};

/** A TXT record becomes one instruction; a file one per site GlobalSign fetches it from (apex and www, DCV-5). */
function toInstructions(entry: z.infer<typeof dcvEntry>): DcvInstruction[] {
  const { DomainName: domain, Verified: passed } = entry;
  if (entry.DCVMethod === "DNS") {
    const host = entry.RecordName ?? domain;
    return [dnsInstruction({ domain, recordType: "TXT", host, value: entry.RecordValue ?? "", passed })];
  }
  return fileInstructions({
    domain,
    path: entry.FilePath,
    urls: entry.FileURLs,
    content: entry.FileContent ?? "",
    passed,
  });
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const certificate = raw.CertificateInfo;
  return caOrder({
    orderId: raw.OrderID,
    partnerOrderId: raw.PartnerOrderID,
    ...STATE[raw.OrderStatusText],
    failure: describeFailure(
      "GlobalSign",
      FAILURES,
      raw.FailureReason && {
        code: raw.FailureReason.Code,
        message: raw.FailureReason.Message,
      },
    ),
    dcv: raw.DCVList.flatMap(toInstructions),
    dcvExpiresAt: raw.DCVDeadline,
    certificate: certificate && {
      serial: certificate.SerialNumber,
      notBefore: certificate.StartDate,
      notAfter: certificate.EndDate,
    },
  });
}

/** GlobalSign wants first and last names; a one-word name is repeated rather than invented. */
function person(p: OrderPerson) {
  const [first, ...rest] = p.name.trim().split(/\s+/);
  return {
    FirstName: (first ?? p.name).slice(0, 60),
    LastName: (rest.join(" ") || first || p.name).slice(0, 60),
    ...(p.position ? { JobTitle: p.position.slice(0, 100) } : {}),
    Phone: p.phone,
    Email: p.email,
  };
}

export class GlobalSignAdapter implements CaAdapter {
  readonly brand = "globalsign";
  readonly name = "GlobalSign";
  readonly #api: CaClient;

  constructor(options: GlobalSignAdapterOptions) {
    this.#api = new CaClient(API, options);
  }

  productCode(product: CatalogueProduct): string | undefined {
    const gs = globalSignProduct(product);
    return gs ? `${gs.code}${gs.wildcard ? "+wildcard" : ""}` : undefined;
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const gs = globalSignProduct(input.product);
    if (!gs) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "GlobalSign does not sell this product");
    const [commonName, ...sans] = input.domains;
    const org = input.organization;
    const validated = gs.code !== "DV_LOW_SHA2";
    const raw = await this.#api.call("POST", "/orders", orderSchema, {
      body: {
        ProductCode: gs.code,
        ...(gs.wildcard ? { BaseOption: "wildcard" } : {}),
        ValidityPeriod: { Months: 12 * (input.years ?? 1) },
        CSR: input.csrPem,
        CommonName: commonName,
        ...(sans.length ? { SANEntries: sans.map((name) => ({ SubjectAltName: name })) } : {}),
        DCVMethod: input.dcvMethod === "file" ? "HTTP" : "DNS",
        PartnerOrderID: input.partnerOrderId,
        ...(input.callbackUrl ? { NotificationURL: input.callbackUrl } : {}),
        ...(validated && input.reviewedProfile ? { ReviewedProfile: true } : {}),
        ...(validated && org
          ? {
              OrganizationInfo: {
                OrganizationName: org.name,
                RegistrationNumber: org.registrationNumber,
                OrganizationAddress: {
                  AddressLine1: org.address,
                  ...(org.city ? { City: org.city } : {}),
                  ...(org.country ? { Country: org.country } : {}),
                  Phone: org.phone,
                },
              },
            }
          : {}),
        ...(validated && input.applicant ? { RequestorInfo: person(input.applicant) } : {}),
        ...(validated && input.administrator ? { AdministratorInfo: person(input.administrator) } : {}),
      },
    });
    return toOrder(raw);
  }

  async getOrder(orderId: string, options: { quick?: boolean } = {}): Promise<CaOrder> {
    return toOrder(await this.#api.call("GET", orderPath(orderId), orderSchema, options));
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#api.call("POST", orderPath(orderId, "/dcv/verify"), verifySchema, {
      body: {},
    });
    return raw.Results.map((r) =>
      checkResult({
        domain: r.DomainName,
        method: r.DCVMethod === "HTTP" ? "file" : "dns",
        verdict: r.Result,
        seen: r.Seen,
        localCheck: r.LocalCheck,
        message: r.Message,
      }),
    );
  }

  /** OV-1: a new letter may replace the last one while the order is open; the answer is then re-read. */
  async uploadLetter(orderId: string, letter: LetterUpload): Promise<CaOrder> {
    await this.#api.call("POST", orderPath(orderId, "/letter"), z.unknown(), {
      body: {
        ContentBase64: Buffer.from(letter.content).toString("base64"),
        FileName: letter.fileName.replace(/[/\\\0]/g, "_").slice(0, 255) || "letter",
      },
    });
    return this.getOrder(orderId);
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(await this.#api.call("POST", orderPath(orderId, "/cancel"), orderSchema, { body: {} }));
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#api.call("POST", orderPath(orderId, "/revoke"), z.unknown(), {
      body: reason ? { Reason: reason.slice(0, 500) } : {},
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#api.call("GET", orderPath(orderId, "/certificate"), certificateSchema);
    // Intermediate(s) first, then the root.
    const chain = [
      ...raw.CACertificates.filter((c) => c.CACertType !== "ROOT"),
      ...raw.CACertificates.filter((c) => c.CACertType === "ROOT"),
    ].map((c) => c.CACert);
    return { certificatePem: raw.X509Cert, chainPem: chain, serial: raw.SerialNumber };
  }

  /** GlobalSign's callback: `{ OrderID, PartnerOrderID, OrderStatus, OrderStatusText, ModificationDate }`. */
  callbackOrderId(body: unknown): string | undefined {
    return callbackField(body, "OrderID");
  }
}
