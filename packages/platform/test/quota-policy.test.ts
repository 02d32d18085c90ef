import { describe, expect, it } from "vitest";
import { chooseBucket, limitsFor, quotaView } from "../src/quota/policy";

describe("quota policy", () => {
  it("FREE-4: each account type's limits", () => {
    expect(limitsFor({ type: "individual", memberLevel: "standard", legacy: false })).toEqual({
      platform: 30,
      any: 20,
    });
    expect(limitsFor({ type: "individual", memberLevel: "V1", legacy: false })).toEqual({ platform: 30, any: 20 });
    expect(limitsFor({ type: "individual", memberLevel: "V2", legacy: false })).toEqual({ platform: 0, any: 50 });
    expect(limitsFor({ type: "enterprise", memberLevel: "standard", legacy: false })).toEqual({ platform: 0, any: 10 });
    expect(limitsFor({ type: "enterprise", memberLevel: "V2", legacy: true })).toEqual({ platform: 0, any: 20 });
  });

  it("FREE-5: a platform-registered name uses the platform-domain quota first, then the any-domain quota", () => {
    const limits = { platform: 30, any: 20 };
    expect(chooseBucket(limits, { platform: 0, any: 0 }, true)).toBe("platform");
    expect(chooseBucket(limits, { platform: 29, any: 20 }, true)).toBe("platform");
    expect(chooseBucket(limits, { platform: 30, any: 0 }, true)).toBe("any");
    expect(chooseBucket(limits, { platform: 30, any: 20 }, true)).toBeUndefined();
    // any other name never touches the platform-domain quota
    expect(chooseBucket(limits, { platform: 0, any: 0 }, false)).toBe("any");
    expect(chooseBucket(limits, { platform: 0, any: 20 }, false)).toBeUndefined();
  });

  it("FREE-10: the view shows used / total and what is left of each part", () => {
    expect(quotaView({ platform: 30, any: 20 }, { platform: 3, any: 20 })).toEqual({
      Total: 50,
      Used: 23,
      PlatformDomain: { Total: 30, Used: 3, Remaining: 27 },
      AnyDomain: { Total: 20, Used: 20, Remaining: 0 },
    });
  });
});
