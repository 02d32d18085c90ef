import { badRequest } from "@certsim/service";

/**
 * Where the world reads the time it stamps on mail, texts and calls. The simulated clock (`@certsim/clock`)
 * satisfies it; without one the machine's clock is used.
 */
export interface TimeSource {
  nowMs(): number;
}

export const systemTime: TimeSource = { nowMs: () => Date.now() };

export const isoTime = (ms: number) => new Date(ms).toISOString();

const ISO = /^(\d{4})-(\d{2})-(\d{2})(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,3})?)?(?:Z|[+-]\d{2}:\d{2}))?$/;

/**
 * An ISO 8601 date ("2020-05-01", read as UTC midnight) or date-time with a zone ("2020-05-01T09:00:00+08:00"),
 * as epoch milliseconds. Impossible days (February 30) are refused rather than rolled over.
 */
export function parseIsoTime(input: string, field: string): number {
  const m = ISO.exec(input.trim());
  const ms = m ? Date.parse(input.trim()) : Number.NaN;
  if (m && Number.isFinite(ms)) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    const day = new Date(Date.UTC(y, mo - 1, d));
    if (day.getUTCFullYear() === y && day.getUTCMonth() === mo - 1 && day.getUTCDate() === d) return ms;
  }
  throw badRequest("InvalidParameter", `${field}: '${input.slice(0, 40)}' is not an ISO 8601 date or date-time`, {
    field,
  });
}
