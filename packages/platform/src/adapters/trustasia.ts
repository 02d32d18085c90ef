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
import { type CaApiDialect, CaClient, type CaConnectionOptions, orderPath } from "./ca-client";
import { caOrder, describeFailure } from "./ca-order";
import { LOCAL_CHECK_REASONS } from "./dcv";
import { callbackField, isoTime, pemCertificate } from "./wire";

// The package's index exports the LocalCheck reasons from here.
export { LOCAL_CHECK_REASONS } from "./dcv";

export type TrustAsiaOptions = CaConnectionOptions;

/** TrustAsia's paths carry their version; the errors name them in full (`/api/v2/orders`). */
const V2 = "/api/v2";

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
  certificate: pemCertificate,
  chain: z.array(pemCertificate),
  serial: z.string().min(1),
});

/** TrustAsia's calls, and its refusals in the platform's vocabulary. */
const API: CaApiDialect = {
  name: "TrustAsia",
  basePath: "",
  keyHeader: "x-api-key",
  errorBody: z.object({ error: z.object({ code: z.string(), message: z.string().optional() }) }),
  known: {
    MainDomainCertificateCountLimit: {
      status: 400,
      code: "FailedOperation.MainDomainCertificateCountLimit",
      rule: "FREE-3",
    },
    InvalidCsr: { status: 400, code: "InvalidParameter.CsrInvalid", rule: "CSR-4" },
    InvalidDomain: { status: 400, code: "InvalidParameter.DomainInvalid", rule: "DOM-3" },
    InvalidProduct: { status: 400, code: "InvalidParameter.PackageTypeInvalid" },
  },
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
  const certificate = raw.certificate;
  return caOrder({
    orderId: raw.order_id,
    partnerOrderId: raw.partner_order_id,
    state: raw.status,
    progress: progressOf(raw.stage),
    failure: describeFailure(
      "TrustAsia",
      FAILURES,
      raw.failure && { code: raw.failure.code, message: raw.failure.reason },
    ),
    dcv: raw.dcv.map(toInstruction),
    dcvExpiresAt: raw.dcv_expires_at,
    certificate: certificate && {
      serial: certificate.serial,
      notBefore: certificate.not_before,
      notAfter: certificate.not_after,
    },
  });
}

export class TrustAsiaAdapter implements CaAdapter {
  readonly brand = "trustasia";
  readonly name = "TrustAsia";
  readonly #api: CaClient;

  constructor(options: TrustAsiaOptions) {
    this.#api = new CaClient(API, options);
  }

  productCode(product: CatalogueProduct): string | undefined {
    return trustAsiaCode(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "TrustAsia does not sell this product");
    const created = await this.#api.call("POST", `${V2}/orders`, createdSchema, {
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
    return caOrder({
      orderId: created.order_id,
      partnerOrderId: input.partnerOrderId,
      state: created.status,
      progress: progressOf(created.stage),
      failure: null,
      dcv: created.dcv.map(toInstruction),
      dcvExpiresAt: created.dcv_expires_at,
      certificate: null,
    });
  }

  async getOrder(orderId: string, options: { quick?: boolean } = {}): Promise<CaOrder> {
    const raw = await this.#api.call("GET", `${V2}${orderPath(orderId)}`, orderSchema, options);
    return toOrder(raw);
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#api.call("POST", `${V2}${orderPath(orderId, "/dcv-check")}`, dcvCheckSchema, {
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
    const raw = await this.#api.call("POST", `${V2}${orderPath(orderId, "/cancel")}`, orderSchema, {
      body: {},
    });
    return toOrder(raw);
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#api.call("POST", `${V2}${orderPath(orderId, "/revoke")}`, z.unknown(), {
      body: { reason },
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#api.call("GET", `${V2}${orderPath(orderId, "/certificate")}`, certificateSchema, {});
    return { certificatePem: raw.certificate, chainPem: raw.chain, serial: raw.serial };
  }

  callbackOrderId(body: unknown): string | undefined {
    return callbackField(body, "order_id");
  }
}
