import { DAY, HOUR, MINUTE } from "@certsim/clock";

/**
 * Every delay of the review pipeline (all on the simulated clock; ranges are drawn from the seeded generator).
 * Documented, with their environment variables, in the brand READMEs.
 */
export interface ReviewTimings {
  /** DCV-2: the customer has this long after the instructions are issued. Default 7 days. */
  dcvDeadline: number;
  /** Re-check interval during the first `dcvFastPeriod` after the instructions. Default 10 minutes. */
  dcvFastInterval: number;
  /** Default 1 hour. */
  dcvFastPeriod: number;
  /** Re-check interval afterwards. Default 1 hour. */
  dcvSlowInterval: number;
  /** DCV-3: a random value is accepted for this long, then replaced. Default 30 days. */
  valueLifetime: number;
  /** After DCV passes, the security review runs after a delay drawn from [min, max]. Default 1–30 minutes. */
  securityReviewDelay: readonly [number, number];
  /** After DCV passes, the certificate is issued after a delay drawn from [min, max] (FREE-7). Default 10 min–12 h. */
  issuanceDelay: readonly [number, number];
  /** FREE-7: issuance never later than this after DCV passes (nor after one business day). Default 24 hours. */
  issuanceDeadline: number;
  /** A CAA lookup that failed (SERVFAIL, timeout) is retried after this. Default 1 hour. */
  caaRetryInterval: number;
  /** When true, an order whose security review passed waits in CA-REVIEWING for an operator's approval. */
  manualReview: boolean;
  /** WT-2: the pre-review takes a delay drawn from [min, max]. Default 10 minutes–72 hours. */
  preReviewDelay: readonly [number, number];
  /** OV-4: the manual review takes [min, max] business days by validation level. Default DV 1, OV 3–5, EV 5–7. */
  manualReviewDays: Readonly<Record<"DV" | "OV" | "EV", readonly [number, number]>>;
  /** OV-3: an unanswered verification call is tried again on the next business day at this GMT+8 time. "10:00". */
  callRetryTime: string;
  /** OV-3: without a confirmed call this long after the manual review began, it fails PhoneUnanswered. 30 days. */
  manualReviewPatience: number;
  /** The world (registry, phone, mail) did not answer: the manual review tries again after this. Default 1 hour. */
  worldRetryInterval: number;
}

export const DEFAULT_TIMINGS: ReviewTimings = {
  dcvDeadline: 7 * DAY,
  dcvFastInterval: 10 * MINUTE,
  dcvFastPeriod: HOUR,
  dcvSlowInterval: HOUR,
  valueLifetime: 30 * DAY,
  securityReviewDelay: [MINUTE, 30 * MINUTE],
  issuanceDelay: [10 * MINUTE, 12 * HOUR],
  issuanceDeadline: 24 * HOUR,
  caaRetryInterval: HOUR,
  manualReview: false,
  preReviewDelay: [10 * MINUTE, 72 * HOUR],
  manualReviewDays: { DV: [1, 1], OV: [3, 5], EV: [5, 7] },
  callRetryTime: "10:00",
  manualReviewPatience: 30 * DAY,
  worldRetryInterval: HOUR,
};

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** Settings over the defaults; `manualReviewDays` may name only some levels. */
export type TimingOverrides = Partial<Omit<ReviewTimings, "manualReviewDays">> & {
  manualReviewDays?: Partial<ReviewTimings["manualReviewDays"]>;
};

/** Fills defaults and refuses impossible settings (a range upside down, an issuance later than the deadline). */
export function resolveTimings(overrides: TimingOverrides = {}): ReviewTimings {
  const timings = {
    ...DEFAULT_TIMINGS,
    ...overrides,
    manualReviewDays: { ...DEFAULT_TIMINGS.manualReviewDays, ...overrides.manualReviewDays },
  };
  for (const key of [
    "dcvDeadline",
    "dcvFastInterval",
    "dcvSlowInterval",
    "valueLifetime",
    "issuanceDeadline",
    "manualReviewPatience",
    "worldRetryInterval",
  ] as const) {
    if (!(timings[key] > 0)) throw new RangeError(`timing ${key} must be positive`);
  }
  if (!(timings.dcvFastPeriod >= 0)) throw new RangeError("timing dcvFastPeriod must not be negative");
  if (!(timings.caaRetryInterval > 0)) throw new RangeError("timing caaRetryInterval must be positive");
  for (const key of ["securityReviewDelay", "issuanceDelay", "preReviewDelay"] as const) {
    const [min, max] = timings[key];
    if (!(min >= 0 && min <= max)) throw new RangeError(`timing ${key} needs 0 ≤ min ≤ max`);
  }
  for (const [level, [min, max]] of Object.entries(timings.manualReviewDays)) {
    if (!(min >= 0 && min <= max)) throw new RangeError(`timing manualReviewDays.${level} needs 0 ≤ min ≤ max`);
  }
  if (!CLOCK_TIME.test(timings.callRetryTime)) throw new RangeError("timing callRetryTime must be HH:mm");
  if (timings.issuanceDelay[0] > timings.issuanceDeadline) {
    throw new RangeError("the shortest issuance delay is longer than the issuance deadline (FREE-7)");
  }
  return timings;
}

/**
 * The DCV re-check schedule (DCV-2): every `dcvFastInterval` during the first `dcvFastPeriod` after the
 * instructions were issued at `startedAt`, then every `dcvSlowInterval`. Returns the first check time strictly
 * after `afterMs`.
 */
export function nextDcvCheck(startedAt: number, afterMs: number, timings: ReviewTimings): number {
  const fastEnd = startedAt + timings.dcvFastPeriod;
  if (afterMs < fastEnd) {
    const k = Math.floor((afterMs - startedAt) / timings.dcvFastInterval) + 1;
    const at = startedAt + Math.max(1, k) * timings.dcvFastInterval;
    if (at <= fastEnd) return at;
  }
  const base = Math.max(afterMs, fastEnd);
  const j = Math.floor((base - fastEnd) / timings.dcvSlowInterval) + 1;
  return fastEnd + j * timings.dcvSlowInterval;
}

const REUSE_PERIODS: { from: number; days: number }[] = [
  { from: Date.UTC(2029, 2, 15), days: 10 },
  { from: Date.UTC(2027, 2, 15), days: 100 },
  { from: Date.UTC(2026, 2, 15), days: 200 },
];

/**
 * DCV-11: how long a domain validation may be reused for an international certificate issued at `at`
 * (BR 4.2.1, by simulated date at 00:00 UTC): 398 days before 2026-03-15, then 200, 100 and 10 days.
 */
export function dcvReuseDays(at: Date | number): number {
  const t = typeof at === "number" ? at : at.getTime();
  return REUSE_PERIODS.find((period) => t >= period.from)?.days ?? 398;
}
