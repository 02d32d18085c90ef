// The platform's storage, behind one interface. Everything that matters lives here, so several platform
// instances can share one store (a PostgreSQL implementation would take row locks where SQLite takes its write
// lock). Every method is async for that reason, even though SQLite answers synchronously.
import type { StatusCode, StatusPoint, TransitionPlan } from "../orders/status";
import type { AccountType, MemberLevel, QuotaBucket, QuotaLimits, QuotaUsage } from "../quota/policy";

export interface AccountRecord {
  id: string;
  type: AccountType;
  memberLevel: MemberLevel;
  /** Set by the admin: an enterprise that held a valid free certificate at 2023-03-20 00:00 GMT+8 (FREE-4). */
  heldFreeCertOn20230320: boolean;
  email: string;
  phone: string;
  createdAt: Date;
}

export interface ApiKeyRecord {
  keyId: string;
  accountId: string;
  /** SHA-256 of the secret part, hex. The secret itself is never stored. */
  secretHash: string;
}

export type DvAuthMethod = "DNS_AUTO" | "DNS" | "FILE";

/** One DCV instruction, CA-neutral (the adapter translates a brand's dialect into this). */
export interface DcvInstruction {
  domain: string;
  method: "dns" | "file";
  recordType: "TXT" | "CNAME" | "FILE";
  /** DNS: the full record name (`_dnsauth.example.com`); file: the host the file is fetched from. */
  host: string;
  value: string;
  /** File: the URL path (`/.well-known/pki-validation/fileauth.txt`). */
  path?: string;
  url?: string;
  passed: boolean;
}

/** DCV-10: what a "check now" found for one name, with the vendor's LocalCheck code. */
export interface DcvCheckResult {
  domain: string;
  method: "dns" | "file";
  status: "found" | "missing" | "mismatch";
  seen: string[];
  localCheck: number;
  reason: string;
}

/** An organisation as the customer enters it or keeps it in My Profile (PAID-3). */
export interface OrganizationInfo {
  name: string;
  /** Department. */
  division: string;
  /** ISO 3166-1 alpha-2. */
  country: string;
  province: string;
  city: string;
  address: string;
  /** Landline. */
  phone: string;
  /** Registration number in the business registry (unified social credit code). */
  registrationNumber: string;
}

/** The administrator or the contact of an application (PAID-3). */
export interface PersonInfo {
  name: string;
  position: string;
  phone: string;
  email: string;
}

export type ApplicationType = "organisation" | "individual";

/** How the CSR of a paid certificate is made (CSR-1, CSR-2). The key and CSR themselves live in their columns. */
export type CsrChoice =
  | { type: "online"; algorithm: "RSA" | "ECC" | "SM2"; parameter: string; signAlgo: "SHA256" | "SHA384" | "SM3" }
  | { type: "parse" };

/**
 * What the customer submitted for a paid certificate (the wizard's draft until commit). Profile entries are
 * copied in at submission, with the entry's ID kept (OV-2 looks at where the information came from).
 */
export interface PaidInformation {
  /** Bound domains, normalised, the main one first (DOM-3). */
  domains?: string[];
  applicationType?: ApplicationType;
  organization?: OrganizationInfo;
  organizationId?: string;
  admin?: PersonInfo;
  adminId?: string;
  contact?: PersonInfo;
  contactSameAsAdmin?: boolean;
  csr?: CsrChoice;
  verifyType?: DvAuthMethod;
}

