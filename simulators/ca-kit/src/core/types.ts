// The nouns every simulated CA shares: orders, their DCV records, certificates and resellers.
import type { DocumentsState } from "./documents";
import type { ManualReviewState, PreReviewState, ResolvedFlow, StageName } from "./flow";

/**
 * Where an order is in its life. Open orders are `pending_letter` (a confirmation letter must be uploaded before
 * its flow goes on, SM-1), `pending_dcv` and `reviewing`; the rest are final.
 */
export type OrderStatus =
  | "pending_letter"
  | "pending_dcv"
  | "reviewing"
  | "issued"
  | "failed"
  | "cancelled"
  | "revoked";

export const OPEN_STATUSES: readonly OrderStatus[] = ["pending_letter", "pending_dcv", "reviewing"];

export const isOpen = (status: OrderStatus): boolean => OPEN_STATUSES.includes(status);

/**
 * The step inside a status, in the vendor's sub-status words (PAID-4): `PENDING-DCV` while waiting for the
 * records, `CA-REVIEWING` during the security review (or an operator's manual review), `WAIT-ISSUE` once the
 * review passed and the certificate waits for its issuance instant. An order waiting for its confirmation letter
 * (`pending_letter`) has no word of its own in that list: it shows `PRE-REVIEWING` (the CA has not begun).
 */
export type Stage =
  | "PRE-REVIEWING"
  | "PENDING-DCV"
  | "CA-REVIEWING"
  | "WAIT-ISSUE"
  | "ISSUED"
  | "FAILED"
  | "CANCELLED"
  | "REVOKED";

/**
 * Why an order failed: DCV not done in time (DCV-2), CAA forbids this CA (DCV-7), the security review (FREE-8), an
 * operator's rejection, the organisation differs from the business registry (OV-5), the organisation refused the
 * verification call (OV-3), or the organisation could not be reached by phone within the review's patience.
 */
export type FailureCode =
  | "DcvTimeout"
  | "CaaForbidden"
  | "SecurityReview"
  | "Rejected"
  | "OrganizationMismatch"
  | "PhoneDeclined"
  | "PhoneUnanswered";

/** How the reseller proves control. The automatic forms are the same checks; the reseller places the record. */
export type DcvMethod = "dns" | "file" | "dns-auto" | "file-auto";

export const DCV_METHODS: readonly DcvMethod[] = ["dns", "file", "dns-auto", "file-auto"];

/** The proof a method needs: a DNS record or a file on the website. */
export type ProofKind = "dns" | "file";

export const proofKindOf = (method: DcvMethod): ProofKind => (method.startsWith("dns") ? "dns" : "file");

export type RecordType = "TXT" | "CNAME" | "FILE";

/** The outcome of looking at one record or file, with the vendor's LocalCheck code (1 = passed). */
export type CheckStatus = "found" | "missing" | "mismatch" | "error";

export interface CheckSummary {
  status: CheckStatus;
  /** What the CA saw: TXT values, CNAME targets, or the start of the file. */
  seen: string[];
  localCheck: number;
  reason: string;
  /** Simulated instant of the check (ms). */
  at: number;
  /** Per name looked at (a file check of an apex looks at the apex and www, DCV-5). */
  checks: { name: string; status: CheckStatus; seen: string[]; localCheck: number; reason: string }[];
}

/** What one bound name needs published, and whether it has been seen. */
export interface DcvRecord {
  index: number;
  /** The bound name this record proves control of. */
  domain: string;
  method: ProofKind;
  recordType: RecordType;
  /** DNS owner name of the record, or for a file the bound name. */
  host: string;
  value: string;
  /** File path on the website (file method). */
  path?: string;
  /** Every URL the CA fetches (file method): for an apex or www name both of the pair (DCV-5). */
  urls: string[];
  /** The certificate names this record validates (DOM-2 pairs included). */
  proves: string[];
  status: "pending" | "passed";
  /** Passed by an earlier validation of the same reseller within the reuse period (DCV-11). */
  reused: boolean;
  /** How many times the value was replaced after expiring (DCV-3). */
  generation: number;
  valueCreatedAt: number;
  valueExpiresAt: number;
  passedAt?: number;
  lastCheck?: CheckSummary;
}

/** The organisation an OV/EV certificate is issued to, as the applicant claims it (checked against the registry, OV-5). */
export interface Organization {
  name: string;
  /** Registration number in the business registry (unified social credit code); an EV subject's serialNumber. */
  registrationNumber: string;
  address: string;
  city?: string;
  /** ISO 3166-1 alpha-2; "CN" when absent. */
  country?: string;
  /** The phone the applicant gives; the CA calls the registry's number, not this one (OV-3). */
  phone: string;
}

