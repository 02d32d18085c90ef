import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { type CaaRecord, evaluateCaa, parseCaaIssueValue } from "../src/index";

const RUNS = { numRuns: 1500 };

// ---------------------------------------------------------------------------------------------------------
// An independent model of DCV-7, written from RFC 8659 without looking at src/caa.ts: the issue value is
// split on ';' and checked piece by piece instead of by one regular expression, and the relevant set is the
// longest non-empty tree key that is an ancestor-or-self of the name, instead of a climb.
// ---------------------------------------------------------------------------------------------------------
const MALFORMED = Symbol("malformed");
const KNOWN = new Set(["issue", "issuewild", "iodef", "issuemail", "contactemail", "contactphone"]);

const isWsp = (char: string) => char === " " || char === "\t";
function trimWsp(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isWsp(text[start]!)) start++;
  while (end > start && isWsp(text[end - 1]!)) end--;
  return text.slice(start, end);
}
const isAlnum = (char: string) =>
  (char >= "a" && char <= "z") || (char >= "A" && char <= "Z") || (char >= "0" && char <= "9");
function isLabel(text: string): boolean {
  if (text === "" || !isAlnum(text[0]!) || !isAlnum(text[text.length - 1]!)) return false;
  return [...text].every((char) => isAlnum(char) || char === "-");
}
function isParameter(piece: string): boolean {
  const equals = piece.indexOf("=");
  if (equals < 0) return false;
  const value = trimWsp(piece.slice(equals + 1));
  const printable = [...value].every((char) => char.charCodeAt(0) >= 0x21 && char.charCodeAt(0) <= 0x7e);
  return isLabel(trimWsp(piece.slice(0, equals))) && printable;
}
/** The issuer a value names (lower case), null for none, MALFORMED when it breaks the grammar. */
function modelIssuer(value: string): string | null | typeof MALFORMED {
  const [head = "", ...rest] = value.split(";");
  const issuer = trimWsp(head);
  if (issuer !== "" && !issuer.split(".").every(isLabel)) return MALFORMED;
  const onlyEmptyTail = rest.length === 1 && trimWsp(rest[0]!) === "";
  if (!onlyEmptyTail && !rest.every((piece) => isParameter(trimWsp(piece)))) return MALFORMED;
  return issuer === "" ? null : issuer.toLowerCase();
}

function modelAllowed(
  name: string,
  tree: Map<string, CaaRecord[]>,
  identity: string,
): { allowed: boolean; at?: string } {
  const wildcard = name.startsWith("*.");
  const base = wildcard ? name.slice(2) : name;
  let at: string | undefined;
  for (const [key, records] of tree) {
    const ancestor = base === key || base.endsWith(`.${key}`);
    if (ancestor && records.length > 0 && (at === undefined || key.length > at.length)) at = key;
  }
  if (at === undefined) return { allowed: true };
  const records = tree.get(at)!;
  const tag = (record: CaaRecord) => record.tag.toLowerCase();
  if (records.some((record) => record.flags >= 128 && !KNOWN.has(tag(record)))) return { allowed: false, at };
  const wanted = wildcard && records.some((record) => tag(record) === "issuewild") ? "issuewild" : "issue";
  const relevant = records.filter((record) => tag(record) === wanted);
  if (relevant.length === 0) return { allowed: true, at };
  return { allowed: relevant.some((record) => modelIssuer(record.value) === identity.toLowerCase()), at };
}

// ---------------------------------------------------------------------------------------------------------
// Generators: small label alphabets so that tree keys often sit on the name's chain.
// ---------------------------------------------------------------------------------------------------------
const IDENTITIES = ["trustasia.com", "wotrus.com", "globalsign.com", "dnspod.cn"];
const label = fc.constantFrom("a", "b", "www", "shop", "example", "com", "cn");
const plainName = fc.array(label, { minLength: 1, maxLength: 4 }).map((labels) => labels.join("."));
const requestName = fc.tuple(fc.boolean(), plainName).map(([wild, name]) => (wild ? `*.${name}` : name));

const wsp = fc.constantFrom("", " ", "\t", "  ");
const issuer = fc.constantFrom(
  ...IDENTITIES,
  "TrustAsia.COM",
  "letsencrypt.org",
  "trustasia.com.",
  "trust asia.com",
  "-x.com",
  "a..b",
);
const parameter = fc
  .tuple(
    fc.constantFrom("accounturi", "validationmethods", "policy", "a b", ""),
    wsp,
    fc.constantFrom("https://acme/1", "dns-01", "x=y", "", "a b", "é"),
  )
  .map(([tag, space, value]) => `${tag}${space}=${space}${value}`);
const structuredValue = fc
  .tuple(wsp, fc.option(issuer), wsp, fc.option(fc.array(parameter, { maxLength: 3 })), fc.constantFrom("", ";", " "))
  .map(([lead, name, gap, params, tail]) => {
    const parameters = params === null ? "" : `;${params.map((p) => ` ${p}`).join(";")}`;
    return `${lead}${name ?? ""}${gap}${parameters}${tail}`;
  });
const tokenValue = fc
  .array(
    fc.constantFrom(
      ...IDENTITIES,
      "WOTRUS.com",
      ";",
      " ",
      "\t",
      "=",
      "accounturi",
      "https://x/1",
      "%%",
      "-",
      "a",
      ".",
      "\n",
      "é",
      "\x7f",
    ),
    { maxLength: 8 },
  )
  .map((tokens) => tokens.join(""));
const record: fc.Arbitrary<CaaRecord> = fc.record({
  flags: fc.constantFrom(0, 0, 0, 1, 64, 128, 129, 255),
  tag: fc.constantFrom(
    "issue",
    "issue",
    "issuewild",
    "ISSUE",
    "IssueWild",
    "iodef",
    "issuemail",
    "contactemail",
    "tbs",
    "future",
  ),
  value: fc.oneof(structuredValue, tokenValue),
});
const tree = fc
  .array(fc.tuple(plainName, fc.array(record, { maxLength: 4 })), { maxLength: 6 })
  .map((entries) => new Map(entries));

describe("CAA properties", () => {
  test.prop([fc.oneof(structuredValue, tokenValue)], RUNS)(
    "DCV-7: issue values parse as the grammar model says",
    (value) => {
      const model = modelIssuer(value);
      const parsed = parseCaaIssueValue(value);
      if (model === MALFORMED) expect(parsed).toBeUndefined();
      else expect(parsed?.issuer ?? null).toBe(model);
    },
  );

  test.prop([requestName, tree, fc.constantFrom(...IDENTITIES, "DNSPod.cn")], RUNS)(
    "DCV-7: CAA decisions agree with an independent model over generated record trees",
    (name, records, identity) => {
      const decision = evaluateCaa(name, (at) => records.get(at), { identity });
      const model = modelAllowed(name, records, identity);
      expect(decision.allowed).toBe(model.allowed);
      expect(decision.at).toBe(model.at);
      const allowedOutcomes = ["no-caa", "no-restriction", "authorised"];
      expect(allowedOutcomes.includes(decision.outcome)).toBe(decision.allowed);
      if (!decision.allowed) expect(decision.reason).toContain(`at ${model.at}`);
    },
  );
});
