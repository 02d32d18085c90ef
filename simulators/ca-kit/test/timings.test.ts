import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { describe, expect, it } from "vitest";
import { DEFAULT_TIMINGS, dcvReuseDays, nextDcvCheck, resolveTimings } from "../src";

describe("DCV-2: the re-check schedule", () => {
  it("DCV-2: every 10 minutes during the first hour after the instructions, then every hour", () => {
    const start = Date.parse("2026-05-11T02:00:00Z");
    const times: number[] = [];
    let at = start;
    while (times.length < 9) {
      at = nextDcvCheck(start, at, DEFAULT_TIMINGS);
      times.push((at - start) / MINUTE);
    }
    expect(times).toEqual([10, 20, 30, 40, 50, 60, 120, 180, 240]);
    // From any instant, the next check is the next point of that grid.
    expect(nextDcvCheck(start, start + 25 * MINUTE, DEFAULT_TIMINGS) - start).toBe(30 * MINUTE);
    expect(nextDcvCheck(start, start + 60 * MINUTE, DEFAULT_TIMINGS) - start).toBe(2 * HOUR);
    expect(nextDcvCheck(start, start + 6 * DAY + 30 * MINUTE, DEFAULT_TIMINGS) - start).toBe(6 * DAY + HOUR);
  });
});

describe("DCV-11: the reuse period by simulated date", () => {
  it("DCV-11: 398 days before 2026-03-15, 200 from then, 100 from 2027-03-15, 10 from 2029-03-15", () => {
    expect(dcvReuseDays(new Date("2026-03-14T23:59:59Z"))).toBe(398);
    expect(dcvReuseDays(new Date("2026-03-15T00:00:00Z"))).toBe(200);
    expect(dcvReuseDays(new Date("2027-03-14T23:59:59Z"))).toBe(200);
    expect(dcvReuseDays(new Date("2027-03-15T00:00:00Z"))).toBe(100);
    expect(dcvReuseDays(new Date("2029-03-15T00:00:00Z"))).toBe(10);
    expect(dcvReuseDays(Date.parse("2035-01-01T00:00:00Z"))).toBe(10);
  });
});

describe("timings", () => {
  it("FREE-7: refuses settings that could not keep the 24-hour promise or make no sense", () => {
    expect(() => resolveTimings({ issuanceDelay: [25 * HOUR, 30 * HOUR] })).toThrow(/FREE-7/);
    expect(() => resolveTimings({ securityReviewDelay: [HOUR, MINUTE] })).toThrow(/min ≤ max/);
    expect(() => resolveTimings({ dcvDeadline: 0 })).toThrow(/positive/);
    expect(resolveTimings({ manualReview: true })).toMatchObject({ manualReview: true, dcvDeadline: 7 * DAY });
  });
});
