// GlobalSign's reseller API (`/gs/api/v2`, PascalCase, `X-GS-Api-Key`): the only module that knows its dialect —
// product codes with the wildcard option, numbered statuses (WAITING_LETTER, OV-1/OV-2; WAITING_DOCUMENTS, GS-1),
// `_globalsign-domain-verification=` TXT records and `gsdv.txt` files (DCV-3), negative error codes.
import { z } from "zod";
import type { SubStatus } from "../orders/status";
import type { DcvCheckResult, DcvInstruction } from "../store/types";
import {
  type CaAdapter,
  type CaOrder,
  type CaOrderState,
  CaRefusal,
  type CatalogueProduct,
  type IssuedCertificate,
  type LetterUpload,
  type OrderPerson,
  type PlaceOrderInput,
} from "./ca";
import { exchangeJson, expectShape, type JsonAnswer, type RetryPolicy, TransientError, withRetries } from "./http";
import { LOCAL_CHECK_REASONS } from "./trustasia";

export interface GlobalSignAdapterOptions {
  url: string;
  apiKey: string;
  /** Attempts per call (default 4), timeout per attempt (default 5 s), first backoff (default 200 ms). */
  attempts?: number;
  timeoutMs?: number;
  backoffMs?: number;
  maxBackoffMs?: number;
  /** Waits between attempts; real time by default. */
  wait?: (ms: number) => Promise<void>;
}

