// DNSPod's reseller API (`/dnspod/v3/cert`, snake_case with `cert_` prefixes, `X-DNSPod-Token`): the only module
// that knows its dialect — product ids (international DV and GM DV/OV/EV), statuses (CONFIRM_LETTER_PENDING, SM-1),
// trust-provider.com CNAME and file records (DCV-3), `cert_…` error codes and the GM encryption pair (SM-4).
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

export interface DnsPodAdapterOptions {
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

const BASE = "/dnspod/v3/cert";
const TOKEN_HEADER = "x-dnspod-token";

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), "not a date-time");
const pemCert = z.string().includes("-----BEGIN CERTIFICATE-----");

const STATUSES = [
  "CONFIRM_LETTER_PENDING",
  "DCV_PENDING",
  "CA_REVIEWING",
  "ISSUE_PENDING",
  "ISSUED",
  "FAILED",
  "CANCELLED",
  "REVOKED",
] as const;
type DnsPodStatus = (typeof STATUSES)[number];

const dcvEntry = z.object({
  domain: z.string().min(1),
  record_type: z.enum(["CNAME", "FILE"]),
  host: z.string(),
  value: z.string(),
  path: z.string().optional(),
  urls: z.array(z.string()).optional(),
  verified: z.boolean(),
});

const orderSchema = z.object({
  cert_order_id: z.string().min(1),
  cert_partner_order_id: z.string().nullish(),
  cert_status: z.enum(STATUSES),
  cert_dcv_deadline: isoTime.nullish(),
  cert_dcv: z.array(dcvEntry).default([]),
  cert_fail: z.object({ code: z.string(), message: z.string().nullish() }).nullish(),
  cert_certificate: z.object({ serial_number: z.string(), not_before: isoTime, not_after: isoTime }).nullish(),
});

const checkSchema = z.object({
  cert_dcv_results: z.array(
    z.object({
      domain: z.string(),
      dcv_method: z.string().optional(),
      result: z.enum(["PASS", "MISMATCH", "NOT_FOUND"]),
      seen: z.array(z.string()).default([]),
      local_check: z.number().int(),
      message: z.string().nullish(),
    }),
  ),
});

const downloadSchema = z.object({
  cert_serial_number: z.string().min(1),
  cert_pem: pemCert,
  cert_chain_pem: z.array(pemCert),
  cert_encrypt_pem: pemCert.nullish(),
  cert_encrypt_key_pem: z.string().includes("PRIVATE KEY").nullish(),
});

const errorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string().optional(),
    field: z.string().optional(),
    rule: z.string().optional(),
  }),
});

/** DNSPod's product ids for what the platform sells (PAID-1); undefined for what DNSPod does not sell. */
export function dnspodProductId(product: CatalogueProduct): string | undefined {
  if (product === "free-dv") return undefined;
  const { type, domainType, standard } = product;
  if (standard === "international") {
    if (type !== "DV") return undefined;
    return domainType === "single" ? "DNSPOD-DV" : domainType === "wildcard" ? "DNSPOD-DV-WILDCARD" : undefined;
  }
  if (type === "DV") return domainType === "single" ? "DNSPOD-GM-DV" : undefined;
  if (type === "OV") {
    if (domainType === "single" || domainType === "multi") return "DNSPOD-GM-OV";
    return domainType === "wildcard" ? "DNSPOD-GM-OV-WILDCARD" : undefined;
  }
  if (type === "EV") return domainType === "single" || domainType === "multi" ? "DNSPOD-GM-EV" : undefined;
  return undefined;
}

/** PAID-4: DNSPod's status in the platform's words, with the vendor's sub-status. */
const STATE: Record<DnsPodStatus, { state: CaOrderState; progress: SubStatus | null }> = {
  CONFIRM_LETTER_PENDING: { state: "letter_pending", progress: null },
  DCV_PENDING: { state: "pending_dcv", progress: "PENDING-DCV" },
  CA_REVIEWING: { state: "reviewing", progress: "CA-REVIEWING" },
  ISSUE_PENDING: { state: "reviewing", progress: "WAIT-ISSUE" },
  ISSUED: { state: "issued", progress: null },
  FAILED: { state: "failed", progress: null },
  CANCELLED: { state: "cancelled", progress: null },
  REVOKED: { state: "revoked", progress: null },
};

export function dnspodProgress(status: DnsPodStatus) {
  return STATE[status];
}

