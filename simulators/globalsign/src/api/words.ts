import { currentStep, type DcvMethod, type FailureCode, type Order, stagePassed } from "@certsim/ca-kit";

// GlobalSign's words for ca-kit's nouns: order statuses (a number and its name), failure reasons, error codes, DCV
// methods and field names.

/** An order's status in GlobalSign's API: `OrderStatus` (the number) and `OrderStatusText` (its name). */
export const GS_STATUSES = {
  WAITING_LETTER: 1,
  WAITING_DCV: 2,
  VETTING: 3,
  WAITING_DOCUMENTS: 4,
  WAITING_ISSUE: 5,
  ISSUED: 6,
  CANCELLED: 7,
  REVOKED: 8,
  FAILED: 9,
} as const;

export type GsStatusText = keyof typeof GS_STATUSES;

export const GS_STATUS_TEXTS = Object.keys(GS_STATUSES) as [GsStatusText, ...GsStatusText[]];

/**
 * The status an order shows, from where its flow stands: the confirmation letter first (OV-1), then DCV, then the
 * EV documents asked for by mail (GS-1: from the moment the request is mailed until the answer is in, while the
 * vetting waits for them), then the vetting (the manual review), then issuance.
 */
export function gsStatus(order: Order): GsStatusText {
  switch (order.status) {
    case "issued":
      return "ISSUED";
    case "cancelled":
      return "CANCELLED";
    case "revoked":
      return "REVOKED";
    case "failed":
      return "FAILED";
    case "pending_letter":
      return "WAITING_LETTER";
    case "pending_dcv":
      return "WAITING_DCV";
  }
  const working = (currentStep(order) ?? []).filter((stage) => !stagePassed(order, stage));
  const documents = order.review.documents;
  if (documents && documents.answeredAt === undefined && working.includes(documents.before)) {
    return documents.requestedAt === undefined ? "VETTING" : "WAITING_DOCUMENTS";
  }
  if (working.some((stage) => stage !== "issue")) return "VETTING";
  return "WAITING_ISSUE";
}

export const FAILURE_CODES: Record<FailureCode, string> = {
  DcvTimeout: "DCV_EXPIRED",
  CaaForbidden: "CAA_CHECK_FAILED",
  SecurityReview: "PHISHING_CHECK_FAILED",
  Rejected: "VETTING_REJECTED",
  OrganizationMismatch: "ORGANIZATION_MISMATCH",
  PhoneDeclined: "PHONE_VERIFICATION_DECLINED",
  PhoneUnanswered: "PHONE_VERIFICATION_TIMEOUT",
};

/** ca-kit's (and the HTTP layer's) error codes as GlobalSign's `ErrorCode`s. */
export const ERROR_CODES: Record<string, string> = {
  InvalidParameter: "-101",
  "InvalidParameter.MalformedJson": "-101",
  "InvalidParameter.UnsupportedEncoding": "-101",
  MissingParameter: "-102",
  UnknownParameter: "-103",
  "InvalidParameter.RequestTooLarge": "-104",
  InvalidDomain: "-105",
  InvalidCsr: "-106",
  InvalidProduct: "-107",
  InvalidDcvMethod: "-108",
  Unauthorized: "-201",
  OrderNotFound: "-4001",
  CertificateNotFound: "-4002",
  InvalidOrderState: "-4003",
  DuplicateOrder: "-4004",
  DcvNotReleased: "-4005",
  InvalidLetter: "-4101",
  LetterNotRequired: "-4102",
  LetterAlreadyUploaded: "-4103",
  UnsupportedOperation: "-9001",
  InternalError: "-9999",
};

/** Field names ca-kit reports in its own words, as GlobalSign's request names them. */
export const FIELD_NAMES: Record<string, string> = {
  product_code: "ProductCode",
  years: "ValidityPeriod.Months",
  dcv_method: "DCVMethod",
  partner_order_id: "PartnerOrderID",
  callback_url: "NotificationURL",
  csr: "CSR",
  letter: "ContentBase64",
  organization: "OrganizationInfo",
  "organization.name": "OrganizationInfo.OrganizationName",
  "organization.registrationNumber": "OrganizationInfo.RegistrationNumber",
  "organization.address": "OrganizationInfo.OrganizationAddress.AddressLine1",
  "organization.city": "OrganizationInfo.OrganizationAddress.City",
  "organization.country": "OrganizationInfo.OrganizationAddress.Country",
  "organization.phone": "OrganizationInfo.OrganizationAddress.Phone",
  applicant: "RequestorInfo",
  "applicant.name": "RequestorInfo.LastName",
  "applicant.position": "RequestorInfo.JobTitle",
  "applicant.phone": "RequestorInfo.Phone",
  "applicant.email": "RequestorInfo.Email",
  administrator: "AdministratorInfo",
  "administrator.name": "AdministratorInfo.LastName",
  "administrator.position": "AdministratorInfo.JobTitle",
  "administrator.phone": "AdministratorInfo.Phone",
  "administrator.email": "AdministratorInfo.Email",
};

/** `domains[i]` of ca-kit is the common name (i = 0) or a SAN entry. */
export function gsField(field: string): string {
  const domain = /^domains\[(\d+)\]$/.exec(field);
  if (domain) {
    const index = Number(domain[1]);
    return index === 0 ? "CommonName" : `SANEntries[${index - 1}].SubjectAltName`;
  }
  if (field === "domains") return "SANEntries";
  return FIELD_NAMES[field] ?? field;
}

/** GlobalSign's DCV methods: a TXT record, or a file fetched over HTTP. */
export type GsDcvMethod = "DNS" | "HTTP";

export const DCV_METHOD: Record<GsDcvMethod, DcvMethod> = { DNS: "dns", HTTP: "file" };

export const gsDcvMethod = (method: DcvMethod): GsDcvMethod => (method.startsWith("dns") ? "DNS" : "HTTP");

/** Stage and gate names as keys of `Progress`. */
export const PROGRESS_KEYS: Record<string, string> = {
  letter: "ConfirmationLetter",
  "pre-review": "PreReview",
  dcv: "DomainValidation",
  "security-review": "PhishingCheck",
  documents: "Documents",
  "manual-review": "Vetting",
  issue: "Issuance",
};

export const PROGRESS_STATES = { waiting: "WAITING", active: "IN_PROGRESS", passed: "COMPLETED" } as const;
