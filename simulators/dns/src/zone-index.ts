import { parentName } from "./names";
import type { WireRecord } from "./wire/message";

export interface RRset {
  type: number;
  ttl: number;
  records: readonly WireRecord[];
}

/** One owner name in the published data. A node without RRsets but with descendants is an empty non-terminal. */
export interface Node {
  rrsets: Map<number, RRset>;
  /** How many names below this one hold data; > 0 keeps the node existing (RFC 4592 §2.2.2). */
  descendants: number;
}

export interface ZoneEntry {
  name: string;
  soa: WireRecord;
  /** TTL for negative answers: min(SOA TTL, SOA MINIMUM) (RFC 2308 §5). */
  negativeTtl: number;
}

/**
 * The data the DNS server answers from: what has propagated, not what the API was last told. Kept in memory and
 * updated in place so a change never rebuilds the whole index; `generation` tells caches to forget.
 */
export class ZoneIndex {
  readonly zones = new Map<string, ZoneEntry>();
  readonly nodes = new Map<string, Node>();
  generation = 0;

  setZone(entry: ZoneEntry) {
    this.zones.set(entry.name, entry);
    this.setRRset(entry.name, entry.soa.type, entry.soa.ttl, [entry.soa]);
  }

  removeZone(name: string) {
    const entry = this.zones.get(name);
    if (!entry) return;
    this.zones.delete(name);
    this.setRRset(name, entry.soa.type, 0, []);
  }

  /** The zone a name belongs to: the longest served zone at or above it. */
  findZone(name: string): ZoneEntry | undefined {
    for (let n: string | undefined = name; n !== undefined; n = parentName(n)) {
      const zone = this.zones.get(n);
      if (zone) return zone;
    }
    return undefined;
  }

  /** Replaces the RRset of `type` at `owner`; an empty list removes it. */
  setRRset(owner: string, type: number, ttl: number, records: readonly WireRecord[]) {
    this.generation++;
    let node = this.nodes.get(owner);
    if (records.length === 0) {
      if (!node?.rrsets.delete(type)) return;
      if (node.rrsets.size === 0) this.lostData(owner, node);
      return;
    }
    if (!node) {
      node = { rrsets: new Map(), descendants: 0 };
      this.nodes.set(owner, node);
    }
    const hadData = node.rrsets.size > 0;
    node.rrsets.set(type, { type, ttl, records });
    if (!hadData) this.forAncestors(owner, 1);
  }

  exists(node: Node | undefined): node is Node {
    return node !== undefined && (node.rrsets.size > 0 || node.descendants > 0);
  }

  private lostData(owner: string, node: Node) {
    if (node.descendants === 0) this.nodes.delete(owner);
    this.forAncestors(owner, -1);
  }

  private forAncestors(owner: string, delta: 1 | -1) {
    for (let a = parentName(owner); a !== undefined; a = parentName(a)) {
      let node = this.nodes.get(a);
      if (!node) {
        node = { rrsets: new Map(), descendants: 0 };
        this.nodes.set(a, node);
      }
      node.descendants += delta;
      if (node.descendants === 0 && node.rrsets.size === 0) this.nodes.delete(a);
    }
  }
}