/** DNSPod's failure codes in words for the customer; DNSPod's own message (the field, the call) follows. */
const FAILURES: Record<string, string> = {
  cert_dcv_timeout: "domain validation was not completed within 7 days",
  cert_caa_forbidden: "the domain's CAA records do not allow DNSPod",
  cert_org_info_mismatch: "the organisation does not match the business registry",
  cert_phone_verify_declined: "the organisation declined DNSPod's verification call",
  cert_phone_verify_timeout: "the organisation did not answer DNSPod's verification call in time",
  cert_rejected: "DNSPod rejected the application",
};

function failureOf(failure: { code: string; message?: string | null | undefined } | null | undefined) {
  if (!failure) return null;
  const head = FAILURES[failure.code] ?? `DNSPod refused (${failure.code})`;
  return { code: failure.code, reason: failure.message ? `${head}: ${failure.message}` : head };
}

/** A CNAME becomes one instruction; a file one per site DNSPod fetches it from (apex and www, DCV-5). */
function toInstructions(entry: z.infer<typeof dcvEntry>): DcvInstruction[] {
  if (entry.record_type === "CNAME") {
    return [
      {
        domain: entry.domain,
        method: "dns",
        recordType: "CNAME",
        host: entry.host,
        value: entry.value,
        passed: entry.verified,
      },
    ];
  }
  const urls = entry.urls?.length ? entry.urls : [`http://${entry.domain}${entry.path ?? ""}`];
  return urls.map((url) => ({
    domain: entry.domain,
    method: "file" as const,
    recordType: "FILE" as const,
    host: new URL(url).hostname,
    value: entry.value,
    ...(entry.path ? { path: entry.path } : {}),
    url,
    passed: entry.verified,
  }));
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const { state, progress } = STATE[raw.cert_status];
  return {
    orderId: raw.cert_order_id,
    partnerOrderId: raw.cert_partner_order_id ?? null,
    state,
    progress,
    failure: failureOf(raw.cert_fail),
    dcv: raw.cert_dcv.flatMap(toInstructions),
    dcvExpiresAt: raw.cert_dcv_deadline ? new Date(raw.cert_dcv_deadline) : null,
    certificate: raw.cert_certificate
      ? {
          serial: raw.cert_certificate.serial_number,
          notBefore: new Date(raw.cert_certificate.not_before),
          notAfter: new Date(raw.cert_certificate.not_after),
        }
      : null,
  };
}