export interface CertificateRecord {
  id: string;
  accountId: string;
  /** The bound name (DOM-1: fixed once submitted). */
  domain: string;
  /** The names the certificate carries (DOM-2). */
  names: string[];
  /** The CA: `trustasia`, `wotrus`, … */
  brand: string;
  productCode: string;
  dvAuthMethod: DvAuthMethod;
  status: StatusCode;
  subStatus: StatusPoint["subStatus"];
  alias: string;
  contactEmail: string | null;
  contactPhone: string | null;
  csrSource: "online" | "pasted";
  csrPem: string | null;
  keyAlgorithm: "RSA" | "ECC" | "SM2" | null;
  keyParameter: string | null;
  /** Never clear: password-encrypted PKCS#8 or wrapped under the platform key (CSR-3). */
  privateKey: string | null;
  keyProtection: "password" | "wrapped" | null;
  deployable: boolean;
  /** Free certificates only (FREE-4/5); null for paid ones. */
  quotaBucket: QuotaBucket | null;
  zoneHostedAtPlatform: boolean;
  caOrderId: string | null;
  dcv: DcvInstruction[];
  dcvExpiresAt: Date | null;
  certificatePem: string | null;
  chainPem: string | null;
  serial: string | null;
  notBefore: Date | null;
  notAfter: Date | null;
  failureReason: string | null;
  lastDcvCheck: { at: Date; results: DcvCheckResult[] } | null;
  /** Paid certificates (PAID-1): the catalogue product; null for a free certificate. */
  productId: string | null;
  /** Years of the purchase (PAID-2: a series of one-year certificates). */
  period: number;
  /** Bound-domain slots bought. */
  domainNum: number;
  autoRenew: boolean;
  /** PAID-2: the first certificate of the series, and this one's place in it (1-based). */
  seriesId: string | null;
  seriesIndex: number;
  /** PAID-2: when the platform applies for the next certificate of the series. */
  renewalDueAt: Date | null;
  nextCertificateId: string | null;
  /** Paid certificates: what the customer submitted (PAID-3). */
  information: PaidInformation | null;
  createdAt: Date;
  updatedAt: Date;
}

/** What may change after submission. The bound domain and names are not here (DOM-1). */
export type CertificatePatch = Partial<
  Pick<
    CertificateRecord,
    | "alias"
    | "csrPem"
    | "keyAlgorithm"
    | "keyParameter"
    | "privateKey"
    | "keyProtection"
    | "deployable"
    | "caOrderId"
    | "dcv"
    | "dcvExpiresAt"
    | "certificatePem"
    | "chainPem"
    | "serial"
    | "notBefore"
    | "notAfter"
    | "failureReason"
    | "lastDcvCheck"
    | "renewalDueAt"
  >
>;

/** What the submission wizard may change while the certificate is still in status 5 (DOM-1 after that). */
export type DraftPatch = Partial<
  Pick<
    CertificateRecord,
    | "domain"
    | "names"
    | "dvAuthMethod"
    | "information"
    | "csrSource"
    | "csrPem"
    | "keyAlgorithm"
    | "keyParameter"
    | "privateKey"
    | "keyProtection"
    | "deployable"
    | "zoneHostedAtPlatform"
    | "alias"
    | "contactEmail"
    | "contactPhone"
  >
>;

type PaidFields =
  | "productId"
  | "period"
  | "domainNum"
  | "autoRenew"
  | "seriesId"
  | "seriesIndex"
  | "renewalDueAt"
  | "nextCertificateId"
  | "information";

export type NewCertificate = Omit<CertificateRecord, "quotaBucket" | "createdAt" | "updatedAt" | PaidFields> &
  Partial<Pick<CertificateRecord, PaidFields>>;

export type ProfileKind = "organization" | "admin";
export type ReviewState = "pending" | "approved" | "rejected";

/** A "My Profile" entry: an organisation or an administrator, reviewed by the vendor before use (PAID-3). */
export interface ProfileEntry {
  id: string;
  accountId: string;
  kind: ProfileKind;
  data: OrganizationInfo | PersonInfo;
  reviewState: ReviewState;
  reviewNote: string | null;
  createdAt: Date;
  updatedAt: Date;
}

export interface OperationLog {
  action: string;
  statusFrom: StatusCode | null;
  statusTo: StatusCode | null;
  time: Date;
  detail: string;
}

/** A notification of a review result (PAID-5): one in-site message plus mail and SMS to deliver. */
export interface OutgoingMessage {
  title: string;
  content: string;
  email: string | null;
  phone: string | null;
}

export interface InSiteMessage {
  id: string;
  accountId: string;
  certificateId: string | null;
  title: string;
  content: string;
  time: Date;
}

export interface Delivery {
  id: number;
  channel: "mail" | "sms";
  to: string;
  subject: string;
  body: string;
  attempts: number;
}

/**
 * One change to a certificate: compare-and-set on its current status and sub-status, so two racing updates
 * (a callback and a read that both saw the CA issue) apply once. Quota, the operation log and notifications are
 * written in the same transaction.
 */
export interface CertificateChange {
  expect: StatusPoint;
  transition?: TransitionPlan;
  set?: CertificatePatch;
  log?: { action: string; detail?: string };
  notify?: OutgoingMessage;
  at: Date;
}

export type BeginApplicationResult = { ok: true; certificate: CertificateRecord } | { ok: false; usage: QuotaUsage };

