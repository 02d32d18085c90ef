import { ClockError } from "./errors";

/** A point in time: a `Date` or milliseconds since the Unix epoch. */
export type Instant = Date | number;

/** Milliseconds since the epoch of an instant; refuses invalid dates and non-finite numbers. */
export function toMs(instant: Instant, what = "instant"): number {
  const ms = instant instanceof Date ? instant.getTime() : instant;
  if (typeof ms !== "number" || !Number.isFinite(ms)) {
    throw new ClockError("Clock.InvalidInstant", `${what} is not a valid point in time`);
  }
  return ms;
}

// An explicit offset (Z or ±hh:mm) is required: without one, JavaScript reads a date-time in the machine's
// local zone and a replay on another machine would start elsewhere (TIME-2).
const WITH_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2})$/;

/** Parses an ISO-8601 date-time that carries its offset, e.g. `2026-03-02T09:00:00+08:00` or `…Z`. */
export function parseInstant(text: string): Date {
  if (!WITH_OFFSET.test(text)) {
    throw new ClockError(
      "Clock.AmbiguousInstant",
      `${JSON.stringify(text.slice(0, 60))} is not an ISO-8601 date-time with an explicit offset (Z or +08:00)`,
      "TIME-2",
    );
  }
  const ms = Date.parse(text);
  if (!Number.isFinite(ms)) throw new ClockError("Clock.InvalidInstant", `${JSON.stringify(text)} is not a real date`);
  return new Date(ms);
}