/** A person on the order: the applicant, or the administrator who answers for the certificate. */
export interface Contact {
  name: string;
  position?: string;
  phone: string;
  email: string;
}

export interface OrderFailure {
  code: FailureCode;
  reason: string;
}

export interface Order {
  id: string;
  resellerId: string;
  partnerOrderId: string;
  productCode: string;
  years: number;
  /** Bound names as ordered (normalised, de-duplicated). */
  domains: string[];
  /** The certificate's names: every bound name plus its DOM-2 companion, in order. */
  names: string[];
  dcvMethod: DcvMethod;
  csrPem: string;
  callbackUrl?: string;
  free: boolean;
  /** Primary (registrable) domain of the first bound name (FREE-3 counts by it). */
  primaryDomain: string;
  status: OrderStatus;
  stage: Stage;
  failure?: OrderFailure;
  createdAt: number;
  updatedAt: number;
  /** When the current DCV instructions were issued; the 7-day deadline counts from here (DCV-2). */
  dcvStartedAt: number;
  dcvDeadlineAt: number;
  /** Next scheduled DCV re-check while pending. */
  nextCheckAt?: number;
  dcvPassedAt?: number;
  /** When the security review runs (stage CA-REVIEWING). */
  reviewAt?: number;
  securityReviewedAt?: number;
  /** When the certificate is issued (stage WAIT-ISSUE). */
  issueAt?: number;
  /** Manual review: the order waits for an operator's approval. */
  manualHold: boolean;
  /** Increments each time DCV passes, so every review round draws fresh delays. */
  reviewRound: number;
  serial?: string;
  /** Empty until the DCV instructions are released (at once, or after a pre-review, WT-2). */
  dcv: DcvRecord[];
  /** OV/EV: the organisation and the people on the order. */
  organization?: Organization;
  applicant?: Contact;
  administrator?: Contact;
  /** DV: the applicant's company, when the brand keeps validations by company (DCV-8); OV/EV use the organisation. */
  companyName?: string;
  /** The review flow this order follows and the state of its stages that are not kept in the fields above. */
  review: ReviewState;
}

export interface CertificateRecord {
  serial: string;
  orderId: string;
  certPem: string;
  /** Intermediate, then root. */
  chainPem: string[];
  notBefore: number;
  notAfter: number;
  revokedAt?: number;
  revocationReason?: string;
  /** GM (SM-4): the encryption certificate issued with the signing one (`certPem`), and its private key. */
  encryption?: EncryptionCertificate;
}

/** The second certificate of a GM order (SM-4): for a key the CA generated, delivered with its private key. */
export interface EncryptionCertificate {
  serial: string;
  certPem: string;
  /** PKCS#8 PEM, unencrypted (the reseller receives it with the certificate). */
  keyPem: string;
}

export interface Reseller {
  id: string;
  name: string;
  createdAt: number;
}

export interface OrderLogEntry {
  at: number;
  status: OrderStatus;
  stage: Stage;
  detail: string;
}

/** Where an order's review stands beyond the DCV, security-review and issuance fields of `Order`. */
export interface ReviewState {
  /** The steps, in order; stages in one step run side by side (WT-3). Fixed when the order is placed. */
  flow: ResolvedFlow;
  preReview?: PreReviewState;
  manual?: ManualReviewState;
  /** A confirmation letter the order needs before a stage of its flow may begin (SM-1, OV-1). */
  letter?: LetterState;
  /** Documents asked for by mail before a stage of its flow may begin (GS-1). */
  documents?: DocumentsState;
  /**
   * The reseller says the organisation and administrator come from a profile it has reviewed (OV-2): a brand's
   * letter policy may waive the letter then (GlobalSign does not).
   */
  reviewedProfile?: boolean;
  /** The status (in the brand's callback words) the reseller was last told of; a callback goes out when it changes. */
  reportedStatus?: string;
}

/** One confirmation letter received (its content is kept apart, `Store.letterContent`). */
export interface LetterUpload {
  seq: number;
  at: number;
  /** Judged by the content, not the name. */
  type: LetterType;
  bytes: number;
  sha256: string;
  fileName?: string;
}

export type LetterType = "jpg" | "png" | "gif" | "pdf";

/** The letter an order needs: which stage waits for it, and what has been received. */
export interface LetterState {
  /** The stage that does not begin until a letter is in (DNSPod GM OV/EV: `dcv`, SM-1). */
  before: StageName;
  uploads: LetterUpload[];
}