export interface CertificateQuery {
  offset: number;
  limit: number;
  status?: StatusCode;
  /** Matches the certificate ID, the bound domain or the alias (substring, case-insensitive). */
  search?: string;
}

export interface PlatformStore {
  createAccount(account: AccountRecord, apiKey: ApiKeyRecord): Promise<void>;
  getAccount(id: string): Promise<AccountRecord | undefined>;
  findApiKey(keyId: string): Promise<ApiKeyRecord | undefined>;

  addRegistrarDomain(domain: string, at: Date): Promise<void>;
  isRegistrarDomain(domain: string): Promise<boolean>;

  /** FREE-4: quota held now (an issued certificate stops counting at its end time). */
  quotaUsage(accountId: string, at: Date): Promise<QuotaUsage>;
  /** Whether the account held a certificate valid (issued, unexpired, unrevoked) at `at` (FREE-4 legacy). */
  heldValidCertificateAt(accountId: string, at: Date): Promise<boolean>;
  /**
   * FREE-6: takes one unit of quota and records the application (status 13) in one atomic step, or takes
   * nothing when the limits are reached. `registeredWithPlatform` selects the deduction order (FREE-5).
   */
  beginApplication(input: {
    certificate: NewCertificate;
    limits: QuotaLimits;
    registeredWithPlatform: boolean;
    at: Date;
  }): Promise<BeginApplicationResult>;
  /** Undoes a `beginApplication` whose order could not be placed: the row, its log and its quota go. */
  abandonApplication(id: string): Promise<boolean>;

  getCertificate(id: string): Promise<CertificateRecord | undefined>;
  listCertificates(accountId: string, query: CertificateQuery): Promise<{ total: number; items: CertificateRecord[] }>;
  /** Certificates in a status across all accounts, oldest first (sweeps: stale applications, expiry). */
  certificatesInStatus(status: StatusCode, limit: number): Promise<CertificateRecord[]>;
  /** Applies the change when the certificate is still at `change.expect`; undefined when it was not. */
  applyChange(id: string, change: CertificateChange): Promise<CertificateRecord | undefined>;
  operationLogs(certificateId: string): Promise<OperationLog[]>;

  listMessages(
    accountId: string,
    page: { offset: number; limit: number },
  ): Promise<{ total: number; items: InSiteMessage[] }>;
  /**
   * Leases up to `limit` undelivered mails and SMS for `leaseMs` of real time, so two instances do not send one
   * twice; a lease that runs out (a crashed sender) makes the delivery claimable again.
   */
  claimDeliveries(limit: number, leaseMs: number): Promise<Delivery[]>;
  deliveryDone(id: number, at: Date): Promise<void>;
  deliveryFailed(id: number, error: string): Promise<void>;

  /** PAID-1: records a purchase — its certificates in status 5, each with a log entry. */
  createPurchase(certificates: NewCertificate[], at: Date, detail: string): Promise<void>;
  /** The wizard's step: applies `patch` while the certificate is still in status 5; undefined when it is not. */
  updateDraft(
    id: string,
    patch: DraftPatch,
    log: { action: string; detail?: string },
    at: Date,
  ): Promise<CertificateRecord | undefined>;
  /**
   * PAID-2: records the next certificate of a series once — only while `previousId` still has a renewal due and
   * no successor (another instance may have done it); undefined otherwise.
   */
  beginNextInSeries(previousId: string, next: NewCertificate, at: Date): Promise<CertificateRecord | undefined>;
  /** PAID-2: certificates whose series still has a next one to apply for, soonest first. */
  renewalsDue(limit: number): Promise<CertificateRecord[]>;

  createProfileEntry(entry: ProfileEntry): Promise<void>;
  getProfileEntry(id: string): Promise<ProfileEntry | undefined>;
  listProfileEntries(
    accountId: string,
    kind: ProfileKind,
    page: { offset: number; limit: number },
  ): Promise<{ total: number; items: ProfileEntry[] }>;
  /** New data goes back to review (pending). */
  updateProfileEntry(id: string, data: ProfileEntry["data"], at: Date): Promise<ProfileEntry | undefined>;
  deleteProfileEntry(id: string): Promise<boolean>;
  reviewProfileEntry(
    id: string,
    state: Exclude<ReviewState, "pending">,
    note: string | null,
    at: Date,
  ): Promise<ProfileEntry | undefined>;

  /** A setting shared by every instance; the first writer wins (e.g. the key-wrapping key). */
  setting(key: string, initial: () => string): Promise<string>;
  close(): Promise<void>;
}
