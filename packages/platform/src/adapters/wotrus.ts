// WoTrus's reseller API (`/wotrus/api/v1`, camelCase, `X-WoTrus-Key`): the only module that knows its dialect —
// product codes, statuses and stages (WT-1…WT-3), Sectigo-style CNAME and file records (DCV-3), failure codes.
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
  type OrderPerson,
  type PlaceOrderInput,
} from "./ca";
import { exchangeJson, expectShape, type JsonAnswer, type RetryPolicy, TransientError, withRetries } from "./http";
import { LOCAL_CHECK_REASONS } from "./trustasia";

export interface WoTrusOptions {
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

const BASE = "/wotrus/api/v1";
const KEY_HEADER = "x-wotrus-key";

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), "not a date-time");

const dcvEntry = z.object({
  domain: z.string().min(1),
  dcvMethod: z.enum(["CNAME", "HTTP"]),
  verified: z.boolean(),
  dnsType: z.string().optional(),
  dnsHost: z.string().optional(),
  dnsValue: z.string().optional(),
  filePath: z.string().optional(),
  fileUrls: z.array(z.string()).optional(),
  fileContent: z.string().optional(),
});

const STATUSES = [
  "PRE_REVIEW",
  "WAIT_DCV",
  "REVIEWING",
  "WAIT_ISSUE",
  "ISSUED",
  "FAILED",
  "CANCELLED",
  "REVOKED",
] as const;
type WoTrusStatus = (typeof STATUSES)[number];

const orderSchema = z.object({
  orderNo: z.string().min(1),
  resellerOrderNo: z.string().nullish(),
  status: z.enum(STATUSES),
  dcvDeadline: isoTime.nullish(),
  dcvList: z.array(dcvEntry).default([]),
  failReason: z.object({ code: z.string(), message: z.string().optional() }).nullish(),
  certificate: z.object({ serialNumber: z.string(), notBefore: isoTime, notAfter: isoTime }).nullish(),
});

const verifySchema = z.object({
  results: z.array(
    z.object({
      domain: z.string(),
      dcvMethod: z.enum(["CNAME", "HTTP"]).optional(),
      result: z.enum(["PASS", "MISMATCH", "NOT_FOUND"]),
      seen: z.array(z.string()).default([]),
      localCheck: z.number().int(),
      message: z.string().optional(),
    }),
  ),
});

const certificateSchema = z.object({
  serialNumber: z.string().min(1),
  certificate: z.string().includes("-----BEGIN CERTIFICATE-----"),
  caChain: z.array(z.string().includes("-----BEGIN CERTIFICATE-----")),
});

const errorSchema = z.object({
  error: z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }),
});

/** WoTrus's product codes for what the platform sells (PAID-1); WoTrus has no Pro types and no EV wildcard. */
function wotrusCode(product: CatalogueProduct): string | undefined {
  if (product === "free-dv" || product.standard !== "international") return undefined;
  const validation = { DV: "DV", OV: "OV", EV: "EV" }[product.type as "DV" | "OV" | "EV"];
  const shape = { single: "SSL", multi: "MDC", wildcard: "WILDCARD" }[product.domainType as "single"];
  if (!validation || !shape || (validation === "EV" && shape === "WILDCARD")) return undefined;
  return `WOTRUS-${validation}-${shape}`;
}

/** PAID-4: WoTrus's status in the platform's words, with the vendor's sub-status. */
const STATE: Record<WoTrusStatus, { state: CaOrderState; progress: SubStatus | null }> = {
  PRE_REVIEW: { state: "reviewing", progress: "PRE-REVIEWING" },
  WAIT_DCV: { state: "pending_dcv", progress: "PENDING-DCV" },
  REVIEWING: { state: "reviewing", progress: "CA-REVIEWING" },
  WAIT_ISSUE: { state: "reviewing", progress: "WAIT-ISSUE" },
  ISSUED: { state: "issued", progress: null },
  FAILED: { state: "failed", progress: null },
  CANCELLED: { state: "cancelled", progress: null },
  REVOKED: { state: "revoked", progress: null },
};

/** WoTrus's failure codes in words for the customer; WoTrus's own message (the field, the call) follows. */
const FAILURES: Record<string, string> = {
  DCV_TIMEOUT: "domain validation was not completed within 7 days",
  CAA_FORBIDDEN: "the domain's CAA records do not allow WoTrus",
  SECURITY_REVIEW: "the domain did not pass WoTrus's security review",
  REJECTED: "WoTrus rejected the application",
  ORG_INFO_MISMATCH: "the organisation does not match the business registry",
  PHONE_VERIFY_DECLINED: "the organisation declined WoTrus's verification call",
  PHONE_VERIFY_TIMEOUT: "the organisation did not answer WoTrus's verification call in time",
};

export function wotrusProgress(status: WoTrusStatus) {
  return STATE[status];
}

function failureOf(failure: { code: string; message?: string | undefined } | null | undefined) {
  if (!failure) return null;
  const head = FAILURES[failure.code] ?? `WoTrus refused (${failure.code})`;
  return { code: failure.code, reason: failure.message ? `${head}: ${failure.message}` : head };
}

type Dcv = z.infer<typeof dcvEntry>;

