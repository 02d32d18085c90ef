import { classifyName } from "./classify";

/** One CAA resource record as a DNS answer carries it (RFC 8659 §4.1). */
export type CaaRecord = { flags: number; tag: string; value: string };

/** A lookup answers the CAA RRset at one name; `undefined` and `[]` both mean "no records here". */
export type CaaLookup = (name: string) => readonly CaaRecord[] | undefined;

/** Issuer Critical Flag: bit 0, the high bit of the flags octet (RFC 8659 §4.1). Other bits are ignored. */
export const CAA_CRITICAL_FLAG = 128;

/**
 * Tags this family of CAs understands, so a critical record with one of them does not block issuance.
 * `issuemail` (RFC 9495) and the CA/B Forum contact tags are understood as "not about TLS issuance".
 */
export const KNOWN_CAA_TAGS: readonly string[] = [
  "issue",
  "issuewild",
  "iodef",
  "issuemail",
  "contactemail",
  "contactphone",
];

/** Identities the simulated CAs recognise in `issue` / `issuewild` values (DCV-7). */
export const CA_IDENTITIES = {
  trustasia: "trustasia.com",
  wotrus: "wotrus.com",
  globalsign: "globalsign.com",
  dnspod: "dnspod.cn",
} as const;

export type CaaIssueValue = { issuer: string | undefined; parameters: [tag: string, value: string][] };

// RFC 8659 §4.2 ABNF for issue / issuewild values, as one anchored expression. Each repetition consumes a
// character class the next part cannot start with, so matching stays linear.
const WSP = "[ \\t]*";
const LABEL = "[A-Za-z0-9](?:-*[A-Za-z0-9])*";
const ISSUER = `${LABEL}(?:\\.${LABEL})*`;
const PARAMETER = `${LABEL}${WSP}=${WSP}[\\x21-\\x3a\\x3c-\\x7e]*`;
const ISSUE_VALUE = new RegExp(
  `^${WSP}(?:(${ISSUER})${WSP})?(?:;${WSP}(?:(${PARAMETER}(?:${WSP};${WSP}${PARAMETER})*)${WSP})?)?$`,
);

/**
 * Parses an `issue` / `issuewild` value: `letsencrypt.org; accounturi=https://…` gives the issuer and its
 * parameters; `;` or an empty value gives no issuer. Returns undefined when the value does not match the
 * RFC 8659 grammar (a trailing dot, spaces inside a parameter value, a trailing `;` after parameters …).
 */
export function parseCaaIssueValue(value: string): CaaIssueValue | undefined {
  const match = ISSUE_VALUE.exec(value);
  if (match === null) return undefined;
  const parameters = (match[2] ?? "")
    .split(";")
    .filter((part) => part.trim() !== "")
    .map((part): [string, string] => {
      const equals = part.indexOf("=");
      return [part.slice(0, equals).trim().toLowerCase(), part.slice(equals + 1).trim()];
    });
  return { issuer: match[1]?.toLowerCase(), parameters };
}

/**
 * The names whose CAA RRsets are consulted, in order (RFC 8659 §3): the name and each parent up to but
 * excluding the root. For a wildcard `*.X` the climb starts at X. An IP address has no chain (CAA does not
 * apply to IP addresses).
 */
export function caaLookupChain(input: string): string[] {
  const { kind, base } = classifyName(input);
  if (kind === "ip") return [];
  const labels = base.split(".");
  return labels.map((_, index) => labels.slice(index).join("."));
}

/** RelevantCAASet (RFC 8659 §3): the first non-empty RRset on the chain, and where it was found. */
export function relevantCaaSet(input: string, lookup: CaaLookup): { at: string; records: CaaRecord[] } | undefined {
  for (const at of caaLookupChain(input)) {
    const records = lookup(at);
    if (records !== undefined && records.length > 0) return { at, records: [...records] };
  }
  return undefined;
}

