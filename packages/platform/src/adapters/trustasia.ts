// TrustAsia's reseller API (`/api/v2`, snake_case, `X-Api-Key`): the only module that knows its dialect.
import { z } from "zod";
import { SUB_STATUSES, type SubStatus } from "../orders/status";
import type { DcvCheckResult, DcvInstruction } from "../store/types";
import {
  type CaAdapter,
  type CaOrder,
  CaRefusal,
  type CatalogueProduct,
  type IssuedCertificate,
  type PlaceOrderInput,
} from "./ca";
import { exchangeJson, expectShape, type JsonAnswer, type RetryPolicy, TransientError, withRetries } from "./http";

export interface TrustAsiaOptions {
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

const dcvRecord = z.object({
  domain: z.string().min(1),
  method: z.enum(["dns", "file"]),
  record_type: z.enum(["TXT", "CNAME", "FILE"]),
  host: z.string().min(1),
  value: z.string().min(1),
  path: z.string().nullish(),
  url: z.string().nullish(),
  status: z.enum(["pending", "passed"]),
});

const isoTime = z.string().refine((text) => Number.isFinite(Date.parse(text)), "not a date-time");

const orderStatus = z.enum(["pending_dcv", "reviewing", "issued", "failed", "cancelled", "revoked"]);

const orderSchema = z.object({
  order_id: z.string().min(1),
  partner_order_id: z.string().nullish(),
  status: orderStatus,
  stage: z.string().nullish(),
  failure: z.object({ code: z.string(), reason: z.string() }).nullish(),
  dcv: z.array(dcvRecord).default([]),
  dcv_expires_at: isoTime.nullish(),
  certificate: z.object({ serial: z.string(), not_before: isoTime, not_after: isoTime }).nullish(),
});

const createdSchema = z.object({
  order_id: z.string().min(1),
  status: orderStatus,
  stage: z.string().nullish(),
  dcv: z.array(dcvRecord),
  dcv_expires_at: isoTime.nullish(),
});

const dcvCheckSchema = z.object({
  results: z.array(
    z.object({
      domain: z.string(),
      status: z.enum(["found", "missing", "mismatch"]),
      seen: z.array(z.string()).default([]),
      local_check: z.number().int(),
      method: z.enum(["dns", "file"]).optional(),
      reason: z.string().optional(),
    }),
  ),
});

const certificateSchema = z.object({
  certificate: z.string().includes("-----BEGIN CERTIFICATE-----"),
  chain: z.array(z.string().includes("-----BEGIN CERTIFICATE-----")),
  serial: z.string().min(1),
});

const errorSchema = z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) });

/** The vendor's LocalCheck codes, with the reason the vendor shows next to them (DCV-10). */
export const LOCAL_CHECK_REASONS: Record<number, string> = {
  1: "passed",
  [-1]: "TXT record not found",
  [-2]: "TXT record not match",
  [-4]: "file not found",
  [-5]: "file not match",
  [-6]: "CNAME record not found",
  [-7]: "CNAME record not match",
};

/** TrustAsia's codes for what the platform connects: the free DV and paid international DV (PAID-1). */
function trustAsiaCode(product: CatalogueProduct): string | undefined {
  if (product === "free-dv") return "TA-DV-FREE";
  if (product.type !== "DV" || product.standard !== "international") return undefined;
  return { single: "TA-DV-SINGLE", multi: "TA-DV-MULTI", wildcard: "TA-DV-WILDCARD" }[
    product.domainType as "single" | "multi" | "wildcard"
  ];
}

/** TrustAsia's failure codes in words for the customer. */
const FAILURES: Record<string, string> = {
  DcvTimeout: "domain validation was not completed within 7 days",
  CaaForbidden: "the domain's CAA records do not allow TrustAsia",
  SecurityReview: "the domain did not pass TrustAsia's security review",
  Rejected: "TrustAsia rejected the application",
};

/** TrustAsia names its stages with the vendor's sub-status words; anything else counts as CA review. */
function progressOf(stage: string | null | undefined): SubStatus | null {
  if (!stage) return null;
  return SUB_STATUSES.find((sub) => sub === stage.trim().toUpperCase()) ?? null;
}

function failureOf(failure: { code: string; reason: string } | null | undefined) {
  if (!failure) return null;
  const head = FAILURES[failure.code] ?? `TrustAsia refused (${failure.code})`;
  return { code: failure.code, reason: failure.reason ? `${head}: ${failure.reason}` : head };
}

type Dcv = z.infer<typeof dcvRecord>;

function toInstruction(record: Dcv): DcvInstruction {
  return {
    domain: record.domain,
    method: record.method,
    recordType: record.record_type,
    host: record.host,
    value: record.value,
    ...(record.path ? { path: record.path } : {}),
    ...(record.url ? { url: record.url } : {}),
    passed: record.status === "passed",
  };
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  return {
    orderId: raw.order_id,
    partnerOrderId: raw.partner_order_id ?? null,
    state: raw.status,
    progress: progressOf(raw.stage),
    failure: failureOf(raw.failure),
    dcv: raw.dcv.map(toInstruction),
    dcvExpiresAt: raw.dcv_expires_at ? new Date(raw.dcv_expires_at) : null,
    certificate: raw.certificate
      ? {
          serial: raw.certificate.serial,
          notBefore: new Date(raw.certificate.not_before),
          notAfter: new Date(raw.certificate.not_after),
        }
      : null,
  };
}

