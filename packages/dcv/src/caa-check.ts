import { caaLookupChain, classifyName, decideCaa } from "@certsim/names";
import type { SimulatedDns } from "./dns-client";
import { DcvError } from "./errors";
import type { CaaCheck, CaaCheckRequest, CaaSet, LookupStatus } from "./types";

/** A CAA question on the climb the DNS did not answer usefully: the relevant set is unknown (DCV-7). */
export class CaaLookupError extends DcvError {
  constructor(
    readonly at: string,
    readonly lookupStatus: LookupStatus,
    message: string,
  ) {
    super("CaaLookupFailed", "DCV-7", message);
    this.name = "CaaLookupError";
  }
}

// Empty at this name: climb on. REFUSED is the simulated server having no zone there (`com` above `example.com`).
const EMPTY: ReadonlySet<LookupStatus> = new Set(["nodata", "nxdomain", "refused"]);

/**
 * RelevantCAASet (RFC 8659 §3) over the network: CAA questions at the name (for `*.X`, at X), then each parent up
 * to the TLD, until one answers a non-empty set; CNAMEs are followed. Undefined when the whole chain is empty.
 * Throws CaaLookupError on SERVFAIL, a timeout, a CNAME loop or another DNS error, and NameError (`@certsim/names`)
 * for a name that is not a valid domain name.
 */
export async function findCaaSet(dns: SimulatedDns, name: string): Promise<CaaSet | undefined> {
  for (const at of caaLookupChain(name)) {
    const lookup = await dns.lookupCaa(at);
    if (lookup.status === "ok") return { at, records: lookup.values };
    if (!EMPTY.has(lookup.status)) {
      throw new CaaLookupError(at, lookup.status, `CAA lookup failed: ${lookup.reason}`);
    }
  }
  return undefined;
}

/**
 * DCV-7 for one certificate name: the relevant set decided by `decideCaa` for this CA's identity. A failed lookup
 * is `{ allowed: false, outcome: "lookup-failed" }`, never a silent "no CAA": the CA retries later.
 */
export async function checkCaa(dns: SimulatedDns, input: string, request: CaaCheckRequest): Promise<CaaCheck> {
  const { kind, name, base } = classifyName(input);
  if (kind === "ip") {
    return { allowed: true, outcome: "ip-address", reason: `CAA does not apply to the IP address ${name}` };
  }
  let set: CaaSet | undefined;
  try {
    set = await findCaaSet(dns, name);
  } catch (error) {
    if (!(error instanceof CaaLookupError)) throw error;
    return {
      allowed: false,
      outcome: "lookup-failed",
      reason: `${error.message}; the CAA set of ${name} is unknown, so issuance waits (DCV-7)`,
      at: error.at,
    };
  }
  if (set === undefined) {
    return { allowed: true, outcome: "no-caa", reason: `no CAA records at ${base} or any parent` };
  }
  const decision = decideCaa(set.records, {
    identity: request.identity,
    wildcard: request.wildcard ?? kind === "wildcard",
    at: set.at,
  });
  return { ...decision, records: set.records };
}
