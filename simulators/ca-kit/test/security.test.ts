import { describe, expect, it } from "vitest";
import { securityReview, skeletons } from "../src";

const list = { domains: ["blocked.com", "bad.example.org"], lookalikes: ["paypal", "microsoft"] };

describe("FREE-8: the security review's rules", () => {
  it("FREE-8: names on or under a deny-listed domain fail", () => {
    expect(securityReview(["blocked.com"], list)).toMatchObject({ passed: false });
    expect(securityReview(["a.b.blocked.com", "www.example.com"], list).reason).toMatch(/deny list \(blocked\.com\)/);
    expect(securityReview(["*.bad.example.org"], list).passed).toBe(false);
    expect(securityReview(["notblocked.com", "example.org"], list).passed).toBe(true);
  });

  it("FREE-8: look-alikes of a protected word fail: digit and letter swaps, hyphens, rn for m, homoglyphs", () => {
    for (const name of [
      "paypa1.com",
      "paypai-login.net",
      "secure-pay-pal.example.com",
      "p4ypal.cn",
      "rnicrosoft.com",
      "xn--pypal-4ve.com", // Cyrillic а
      "www.micr0soft-update.org",
    ]) {
      expect(securityReview([name], list), name).toMatchObject({ passed: false });
    }
    expect(securityReview(["paypa1.com"], list).reason).toMatch(/"paypal" \(label "paypa1"\)/);
    for (const name of ["example.com", "paypeople.com", "pal.pay.com", "microscope.com"]) {
      expect(securityReview([name], list), name).toMatchObject({ passed: true });
    }
  });

  it("FREE-8: an empty list lets everything through", () => {
    expect(securityReview(["paypa1.com", "blocked.com"], { domains: [], lookalikes: [] }).passed).toBe(true);
  });

  it("reads a label in its look-alike forms", () => {
    expect(skeletons("Pay-Pa1")).toEqual(["paypal"]);
    expect(skeletons("rnicrosoft")).toEqual(["rnlcrosoft", "mlcrosoft"]);
  });
});
