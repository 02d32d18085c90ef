import { describe, expect, it } from "vitest";
import { isPublicSuffix, isWithin, NameError, primaryDomain } from "../src/index";

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof NameError) return `${error.rule}:${error.reason}`;
    throw error;
  }
  return "accepted";
}

describe("primaryDomain", () => {
  it.each([
    ["docs.dnspod.cn", "dnspod.cn"],
    ["dnspod.cn", "dnspod.cn"],
    ["a.b.example.co.uk", "example.co.uk"],
    ["Example.CO.UK.", "example.co.uk"],
    ["www.example.com", "example.com"],
    ["*.example.com", "example.com"],
    ["*.shop.example.com", "example.com"],
    ["a.bücher.de", "xn--bcher-kva.de"],
    ["www.city.kawasaki.jp", "city.kawasaki.jp"],
    ["a.b.foo.kawasaki.jp", "b.foo.kawasaki.jp"],
    ["shop.gov.cn", "shop.gov.cn"],
    ["a.shop.xn--fiqs8s", "shop.xn--fiqs8s"],
    ["app.example.test", "example.test"],
  ])("DOM-5: the primary domain of %j is %j", (name, expected) => {
    expect(primaryDomain(name)).toBe(expected);
  });

  it("DOM-5: only the ICANN section counts, so private suffixes belong to their operator", () => {
    expect(primaryDomain("foo.github.io")).toBe("github.io");
    expect(primaryDomain("my.blog.blogspot.com")).toBe("blogspot.com");
  });

  it.each(["com", "co.uk", "cn", "gov.cn", "*.co.uk", "foo.kawasaki.jp", "localhost"])(
    "DOM-5: the public suffix %j has no primary domain",
    (name) => {
      expect(reasonOf(() => primaryDomain(name))).toBe("DOM-5:no-registrable-domain");
    },
  );

  it("DOM-5: an IP address has no primary domain", () => {
    expect(reasonOf(() => primaryDomain("192.0.2.1"))).toBe("DOM-5:ip-address");
    expect(reasonOf(() => primaryDomain("2001:db8::1"))).toBe("DOM-5:ip-address");
  });

  it("DOM-5: the PSL's orphan wildcard rules make kawasaki.jp registrable but its children public suffixes", () => {
    expect(primaryDomain("kawasaki.jp")).toBe("kawasaki.jp");
    expect(reasonOf(() => primaryDomain("foo.kawasaki.jp"))).toBe("DOM-5:no-registrable-domain");
    expect(primaryDomain("a.foo.kawasaki.jp")).toBe("a.foo.kawasaki.jp");
    expect(primaryDomain("a.city.kawasaki.jp")).toBe("city.kawasaki.jp");
  });
});

describe("isPublicSuffix", () => {
  it("DOM-5: public suffixes are recognised after normalisation", () => {
    expect(isPublicSuffix("com")).toBe(true);
    expect(isPublicSuffix("CO.UK.")).toBe(true);
    expect(isPublicSuffix("中国")).toBe(true);
    expect(isPublicSuffix("example.com")).toBe(false);
    expect(isPublicSuffix("*.co.uk")).toBe(false);
    expect(isPublicSuffix("192.0.2.1")).toBe(false);
    expect(isPublicSuffix("github.io")).toBe(false);
  });
});

describe("isWithin", () => {
  it("DOM-5: a name is within itself and its ancestors, label by label", () => {
    expect(isWithin("example.com", "example.com")).toBe(true);
    expect(isWithin("a.b.example.com", "example.com")).toBe(true);
    expect(isWithin("A.Example.COM.", "example.com")).toBe(true);
    expect(isWithin("*.example.com", "example.com")).toBe(true);
    expect(isWithin("www.bücher.de", "xn--bcher-kva.de")).toBe(true);
    expect(isWithin("badexample.com", "example.com")).toBe(false);
    expect(isWithin("example.com", "a.example.com")).toBe(false);
    expect(isWithin("a.example.com", "*.example.com")).toBe(false);
    expect(isWithin("192.0.2.1", "192.0.2.1")).toBe(true);
    expect(isWithin("192.0.2.1", "192.0.2.10")).toBe(false);
    expect(isWithin("2001:db8::1", "::1")).toBe(false);
  });
});
