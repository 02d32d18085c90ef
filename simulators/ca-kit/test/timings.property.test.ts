import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { dcvReuseDays, nextDcvCheck, resolveTimings } from "../src";

const instant = fc.integer({ min: Date.parse("2025-01-01T00:00:00Z"), max: Date.parse("2031-01-01T00:00:00Z") });

test.prop([
  instant,
  fc.integer({ min: 0, max: 8 * DAY }),
  fc.integer({ min: 1, max: 30 }),
  fc.integer({ min: 1, max: 12 }),
])(
  "DCV-2: the next check is strictly later, at most one interval away, and on the schedule's grid",
  (start, offset, fastMinutes, slowHours) => {
    const timings = resolveTimings({ dcvFastInterval: fastMinutes * MINUTE, dcvSlowInterval: slowHours * HOUR });
    const after = start + offset;
    const next = nextDcvCheck(start, after, timings);
    expect(next).toBeGreaterThan(after);
    const fastEnd = start + timings.dcvFastPeriod;
    if (next <= fastEnd) {
      expect((next - start) % timings.dcvFastInterval).toBe(0);
      expect(next - after).toBeLessThanOrEqual(timings.dcvFastInterval);
    } else {
      expect((next - fastEnd) % timings.dcvSlowInterval).toBe(0);
      expect(next - Math.max(after, fastEnd)).toBeLessThanOrEqual(timings.dcvSlowInterval);
    }
  },
);

test.prop([instant, instant])("DCV-11: the reuse period never grows as the simulated date moves on", (a, b) => {
  const [early, late] = a <= b ? [a, b] : [b, a];
  expect(dcvReuseDays(late)).toBeLessThanOrEqual(dcvReuseDays(early));
});
