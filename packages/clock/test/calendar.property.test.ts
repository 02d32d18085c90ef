import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { defaultCalendar as cal, DAY, GMT8_OFFSET_MS, Rng } from "../src/index";

// Instants across both calendar years the default calendar knows, with a margin on each side.
const instant = fc.integer({ min: Date.UTC(2025, 11, 1), max: Date.UTC(2028, 0, 31) });
const timeOfDay = (ms: number) => (((ms + GMT8_OFFSET_MS) % DAY) + DAY) % DAY;

describe("business calendar properties", () => {
  test.prop([instant, fc.integer({ min: 1, max: 60 })])("addBusinessDays(d, n ≥ 1) is a business day", (d, n) => {
    const result = cal.addBusinessDays(d, n);
    expect(cal.isBusinessDay(result)).toBe(true);
    expect(result.getTime()).toBeGreaterThan(d);
    expect(timeOfDay(result.getTime())).toBe(timeOfDay(d));
  });

  test.prop([instant, fc.integer({ min: -60, max: 60 })])("businessDaysBetween agrees with addBusinessDays", (d, n) => {
    expect(cal.businessDaysBetween(d, cal.addBusinessDays(d, n))).toBe(n);
  });

  test.prop([instant, instant])("businessDaysBetween counts the business dates between a and b", (a, b) => {
    const n = cal.businessDaysBetween(a, b);
    const date = (x: Date | number) => cal.localDate(x);
    if (b >= a) {
      // The n-th business day after a's date is on or before b's date; the (n+1)-th is after it.
      expect(n).toBeGreaterThanOrEqual(0);
      expect(date(cal.addBusinessDays(a, n)) <= date(b)).toBe(true);
      expect(date(cal.addBusinessDays(a, n + 1)) > date(b)).toBe(true);
    } else {
      // Backwards: the |n|-th business day before a's date is on or after b's date; one more is before it.
      expect(n).toBeLessThanOrEqual(0);
      if (n < 0) expect(date(cal.addBusinessDays(a, n)) >= date(b)).toBe(true);
      expect(date(cal.addBusinessDays(a, n - 1)) < date(b)).toBe(true);
    }
  });

  test.prop([instant, fc.nat({ max: 5 }), fc.nat({ max: 5 }), fc.string()])(
    "sampleBusinessDays from a business day lies between addBusinessDays(min) and addBusinessDays(max)",
    (d, a, b, seed) => {
      const [min, max] = a <= b ? [a, b] : [b, a];
      const start = cal.isBusinessDay(d) ? d : cal.addBusinessDays(d, 1).getTime();
      const result = cal.sampleBusinessDays(start, min, max, new Rng(seed));
      expect(cal.isBusinessDay(result)).toBe(true);
      expect(result.getTime()).toBeGreaterThanOrEqual(cal.addBusinessDays(start, min).getTime());
      expect(result.getTime()).toBeLessThanOrEqual(cal.addBusinessDays(start, max).getTime());
    },
  );
});