/** DNSPod's refusals in the platform's vocabulary. */
function refusal(answer: JsonAnswer): CaRefusal {
  const parsed = errorSchema.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP${answer.status}`;
  const message = (parsed.success ? parsed.data.error.message : undefined) ?? `DNSPod refused (${code})`;
  switch (code) {
    case "cert_csr_invalid":
      return new CaRefusal(400, "InvalidParameter.CsrInvalid", message, "CSR-4", code);
    case "cert_domain_invalid":
      return new CaRefusal(400, "InvalidParameter.DomainInvalid", message, "DOM-4", code);
    case "cert_product_invalid":
      return new CaRefusal(400, "InvalidParameter.PackageInvalid", message, "PAID-1", code);
    case "cert_dcv_method_invalid":
      return new CaRefusal(400, "InvalidParameter.VerifyTypeInvalid", message, "DCV-1", code);
    case "cert_dcv_not_ready":
      return new CaRefusal(409, "FailedOperation.DcvNotReleased", message, "SM-1", code);
    case "cert_letter_invalid":
      return new CaRefusal(400, "InvalidParameter.LetterInvalid", message, "SM-2", code);
    case "cert_letter_already_uploaded":
      return new CaRefusal(409, "FailedOperation.LetterAlreadyUploaded", message, "SM-2", code);
    case "cert_letter_not_required":
      return new CaRefusal(409, "FailedOperation.LetterNotRequired", message, "SM-1", code);
    case "cert_order_state_invalid":
      return new CaRefusal(409, "FailedOperation.CaRefused", message, undefined, code);
    case "cert_param_invalid":
    case "cert_param_missing":
    case "cert_param_unknown":
      return new CaRefusal(400, "InvalidParameter", `DNSPod refused the information: ${message}`, undefined, code);
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

const person = (p: OrderPerson) => ({ name: p.name, position: p.position, phone: p.phone, email: p.email });

export class DnsPodAdapter implements CaAdapter {
  readonly brand = "dnspod";
  readonly name = "DNSPod";
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #quick: RetryPolicy;

  constructor(private readonly options: DnsPodAdapterOptions) {
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
    return dnspodProductId(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "DNSPod does not sell this product");
    const validated = code.startsWith("DNSPOD-GM-OV") || code.startsWith("DNSPOD-GM-EV");
    const org = input.organization;
    const raw = await this.#call("POST", "/orders", orderSchema, {
      body: {
        cert_product_id: code,
        cert_period: input.years ?? 1,
        cert_csr: input.csrPem,
        cert_domains: input.domains,
        cert_dcv_method: input.dcvMethod === "file" ? "FILE" : "DNS",
        cert_partner_order_id: input.partnerOrderId,
        ...(input.callbackUrl ? { cert_notify_url: input.callbackUrl } : {}),
        // GM DV keeps its validation under the company (DCV-8); OV/EV name the organisation instead.
        ...(!validated && input.companyName ? { cert_company_name: input.companyName.slice(0, 200) } : {}),
        ...(validated && org
          ? {
              cert_organization: {
                name: org.name,
                registration_number: org.registrationNumber,
                address: org.address,
                ...(org.city ? { city: org.city } : {}),
                ...(org.country ? { country: org.country } : {}),
                phone: org.phone,
              },
            }
          : {}),
        ...(validated && input.applicant ? { cert_applicant: person(input.applicant) } : {}),
        ...(validated && input.administrator ? { cert_administrator: person(input.administrator) } : {}),
      },
    });
    return toOrder(raw);
  }

  async getOrder(orderId: string, options: { quick?: boolean } = {}): Promise<CaOrder> {
    return toOrder(await this.#call("GET", `/orders/${encodeURIComponent(orderId)}`, orderSchema, options));
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/dcv-check`, checkSchema, {
      body: {},
    });
    return raw.cert_dcv_results.map((r) => ({
      domain: r.domain,
      method: r.dcv_method === "FILE" ? "file" : "dns",
      status: r.result === "PASS" ? "found" : r.result === "MISMATCH" ? "mismatch" : "missing",
      seen: r.seen,
      localCheck: r.local_check,
      reason: LOCAL_CHECK_REASONS[r.local_check] ?? r.message ?? `check code ${r.local_check}`,
    }));
  }

  async uploadLetter(orderId: string, letter: LetterUpload): Promise<CaOrder> {
    const raw = await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/confirm-letter`, orderSchema, {
      body: {
        cert_letter_base64: Buffer.from(letter.content).toString("base64"),
        cert_letter_file_name: letter.fileName.slice(0, 200),
      },
      once: true,
    });
    return toOrder(raw);
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(
      await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/cancel`, orderSchema, { body: {} }),
    );
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/revoke`, z.unknown(), {
      body: reason ? { cert_revoke_reason: reason.slice(0, 500) } : {},
    });
  }

  /** GM: the signing certificate (the CSR's key) plus the encryption certificate and its key (SM-4). */
  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#call("GET", `/orders/${encodeURIComponent(orderId)}/download`, downloadSchema, {});
    return {
      certificatePem: raw.cert_pem,
      chainPem: raw.cert_chain_pem,
      serial: raw.cert_serial_number,
      ...(raw.cert_encrypt_pem && raw.cert_encrypt_key_pem
        ? { encryption: { certificatePem: raw.cert_encrypt_pem, privateKeyPem: raw.cert_encrypt_key_pem } }
        : {}),
    };
  }

  /** DNSPod's callback: `{ cert_order_id, cert_partner_order_id, cert_status, cert_updated_at }`. */
  callbackOrderId(body: unknown): string | undefined {
    const parsed = z.object({ cert_order_id: z.string().min(1).max(200) }).safeParse(body);
    return parsed.success ? parsed.data.cert_order_id : undefined;
  }

  async #call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    options: { body?: unknown; quick?: boolean; once?: boolean },
  ): Promise<z.infer<S>> {
    // A letter is taken once (SM-2): a repeat after a lost answer would be refused, so it is sent once only.
    const policy = options.quick ? this.#quick : options.once ? { ...this.#policy, attempts: 1 } : this.#policy;
    return withRetries(
      "DNSPod",
      policy,
      async () => {
        const answer = await exchangeJson({
          method,
          url: `${this.#base}${path}`,
          headers: { [TOKEN_HEADER]: this.options.apiKey },
          body: options.body,
          timeoutMs: policy.timeoutMs,
        });
        if (answer.status >= 200 && answer.status < 300) return expectShape(answer, schema, `DNSPod ${path}`);
        if (answer.status >= 400 && !errorSchema.safeParse(answer.json).success && answer.status !== 404) {
          // A 4xx without DNSPod's error body came from something in between (a proxy), not from DNSPod.
          throw new TransientError(`DNSPod ${path}: HTTP ${answer.status} without an error body`);
        }
        throw refusal(answer);
      },
      this.options.wait,
    );
  }
}
