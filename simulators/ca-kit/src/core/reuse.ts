// How long a passed domain validation is kept, and whose it is: the reseller's (DCV-11, international brands) or a
// company's (DCV-8, DNSPod GM: the same domain under the same company or organisation name).
import { DAY, GMT8_OFFSET_MS } from "@certsim/clock";
import { dcvReuseDays } from "./timings";

export interface ReusePolicy {
  /**
   * `reseller`: any earlier validation of the name by the same reseller (DCV-11); `company`: only one made under the
   * same company (DV) or organisation (OV/EV) name, kept apart from the reseller's other validations (DCV-8).
   */
  scope: "reseller" | "company";
  /** Whether a validation made at `validatedAt` may still be used by an order whose DCV begins at `now`. */
  retained(validatedAt: number, now: number): boolean;
  /** The rule logs and answers name ("DCV-11", "DCV-8"). */
  rule: string;
  /** How long, in words ("13 months"). */
  period: string;
}

/** DCV-11: the reseller's validations, for the number of days the date allows (398, 200, 100, 10). */
export function resellerReuse(days: (at: Date) => number = dcvReuseDays): ReusePolicy {
  return {
    scope: "reseller",
    retained: (validatedAt, now) => now - validatedAt < days(new Date(now)) * DAY,
    rule: "DCV-11",
    period: "the DCV-11 period",
  };
}

/**
 * DCV-8: a validation kept for `months` calendar months (GMT+8) under the company or organisation name it was made
 * for: retained while `now` is before the same day-of-month and time `months` later.
 */
export function companyReuse(months: number, rule = "DCV-8"): ReusePolicy {
  if (!Number.isInteger(months) || months < 1) throw new RangeError("companyReuse needs a whole number of months");
  return {
    scope: "company",
    retained: (validatedAt, now) => now < addMonthsGmt8(validatedAt, months),
    rule,
    period: `${months} months`,
  };
}

/**
 * The same GMT+8 wall-clock time `months` later; a day the target month lacks becomes its last day
 * (2026-01-31 + 1 month = 2026-02-28).
 */
export function addMonthsGmt8(at: number, months: number): number {
  const local = new Date(at + GMT8_OFFSET_MS);
  const year = local.getUTCFullYear();
  const month = local.getUTCMonth() + months;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  const shifted = Date.UTC(
    year,
    month,
    Math.min(local.getUTCDate(), lastDay),
    local.getUTCHours(),
    local.getUTCMinutes(),
    local.getUTCSeconds(),
    local.getUTCMilliseconds(),
  );
  return shifted - GMT8_OFFSET_MS;
}

/** A company or organisation name as validations are filed under it: NFKC, trimmed, spaces collapsed, case folded. */
export function companyKey(name: string): string {
  return name.normalize("NFKC").trim().replace(/\s+/g, " ").toLowerCase();
}
