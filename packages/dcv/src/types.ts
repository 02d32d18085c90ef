import type { CaaDecision, CaaOutcome, CaaRecord } from "@certsim/names";

/** The vendor API's `LocalCheck` codes (DCV-10). */
export const LOCAL_CHECK = {
  passed: 1,
  txtNotFound: -1,
  txtMismatch: -2,
  fileNotFound: -4,
  fileMismatch: -5,
  cnameNotFound: -6,
  cnameMismatch: -7,
} as const;

export type LocalCheck = (typeof LOCAL_CHECK)[keyof typeof LOCAL_CHECK];

export type DcvMethod = "dns-txt" | "dns-cname" | "file";

/**
 * - `found`: the expected value is there.
 * - `missing`: the record or file is not there (NXDOMAIN, NODATA, a name in no zone of the simulated server, HTTP
 *   4xx, a redirect DCV-5 does not allow, a CNAME loop).
 * - `mismatch`: something is there, but not the expected value (`seen` says what).
 * - `error`: the check could not be made (SERVFAIL, timeout, connection refused, 5xx, a wildcard for file
 *   validation, an invalid name). Worth retrying later; never a pass.
 */
export type DcvStatus = "found" | "missing" | "mismatch" | "error";

/** One look at one name (DCV-10: per name, found / missing / mismatch with the value seen and LocalCheck). */
export interface DcvResult {
  /** The name looked at, normalised (lower case, no trailing dot, IDN as A-labels). */
  name: string;
  method: DcvMethod;
  status: DcvStatus;
  /** TXT values (each record's strings joined), CNAME targets in chain order, or the file's content (clipped). */
  seen: string[];
  /** 1 passed; -1/-2 TXT not found/not match; -4/-5 file not found/not match; -6/-7 CNAME not found/not match. */
  localCheck: LocalCheck;
  reason: string;
}

/**
 * How one DNS question ended. `refused` is the simulated server saying the name is in none of its zones: in the
 * simulated world such a name exists nowhere. `cname-loop` covers a loop and a chain longer than the hop limit.
 */
export type LookupStatus = "ok" | "nxdomain" | "nodata" | "refused" | "servfail" | "timeout" | "cname-loop" | "error";

export type LookupType = "TXT" | "CNAME" | "A" | "CAA";

export interface LookupResult<T> {
  /** The name asked, normalised. */
  name: string;
  type: LookupType;
  status: LookupStatus;
  /**
   * The answer when `status` is `ok` (else empty): TXT values with each record's strings joined, IPv4 addresses,
   * CAA records, or for CNAME every target of the chain in order (the last is the canonical name). A CNAME lookup
   * that ends in a loop keeps the targets it saw.
   */
  values: T[];
  /**
   * CNAME targets this client followed hop by hop before the answer. Hops the server already followed inside one
   * answer (a chain within its zones) are not listed: Node's resolver does not expose them.
   */
  chain: string[];
  reason: string;
}

export interface CreateDcvOptions {
  /** The world's authoritative DNS server: the only server any question goes to. `host` is an IP address. */
  dns: { host: string; port: number };
  /** Where a URL's port really listens on loopback, e.g. `{ 80: webHost.port }` (one web host serves every site). */
  httpPortMap?: Record<number, number>;
  /** Real-time limit (ms) for one DNS question and for one HTTP exchange (connect, headers, body). Default 5000. */
  timeoutMs?: number;
  /** Redirects a file check follows, 0 to 2 (DCV-5 allows at most two). Default 2. */
  maxRedirects?: number;
  /** User-Agent of file fetches. */
  userAgent?: string;
}

export interface FileTarget {
  /** The host name the file is fetched from (one name: the CA decides which names need a file, DCV-5/DOM-2). */
  name: string;
  /** Path on the site, e.g. `/.well-known/pki-validation/fileauth.txt`. */
  path: string;
  expected: string;
  /** The certificate name is a wildcard: file validation is refused (DCV-5). A `*.` name is refused anyway. */
  wildcard?: boolean;
}

export interface CaaSet {
  /** The name where the relevant (first non-empty) CAA set was found. */
  at: string;
  records: CaaRecord[];
}

export interface CaaCheckRequest {
  /** The CA's issuer domain name(s), e.g. `trustasia.com`. */
  identity: string | readonly string[];
  /** Whether `issuewild` applies. Defaults to whether the name is `*.…`. */
  wildcard?: boolean;
}

/**
 * `decideCaa`'s decision on the relevant set, plus where it was found and its records. `lookup-failed` (never
 * allowed): a CAA question on the climb got SERVFAIL, a timeout or another DNS error, so the CA cannot know the
 * set and must retry later instead of issuing (DCV-7).
 */
export interface CaaCheck extends Omit<CaaDecision, "outcome"> {
  outcome: CaaOutcome | "lookup-failed";
  /** The relevant set's records, when one was found. */
  records?: CaaRecord[];
}

export interface Dcv {
  lookupTxt(name: string): Promise<LookupResult<string>>;
  lookupCname(name: string): Promise<LookupResult<string>>;
  lookupA(name: string): Promise<LookupResult<string>>;
  lookupCaa(name: string): Promise<LookupResult<CaaRecord>>;
  checkTxt(name: string, expected: string): Promise<DcvResult>;
  checkCname(name: string, expected: string): Promise<DcvResult>;
  checkFile(target: FileTarget): Promise<DcvResult>;
  /** The relevant CAA set (RFC 8659 §3), or undefined when the whole chain is empty. Throws DcvError on a DNS failure. */
  findCaaSet(name: string): Promise<CaaSet | undefined>;
  checkCaa(name: string, request: CaaCheckRequest): Promise<CaaCheck>;
  /** The same as `checkCaa` (the name in the contract the CA simulators code against). */
  evaluateCaa(name: string, request: CaaCheckRequest): Promise<CaaCheck>;
  /** Closes the HTTP agent and cancels DNS questions in flight. */
  close(): Promise<void>;
}