/** A CNAME becomes one instruction; a file one per site WoTrus fetches it from (apex and www, DCV-5). */
function toInstructions(entry: Dcv): DcvInstruction[] {
  if (entry.dcvMethod === "CNAME") {
    return [
      {
        domain: entry.domain,
        method: "dns",
        recordType: "CNAME",
        host: entry.dnsHost ?? "",
        value: entry.dnsValue ?? "",
        passed: entry.verified,
      },
    ];
  }
  const urls = entry.fileUrls?.length ? entry.fileUrls : [`http://${entry.domain}${entry.filePath ?? ""}`];
  return urls.map((url) => ({
    domain: entry.domain,
    method: "file" as const,
    recordType: "FILE" as const,
    host: new URL(url).hostname,
    value: entry.fileContent ?? "",
    ...(entry.filePath ? { path: entry.filePath } : {}),
    url,
    passed: entry.verified,
  }));
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const { state, progress } = STATE[raw.status];
  return {
    orderId: raw.orderNo,
    partnerOrderId: raw.resellerOrderNo ?? null,
    state,
    progress,
    failure: failureOf(raw.failReason),
    dcv: raw.dcvList.flatMap(toInstructions),
    dcvExpiresAt: raw.dcvDeadline ? new Date(raw.dcvDeadline) : null,
    certificate: raw.certificate
      ? {
          serial: raw.certificate.serialNumber,
          notBefore: new Date(raw.certificate.notBefore),
          notAfter: new Date(raw.certificate.notAfter),
        }
      : null,
  };
}

/** WoTrus's refusals in the platform's vocabulary. */
function refusal(answer: JsonAnswer): CaRefusal {
  const parsed = errorSchema.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP${answer.status}`;
  const message = (parsed.success ? parsed.data.error.message : undefined) ?? `WoTrus refused (${code})`;
  switch (code) {
    case "CSR_INVALID":
      return new CaRefusal(400, "InvalidParameter.CsrInvalid", message, "CSR-4", code);
    case "DOMAIN_INVALID":
      return new CaRefusal(400, "InvalidParameter.DomainInvalid", message, "DOM-4", code);
    case "PRODUCT_INVALID":
      return new CaRefusal(400, "InvalidParameter.PackageInvalid", message, "PAID-1", code);
    case "DCV_METHOD_INVALID":
      return new CaRefusal(400, "InvalidParameter.VerifyTypeInvalid", message, "DCV-1", code);
    case "DCV_NOT_READY":
      return new CaRefusal(409, "FailedOperation.DcvNotReleased", message, "WT-2", code);
    case "PARAM_INVALID":
    case "PARAM_MISSING":
      return new CaRefusal(400, "InvalidParameter", `WoTrus refused the information: ${message}`, undefined, code);
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

export class WoTrusAdapter implements CaAdapter {
  readonly brand = "wotrus";
  readonly name = "WoTrus";
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #quick: RetryPolicy;

  constructor(private readonly options: WoTrusOptions) {
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
    return wotrusCode(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "WoTrus does not sell this product");
    const org = input.organization;
    const raw = await this.#call("POST", "/orders", orderSchema, {
      body: {
        productCode: code,
        period: input.years ?? 1,
        csr: input.csrPem,
        domains: input.domains,
        dcvMethod: input.dcvMethod === "file" ? "HTTP" : "CNAME",
        resellerOrderNo: input.partnerOrderId,
        ...(input.callbackUrl ? { notifyUrl: input.callbackUrl } : {}),
        ...(org
          ? {
              organization: {
                name: org.name,
                registrationNumber: org.registrationNumber,
                address: org.address,
                ...(org.city ? { city: org.city } : {}),
                ...(org.country ? { country: org.country } : {}),
                phone: org.phone,
              },
            }
          : {}),
        ...(input.applicant ? { applicant: person(input.applicant) } : {}),
        ...(input.administrator ? { administrator: person(input.administrator) } : {}),
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
    return raw.results.map((r) => ({
      domain: r.domain,
      method: r.dcvMethod === "HTTP" ? "file" : "dns",
      status: r.result === "PASS" ? "found" : r.result === "MISMATCH" ? "mismatch" : "missing",
      seen: r.seen,
      localCheck: r.localCheck,
      reason: LOCAL_CHECK_REASONS[r.localCheck] ?? r.message ?? `check code ${r.localCheck}`,
    }));
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(
      await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/cancel`, orderSchema, { body: {} }),
    );
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#call("POST", `/orders/${encodeURIComponent(orderId)}/revoke`, z.unknown(), {
      body: reason ? { reason: reason.slice(0, 500) } : {},
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#call("GET", `/orders/${encodeURIComponent(orderId)}/certificate`, certificateSchema, {});
    return { certificatePem: raw.certificate, chainPem: raw.caChain, serial: raw.serialNumber };
  }

  /** WoTrus's callback: `{ orderNo, resellerOrderNo, status, updatedAt }`. */
  callbackOrderId(body: unknown): string | undefined {
    const parsed = z.object({ orderNo: z.string().min(1).max(200) }).safeParse(body);
    return parsed.success ? parsed.data.orderNo : undefined;
  }

  async #call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    options: { body?: unknown; quick?: boolean },
  ): Promise<z.infer<S>> {
    const policy = options.quick ? this.#quick : this.#policy;
    return withRetries(
      "WoTrus",
      policy,
      async () => {
        const answer = await exchangeJson({
          method,
          url: `${this.#base}${path}`,
          headers: { [KEY_HEADER]: this.options.apiKey },
          body: options.body,
          timeoutMs: policy.timeoutMs,
        });
        if (answer.status >= 200 && answer.status < 300) return expectShape(answer, schema, `WoTrus ${path}`);
        if (answer.status >= 400 && !errorSchema.safeParse(answer.json).success && answer.status !== 404) {
          // A 4xx without WoTrus's error body came from something in between (a proxy), not from WoTrus.
          throw new TransientError(`WoTrus ${path}: HTTP ${answer.status} without an error body`);
        }
        throw refusal(answer);
      },
      this.options.wait,
    );
  }
}
