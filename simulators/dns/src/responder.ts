import { answerQuestion } from "./authority";
import type { QueryHistory, Transport } from "./history";
import {
  CLASS_ANY,
  CLASS_IN,
  RCODE,
  RRTYPE,
  rcodeName,
  typeName,
  UDP_EDNS_LIMIT,
  UDP_PLAIN_LIMIT,
} from "./wire/constants";
import { assemble, type EncodedBody, encodeBody, headerOnly, MessageTooLarge } from "./wire/message";
import { isQuery, parseQuery, type Query } from "./wire/query";
import type { ZoneIndex } from "./zone-index";

export type FaultKind = "servfail" | "drop";

export interface ResponderSource {
  readonly index: ZoneIndex;
  /** Per-name faults, keyed by lower-cased name. */
  readonly faults: ReadonlyMap<string, FaultKind>;
}

export interface ResponderStats {
  queries: number;
  /** Messages too broken to answer with a question (dropped, or FORMERR without one). */
  malformed: number;
  /** Exceptions caught on the hot path: always a bug, and the fuzz test insists on zero. */
  internalErrors: number;
}

/** Entries kept before the answer cache starts over, so a flood of random names cannot grow it without bound. */
const CACHE_LIMIT = 20_000;
const MAX_TCP_MESSAGE = 65535;

const bare = (rcode: number, aa = false): EncodedBody => ({
  rcode,
  aa,
  ancount: 0,
  nscount: 0,
  arcount: 0,
  body: Buffer.alloc(0),
});
const BARE = new Map<number, EncodedBody>(
  [RCODE.FORMERR, RCODE.SERVFAIL, RCODE.NOTIMP, RCODE.REFUSED, RCODE.BADVERS].map((c) => [c, bare(c)]),
);

/**
 * Turns one request message into one response message (or none). The encoded sections for a (name, type) are
 * cached until the published data changes; per query only the header, the question bytes and the OPT are written.
 */
export class Responder {
  readonly stats: ResponderStats = { queries: 0, malformed: 0, internalErrors: 0 };
  private readonly cache = new Map<string, EncodedBody>();
  private cacheGeneration = -1;

  constructor(
    private readonly source: ResponderSource,
    private readonly history: QueryHistory,
    private readonly now: () => number,
  ) {}

  respond(message: Buffer, transport: Transport, client: string): Buffer | null {
    try {
      return this.handle(message, transport, client);
    } catch (error) {
      this.stats.internalErrors++;
      if (this.stats.internalErrors <= 10) console.error("dns: internal error answering a query", error);
      return null;
    }
  }

  private handle(message: Buffer, transport: Transport, client: string): Buffer | null {
    const parsed = parseQuery(message);
    if (!parsed) {
      this.stats.malformed++;
      return null;
    }
    if (!isQuery(parsed)) {
      this.stats.malformed++;
      return headerOnly(parsed.id, parsed.opcode, parsed.rd, parsed.error);
    }
    this.stats.queries++;
    const query = parsed;
    const fault = query.error === undefined ? this.source.faults.get(query.name) : undefined;
    if (fault === "drop") {
      this.record(query, transport, client, null);
      return null;
    }
    const encoded =
      query.error !== undefined
        ? BARE.get(query.error)!
        : fault === "servfail"
          ? BARE.get(RCODE.SERVFAIL)!
          : this.encode(query);
    const limit =
      transport === "tcp"
        ? MAX_TCP_MESSAGE
        : query.edns
          ? Math.min(Math.max(query.edns.udpSize, UDP_PLAIN_LIMIT), UDP_EDNS_LIMIT)
          : UDP_PLAIN_LIMIT;
    const response = assemble(query, encoded, { limit }) ?? assemble(query, BARE.get(RCODE.SERVFAIL)!, { limit });
    this.record(query, transport, client, encoded.rcode);
    return response;
  }

  private encode(query: Query): EncodedBody {
    if (query.qclass !== CLASS_IN && query.qclass !== CLASS_ANY) return BARE.get(RCODE.REFUSED)!;
    if (query.qtype === RRTYPE.AXFR || query.qtype === RRTYPE.IXFR) return BARE.get(RCODE.REFUSED)!;
    const index = this.source.index;
    if (index.generation !== this.cacheGeneration || this.cache.size >= CACHE_LIMIT) {
      this.cache.clear();
      this.cacheGeneration = index.generation;
    }
    const key = `${query.qtype} ${query.name}`;
    let encoded = this.cache.get(key);
    if (!encoded) {
      try {
        encoded = encodeBody(query.question, query.name, answerQuestion(index, query.name, query.qtype));
      } catch (error) {
        if (!(error instanceof MessageTooLarge)) throw error;
        encoded = BARE.get(RCODE.SERVFAIL)!;
      }
      this.cache.set(key, encoded);
    }
    return encoded;
  }

  private record(query: Query, transport: Transport, client: string, rcode: number | null) {
    this.history.add({
      name: query.name,
      askedName: query.askedName,
      type: typeName(query.qtype),
      transport,
      rcode: rcode === null ? null : rcodeName(rcode),
      client,
      timeMs: this.now(),
    });
  }
}
