import type { DcvMethod, FailureCode, Order, Stage, StageName } from "@certsim/ca-kit";

// WoTrus's words for ca-kit's nouns: statuses, failure reasons, error codes, DCV methods, field names.

/** An order's status in WoTrus's API. */
export type WoTrusStatus =
  | "PRE_REVIEW"
  | "WAIT_DCV"
  | "REVIEWING"
  | "WAIT_ISSUE"
  | "ISSUED"
  | "FAILED"
  | "CANCELLED"
  | "REVOKED";

const STATUS_BY_STAGE: Record<Stage, WoTrusStatus> = {
  "PRE-REVIEWING": "PRE_REVIEW",
  "PENDING-DCV": "WAIT_DCV",
  "CA-REVIEWING": "REVIEWING",
  "WAIT-ISSUE": "WAIT_ISSUE",
  ISSUED: "ISSUED",
  FAILED: "FAILED",
  CANCELLED: "CANCELLED",
  REVOKED: "REVOKED",
};

export const WOTRUS_STATUSES = Object.values(STATUS_BY_STAGE) as [WoTrusStatus, ...WoTrusStatus[]];

export const wotrusStatus = (order: Pick<Order, "stage">): WoTrusStatus => STATUS_BY_STAGE[order.stage];

export const FAILURE_CODES: Record<FailureCode, string> = {
  DcvTimeout: "DCV_TIMEOUT",
  CaaForbidden: "CAA_FORBIDDEN",
  SecurityReview: "SECURITY_REVIEW",
  Rejected: "REJECTED",
  OrganizationMismatch: "ORG_INFO_MISMATCH",
  PhoneDeclined: "PHONE_VERIFY_DECLINED",
  PhoneUnanswered: "PHONE_VERIFY_TIMEOUT",
};

/** ca-kit's (and the HTTP layer's) error codes in WoTrus's words. */
export const ERROR_CODES: Record<string, string> = {
  Unauthorized: "AUTH_FAILED",
  InvalidParameter: "PARAM_INVALID",
  MissingParameter: "PARAM_MISSING",
  UnknownParameter: "PARAM_UNKNOWN",
  InvalidProduct: "PRODUCT_INVALID",
  InvalidDomain: "DOMAIN_INVALID",
  InvalidCsr: "CSR_INVALID",
  InvalidDcvMethod: "DCV_METHOD_INVALID",
  OrderNotFound: "ORDER_NOT_FOUND",
  CertificateNotFound: "CERT_NOT_FOUND",
  InvalidOrderState: "ORDER_STATE_INVALID",
  DuplicateOrder: "DUPLICATE_ORDER",
  DcvNotReleased: "DCV_NOT_READY",
  "InvalidParameter.MalformedJson": "PARAM_INVALID",
  "InvalidParameter.RequestTooLarge": "REQUEST_TOO_LARGE",
  "InvalidParameter.UnsupportedEncoding": "PARAM_INVALID",
};

/** Field names ca-kit reports in its own (TrustAsia-like) words, as WoTrus's request names them. */
export const FIELD_NAMES: Record<string, string> = {
  product_code: "productCode",
  years: "period",
  dcv_method: "dcvMethod",
  partner_order_id: "resellerOrderNo",
  callback_url: "notifyUrl",
};

/** WoTrus's DCV methods: a CNAME record, or a file fetched over HTTP. */
export type WoTrusDcvMethod = "CNAME" | "HTTP";

export const DCV_METHOD: Record<WoTrusDcvMethod, DcvMethod> = { CNAME: "dns", HTTP: "file" };

export const wotrusDcvMethod = (method: DcvMethod): WoTrusDcvMethod => (method.startsWith("dns") ? "CNAME" : "HTTP");

/** Stage names as keys of `progress`. */
export const PROGRESS_KEYS: Record<StageName, string> = {
  "pre-review": "preReview",
  dcv: "dcv",
  "security-review": "securityReview",
  "manual-review": "manualReview",
  issue: "issuance",
};

export const PROGRESS_STATES = { waiting: "WAITING", active: "IN_PROGRESS", passed: "PASSED" } as const;

export const DOMAIN_TYPES = {
  single: "SINGLE",
  multi: "MULTI",
  wildcard: "WILDCARD",
  "multi-wildcard": "MULTI_WILDCARD",
};
