import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { parsePhoneNumber } from "../src";

const digits = (min: number, max: number) => fc.stringMatching(new RegExp(`^[0-9]{${min},${max}}$`));
/** Splits a digit string with spaces and dashes the way people write numbers. */
const spelled = (number: string) =>
  fc
    .array(fc.constantFrom("", "", " ", "-"), { minLength: number.length, maxLength: number.length })
    .map((seps) => [...number].map((d, i) => (i > 0 ? seps[i] : "") + d).join(""));

describe("phone numbers", () => {
  test.prop([fc.boolean(), digits(5, 20).chain((d) => fc.tuple(fc.constant(d), spelled(d)))])(
    "every spelling with spaces and dashes files under one number",
    (plus, [number, spelling]) => {
      expect(parsePhoneNumber(`${plus ? "+" : ""}${spelling}`)).toBe(`${plus ? "+" : ""}${number}`);
    },
  );

  test.prop([fc.oneof(digits(0, 4), digits(21, 30))])("fewer than 5 or more than 20 digits are refused", (number) => {
    expect(() => parsePhoneNumber(number)).toThrow(/not a phone number/);
  });

  test.prop([digits(5, 10), fc.constantFrom("(", ")", ".", "x", "/", "+", "#"), digits(1, 5)])(
    "any other character (or a + not in front) is refused",
    (a, bad, b) => {
      expect(() => parsePhoneNumber(`${a}${bad}${b}`)).toThrow(/not a phone number/);
    },
  );
});
