import { describe, expect, it } from "vitest";
import {
  type CaaLookup,
  type CaaRecord,
  caaLookupChain,
  decideCaa,
  evaluateCaa,
  parseCaaIssueValue,
  relevantCaaSet,
} from "../src/index";

const issue = (value: string, flags = 0): CaaRecord => ({ flags, tag: "issue", value });
const issuewild = (value: string, flags = 0): CaaRecord => ({ flags, tag: "issuewild", value });

/** A DNS tree as plain data; the lookup also records which names were asked, in order. */
function zone(records: Record<string, CaaRecord[]>) {
  const asked: string[] = [];
  const lookup: CaaLookup = (name) => {
    asked.push(name);
    return records[name];
  };
  return { lookup, asked };
}

const trustasia = { identity: "trustasia.com" };

describe("CAA tree climbing", () => {
  it("DCV-7: the chain is the name and each parent up to but excluding the root", () => {
    expect(caaLookupChain("a.b.Example.com.")).toEqual(["a.b.example.com", "b.example.com", "example.com", "com"]);
    expect(caaLookupChain("example.co.uk")).toEqual(["example.co.uk", "co.uk", "uk"]);
    expect(caaLookupChain("bücher.de")).toEqual(["xn--bcher-kva.de", "de"]);
  });

  it("DCV-7: a wildcard's climb starts at its base", () => {
    expect(caaLookupChain("*.shop.example.com")).toEqual(["shop.example.com", "example.com", "com"]);
  });

  it("DCV-7: an IP address has no CAA chain and CAA does not restrict it", () => {
    expect(caaLookupChain("192.0.2.1")).toEqual([]);
    const { lookup, asked } = zone({});
    expect(evaluateCaa("192.0.2.1", lookup, trustasia)).toMatchObject({ allowed: true, outcome: "ip-address" });
    expect(asked).toEqual([]);
  });

  it("DCV-7: the climb stops at the first non-empty set, skipping empty ones", () => {
    const { lookup, asked } = zone({
      "b.example.com": [],
      "example.com": [issue("letsencrypt.org")],
      com: [issue("trustasia.com")],
    });
    expect(relevantCaaSet("a.b.example.com", lookup)).toEqual({
      at: "example.com",
      records: [issue("letsencrypt.org")],
    });
    expect(asked).toEqual(["a.b.example.com", "b.example.com", "example.com"]);
  });

  it("DCV-7: a set deeper in the tree overrides its parents", () => {
    const { lookup } = zone({ "shop.example.com": [issue("trustasia.com")], "example.com": [issue(";")] });
    expect(evaluateCaa("shop.example.com", lookup, trustasia)).toMatchObject({
      allowed: true,
      outcome: "authorised",
      at: "shop.example.com",
    });
    expect(evaluateCaa("example.com", lookup, trustasia)).toMatchObject({ allowed: false, at: "example.com" });
  });

  it("DCV-7: no records anywhere allows issuance", () => {
    const { lookup, asked } = zone({});
    expect(evaluateCaa("a.example.com", lookup, trustasia)).toMatchObject({ allowed: true, outcome: "no-caa" });
    expect(asked).toEqual(["a.example.com", "example.com", "com"]);
  });
});

