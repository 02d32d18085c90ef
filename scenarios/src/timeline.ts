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
  /** Values that come from real cryptographic randomness (ids, API keys), in first-seen order. */
  private readonly volatile: string[] = [];

  constructor(private readonly print: boolean) {}

  add(entry: TimelineEntry): void {
    this.entries.push(entry);
    if (this.print) console.log(`${formatAt(entry.at)}  ${entry.actor.padEnd(8)} ${entry.text}`);
  }

  /** Marks values that legitimately differ between two runs of the same seed (see `normalised`). */
  markVolatile(...values: string[]): void {
    for (const value of values) if (value && !this.volatile.includes(value)) this.volatile.push(value);
  }

  /**
   * The transcript with what legitimately differs between two runs of the same seed replaced by placeholders:
   * account and certificate ids and keys come from real cryptographic randomness (ARCHITECTURE: only the world's
   * choices are seeded). Everything else — instants, DCV values, order of events — must be identical.
   */
  normalised(): string[] {
    return this.entries.map((e) =>
      this.volatile.reduce((line, value, i) => line.split(value).join(`<id${i + 1}>`), `${e.at} ${e.actor} ${e.text}`),
    );
  }
}
