/** One line of a scenario's story: who did what, at which simulated instant. */
export interface TimelineEntry {
  at: string;
  actor: "customer" | "dns" | "web" | "phone" | "mail" | "ca" | "platform" | "clock" | "check";
  text: string;
}

const GMT8 = 8 * 3600_000;

/** `2026-11-27 09:00:00 (Fri) +08:00` — the vendor shows times in GMT+8; the weekday makes skipped weekends visible. */
export function formatAt(iso: string): string {
  const local = new Date(new Date(iso).getTime() + GMT8);
  const day = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"][local.getUTCDay()];
  return `${local.toISOString().slice(0, 19).replace("T", " ")} ${day}`;
}

export class Timeline {
  readonly entries: TimelineEntry[] = [];

  constructor(private readonly print: boolean) {}

  add(entry: TimelineEntry): void {
    this.entries.push(entry);
    if (this.print) console.log(`${formatAt(entry.at)}  ${entry.actor.padEnd(8)} ${entry.text}`);
  }

  /**
   * The transcript with what legitimately differs between two runs of the same seed removed: serial numbers,
   * key material, certificate ids and API keys come from real cryptographic randomness (ARCHITECTURE: only the
   * world's choices are seeded).
   */
  normalised(): string[] {
    return this.entries.map((e) =>
      `${e.at} ${e.actor} ${e.text}`
        .replace(/\b[0-9a-f]{16,}\b/gi, "<hex>")
        .replace(/\bcert-[A-Za-z0-9]+\b/g, "<certificate-id>"),
    );
  }
}
