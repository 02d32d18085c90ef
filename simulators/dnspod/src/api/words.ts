import type { DcvMethod, FailureCode, Order } from "@certsim/ca-kit";

// DNSPod's words for ca-kit's nouns: statuses, steps, failure reasons, error codes, DCV methods, field names.

/** An order's status in DNSPod's API (`cert_status`). */
export type DnsPodStatus =
  | "CONFIRM_LETTER_PENDING"
  | "DCV_PENDING"
  | "CA_REVIEWING"
  | "ISSUE_PENDING"
  | "ISSUED"
  | "FAILED"
  | "CANCELLED"
  | "REVOKED";

export const DNSPOD_STATUSES: readonly [DnsPodStatus, ...DnsPodStatus[]] = [
  "CONFIRM_LETTER_PENDING",
  "DCV_PENDING",
  "CA_REVIEWING",
  "ISSUE_PENDING",
  "ISSUED",
  "FAILED",
  "CANCELLED",
  "REVOKED",
];

/** The status from ca-kit's status and sub-status (a sub-status DNSPod has no word for counts as CA_REVIEWING). */
export function dnspodStatus(order: Pick<Order, "status" | "stage">): DnsPodStatus {
  switch (order.status) {
    case "pending_letter":
      return "CONFIRM_LETTER_PENDING";
    case "pending_dcv":
      return "DCV_PENDING";
    case "issued":
      return "ISSUED";
    case "failed":
      return "FAILED";
    case "cancelled":
      return "CANCELLED";
    case "revoked":
      return "REVOKED";
    default:
      return order.stage === "WAIT-ISSUE" ? "ISSUE_PENDING" : "CA_REVIEWING";
  }
}

/** Why an order failed, in DNSPod's words (`cert_fail.code`); a reason without a word keeps ca-kit's. */
const FAILURE_CODES: Partial<Record<FailureCode, string>> = {
  DcvTimeout: "cert_dcv_timeout",
  CaaForbidden: "cert_caa_forbidden",
  SecurityReview: "cert_security_review_failed",
  Rejected: "cert_rejected",
  OrganizationMismatch: "cert_org_info_mismatch",
  PhoneDeclined: "cert_phone_verify_declined",
  PhoneUnanswered: "cert_phone_verify_timeout",
};

export const dnspodFailure = (code: FailureCode): string => FAILURE_CODES[code] ?? code;

/** ca-kit's (and the HTTP layer's) error codes in DNSPod's words. */
export const ERROR_CODES: Record<string, string> = {
  Unauthorized: "cert_token_invalid",
  InvalidParameter: "cert_param_invalid",
  MissingParameter: "cert_param_missing",
  UnknownParameter: "cert_param_unknown",
  InvalidProduct: "cert_product_invalid",
  InvalidDomain: "cert_domain_invalid",
  InvalidCsr: "cert_csr_invalid",
  InvalidDcvMethod: "cert_dcv_method_invalid",
  OrderNotFound: "cert_order_not_found",
  CertificateNotFound: "cert_not_found",
  InvalidOrderState: "cert_order_state_invalid",
  DuplicateOrder: "cert_partner_order_conflict",
  DcvNotReleased: "cert_dcv_not_ready",
  InvalidLetter: "cert_letter_invalid",
  LetterAlreadyUploaded: "cert_letter_already_uploaded",
  LetterNotRequired: "cert_letter_not_required",
  "InvalidParameter.MalformedJson": "cert_param_invalid",
  "InvalidParameter.RequestTooLarge": "cert_request_too_large",
  "InvalidParameter.UnsupportedEncoding": "cert_param_invalid",
};

/** Field names ca-kit reports in its own words, as DNSPod's requests name them. */
export function dnspodField(field: string): string {
  const exact: Record<string, string> = {
    product_code: "cert_product_id",
    years: "cert_period",
    dcv_method: "cert_dcv_method",
    partner_order_id: "cert_partner_order_id",
    callback_url: "cert_notify_url",
    csr: "cert_csr",
    domains: "cert_domains",
    companyName: "cert_company_name",
    organization: "cert_organization",
    applicant: "cert_applicant",
    administrator: "cert_administrator",
    letter: "cert_letter_base64",
    "organization.registrationNumber": "cert_organization.registration_number",
  };
  if (exact[field]) return exact[field];
  const indexed = /^domains(\[\d+\])$/.exec(field);
  if (indexed) return `cert_domains${indexed[1]}`;
  const nested = /^(organization|applicant|administrator)\.(.+)$/.exec(field);
  if (nested) return `cert_${nested[1]}.${nested[2]}`;
  return field;
}

/** DNSPod's DCV methods: a CNAME the customer adds, one the reseller adds itself (DCV-1), or a file. */
export type DnsPodDcvMethod = "DNS" | "DNS_AUTO" | "FILE";

export const DCV_METHOD: Record<DnsPodDcvMethod, DcvMethod> = { DNS: "dns", DNS_AUTO: "dns-auto", FILE: "file" };

export function dnspodDcvMethod(method: DcvMethod): DnsPodDcvMethod {
  if (method === "dns-auto") return "DNS_AUTO";
  return method.startsWith("dns") ? "DNS" : "FILE";
}

/** The standard in DNSPod's words: international (RSA/ECC) or national (SM2). */
export const STANDARD = { international: "INTL", gm: "GM" } as const;

export const DOMAIN_TYPES = {
  single: "SINGLE",
  multi: "MULTI",
  wildcard: "WILDCARD",
  "multi-wildcard": "MULTI_WILDCARD",
} as const;
