// A CA's failure code explained in the customer's words, whatever code the CA sends.
import { describe, expect, it } from "vitest";
import { describeFailure } from "../src/adapters/ca-order";

describe("describeFailure", () => {
  const explanations = { CAA_FORBIDS: "a CAA record forbids this CA" };

  it("puts the brand's explanation before the CA's own message", () => {
    expect(describeFailure("WoTrus", explanations, { code: "CAA_FORBIDS", message: "issue ;" })).toEqual({
      code: "CAA_FORBIDS",
      reason: "a CAA record forbids this CA: issue ;",
    });
  });

  it.each(["constructor", "toString", "__proto__", "UNKNOWN"])(
    "names an unknown code %s as such instead of reading it off Object.prototype",
    (code) => {
      expect(describeFailure("WoTrus", explanations, { code })).toEqual({ code, reason: `WoTrus refused (${code})` });
    },
  );

  it("has nothing to say without a failure", () => {
    expect(describeFailure("WoTrus", explanations, null)).toBeNull();
  });
});
