import { describe, expect, it } from "vitest";
import { classifyName, domainType, NameError } from "../src/index";

function reasonOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof NameError) return `${error.rule}:${error.reason}`;
    throw error;
  }
  return "accepted";
}

describe("classifyName", () => {
  it("DOM-4: a wildcard is `*.` as the single leftmost label and its base drops it", () => {
    expect(classifyName("*.Example.com")).toEqual({ kind: "wildcard", name: "*.example.com", base: "example.com" });
    expect(classifyName("*.a.example.com")).toEqual({
      kind: "wildcard",
      name: "*.a.example.com",
      base: "a.example.com",
    });
  });

  it("DOM-4: ordinary names and IP addresses classify as themselves", () => {
    expect(classifyName("WWW.example.com.")).toEqual({
      kind: "domain",
      name: "www.example.com",
      base: "www.example.com",
    });
    expect(classifyName("192.0.2.7")).toEqual({ kind: "ip", name: "192.0.2.7", base: "192.0.2.7" });
    expect(classifyName("2001:DB8::7")).toEqual({ kind: "ip", name: "2001:db8::7", base: "2001:db8::7" });
  });

  it.each([
    "*",
    "*.",
    "**.example.com",
    "*a.example.com",
    "a*.example.com",
    "a.*.example.com",
    "*.*.example.com",
    "example.*",
    "＊.example.com",
  ])("DOM-4: %j is refused as a misplaced wildcard", (input) => {
    expect(reasonOf(() => classifyName(input))).toBe("DOM-4:wildcard-position");
  });
});

describe("domainType", () => {
  it("DOM-4: one name is single, one wildcard is wildcard", () => {
    expect(domainType(["example.com"])).toBe("single");
    expect(domainType(["shop.example.com"])).toBe("single");
    expect(domainType(["*.example.com"])).toBe("wildcard");
    expect(domainType(["192.0.2.1"])).toBe("single");
  });

  it("DOM-4: several names are multi, or multi-wildcard when one is a wildcard", () => {
    expect(domainType(["example.com", "example.net"])).toBe("multi");
    expect(domainType(["a.example.com", "b.example.com", "192.0.2.1"])).toBe("multi");
    expect(domainType(["*.example.com", "example.com"])).toBe("multi-wildcard");
    expect(domainType(["*.example.com", "*.example.net"])).toBe("multi-wildcard");
  });

  it("DOM-4: duplicates after normalisation and DOM-2 pairs count once", () => {
    expect(domainType(["Example.com", "example.com."])).toBe("single");
    expect(domainType(["example.com", "www.example.com"])).toBe("single");
    expect(domainType(["www.example.com", "EXAMPLE.com"])).toBe("single");
    expect(domainType(["*.bücher.de", "*.xn--bcher-kva.de"])).toBe("wildcard");
    // www of a subdomain is not a DOM-2 pair.
    expect(domainType(["shop.example.com", "www.shop.example.com"])).toBe("multi");
    expect(domainType(["example.com", "www.example.com", "ssl.example.com"])).toBe("multi");
  });

  it("DOM-4: an empty list and an invalid member are refused", () => {
    expect(reasonOf(() => domainType([]))).toBe("DOM-4:empty-list");
    expect(reasonOf(() => domainType(["example.com", "a..b"]))).toBe("DOM-3:empty-label");
  });
});