const BASE = "/gs/api/v2";
const KEY_HEADER = "x-gs-api-key";

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), "not a date-time");
const pemCert = z.string().includes("-----BEGIN CERTIFICATE-----");

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
  X509Cert: pemCert,
  CACertificates: z.array(z.object({ CACertType: z.string(), CACert: pemCert })),
});

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }),
});

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
const STATE: Record<GsStatus, { state: CaOrderState; progress: SubStatus | null }> = {
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

function failureOf(failure: { Code: string; Message?: string | null | undefined } | null | undefined) {
  if (!failure) return null;
  const head = FAILURES[failure.Code] ?? `GlobalSign refused (${failure.Code})`;
  return { code: failure.Code, reason: failure.Message ? `${head}: ${failure.Message}` : head };
}

/** A TXT record becomes one instruction; a file one per site GlobalSign fetches it from (apex and www, DCV-5). */
function toInstructions(entry: z.infer<typeof dcvEntry>): DcvInstruction[] {
  if (entry.DCVMethod === "DNS") {
    return [
      {
        domain: entry.DomainName,
        method: "dns",
        recordType: "TXT",
        host: entry.RecordName ?? entry.DomainName,
        value: entry.RecordValue ?? "",
        passed: entry.Verified,
      },
    ];
  }
  const urls = entry.FileURLs?.length ? entry.FileURLs : [`http://${entry.DomainName}${entry.FilePath ?? ""}`];
  return urls.map((url) => ({
    domain: entry.DomainName,
    method: "file" as const,
    recordType: "FILE" as const,
    host: new URL(url).hostname,
    value: entry.FileContent ?? "",
    ...(entry.FilePath ? { path: entry.FilePath } : {}),
    url,
    passed: entry.Verified,
  }));
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const { state, progress } = STATE[raw.OrderStatusText];
  return {
    orderId: raw.OrderID,
    partnerOrderId: raw.PartnerOrderID ?? null,
    state,
    progress,
    failure: failureOf(raw.FailureReason),
    dcv: raw.DCVList.flatMap(toInstructions),
    dcvExpiresAt: raw.DCVDeadline ? new Date(raw.DCVDeadline) : null,
    certificate: raw.CertificateInfo
      ? {
          serial: raw.CertificateInfo.SerialNumber,
          notBefore: new Date(raw.CertificateInfo.StartDate),
          notAfter: new Date(raw.CertificateInfo.EndDate),
        }
      : null,
  };
}

function refusal(answer: JsonAnswer): CaRefusal {
  const parsed = errorSchema.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP${answer.status}`;
  const message = (parsed.success ? parsed.data.error.message : undefined) ?? `GlobalSign refused (${code})`;
  switch (code) {
    case "-106":
      return new CaRefusal(400, "InvalidParameter.CsrInvalid", message, "CSR-4", code);
    case "-105":
      return new CaRefusal(400, "InvalidParameter.DomainInvalid", message, "DOM-4", code);
    case "-107":
      return new CaRefusal(400, "InvalidParameter.PackageInvalid", message, "PAID-1", code);
    case "-108":
      return new CaRefusal(400, "InvalidParameter.VerifyTypeInvalid", message, "DCV-1", code);
    case "-4005":
      return new CaRefusal(409, "FailedOperation.DcvNotReleased", message, "OV-1", code);
    case "-4101":
      return new CaRefusal(400, "InvalidParameter.LetterInvalid", message, "OV-1", code);
    case "-4102":
      return new CaRefusal(409, "FailedOperation.LetterNotRequired", message, "OV-1", code);
    case "-101":
    case "-102":
    case "-103":
      return new CaRefusal(400, "InvalidParameter", `GlobalSign refused the information: ${message}`, undefined, code);
  }
  if (answer.status === 401 || answer.status === 403) {
    return new CaRefusal(
      503,
      "FailedOperation.NetworkError",
      "the CA refused the platform's credentials",
      undefined,
      code,
    );
  }
  if (answer.status === 404) return new CaRefusal(404, "FailedOperation.CaOrderNotFound", message, undefined, code);
  return new CaRefusal(409, "FailedOperation.CaRefused", message, undefined, code);
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
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #quick: RetryPolicy;

  constructor(private readonly options: GlobalSignAdapterOptions) {
    this.#base = `${options.url.replace(/\/+$/, "")}${BASE}`;
    this.#policy = {
      attempts: options.attempts ?? 4,
      timeoutMs: options.timeoutMs ?? 5_000,
      backoffMs: options.backoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
    };
    this.#quick = { ...this.#policy, attempts: 1, timeoutMs: Math.min(this.#policy.timeoutMs, 2_000) };
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
    const raw = await this.#call("POST", "/orders", orderSchema, {
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
    return toOrder(await this.#call("GET", `/orders/${encodeURIComponent(orderId)}`, orderSchema, options));
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/dcv/verify`, verifySchema, {
      body: {},
    });
    return raw.Results.map((r) => ({
      domain: r.DomainName,
      method: r.DCVMethod === "HTTP" ? "file" : "dns",
      status: r.Result === "PASS" ? "found" : r.Result === "MISMATCH" ? "mismatch" : "missing",
      seen: r.Seen,
      localCheck: r.LocalCheck,
      reason: LOCAL_CHECK_REASONS[r.LocalCheck] ?? r.Message ?? `check code ${r.LocalCheck}`,
    }));
  }

  /** OV-1: a new letter may replace the last one while the order is open; the answer is then re-read. */
  async uploadLetter(orderId: string, letter: LetterUpload): Promise<CaOrder> {
    await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/letter`, z.unknown(), {
      body: {
        ContentBase64: Buffer.from(letter.content).toString("base64"),
        FileName: letter.fileName.replace(/[/\\\0]/g, "_").slice(0, 255) || "letter",
      },
    });
    return this.getOrder(orderId);
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(
      await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/cancel`, orderSchema, { body: {} }),
    );
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/revoke`, z.unknown(), {
      body: reason ? { Reason: reason.slice(0, 500) } : {},
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#call("GET", `/orders/${encodeURIComponent(orderId)}/certificate`, certificateSchema, {});
    // Intermediate(s) first, then the root.
    const chain = [
      ...raw.CACertificates.filter((c) => c.CACertType !== "ROOT"),
      ...raw.CACertificates.filter((c) => c.CACertType === "ROOT"),
    ].map((c) => c.CACert);
    return { certificatePem: raw.X509Cert, chainPem: chain, serial: raw.SerialNumber };
  }

  /** GlobalSign's callback: `{ OrderID, PartnerOrderID, OrderStatus, OrderStatusText, ModificationDate }`. */
  callbackOrderId(body: unknown): string | undefined {
    const parsed = z.object({ OrderID: z.string().min(1).max(200) }).safeParse(body);
    return parsed.success ? parsed.data.OrderID : undefined;
  }

  async #call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    options: { body?: unknown; quick?: boolean },
  ): Promise<z.infer<S>> {
    const policy = options.quick ? this.#quick : this.#policy;
    return withRetries(
      "GlobalSign",
      policy,
      async () => {
        const answer = await exchangeJson({
          method,
          url: `${this.#base}${path}`,
          headers: { [KEY_HEADER]: this.options.apiKey },
          body: options.body,
          timeoutMs: policy.timeoutMs,
        });
        if (answer.status >= 200 && answer.status < 300) return expectShape(answer, schema, `GlobalSign ${path}`);
        if (answer.status >= 400 && !errorSchema.safeParse(answer.json).success && answer.status !== 404) {
          throw new TransientError(`GlobalSign ${path}: HTTP ${answer.status} without an error body`);
        }
        throw refusal(answer);
      },
      this.options.wait,
    );
  }
}
