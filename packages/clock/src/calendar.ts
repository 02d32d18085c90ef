import { DAY, HOUR } from "./duration";
import { ClockError } from "./errors";
import { type Instant, toMs } from "./instant";
import type { Rng } from "./rng";

/** The CAs' time zone (TIME-1): a fixed GMT+8 offset, no daylight saving. */
export const GMT8_OFFSET_MS = 8 * HOUR;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const LOCAL = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?)?$/;

/** Days since 1970-01-01 of the GMT+8 calendar date an instant falls on. */
const localDay = (ms: number): number => Math.floor((ms + GMT8_OFFSET_MS) / DAY);
/** The instant a GMT+8 calendar day starts (00:00 +08:00). */
const dayStart = (day: number): number => day * DAY - GMT8_OFFSET_MS;
const dayKey = (day: number): string => new Date(day * DAY).toISOString().slice(0, 10);

/** Days since 1970-01-01 of a `YYYY-MM-DD` date; refuses malformed and impossible dates. */
function parseDay(text: string, what: string): number {
  const match = DATE.exec(text);
  const day = match ? Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) / DAY : Number.NaN;
  if (!Number.isInteger(day) || dayKey(day) !== text) {
    throw new ClockError("Calendar.InvalidDate", `${what} ${JSON.stringify(text)} is not a YYYY-MM-DD date`, "TIME-1");
  }
  return day;
}

/** The GMT+8 calendar date (`YYYY-MM-DD`) of an instant. */
export function localDateGmt8(instant: Instant): string {
  return dayKey(localDay(toMs(instant)));
}

/**
 * An instant as ISO-8601 in GMT+8 with its offset, to the second (milliseconds dropped, never rounded up):
 * `2026-03-02T09:00:00+08:00`. API answers give times this way (TIME-1).
 */
export function formatGmt8(instant: Instant, options: { milliseconds?: boolean } = {}): string {
  const shifted = new Date(toMs(instant) + GMT8_OFFSET_MS).toISOString(); // …T01:00:00.000Z, read as local time
  return `${options.milliseconds ? shifted.slice(0, 23) : shifted.slice(0, 19)}+08:00`;
}

/**
 * A GMT+8 wall-clock time as an instant: `gmt8("2026-03-06T10:00")` is 2026-03-06T02:00:00Z. Accepts
 * `YYYY-MM-DD`, optionally followed by `T` or a space and `HH:mm[:ss[.SSS]]`. For scenarios and tests.
 */
export function gmt8(local: string): Date {
  const m = LOCAL.exec(local);
  if (m) {
    const [, y, mo, d, h = "0", mi = "0", s = "0", frac = "0"] = m;
    const utc = Date.UTC(+y!, +mo! - 1, +d!, +h, +mi, +s, +frac.padEnd(3, "0"));
    const shifted = new Date(utc);
    const valid =
      shifted.getUTCFullYear() === +y! &&
      shifted.getUTCMonth() === +mo! - 1 &&
      shifted.getUTCDate() === +d! &&
      shifted.getUTCHours() === +h &&
      shifted.getUTCMinutes() === +mi &&
      shifted.getUTCSeconds() === +s;
    if (valid) return new Date(utc - GMT8_OFFSET_MS);
  }
  throw new ClockError("Clock.InvalidInstant", `${JSON.stringify(local.slice(0, 40))} is not a GMT+8 local date-time`);
}

export interface BusinessCalendarDays {
  /** `YYYY-MM-DD` dates that are not worked (public holidays, including the weekdays given in exchange). */
  readonly holidays: readonly string[];
  /** `YYYY-MM-DD` weekend dates that are worked in exchange for a holiday (调休上班). */
  readonly makeUpWorkdays: readonly string[];
}

/**
 * Business days in GMT+8 (TIME-1): Monday–Friday are business days unless listed as a holiday; Saturday and
 * Sunday are not, unless listed as a make-up working day. Everything is decided on the GMT+8 calendar date an
 * instant falls on: 2026-01-09T16:00Z is Saturday 00:00 in GMT+8.
 */
export class BusinessCalendar {
  readonly #holidays: ReadonlySet<number>;
  readonly #makeUp: ReadonlySet<number>;

  constructor(days: BusinessCalendarDays = { holidays: [], makeUpWorkdays: [] }) {
    this.#holidays = new Set(days.holidays.map((d) => parseDay(d, "holiday")));
    const makeUp = new Set<number>();
    for (const text of days.makeUpWorkdays) {
      const day = parseDay(text, "make-up working day");
      if (!isWeekend(day)) {
        throw new ClockError(
          "Calendar.InvalidDate",
          `make-up working day ${text} is not a Saturday or Sunday`,
          "TIME-1",
        );
      }
      if (this.#holidays.has(day)) {
        throw new ClockError(
          "Calendar.InvalidDate",
          `${text} is listed both as a holiday and as a make-up day`,
          "TIME-1",
        );
      }
      makeUp.add(day);
    }
    this.#makeUp = makeUp;
  }

