// The generic parts DNSPod's GM products need: letters judged by content (SM-1/SM-2, OV-1) and validations kept by
// company for calendar months (DCV-8).
import { gmt8 } from "@certsim/clock";
import { describe, expect, it } from "vitest";
import {
  addMonthsGmt8,
  checkLetter,
  companyKey,
  companyReuse,
  LETTER_MAX_BYTES,
  type LetterPolicy,
  resellerReuse,
  sniffLetterType,
} from "../src";

const bytes = (head: number[] | string, size = 64) => {
  const out = new Uint8Array(size);
  out.set(typeof head === "string" ? [...head].map((c) => c.charCodeAt(0)) : head);
  return out;
};

const policy: LetterPolicy = {
  required: () => true,
  before: "dcv",
  types: ["jpg", "gif", "pdf"],
  maxBytes: LETTER_MAX_BYTES,
  minBytes: 16,
  replace: "never",
  rule: "SM-2",
};

describe("confirmation letters", () => {
  it("SM-1: a letter's type is judged by its first bytes: JPEG, PNG, GIF87a/89a, PDF; anything else is unknown", () => {
    expect(sniffLetterType(bytes([0xff, 0xd8, 0xff, 0xe1]))).toBe("jpg");
    expect(sniffLetterType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]))).toBe("png");
    expect(sniffLetterType(bytes("GIF87a"))).toBe("gif");
    expect(sniffLetterType(bytes("GIF89a"))).toBe("gif");
    expect(sniffLetterType(bytes("%PDF-1.4"))).toBe("pdf");
    expect(sniffLetterType(bytes("PDF-1.4 %"))).toBeUndefined();
    expect(sniffLetterType(bytes([0xff, 0xd8]))).toBeUndefined();
    expect(sniffLetterType(new Uint8Array([0xff, 0xd8]))).toBeUndefined();
  });

  it("SM-1: the policy refuses other types, empty, too small and too large letters with InvalidLetter naming its rule", () => {
    expect(checkLetter(policy, bytes("%PDF-1.7"))).toBe("pdf");
    expect(checkLetter(policy, bytes("%PDF-1.7", LETTER_MAX_BYTES))).toBe("pdf");
    for (const [content, pattern] of [
      [bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), /PNG file: only JPG, GIF, PDF/],
      [bytes("hello"), /not a JPG, GIF, PDF file/],
      [new Uint8Array(0), /empty/],
      [bytes("%PDF-", 8), /at least 16/],
      [bytes("%PDF-", LETTER_MAX_BYTES + 1), /at most 1468006/],
    ] as const) {
      expect(() => checkLetter(policy, content)).toThrow(pattern);
      try {
        checkLetter(policy, content);
      } catch (error) {
        expect(error).toMatchObject({ status: 400, code: "InvalidLetter", details: { rule: "SM-2", field: "letter" } });
      }
    }
  });
});

describe("validations kept by company", () => {
  it("DCV-8: 13 months are counted on the GMT+8 calendar; a day the month lacks becomes its last day", () => {
    const at = (local: string) => gmt8(local).getTime();
    expect(addMonthsGmt8(at("2026-05-11T10:10"), 13)).toBe(at("2027-06-11T10:10"));
    expect(addMonthsGmt8(at("2026-01-31T23:30"), 1)).toBe(at("2026-02-28T23:30"));
    expect(addMonthsGmt8(at("2027-01-31T00:15"), 13)).toBe(at("2028-02-29T00:15"));
    expect(addMonthsGmt8(at("2026-12-15T08:00"), 13)).toBe(at("2028-01-15T08:00"));
    const gm = companyReuse(13);
    expect(gm).toMatchObject({ scope: "company", rule: "DCV-8", period: "13 months" });
    const validated = at("2026-05-11T10:10");
    expect(gm.retained(validated, at("2027-06-11T10:09"))).toBe(true);
    expect(gm.retained(validated, at("2027-06-11T10:10"))).toBe(false);
    expect(() => companyReuse(0)).toThrow(RangeError);
  });

  it("DCV-8: company names are filed case- and space-insensitively; DCV-11's reseller book follows the date", () => {
    expect(companyKey("  ACME  Widgets\tCo., Ltd. ")).toBe(companyKey("Acme Widgets Co., Ltd."));
    expect(companyKey("Ａｃｍｅ")).toBe("acme"); // full-width letters (NFKC)
    expect(companyKey("Acme Widgets")).not.toBe(companyKey("Acme Gadgets"));
    const byReseller = resellerReuse();
    const day = 86_400_000;
    // The period is the one of the date the validation is used on.
    const before = Date.UTC(2025, 0, 1);
    expect(byReseller.retained(before, before + 397 * day)).toBe(true); // 398 days before 2026-03-15
    expect(byReseller.retained(before, before + 398 * day)).toBe(false);
    const after = Date.UTC(2026, 5, 1);
    expect(byReseller.retained(after, after + 199 * day)).toBe(true); // 200 from 2026-03-15
    expect(byReseller.retained(after, after + 200 * day)).toBe(false);
  });
});
