// WoTrus's reseller API (`/wotrus/api/v1`, camelCase, `X-WoTrus-Key`): the only module that knows its dialect —
// product codes, statuses and stages (WT-1…WT-3), Sectigo-style CNAME and file records (DCV-3), failure codes.
import { z } from "zod";
import type { DcvCheckResult, DcvInstruction } from "../store/types";
import {
  type CaAdapter,
  type CaOrder,
  CaRefusal,
  type CatalogueProduct,
  type IssuedCertificate,
  type OrderPerson,
  type PlaceOrderInput,
} from "./ca";
import { type CaApiDialect, CaClient, type CaConnectionOptions, orderPath } from "./ca-client";
import { caOrder, describeFailure, type StateTable } from "./ca-order";
import { checkResult, dnsInstruction, fileInstructions } from "./dcv";
import { callbackField, isoTime, pemCertificate } from "./wire";

export type WoTrusOptions = CaConnectionOptions;

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
  certificate: pemCertificate,
  caChain: z.array(pemCertificate),
});

/** WoTrus's calls, and its refusals in the platform's vocabulary. */
const API: CaApiDialect = {
  name: "WoTrus",
  basePath: "/wotrus/api/v1",
  keyHeader: "x-wotrus-key",
  errorBody: z.object({
    error: z.object({ code: z.string(), message: z.string().optional(), field: z.string().optional() }),
  }),
  known: {
    CSR_INVALID: { status: 400, code: "InvalidParameter.CsrInvalid", rule: "CSR-4" },
    DOMAIN_INVALID: { status: 400, code: "InvalidParameter.DomainInvalid", rule: "DOM-4" },
    PRODUCT_INVALID: { status: 400, code: "InvalidParameter.PackageInvalid", rule: "PAID-1" },
    DCV_METHOD_INVALID: { status: 400, code: "InvalidParameter.VerifyTypeInvalid", rule: "DCV-1" },
    DCV_NOT_READY: { status: 409, code: "FailedOperation.DcvNotReleased", rule: "WT-2" },
  },
  parameterCodes: ["PARAM_INVALID", "PARAM_MISSING"],
};

/** WoTrus's product codes for what the platform sells (PAID-1); WoTrus has no Pro types and no EV wildcard. */
function wotrusCode(product: CatalogueProduct): string | undefined {
  if (product === "free-dv" || product.standard !== "international") return undefined;
  const validation = { DV: "DV", OV: "OV", EV: "EV" }[product.type as "DV" | "OV" | "EV"];
  const shape = { single: "SSL", multi: "MDC", wildcard: "WILDCARD" }[product.domainType as "single"];
  if (!validation || !shape || (validation === "EV" && shape === "WILDCARD")) return undefined;
  return `WOTRUS-${validation}-${shape}`;
}

const STATE: StateTable<WoTrusStatus> = {
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

/** A CNAME becomes one instruction; a file one per site WoTrus fetches it from (apex and www, DCV-5). */
function toInstructions(entry: z.infer<typeof dcvEntry>): DcvInstruction[] {
  const { domain, verified: passed } = entry;
  if (entry.dcvMethod === "CNAME") {
    return [
      dnsInstruction({ domain, recordType: "CNAME", host: entry.dnsHost ?? "", value: entry.dnsValue ?? "", passed }),
    ];
  }
  return fileInstructions({
    domain,
    path: entry.filePath,
    urls: entry.fileUrls,
    content: entry.fileContent ?? "",
    passed,
  });
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const certificate = raw.certificate;
  return caOrder({
    orderId: raw.orderNo,
    partnerOrderId: raw.resellerOrderNo,
    ...STATE[raw.status],
    failure: describeFailure("WoTrus", FAILURES, raw.failReason),
    dcv: raw.dcvList.flatMap(toInstructions),
    dcvExpiresAt: raw.dcvDeadline,
    certificate: certificate && {
      serial: certificate.serialNumber,
      notBefore: certificate.notBefore,
      notAfter: certificate.notAfter,
    },
  });
}

const person = (p: OrderPerson) => ({ name: p.name, position: p.position, phone: p.phone, email: p.email });

export class WoTrusAdapter implements CaAdapter {
  readonly brand = "wotrus";
  readonly name = "WoTrus";
  readonly #api: CaClient;

  constructor(options: WoTrusOptions) {
    this.#api = new CaClient(API, options);
  }

  productCode(product: CatalogueProduct): string | undefined {
    return wotrusCode(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "WoTrus does not sell this product");
    const org = input.organization;
    const raw = await this.#api.call("POST", "/orders", orderSchema, {
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
    return toOrder(await this.#api.call("GET", orderPath(orderId), orderSchema, options));
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#api.call("POST", orderPath(orderId, "/dcv/verify"), verifySchema, { body: {} });
    return raw.results.map((r) =>
      checkResult({
        domain: r.domain,
        method: r.dcvMethod === "HTTP" ? "file" : "dns",
        verdict: r.result,
        seen: r.seen,
        localCheck: r.localCheck,
        message: r.message,
      }),
    );
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(await this.#api.call("POST", orderPath(orderId, "/cancel"), orderSchema, { body: {} }));
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#api.call("POST", orderPath(orderId, "/revoke"), z.unknown(), {
      body: reason ? { reason: reason.slice(0, 500) } : {},
    });
  }

  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#api.call("GET", orderPath(orderId, "/certificate"), certificateSchema);
    return { certificatePem: raw.certificate, chainPem: raw.caChain, serial: raw.serialNumber };
  }

  /** WoTrus's callback: `{ orderNo, resellerOrderNo, status, updatedAt }`. */
  callbackOrderId(body: unknown): string | undefined {
    return callbackField(body, "orderNo");
  }
}
