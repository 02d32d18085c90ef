import { ClockError } from "./errors";

/** Durations are plain milliseconds. Days are 24 hours: the simulation's zone (GMT+8) has no DST. */
export const SECOND = 1000;
export const MINUTE = 60 * SECOND;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

export const seconds = (n: number): number => n * SECOND;
export const minutes = (n: number): number => n * MINUTE;
export const hours = (n: number): number => n * HOUR;
export const days = (n: number): number => n * DAY;

const UNIT_MS: Record<string, number> = { ms: 1, s: SECOND, m: MINUTE, h: HOUR, d: DAY, w: 7 * DAY };
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h|d|w)/y;

/**
 * Parses a duration such as `"10m"`, `"72h"`, `"7d"`, `"500ms"` or a sum such as `"1h30m"` into whole
 * milliseconds (rounded). Units: ms, s, m (minutes), h, d (24 h), w. No sign, no spaces.
 */
export function parseDuration(text: string): number {
  let total = 0;
  let index = 0;
  while (index < text.length) {
    PART.lastIndex = index;
    const match = PART.exec(text);
    if (!match) break;
    total += Number(match[1]) * UNIT_MS[match[2]!]!;
    index = PART.lastIndex;
  }
  if (text.length === 0 || index !== text.length) {
    throw new ClockError(
      "Duration.Invalid",
      `${JSON.stringify(text.slice(0, 40))} is not a duration like "10m", "72h" or "7d"`,
    );
  }
  return Math.round(total);
}

/** A short human form for timelines: `3d 4h 5m`, `1.5s` → `1s 500ms`, `0ms`. Negative durations get a `-`. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms)) throw new ClockError("Duration.Invalid", "duration is not a finite number");
  let rest = Math.round(Math.abs(ms));
  const parts: string[] = [];
  for (const [unit, size] of [
    ["d", DAY],
    ["h", HOUR],
    ["m", MINUTE],
    ["s", SECOND],
    ["ms", 1],
  ] as const) {
    const count = Math.floor(rest / size);
    if (count > 0) parts.push(`${count}${unit}`);
    rest -= count * size;
  }
  const text = parts.length > 0 ? parts.join(" ") : "0ms";
  return ms < 0 && text !== "0ms" ? `-${text}` : text;
}
