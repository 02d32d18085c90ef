import { describe, expect, it } from "vitest";
import { NameError, normaliseName } from "../src/index";

function refusal(input: string): NameError {
  try {
    normaliseName(input, { field: "DomainName" });
  } catch (error) {
    if (error instanceof NameError) return error;
    throw error;
  }
  throw new Error(`${JSON.stringify(input)} was accepted as ${normaliseName(input)}`);
}

const label = (length: number) => "a".repeat(length);

describe("normaliseName", () => {
  it.each([
    ["example.com", "example.com"],
    ["EXAMPLE.COM", "example.com"],
    ["Www.Example.Com", "www.example.com"],
    ["  example.com\t", "example.com"],
    ["example.com.", "example.com"],
    ["Example.COM. ", "example.com"],
    ["bücher.de", "xn--bcher-kva.de"],
    ["BÜCHER.DE", "xn--bcher-kva.de"],
    ["XN--BCHER-KVA.DE", "xn--bcher-kva.de"],
    ["*.bücher.de", "*.xn--bcher-kva.de"],
    ["中文.中国", "xn--fiq228c.xn--fiqs8s"],
    ["faß.de", "xn--fa-hia.de"],
    ["ｅｘａｍｐｌｅ.com", "example.com"],
    ["a。b.com", "a.b.com"],
    ["example.com。", "example.com"],
    ["ex\u00adample.com", "example.com"],
    ["a-b.example.com", "a-b.example.com"],
    ["xn--e-ufa.com", "xn--e-ufa.com"],
    ["localhost", "localhost"],
  ])("DOM-3: %j is normalised to %j", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
    expect(normaliseName(expected)).toBe(expected);
  });

  it.each([
    ["1.2.3.4", "1.2.3.4"],
    ["1.2.3.4.", "1.2.3.4"],
    ["2001:DB8:0:0:0:0:0:1", "2001:db8::1"],
    ["[2001:db8::1]", "2001:db8::1"],
    ["1:0:0:2:0:0:0:3", "1:0:0:2::3"],
    ["::1", "::1"],
  ])("DOM-3: the IP address %j passes through as %j", (input, expected) => {
    expect(normaliseName(input)).toBe(expected);
  });

  it("DOM-3: a 63-octet label is accepted and a 64-octet label is refused", () => {
    expect(normaliseName(label(63))).toBe(label(63));
    expect(refusal(label(64)).reason).toBe("label-too-long");
    expect(refusal(`${label(64)}.com`).reason).toBe("label-too-long");
  });

  it("DOM-3: a 64-character name is accepted and a 65-character one is refused", () => {
    const sixtyFour = `${label(60)}.com`;
    expect(sixtyFour).toHaveLength(64);
    expect(normaliseName(sixtyFour)).toBe(sixtyFour);
    expect(normaliseName(`${sixtyFour}.`)).toBe(sixtyFour);
    expect(refusal(`${label(61)}.com`).reason).toBe("name-too-long");
    // With a 64-character limit a 63-octet label only fits alone.
    expect(refusal(`${label(63)}.com`).reason).toBe("name-too-long");
  });

  it("DOM-3: the length limit counts the A-label form and the wildcard label", () => {
    const wildcard64 = `*.${label(58)}.com`;
    expect(normaliseName(wildcard64)).toBe(wildcard64);
    expect(refusal(`*.${label(59)}.com`).reason).toBe("name-too-long");
    // 25 characters in Unicode, 77 in A-labels.
    const unicode = "中文域名测试网站例子.天地玄黄宇宙洪荒日月.com";
    expect(unicode).toHaveLength(25);
    expect(refusal(unicode).reason).toBe("name-too-long");
    // A 26-character Unicode label is 84 octets as an A-label.
    expect(refusal("中文域名测试网站例子天地玄黄宇宙洪荒日月盈昃辰宿列张.com").reason).toBe("label-too-long");
    expect(normaliseName("中文域名测试网站例子天地玄黄宇宙.com")).toMatch(/^xn--[a-z0-9-]+\.com$/);
  });

  it.each([
    ["", "empty-name"],
    ["   ", "empty-name"],
    [".", "empty-label"],
    ["a..b.com", "empty-label"],
    [".example.com", "empty-label"],
    ["example.com..", "empty-label"],
    ["a_b.example.com", "illegal-character"],
    ["exa mple.com", "illegal-character"],
    ["example.com/path", "illegal-character"],
    ["user@example.com", "illegal-character"],
    ["example.com:443", "illegal-character"],
    ["a%41.com", "illegal-character"],
    ["ex!ample.com", "illegal-character"],
    ["-example.com", "hyphen-position"],
    ["example-.com", "hyphen-position"],
    ["ab--cd.com", "reserved-label"],
    ["xn--zz.com", "invalid-idn"],
    ["a\u200db.com", "invalid-idn"],
    ["127.1", "numeric-tld"],
    ["0x7f.1", "numeric-tld"],
    ["example.123", "numeric-tld"],
    ["1.2.3.4.5", "numeric-tld"],
    ["010.0.0.1", "numeric-tld"],
    ["１.２.３.４", "numeric-tld"],
    ["fe80::1%eth0", "invalid-ip"],
    ["[example.com]", "invalid-ip"],
    ["2001:db8::1::2", "invalid-ip"],
  ])("DOM-3: %j is refused (%s)", (input, reason) => {
    const error = refusal(input);
    expect(error.reason).toBe(reason);
    expect(error.code).toBe("InvalidParameter.DomainInvalid");
    expect(error.rule).toBe("DOM-3");
    expect(error.field).toBe("DomainName");
  });

  it("DOM-3: a refusal serialises without a stack trace and quotes a shortened input", () => {
    const error = refusal(`${"x".repeat(500)}_.com`);
    const json = JSON.stringify(error);
    expect(json).not.toContain("at normaliseName");
    expect(error.message.length).toBeLessThan(200);
    expect(JSON.parse(json)).toEqual({
      error: {
        code: "InvalidParameter.DomainInvalid",
        message: error.message,
        rule: "DOM-3",
        reason: "illegal-character",
        field: "DomainName",
      },
    });
  });
});
