// DNSPod's reseller API (`/dnspod/v3/cert`, snake_case with `cert_` prefixes, `X-DNSPod-Token`): the only module
// that knows its dialect — product ids (international DV and GM DV/OV/EV), statuses (CONFIRM_LETTER_PENDING, SM-1),
// trust-provider.com CNAME and file records (DCV-3), `cert_…` error codes and the GM encryption pair (SM-4).
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

export type DnsPodAdapterOptions = CaConnectionOptions;

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
  cert_pem: pemCertificate,
  cert_chain_pem: z.array(pemCertificate),
  cert_encrypt_pem: pemCertificate.nullish(),
  cert_encrypt_key_pem: z.string().includes("PRIVATE KEY").nullish(),
});

/** DNSPod's calls, and its refusals in the platform's vocabulary. */
const API: CaApiDialect = {
  name: "DNSPod",
  basePath: "/dnspod/v3/cert",
  keyHeader: "x-dnspod-token",
  errorBody: z.object({
    error: z.object({
      code: z.string(),
      message: z.string().optional(),
      field: z.string().optional(),
      rule: z.string().optional(),
    }),
  }),
  known: {
    cert_csr_invalid: { status: 400, code: "InvalidParameter.CsrInvalid", rule: "CSR-4" },
    cert_domain_invalid: { status: 400, code: "InvalidParameter.DomainInvalid", rule: "DOM-4" },
    cert_product_invalid: { status: 400, code: "InvalidParameter.PackageInvalid", rule: "PAID-1" },
    cert_dcv_method_invalid: { status: 400, code: "InvalidParameter.VerifyTypeInvalid", rule: "DCV-1" },
    cert_dcv_not_ready: { status: 409, code: "FailedOperation.DcvNotReleased", rule: "SM-1" },
    cert_letter_invalid: { status: 400, code: "InvalidParameter.LetterInvalid", rule: "SM-2" },
    cert_letter_already_uploaded: { status: 409, code: "FailedOperation.LetterAlreadyUploaded", rule: "SM-2" },
    cert_letter_not_required: { status: 409, code: "FailedOperation.LetterNotRequired", rule: "SM-1" },
    cert_order_state_invalid: { status: 409, code: "FailedOperation.CaRefused" },
  },
  parameterCodes: ["cert_param_invalid", "cert_param_missing", "cert_param_unknown"],
};

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

const STATE: StateTable<DnsPodStatus> = {
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

/** A CNAME becomes one instruction; a file one per site DNSPod fetches it from (apex and www, DCV-5). */
function toInstructions(entry: z.infer<typeof dcvEntry>): DcvInstruction[] {
  const { domain, host, value, verified: passed } = entry;
  if (entry.record_type === "CNAME") return [dnsInstruction({ domain, recordType: "CNAME", host, value, passed })];
  return fileInstructions({ domain, path: entry.path, urls: entry.urls, content: value, passed });
}

function toOrder(raw: z.infer<typeof orderSchema>): CaOrder {
  const certificate = raw.cert_certificate;
  return caOrder({
    orderId: raw.cert_order_id,
    partnerOrderId: raw.cert_partner_order_id,
    ...STATE[raw.cert_status],
    failure: describeFailure("DNSPod", FAILURES, raw.cert_fail),
    dcv: raw.cert_dcv.flatMap(toInstructions),
    dcvExpiresAt: raw.cert_dcv_deadline,
    certificate: certificate && {
      serial: certificate.serial_number,
      notBefore: certificate.not_before,
      notAfter: certificate.not_after,
    },
  });
}

const person = (p: OrderPerson) => ({ name: p.name, position: p.position, phone: p.phone, email: p.email });

export class DnsPodAdapter implements CaAdapter {
  readonly brand = "dnspod";
  readonly name = "DNSPod";
  readonly #api: CaClient;

  constructor(options: DnsPodAdapterOptions) {
    this.#api = new CaClient(API, options);
  }

  productCode(product: CatalogueProduct): string | undefined {
    return dnspodProductId(product);
  }

  async placeOrder(input: PlaceOrderInput): Promise<CaOrder> {
    const code = this.productCode(input.product);
    if (!code) throw new CaRefusal(400, "InvalidParameter.PackageInvalid", "DNSPod does not sell this product");
    const validated = code.startsWith("DNSPOD-GM-OV") || code.startsWith("DNSPOD-GM-EV");
    const org = input.organization;
    const raw = await this.#api.call("POST", "/orders", orderSchema, {
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
    return toOrder(await this.#api.call("GET", orderPath(orderId), orderSchema, options));
  }

  async checkDcv(orderId: string): Promise<DcvCheckResult[]> {
    const raw = await this.#api.call("POST", orderPath(orderId, "/dcv-check"), checkSchema, {
      body: {},
    });
    return raw.cert_dcv_results.map((r) =>
      checkResult({
        domain: r.domain,
        method: r.dcv_method === "FILE" ? "file" : "dns",
        verdict: r.result,
        seen: r.seen,
        localCheck: r.local_check,
        message: r.message,
      }),
    );
  }

  async uploadLetter(orderId: string, letter: LetterUpload): Promise<CaOrder> {
    const raw = await this.#api.call("POST", orderPath(orderId, "/confirm-letter"), orderSchema, {
      body: {
        cert_letter_base64: Buffer.from(letter.content).toString("base64"),
        cert_letter_file_name: letter.fileName.slice(0, 200),
      },
      // A letter is taken once (SM-2): a repeat after a lost answer would be refused, so it is sent once only.
      once: true,
    });
    return toOrder(raw);
  }

  async cancel(orderId: string): Promise<CaOrder> {
    return toOrder(await this.#api.call("POST", orderPath(orderId, "/cancel"), orderSchema, { body: {} }));
  }

  async revoke(orderId: string, reason: string): Promise<void> {
    await this.#api.call("POST", orderPath(orderId, "/revoke"), z.unknown(), {
      body: reason ? { cert_revoke_reason: reason.slice(0, 500) } : {},
    });
  }

  /** GM: the signing certificate (the CSR's key) plus the encryption certificate and its key (SM-4). */
  async fetchCertificate(orderId: string): Promise<IssuedCertificate> {
    const raw = await this.#api.call("GET", orderPath(orderId, "/download"), downloadSchema);
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
    return callbackField(body, "cert_order_id");
  }
}
