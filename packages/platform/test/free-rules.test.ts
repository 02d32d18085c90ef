import { ApiError } from "@certsim/service";
import { describe, expect, it } from "vitest";
import { checkFreeName, DEFAULT_FREE_SUFFIX_DENY_LIST } from "../src/orders/free-rules";

const refusal = (name: string, list = DEFAULT_FREE_SUFFIX_DENY_LIST) => {
  try {
    checkFreeName(name, list);
  } catch (error) {
    if (error instanceof ApiError) return { code: error.code, ...error.details };
    throw error;
  }
  return undefined;
};

describe("free-certificate names", () => {
  it("FREE-1: one plain name; no wildcard, no IP, no public suffix", () => {
    expect(refusal("*.example.com")).toMatchObject({
      code: "InvalidParameter.DomainInvalid",
      rule: "FREE-1",
      field: "DomainName",
    });
    expect(refusal("192.0.2.1")).toMatchObject({ code: "InvalidParameter.DomainInvalid", rule: "FREE-1" });
    expect(refusal("co.uk")).toMatchObject({ code: "InvalidParameter.DomainInvalid", rule: "FREE-1" });
    expect(checkFreeName("shop.example.com", [])).toEqual({
      domain: "shop.example.com",
      primaryDomain: "example.com",
      names: ["shop.example.com"],
    });
  });

  it("FREE-2: names under the denied suffixes are refused, label by label; the list is configurable", () => {
    for (const name of [
      "mit.edu",
      "a.b.gov",
      "wikipedia.org",
      "yandex.ru",
      "x.co.jp",
      "my.pay",
      "big.bank",
      "now.live",
      "a.nuclear",
    ]) {
      expect(refusal(name)).toMatchObject({ code: "FailedOperation.DomainSuffixNotSupported", rule: "FREE-2" });
    }
    expect(refusal("example.org.cn")).toBeUndefined();
    expect(refusal("notorg.com")).toBeUndefined();
    expect(refusal("example.com", [".COM."])).toMatchObject({ rule: "FREE-2" });
    expect(refusal("wikipedia.org", [])).toBeUndefined();
  });

  it("DOM-3: the name is normalised before the rules run", () => {
    expect(checkFreeName("  WWW.Example.COM. ", []).domain).toBe("www.example.com");
    expect(checkFreeName("bücher.example", []).domain).toBe("xn--bcher-kva.example");
    // an upper-case, trailing-dot spelling of a denied suffix is still denied
    expect(refusal("Wikipedia.ORG.")).toMatchObject({ rule: "FREE-2" });
    for (const bad of ["a..com", `${"a".repeat(64)}.com`, "exa_mple.com", `${"a.".repeat(40)}com`, "-a.com"]) {
      expect(refusal(bad)).toMatchObject({
        code: "InvalidParameter.DomainInvalid",
        field: "DomainName",
        rule: "DOM-3",
      });
    }
  });

  it("DOM-2: an apex covers its www twin and the other way round; other names only themselves", () => {
    expect(checkFreeName("example.com", []).names).toEqual(["example.com", "www.example.com"]);
    expect(checkFreeName("www.example.com", []).names).toEqual(["www.example.com", "example.com"]);
    expect(checkFreeName("ssl.example.com", []).names).toEqual(["ssl.example.com"]);
  });

  it("DOM-4: a wildcard is one leading label only; any wildcard or IP is refused for a free certificate", () => {
    expect(refusal("a.*.example.com")).toMatchObject({ code: "InvalidParameter.DomainInvalid", field: "DomainName" });
    expect(refusal("*.*.example.com")).toMatchObject({ code: "InvalidParameter.DomainInvalid" });
    expect(refusal("*example.com")).toMatchObject({ code: "InvalidParameter.DomainInvalid" });
    expect(refusal("*.example.com")).toMatchObject({ rule: "FREE-1" });
    expect(refusal("[2001:db8::1]")).toMatchObject({ code: "InvalidParameter.DomainInvalid" });
  });

  it("DOM-5: the primary domain is the registrable domain under the Public Suffix List", () => {
    expect(checkFreeName("docs.dnspod.cn", []).primaryDomain).toBe("dnspod.cn");
    expect(checkFreeName("a.b.example.co.uk", []).primaryDomain).toBe("example.co.uk");
    expect(checkFreeName("shop.example.com", []).primaryDomain).toBe("example.com");
  });
});
