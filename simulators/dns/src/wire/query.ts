import { RCODE, RRTYPE } from "./constants";

/** What the responder needs from an incoming message. Names are in presentation form without the final dot. */
export interface Query {
  id: number;
  opcode: number;
  /** RD and CD are copied into the response. */
  rd: boolean;
  cd: boolean;
  /** Lower-cased name: the key for zones, records, faults and the answer cache. */
  name: string;
  /** The name as asked, case preserved (history shows it; DCV-6 tests look at it). */
  askedName: string;
  qtype: number;
  qclass: number;
  /** The question section's bytes, copied verbatim into the response so the query's case is echoed. */
  question: Buffer;
  edns: Edns | null;
  /** Set when the message is readable enough to answer but wrong: FORMERR, NOTIMP or BADVERS. */
  error?: number;
}

export interface Edns {
  udpSize: number;
  version: number;
}

/** A message whose header can be answered but whose question cannot be read (answered with FORMERR, no question). */
export interface Unreadable {
  id: number;
  opcode: number;
  rd: boolean;
  error: number;
}

const HEADER = 12;
const MAX_NAME_WIRE = 255;

class Malformed extends Error {}

/**
 * Reads a query defensively: every length is checked against the buffer, names may not use compression in the
 * question, and the rest of the message is only walked to find the EDNS OPT record. Returns null for messages that
 * get no answer at all (too short for a header, or a response rather than a query).
 */
export function parseQuery(msg: Buffer): Query | Unreadable | null {
  if (msg.length < HEADER) return null;
  const id = msg.readUInt16BE(0);
  const flags = msg.readUInt16BE(2);
  if (flags & 0x8000) return null; // QR set: never answer a response (no reflection loops)
  const opcode = (flags >> 11) & 0xf;
  const rd = (flags & 0x0100) !== 0;
  const cd = (flags & 0x0010) !== 0;
  const qdcount = msg.readUInt16BE(4);
  const ancount = msg.readUInt16BE(6);
  const nscount = msg.readUInt16BE(8);
  const arcount = msg.readUInt16BE(10);
  if (qdcount !== 1) return { id, opcode, rd, error: opcode === 0 ? RCODE.FORMERR : RCODE.NOTIMP };
  let names: { name: string; asked: string; end: number };
  try {
    names = readQuestionName(msg, HEADER);
  } catch {
    return { id, opcode, rd, error: RCODE.FORMERR };
  }
  const typeAt = names.end;
  if (typeAt + 4 > msg.length) return { id, opcode, rd, error: RCODE.FORMERR };
  const qtype = msg.readUInt16BE(typeAt);
  const qclass = msg.readUInt16BE(typeAt + 2);
  const question = msg.subarray(HEADER, typeAt + 4);
  const query: Query = {
    id,
    opcode,
    rd,
    cd,
    name: names.name,
    askedName: names.asked,
    qtype,
    qclass,
    question,
    edns: null,
  };
  try {
    let at = typeAt + 4;
    for (let i = 0; i < ancount + nscount; i++) at = skipRecordBody(msg, skipName(msg, at));
    let opts = 0;
    for (let i = 0; i < arcount; i++) {
      const rootOwner = at < msg.length && msg[at] === 0;
      const typeOffset = skipName(msg, at);
      const next = skipRecordBody(msg, typeOffset);
      if (msg.readUInt16BE(typeOffset) === RRTYPE.OPT) {
        if (!rootOwner || ++opts > 1) throw new Malformed("bad OPT");
        const ttl = msg.readUInt32BE(typeOffset + 4);
        query.edns = { udpSize: msg.readUInt16BE(typeOffset + 2), version: (ttl >>> 16) & 0xff };
      }
      at = next;
    }
  } catch {
    query.error = RCODE.FORMERR;
    return query;
  }
  if (opcode !== 0) query.error = RCODE.NOTIMP;
  else if (query.edns && query.edns.version !== 0) query.error = RCODE.BADVERS;
  else if (qtype === RRTYPE.OPT) query.error = RCODE.FORMERR;
  return query;
}

export function isQuery(parsed: Query | Unreadable): parsed is Query {
  return "question" in parsed;
}

/** From a record's TYPE field to the end of its RDATA. */
function skipRecordBody(msg: Buffer, at: number): number {
  if (at + 10 > msg.length) throw new Malformed("record header past end");
  const end = at + 10 + msg.readUInt16BE(at + 8);
  if (end > msg.length) throw new Malformed("rdata past end");
  return end;
}

/** Skips a possibly compressed name: a pointer ends it, so there is nothing to follow and no loop to fear. */
function skipName(msg: Buffer, start: number): number {
  let at = start;
  let total = 1;
  for (;;) {
    if (at >= msg.length) throw new Malformed("name past end");
    const len = msg[at]!;
    if (len === 0) return at + 1;
    if ((len & 0xc0) === 0xc0) {
      if (at + 2 > msg.length) throw new Malformed("pointer past end");
      return at + 2;
    }
    if (len & 0xc0) throw new Malformed("reserved label type");
    total += len + 1;
    if (total > MAX_NAME_WIRE) throw new Malformed("name too long");
    at += len + 1;
  }
}

/** Bytes that stand for themselves in a name key; anything else is written as `\DDD` so keys stay unambiguous. */
const PLAIN = new Uint8Array(256);
for (const c of "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_*") PLAIN[c.charCodeAt(0)] = 1;

function readQuestionName(msg: Buffer, start: number): { name: string; asked: string; end: number } {
  let at = start;
  let asked = "";
  let total = 1;
  for (;;) {
    if (at >= msg.length) throw new Malformed("name past end");
    const len = msg[at]!;
    if (len === 0) break;
    if (len & 0xc0) throw new Malformed("compression or reserved label type in the question");
    total += len + 1;
    if (total > MAX_NAME_WIRE || at + 1 + len > msg.length) throw new Malformed("label past end");
    let plain = true;
    for (let i = at + 1; i <= at + len; i++) {
      if (!PLAIN[msg[i]!]) {
        plain = false;
        break;
      }
    }
    const label = plain ? msg.toString("latin1", at + 1, at + 1 + len) : escapeLabel(msg, at + 1, at + 1 + len);
    asked = asked ? `${asked}.${label}` : label;
    at += len + 1;
  }
  return { name: asked.toLowerCase(), asked, end: at + 1 };
}

function escapeLabel(msg: Buffer, from: number, to: number): string {
  let out = "";
  for (let i = from; i < to; i++) {
    const b = msg[i]!;
    out += PLAIN[b] ? String.fromCharCode(b) : `\\${b.toString().padStart(3, "0")}`;
  }
  return out;
}
