export type Transport = "udp" | "tcp";

/** One query as the server saw it. */
export interface QueryRecord {
  /** Lower-cased name, for filtering. */
  name: string;
  /** The name exactly as asked (case preserved). */
  askedName: string;
  type: string;
  transport: Transport;
  /** The response code sent, or null when the query was dropped (a `drop` fault). */
  rcode: string | null;
  /** Client address and port, so a test can tell one CA's queries from another's. */
  client: string;
  /** Simulated time when a clock is attached, else wall time (ms since the epoch). */
  timeMs: number;
}

export interface HistoryFilter {
  name?: string;
  type?: string;
  transport?: Transport;
  limit?: number;
}

/**
 * Every query, newest last, in a ring of bounded size so a load test cannot exhaust memory; `dropped` counts the
 * oldest entries that fell out.
 */
export class QueryHistory {
  private ring: QueryRecord[] = [];
  private start = 0;
  dropped = 0;

  constructor(readonly capacity = 100_000) {}

  add(record: QueryRecord) {
    if (this.ring.length < this.capacity) {
      this.ring.push(record);
      return;
    }
    this.ring[this.start] = record;
    this.start = (this.start + 1) % this.capacity;
    this.dropped++;
  }

  /** Matching queries, oldest first; `limit` keeps the newest n. Name and type match case-insensitively. */
  list(filter: HistoryFilter = {}): QueryRecord[] {
    const name = filter.name?.toLowerCase().replace(/\.$/, "");
    const type = filter.type?.toUpperCase();
    const all = [...this.ring.slice(this.start), ...this.ring.slice(0, this.start)];
    const matching = all.filter(
      (q) =>
        (name === undefined || q.name === name) &&
        (type === undefined || q.type === type) &&
        (filter.transport === undefined || q.transport === filter.transport),
    );
    return filter.limit !== undefined ? matching.slice(Math.max(0, matching.length - filter.limit)) : matching;
  }

  clear() {
    this.ring = [];
    this.start = 0;
    this.dropped = 0;
  }

  get size() {
    return this.ring.length;
  }
}