describe("CAA decision", () => {
  it("DCV-7: a set naming this CA allows, case-insensitively on tag and identity", () => {
    expect(decideCaa([issue("TrustAsia.COM")], { identity: "trustasia.com", wildcard: false }).allowed).toBe(true);
    expect(
      decideCaa([{ flags: 0, tag: "ISSUE", value: "wotrus.com" }], { identity: "WoTrus.com", wildcard: false }),
    ).toMatchObject({ allowed: true, outcome: "authorised" });
  });

  it("DCV-7: authorisations are additive: any matching record is enough", () => {
    const records = [issue("letsencrypt.org"), issue(";"), issue("globalsign.com"), issue("%%%")];
    expect(decideCaa(records, { identity: "globalsign.com", wildcard: false }).allowed).toBe(true);
    expect(decideCaa(records, { identity: "dnspod.cn", wildcard: false }).allowed).toBe(false);
  });

  it("DCV-7: another CA named refuses, and the reason names where the set was found", () => {
    const { lookup } = zone({ "example.com": [issue("letsencrypt.org")] });
    const decision = evaluateCaa("www.shop.example.com", lookup, trustasia);
    expect(decision).toMatchObject({ allowed: false, outcome: "not-authorised", at: "example.com" });
    expect(decision.reason).toContain("example.com");
    expect(decision.reason).toContain("letsencrypt.org");
    expect(decision.reason).toContain("trustasia.com");
  });

  it('DCV-7: issue ";" and an empty issue value forbid every CA', () => {
    for (const value of [";", "", "  ;  ", "; accounturi=https://acme.example/acct/1"]) {
      const decision = decideCaa([issue(value)], { identity: "dnspod.cn", wildcard: false, at: "example.com" });
      expect(decision).toMatchObject({ allowed: false, outcome: "forbidden" });
      expect(decision.reason).toContain("at example.com");
    }
  });

  it("DCV-7: a malformed issue value names nobody", () => {
    for (const value of [
      "trustasia.com.",
      "%%%%%",
      "trustasia.com accounturi=x",
      "trustasia.com; a=b c",
      "trustasia.com; a=b;",
    ]) {
      expect(parseCaaIssueValue(value)).toBeUndefined();
      expect(decideCaa([issue(value)], { identity: "trustasia.com", wildcard: false }).allowed).toBe(false);
    }
  });

  it("DCV-7: parameters after the issuer domain are accepted", () => {
    expect(parseCaaIssueValue("letsencrypt.org; accounturi=https://acme-v02.api.letsencrypt.org/acme/acct/1")).toEqual({
      issuer: "letsencrypt.org",
      parameters: [["accounturi", "https://acme-v02.api.letsencrypt.org/acme/acct/1"]],
    });
    expect(parseCaaIssueValue(" TrustAsia.com ;  account = 42 ;\tpolicy=ev ")).toEqual({
      issuer: "trustasia.com",
      parameters: [
        ["account", "42"],
        ["policy", "ev"],
      ],
    });
    const records = [issue("trustasia.com; validationmethods=dns-01"), issue("letsencrypt.org; accounturi=x")];
    expect(decideCaa(records, { identity: "trustasia.com", wildcard: false }).allowed).toBe(true);
    expect(decideCaa(records, { identity: "wotrus.com", wildcard: false }).allowed).toBe(false);
  });

  it("DCV-7: issuewild overrides issue for a wildcard", () => {
    const records = [issue("trustasia.com"), issuewild("globalsign.com")];
    expect(decideCaa(records, { identity: "globalsign.com", wildcard: true })).toMatchObject({
      allowed: true,
      outcome: "authorised",
    });
    expect(decideCaa(records, { identity: "trustasia.com", wildcard: true })).toMatchObject({
      allowed: false,
      outcome: "not-authorised",
    });
    expect(
      decideCaa([issue("trustasia.com"), issuewild(";")], { identity: "trustasia.com", wildcard: true }),
    ).toMatchObject({ allowed: false, outcome: "forbidden" });
  });

  it("DCV-7: issuewild is ignored for a non-wildcard name, and issue applies to wildcards without issuewild", () => {
    const onlyWild = [issuewild(";")];
    expect(decideCaa(onlyWild, { identity: "trustasia.com", wildcard: false })).toMatchObject({
      allowed: true,
      outcome: "no-restriction",
    });
    const records = [issue("globalsign.com"), issuewild("trustasia.com")];
    expect(decideCaa(records, { identity: "trustasia.com", wildcard: false }).allowed).toBe(false);
    expect(decideCaa([issue("globalsign.com")], { identity: "globalsign.com", wildcard: true }).allowed).toBe(true);
    expect(decideCaa([issue("globalsign.com")], { identity: "trustasia.com", wildcard: true }).allowed).toBe(false);
  });

  it("DCV-7: evaluateCaa treats `*.` names as wildcards unless told otherwise", () => {
    const { lookup } = zone({ "example.com": [issue("wotrus.com"), issuewild("dnspod.cn")] });
    expect(evaluateCaa("*.example.com", lookup, { identity: "dnspod.cn" }).allowed).toBe(true);
    expect(evaluateCaa("*.example.com", lookup, { identity: "wotrus.com" }).allowed).toBe(false);
    expect(evaluateCaa("www.example.com", lookup, { identity: "wotrus.com" }).allowed).toBe(true);
    expect(evaluateCaa("example.com", lookup, { identity: "wotrus.com", wildcard: true }).allowed).toBe(false);
  });

  it("DCV-7: a critical record with an unknown tag forbids issuance", () => {
    const records = [issue("trustasia.com"), { flags: 128, tag: "tbs", value: "unknown" }];
    const decision = decideCaa(records, { identity: "trustasia.com", wildcard: false, at: "example.com" });
    expect(decision).toMatchObject({ allowed: false, outcome: "critical-unknown-tag" });
    expect(decision.reason).toContain("tbs");
    expect(decision.reason).toContain("example.com");
    // Any flags value with the high bit set is critical.
    expect(decideCaa([{ flags: 255, tag: "future", value: "" }], { identity: "x.com", wildcard: false }).allowed).toBe(
      false,
    );
  });

  it("DCV-7: a non-critical unknown tag, or a critical known one, is ignored", () => {
    expect(
      decideCaa([{ flags: 0, tag: "tbs", value: "unknown" }], { identity: "trustasia.com", wildcard: false }),
    ).toMatchObject({ allowed: true, outcome: "no-restriction" });
    expect(
      decideCaa([{ flags: 1, tag: "future", value: "" }, issue("trustasia.com")], {
        identity: "trustasia.com",
        wildcard: false,
      }).allowed,
    ).toBe(true);
    expect(
      decideCaa([{ flags: 128, tag: "iodef", value: "mailto:security@example.com" }, issue("trustasia.com", 128)], {
        identity: "trustasia.com",
        wildcard: false,
      }).allowed,
    ).toBe(true);
  });

  it("DCV-7: a set with only iodef does not restrict issuance", () => {
    const { lookup } = zone({ "example.com": [{ flags: 0, tag: "iodef", value: "mailto:a@example.com" }] });
    expect(evaluateCaa("example.com", lookup, trustasia)).toMatchObject({ allowed: true, outcome: "no-restriction" });
  });

  it("DCV-7: each of the four CA identities is recognised and a CA may present several", () => {
    const records = ["trustasia.com", "wotrus.com", "globalsign.com", "dnspod.cn"].map((id) => issue(id));
    for (const identity of ["trustasia.com", "wotrus.com", "globalsign.com", "dnspod.cn"]) {
      expect(
        decideCaa(
          records.filter((r) => r.value === identity),
          { identity, wildcard: false },
        ).allowed,
      ).toBe(true);
      expect(
        decideCaa(
          records.filter((r) => r.value !== identity),
          { identity, wildcard: false },
        ).allowed,
      ).toBe(false);
    }
    expect(decideCaa([issue("dnspod.cn")], { identity: ["trustasia.com", "dnspod.cn"], wildcard: false }).allowed).toBe(
      true,
    );
  });

  it("DCV-7: parsing a long hostile value stays fast", () => {
    const started = performance.now();
    expect(parseCaaIssueValue(`a;${"b=c;".repeat(5000)} x`)).toBeUndefined();
    expect(parseCaaIssueValue(`a${"-".repeat(20000)}!`)).toBeUndefined();
    expect(parseCaaIssueValue(`${"a.".repeat(10000)}`)).toBeUndefined();
    expect(performance.now() - started).toBeLessThan(2000);
  });
});
