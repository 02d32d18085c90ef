import { parentName } from "./names";
import { RCODE, RRTYPE } from "./wire/constants";
import type { Sections, WireRecord } from "./wire/message";
import type { Node, RRset, ZoneEntry, ZoneIndex } from "./zone-index";

/** Longest CNAME chain followed inside the served zones before giving up with what was found. */
export const MAX_CNAME_HOPS = 16;

const NONE: readonly WireRecord[] = [];

type Step =
  | { kind: "answer"; records: WireRecord[]; additional: WireRecord[] }
  | { kind: "cname"; record: WireRecord; target: string }
  | { kind: "nodata" }
  | { kind: "nxdomain" }
  | { kind: "referral"; ns: RRset };

/**
 * Answers one question from the published zones the way an authoritative server does (RFC 1034 §4.3.2):
 * REFUSED outside the zones, referrals at zone cuts, CNAME chains followed while they stay in served zones,
 * wildcards synthesised at the closest encloser only (RFC 4592), and the SOA with every negative answer.
 */
export function answerQuestion(index: ZoneIndex, qname: string, qtype: number): Sections {
  let zone = index.findZone(qname);
  if (!zone) return { rcode: RCODE.REFUSED, aa: false, answers: NONE, authority: NONE, additional: NONE };
  const answers: WireRecord[] = [];
  const visited = new Set<string>();
  let name = qname;
  for (;;) {
    visited.add(name);
    const step = lookup(index, zone, name, qtype);
    switch (step.kind) {
      case "answer":
        answers.push(...step.records);
        return { rcode: RCODE.NOERROR, aa: true, answers, authority: NONE, additional: step.additional };
      case "nodata":
      case "nxdomain":
        return {
          rcode: step.kind === "nxdomain" ? RCODE.NXDOMAIN : RCODE.NOERROR,
          aa: true,
          answers,
          authority: [negativeSoa(zone)],
          additional: NONE,
        };
      case "referral":
        if (answers.length > 0) return done(answers); // a chain that leaves through a cut ends there
        return {
          rcode: RCODE.NOERROR,
          aa: false,
          answers: NONE,
          authority: step.ns.records,
          additional: glue(index, step.ns),
        };
      case "cname": {
        answers.push(step.record);
        const next = index.findZone(step.target);
        if (!next || visited.has(step.target) || visited.size > MAX_CNAME_HOPS) return done(answers);
        zone = next;
        name = step.target;
      }
    }
  }
}

function done(answers: WireRecord[]): Sections {
  return { rcode: RCODE.NOERROR, aa: true, answers, authority: NONE, additional: NONE };
}

function lookup(index: ZoneIndex, zone: ZoneEntry, name: string, qtype: number): Step {
  const cut = zoneCut(index, zone, name, qtype);
  if (cut) return { kind: "referral", ns: cut };
  const node = index.nodes.get(name);
  if (index.exists(node)) return match(index, node, name, qtype);
  // Closest encloser: the nearest existing ancestor (the apex always exists); only its `*` child may synthesise.
  let encloser = parentName(name)!;
  while (encloser !== zone.name && !index.exists(index.nodes.get(encloser))) encloser = parentName(encloser)!;
  const wildcard = index.nodes.get(`*.${encloser}`);
  if (index.exists(wildcard)) return match(index, wildcard, name, qtype);
  return { kind: "nxdomain" };
}

/** The topmost NS RRset strictly below the apex on the way down to `name` (DS at the cut belongs to the parent). */
function zoneCut(index: ZoneIndex, zone: ZoneEntry, name: string, qtype: number): RRset | undefined {
  let cut: RRset | undefined;
  for (let n: string | undefined = name; n !== undefined && n !== zone.name; n = parentName(n)) {
    const ns = index.nodes.get(n)?.rrsets.get(RRTYPE.NS);
    if (ns && !(n === name && qtype === RRTYPE.DS)) cut = ns;
  }
  return cut;
}

function match(index: ZoneIndex, node: Node, owner: string, qtype: number): Step {
  if (qtype === RRTYPE.ANY) {
    const records = [...node.rrsets.values()].flatMap((set) => withOwner(set.records, owner));
    return records.length > 0 ? { kind: "answer", records, additional: [] } : { kind: "nodata" };
  }
  const set = node.rrsets.get(qtype);
  if (set) {
    const additional = qtype === RRTYPE.NS ? glue(index, set) : [];
    return { kind: "answer", records: withOwner(set.records, owner), additional };
  }
  const cname = node.rrsets.get(RRTYPE.CNAME)?.records[0];
  if (cname && cname.rdata.kind === "name") {
    return { kind: "cname", record: withOwner([cname], owner)[0]!, target: cname.rdata.target };
  }
  return { kind: "nodata" };
}

/** Records as owned by `owner`: the same objects when nothing changes, copies when a wildcard synthesises. */
function withOwner(records: readonly WireRecord[], owner: string): WireRecord[] {
  if (records[0]?.owner === owner) return [...records];
  return records.map((rr) => ({ ...rr, owner }));
}

function glue(index: ZoneIndex, ns: RRset): WireRecord[] {
  const out: WireRecord[] = [];
  for (const rr of ns.records) {
    if (rr.rdata.kind !== "name") continue;
    const target = index.nodes.get(rr.rdata.target);
    for (const type of [RRTYPE.A, RRTYPE.AAAA]) out.push(...(target?.rrsets.get(type)?.records ?? []));
  }
  return out;
}

function negativeSoa(zone: ZoneEntry): WireRecord {
  return zone.soa.ttl === zone.negativeTtl ? zone.soa : { ...zone.soa, ttl: zone.negativeTtl };
}