/** TrustAsia's refusals in the platform's vocabulary. */
function refusal(answer: JsonAnswer): CaRefusal {
  const parsed = errorSchema.safeParse(answer.json);
  const code = parsed.success ? parsed.data.error.code : `HTTP${answer.status}`;
  const message = (parsed.success ? parsed.data.error.message : undefined) ?? `TrustAsia refused (${code})`;
  switch (code) {
    case "MainDomainCertificateCountLimit":
      return new CaRefusal(400, "FailedOperation.MainDomainCertificateCountLimit", message, "FREE-3", code);
    case "InvalidCsr":
      return new CaRefusal(400, "InvalidParameter.CsrInvalid", message, "CSR-4", code);
    case "InvalidDomain":
      return new CaRefusal(400, "InvalidParameter.DomainInvalid", message, "DOM-3", code);
    case "InvalidProduct":
      return new CaRefusal(400, "InvalidParameter.PackageTypeInvalid", message, undefined, code);
  }
  if (answer.status === 401 || answer.status === 403) {
    // The platform's own credentials are wrong: the customer can only wait for the operator to fix them.
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

export class TrustAsiaAdapter implements CaAdapter {
  readonly brand = "trustasia";
  readonly name = "TrustAsia";
  readonly #base: string;
  readonly #policy: RetryPolicy;
  readonly #quick: RetryPolicy;

  constructor(private readonly options: TrustAsiaOptions) {
    this.#base = options.url.replace(/\/+$/, "");
    this.#policy = {
      attempts: options.attempts ?? 4,
      timeoutMs: options.timeoutMs ?? 5_000,
      backoffMs: options.backoffMs ?? 200,
      maxBackoffMs: options.maxBackoffMs ?? 2_000,
    };
    // A read on the customer's behalf must not keep them waiting for a CA that is down: one short try.
    this.#quick = { ...this.#policy, attempts: 1, timeoutMs: Math.min(this.#policy.timeoutMs, 2_000) };
  }

  productCode(product: CatalogueProduct): string | undefined {
    return trustAsiaCode(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "TrustAsia does not sell this product");
    const created = await this.#call("POST", "/api/v2/orders", createdSchema, {
      body: {
        product_code: code,
        ...(input.years !== undefined && input.years !== 1 ? { years: input.years } : {}),
        csr: input.csrPem,
        domains: input.domains,
        dcv_method: input.dcvMethod,
        partner_order_id: input.partnerOrderId,
        ...(input.callbackUrl ? { callback_url: input.callbackUrl } : {}),
      },
    });
    return {
      orderId: created.order_id,
      partnerOrderId: input.partnerOrderId,
      state: created.status,
      progress: progressOf(created.stage),
      failure: null,
      dcv: created.dcv.map(toInstruction),
      dcvExpiresAt: created.dcv_expires_at ? new Date(created.dcv_expires_at) : null,
      certificate: null,
    };
  }

  async getOrder(orderId: string, options: { quick?: boolean } = {}): Promise<CaOrder> {
    const raw = await this.#call("GET", `/api/v2/orders/${encodeURIComponent(orderId)}`, orderSchema, options);
    return toOrder(raw);
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#call("POST", `/api/v2/orders/${encodeURIComponent(orderId)}/dcv-check`, dcvCheckSchema, {
      body: {},
    });
    return raw.results.map((r) => ({
      domain: r.domain,
      method: r.method ?? (r.local_check <= -4 && r.local_check >= -5 ? "file" : "dns"),
      status: r.status,
      seen: r.seen,
      localCheck: r.local_check,
      reason: r.reason ?? LOCAL_CHECK_REASONS[r.local_check] ?? `check code ${r.local_check}`,
    }));
  }

  async cancel(orderId: string): Promise<CaOrder> {
    const raw = await this.#call("POST", `/api/v2/orders/${encodeURIComponent(orderId)}/cancel`, orderSchema, {
      body: {},
    });
    return toOrder(raw);
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#call("POST", `/api/v2/orders/${encodeURIComponent(orderId)}/revoke`, z.unknown(), {
      body: { reason },
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#call(
      "GET",
      `/api/v2/orders/${encodeURIComponent(orderId)}/certificate`,
      certificateSchema,
      {},
    );
    return { certificatePem: raw.certificate, chainPem: raw.chain, serial: raw.serial };
  }

  callbackOrderId(body: unknown): string | undefined {
    const parsed = z.object({ order_id: z.string().min(1).max(200) }).safeParse(body);
    return parsed.success ? parsed.data.order_id : undefined;
  }

  async #call<S extends z.ZodType>(
    method: "GET" | "POST",
    path: string,
    schema: S,
    options: { body?: unknown; quick?: boolean },
  ): Promise<z.infer<S>> {
    const policy = options.quick ? this.#quick : this.#policy;
    return withRetries(
      "TrustAsia",
      policy,
      async () => {
        const answer = await exchangeJson({
          method,
          url: `${this.#base}${path}`,
          headers: { "x-api-key": this.options.apiKey },
          body: options.body,
          timeoutMs: policy.timeoutMs,
        });
        if (answer.status >= 200 && answer.status < 300) return expectShape(answer, schema, `TrustAsia ${path}`);
        if (answer.status >= 400 && !errorSchema.safeParse(answer.json).success && answer.status !== 404) {
          // A 4xx without TrustAsia's error body came from something in between (a proxy), not from TrustAsia.
          throw new TransientError(`TrustAsia ${path}: HTTP ${answer.status} without an error body`);
        }
        throw refusal(answer);
      },
      this.options.wait,
    );
  }
}
