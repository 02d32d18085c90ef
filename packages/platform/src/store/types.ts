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

export interface CertificateRecord {
  id: string;
  accountId: string;
  /** The bound name (DOM-1: fixed once submitted). */
  domain: string;
  /** The names the certificate carries (DOM-2). */
  names: string[];
  brand: "trustasia";
  productCode: string;
  dvAuthMethod: DvAuthMethod;
  status: StatusCode;
  subStatus: StatusPoint["subStatus"];
  alias: string;
  contactEmail: string | null;
  contactPhone: string | null;
  csrSource: "online" | "pasted";
  csrPem: string | null;
  keyAlgorithm: "RSA" | "ECC" | null;
  keyParameter: string | null;
  /** Never clear: password-encrypted PKCS#8 or wrapped under the platform key (CSR-3). */
  privateKey: string | null;
  keyProtection: "password" | "wrapped" | null;
  deployable: boolean;
  quotaBucket: QuotaBucket;
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
  >
>;

export type NewCertificate = Omit<CertificateRecord, "quotaBucket" | "createdAt" | "updatedAt">;

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

  /** A setting shared by every instance; the first writer wins (e.g. the key-wrapping key). */
  setting(key: string, initial: () => string): Promise<string>;
  close(): Promise<void>;
}
