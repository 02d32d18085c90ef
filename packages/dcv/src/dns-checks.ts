import type { SimulatedDns } from "./dns-client";
import { comparableName } from "./dns-name";
import { type DcvResult, type DcvStatus, LOCAL_CHECK, type LocalCheck, type LookupStatus } from "./types";

/** Lookup outcomes that mean "nothing there" (a check says missing); the rest of the failures say error. */
const ABSENT: ReadonlySet<LookupStatus> = new Set(["nxdomain", "nodata", "refused", "cname-loop"]);

/**
 * DCV-6 TXT: the TXT values at `name` (through a CNAME chain if it is an alias), each record's strings joined,
 * must include `expected` exactly (case and whitespace count). The name is matched case-insensitively.
 */
export async function checkTxt(dns: SimulatedDns, name: string, expected: string): Promise<DcvResult> {
  const lookup = await dns.lookupTxt(name);
  const result = (status: DcvStatus, localCheck: LocalCheck, reason: string, seen: string[] = []): DcvResult => ({
    name: lookup.name,
    method: "dns-txt",
    status,
    seen,
    localCheck,
    reason,
  });
  if (lookup.status === "ok") {
    if (lookup.values.includes(expected)) {
      return result("found", LOCAL_CHECK.passed, `TXT holds the expected value: ${lookup.reason}`, lookup.values);
    }
    const count = lookup.values.length === 1 ? "a value" : `${lookup.values.length} values`;
    return result(
      "mismatch",
      LOCAL_CHECK.txtMismatch,
      `TXT holds ${count} other than the expected one: ${lookup.reason}`,
      lookup.values,
    );
  }
  return result(ABSENT.has(lookup.status) ? "missing" : "error", LOCAL_CHECK.txtNotFound, lookup.reason);
}

/**
 * CNAME: the chain at `name` must reach `expected` (compared case-insensitively, without a trailing dot). The
 * record normally points there directly; a target reached further down the chain counts too (DCV-6).
 */
export async function checkCname(dns: SimulatedDns, name: string, expected: string): Promise<DcvResult> {
  const want = comparableName(expected);
  const lookup = await dns.lookupCname(name);
  const seen = lookup.chain;
  const result = (status: DcvStatus, localCheck: LocalCheck, reason: string): DcvResult => ({
    name: lookup.name,
    method: "dns-cname",
    status,
    seen,
    localCheck,
    reason,
  });
  const hop = seen.indexOf(want);
  if (hop >= 0) {
    const how = hop === 0 ? "points to" : `reaches after ${hop + 1} hops`;
    return result("found", LOCAL_CHECK.passed, `CNAME at ${lookup.name} ${how} ${want}`);
  }
  if (seen.length > 0 && (lookup.status === "ok" || lookup.status === "cname-loop")) {
    return result("mismatch", LOCAL_CHECK.cnameMismatch, `CNAME points elsewhere, not to ${want}: ${lookup.reason}`);
  }
  return result(ABSENT.has(lookup.status) ? "missing" : "error", LOCAL_CHECK.cnameNotFound, lookup.reason);
}