export type CaaOutcome =
  | "no-caa" // no CAA records on the whole chain
  | "ip-address" // CAA does not apply
  | "no-restriction" // the set has no property that restricts this request
  | "authorised" // the set names this CA
  | "forbidden" // the set restricts issuance and names no CA at all (`;`, empty or malformed values)
  | "not-authorised" // the set names other CAs only
  | "critical-unknown-tag"; // a critical record this CA does not understand

export type CaaDecision = { allowed: boolean; outcome: CaaOutcome; reason: string; at?: string };

export type CaaRequest = {
  /** The CA's issuer domain name(s), compared case-insensitively. */
  identity: string | readonly string[];
  /** Whether the name being issued is a wildcard: `issuewild` then overrides `issue`. */
  wildcard: boolean;
  /** Where the set was found, for the reason text. */
  at?: string;
};

/**
 * DCV-7 on one relevant RRset (RFC 8659 §4): a critical unknown tag forbids; for a wildcard, `issuewild`
 * records replace `issue` records when there is at least one; for other names `issuewild` is ignored. When
 * no record of the applicable tag exists the set does not restrict issuance; otherwise one record must name
 * this CA (parameters are accepted and not interpreted; malformed values name nobody).
 */
export function decideCaa(records: readonly CaaRecord[], request: CaaRequest): CaaDecision {
  const where = request.at === undefined ? "the CAA set" : `the CAA set at ${request.at}`;
  const identities = (typeof request.identity === "string" ? [request.identity] : request.identity).map((identity) =>
    identity.trim().toLowerCase(),
  );
  const decision = (allowed: boolean, outcome: CaaOutcome, reason: string): CaaDecision => ({
    allowed,
    outcome,
    reason,
    ...(request.at !== undefined ? { at: request.at } : {}),
  });

  const critical = records.find(
    (record) => (record.flags & CAA_CRITICAL_FLAG) !== 0 && !KNOWN_CAA_TAGS.includes(record.tag.toLowerCase()),
  );
  if (critical !== undefined) {
    return decision(false, "critical-unknown-tag", `${where} has a critical record with unknown tag "${critical.tag}"`);
  }

  const issuewild = records.filter((record) => record.tag.toLowerCase() === "issuewild");
  const tag = request.wildcard && issuewild.length > 0 ? "issuewild" : "issue";
  const applicable = tag === "issuewild" ? issuewild : records.filter((r) => r.tag.toLowerCase() === "issue");
  if (applicable.length === 0) {
    return decision(true, "no-restriction", `${where} does not restrict issuance`);
  }

  const issuers = applicable
    .map((record) => parseCaaIssueValue(record.value)?.issuer)
    .filter((issuer): issuer is string => issuer !== undefined);
  const ours = identities.find((identity) => issuers.includes(identity));
  if (ours !== undefined) {
    return decision(true, "authorised", `${where} authorises ${ours} (${tag})`);
  }
  if (issuers.length === 0) {
    return decision(false, "forbidden", `${where} forbids all issuance (${tag} names no CA)`);
  }
  const named = [...new Set(issuers)].join(", ");
  return decision(false, "not-authorised", `${where} authorises only ${named} (${tag}), not ${identities.join(", ")}`);
}

/**
 * DCV-7 for one name: find the relevant CAA set by climbing the tree and decide on it. No records anywhere
 * allows issuance. `wildcard` defaults to whether the name is `*.…`.
 */
export function evaluateCaa(
  input: string,
  lookup: CaaLookup,
  request: { identity: string | readonly string[]; wildcard?: boolean },
): CaaDecision {
  const { kind, name } = classifyName(input);
  if (kind === "ip") {
    return { allowed: true, outcome: "ip-address", reason: `CAA does not apply to the IP address ${name}` };
  }
  const set = relevantCaaSet(name, lookup);
  if (set === undefined) {
    return { allowed: true, outcome: "no-caa", reason: `no CAA records at ${name} or any parent` };
  }
  return decideCaa(set.records, {
    identity: request.identity,
    wildcard: request.wildcard ?? kind === "wildcard",
    at: set.at,
  });
}
