import { formatGmt8 } from "@certsim/clock";

/** The vendor's time format: `YYYY-MM-DD HH:mm:ss` in GMT+8 (TIME-1). */
export function formatVendorTime(instant: Date): string {
  return formatGmt8(instant).slice(0, 19).replace("T", " ");
}

/** ISO-8601 with the +08:00 offset, for the fields that carry one. */
export function formatIsoGmt8(instant: Date): string {
  return formatGmt8(instant);
}