  /** Holidays, sorted. */
  get holidays(): string[] {
    return [...this.#holidays].sort((a, b) => a - b).map(dayKey);
  }

  /** Make-up working days, sorted. */
  get makeUpWorkdays(): string[] {
    return [...this.#makeUp].sort((a, b) => a - b).map(dayKey);
  }

  /** A calendar with more holidays and make-up days on top of these (e.g. a scenario's own closure). */
  with(days: Partial<BusinessCalendarDays>): BusinessCalendar {
    return new BusinessCalendar({
      holidays: [...this.holidays, ...(days.holidays ?? [])],
      makeUpWorkdays: [...this.makeUpWorkdays, ...(days.makeUpWorkdays ?? [])],
    });
  }

  /** Whether the GMT+8 date the instant falls on is a business day. */
  isBusinessDay(instant: Instant): boolean {
    return this.#isBusiness(localDay(toMs(instant)));
  }

  /** Whether a `YYYY-MM-DD` date is a business day. */
  isBusinessDate(date: string): boolean {
    return this.#isBusiness(parseDay(date, "date"));
  }

  /**
   * The instant at the same GMT+8 time of day on the `n`-th business day after the start's date (before it,
   * for negative `n`); `n = 0` returns the start unchanged. The start's own date never counts, whether or not
   * it is a business day, so from Friday 10:00 `+3` is Wednesday 10:00, and from Saturday 10:00 `+1` is
   * Monday 10:00 (the weekend contributes nothing).
   */
  addBusinessDays(instant: Instant, n: number): Date {
    if (!Number.isSafeInteger(n)) throw new ClockError("Calendar.InvalidArgument", `addBusinessDays needs a whole n`);
    const ms = toMs(instant);
    const from = localDay(ms);
    const step = Math.sign(n);
    let day = from;
    for (let left = Math.abs(n); left > 0; ) {
      day += step;
      if (this.#isBusiness(day)) left--;
    }
    return new Date(ms + (day - from) * DAY);
  }

  /**
   * The inverse of `addBusinessDays` on dates: for `b` on or after `a`, the number of business days whose date
   * is after `a`'s and not after `b`'s; for `b` before `a`, minus the number of business days on or after `b`'s
   * date and before `a`'s. So `businessDaysBetween(a, addBusinessDays(a, n)) === n` for every whole `n`.
   */
  businessDaysBetween(a: Instant, b: Instant): number {
    const from = localDay(toMs(a));
    const to = localDay(toMs(b));
    let count = 0;
    if (to >= from) {
      for (let day = from + 1; day <= to; day++) if (this.#isBusiness(day)) count++;
      return count;
    }
    for (let day = to; day < from; day++) if (this.#isBusiness(day)) count--;
    return count;
  }

  /**
   * Adds `ms` of business time: time runs only during business days (whole GMT+8 days, 00:00 to 24:00). A start
   * on a non-business day begins at 00:00 of the next business day. A result that would fall exactly at the end
   * of a business day is given as 00:00 of the next business day, so the result is always on a business day.
   * From a business day, adding `n` whole days of business time equals `addBusinessDays(start, n)`.
   */
  addBusinessTime(instant: Instant, ms: number): Date {
    if (!(Number.isFinite(ms) && ms >= 0)) {
      throw new ClockError("Calendar.InvalidArgument", `addBusinessTime needs a finite duration ≥ 0 (got ${ms})`);
    }
    let at = toMs(instant);
    let day = localDay(at);
    if (!this.#isBusiness(day)) {
      day = this.#nextBusinessDay(day);
      at = dayStart(day);
    }
    let left = ms;
    for (;;) {
      const available = dayStart(day + 1) - at;
      if (left < available) return new Date(at + left);
      left -= available;
      day = this.#nextBusinessDay(day);
      at = dayStart(day);
    }
  }

  /**
   * "Takes min–max business days" (OV-4): a business-time duration drawn uniformly, to the millisecond, from
   * [min, max] days with `rng`, added with `addBusinessTime`. From a business day the result lies between
   * `addBusinessDays(start, min)` and `addBusinessDays(start, max)`.
   */
  sampleBusinessDays(instant: Instant, min: number, max: number, rng: Rng): Date {
    if (!(Number.isFinite(min) && Number.isFinite(max) && min >= 0 && min <= max)) {
      throw new ClockError("Calendar.InvalidArgument", `sampleBusinessDays needs 0 ≤ min ≤ max (got ${min}, ${max})`);
    }
    return this.addBusinessTime(instant, rng.durationBetween(min * DAY, max * DAY));
  }

  /** ISO-8601 with `+08:00` (see `formatGmt8`). */
  formatGmt8(instant: Instant): string {
    return formatGmt8(instant);
  }

  /** The GMT+8 date (`YYYY-MM-DD`) of an instant. */
  localDate(instant: Instant): string {
    return localDateGmt8(instant);
  }

  #isBusiness(day: number): boolean {
    if (this.#makeUp.has(day)) return true;
    if (this.#holidays.has(day)) return false;
    return !isWeekend(day);
  }

  #nextBusinessDay(day: number): number {
    let next = day + 1;
    while (!this.#isBusiness(next)) next++;
    return next;
  }
}

/** 1970-01-01 was a Thursday (day 0): day 2 is Saturday, day 3 Sunday. */
function isWeekend(day: number): boolean {
  const weekday = (((day + 4) % 7) + 7) % 7; // 0 = Sunday … 6 = Saturday
  return weekday === 0 || weekday === 6;
}
