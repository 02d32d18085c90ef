import { RRTYPE, UDP_EDNS_LIMIT } from "./constants";
import type { Query } from "./query";

/** RDATA as the server keeps it: bytes ready to copy, or names the writer may compress (RFC 1035 §4.1.4). */
export type RData =
  | { kind: "raw"; bytes: Buffer }
  | { kind: "name"; target: string }
  | { kind: "soa"; mname: string; rname: string; fixed: Buffer };

export interface WireRecord {
  /** Lower-cased presentation name without the final dot. */
  owner: string;
  type: number;
  ttl: number;
  rdata: RData;
}

export interface Sections {
  rcode: number;
  aa: boolean;
  answers: readonly WireRecord[];
  authority: readonly WireRecord[];
  additional: readonly WireRecord[];
}

/** Everything after the question, encoded for one question name; reusable for any query with that name's shape. */
export interface EncodedBody {
  rcode: number;
  aa: boolean;
  ancount: number;
  nscount: number;
  arcount: number;
  body: Buffer;
}

export class MessageTooLarge extends Error {}

const MAX_MESSAGE = 65535;
const HEADER = 12;
/** One scratch buffer: encoding is synchronous and single-threaded, so bodies are built here and copied out. */
const scratch = Buffer.allocUnsafe(MAX_MESSAGE);

/**
 * Encodes answer, authority and additional sections as they would sit after `question` in a response. Names are
 * compressed against the question's name, so an owner equal to the query name becomes a pointer to it and the
 * client sees its own spelling echoed.
 */
export function encodeBody(question: Buffer, name: string, sections: Sections): EncodedBody {
  const writer = new BodyWriter(HEADER + question.length);
  writer.seedQuestionName(question, name);
  for (const rr of sections.answers) writer.record(rr);
  for (const rr of sections.authority) writer.record(rr);
  for (const rr of sections.additional) writer.record(rr);
  return {
    rcode: sections.rcode,
    aa: sections.aa,
    ancount: sections.answers.length,
    nscount: sections.authority.length,
    arcount: sections.additional.length,
    body: Buffer.from(scratch.subarray(HEADER + question.length, writer.pos)),
  };
}

export interface AssembleOptions {
  /** Largest message the transport carries: 512 or the EDNS size on UDP, 65535 on TCP. */
  limit: number;
}

/**
 * Puts header, the query's own question bytes and an encoded body together. A UDP answer that does not fit is
 * replaced by header and question with TC set, so the client retries over TCP. Returns null when not even that fits.
 */
export function assemble(query: Query, encoded: EncodedBody, { limit }: AssembleOptions): Buffer | null {
  const optLength = query.edns ? 11 : 0;
  const full = HEADER + query.question.length + encoded.body.length + optLength;
  const truncated = full > limit;
  const body = truncated ? EMPTY : encoded.body;
  const size = HEADER + query.question.length + body.length + optLength;
  if (size > limit) return null;
  const out = Buffer.allocUnsafe(size);
  const rcode = encoded.rcode;
  out.writeUInt16BE(query.id, 0);
  out.writeUInt16BE(
    0x8000 |
      (query.opcode << 11) |
      (encoded.aa ? 0x0400 : 0) |
      (truncated ? 0x0200 : 0) |
      (query.rd ? 0x0100 : 0) |
      (query.cd ? 0x0010 : 0) |
      (rcode & 0xf),
    2,
  );
  out.writeUInt16BE(1, 4);
  out.writeUInt16BE(truncated ? 0 : encoded.ancount, 6);
  out.writeUInt16BE(truncated ? 0 : encoded.nscount, 8);
  out.writeUInt16BE((truncated ? 0 : encoded.arcount) + (query.edns ? 1 : 0), 10);
  query.question.copy(out, HEADER);
  body.copy(out, HEADER + query.question.length);
  if (query.edns) writeOpt(out, size - 11, rcode >> 4);
  return out;
}

/** A response with no question section: for messages whose question could not be read. */
export function headerOnly(id: number, opcode: number, rd: boolean, rcode: number): Buffer {
  const out = Buffer.alloc(HEADER);
  out.writeUInt16BE(id, 0);
  out.writeUInt16BE(0x8000 | (opcode << 11) | (rd ? 0x0100 : 0) | (rcode & 0xf), 2);
  return out;
}

const EMPTY = Buffer.alloc(0);

function writeOpt(out: Buffer, at: number, extendedRcode: number) {
  out[at] = 0; // root owner
  out.writeUInt16BE(RRTYPE.OPT, at + 1);
  out.writeUInt16BE(UDP_EDNS_LIMIT, at + 3);
  out.writeUInt32BE(((extendedRcode & 0xff) << 24) >>> 0, at + 5); // version 0, DO clear: no DNSSEC here
  out.writeUInt16BE(0, at + 9);
}

class BodyWriter {
  private readonly names = new Map<string, number>();

  constructor(public pos: number) {}

  /** Registers every suffix of the question name at its offset in the question (which starts at byte 12). */
  seedQuestionName(question: Buffer, name: string) {
    let wireAt = 0;
    let keyAt = 0;
    while (keyAt < name.length && wireAt < question.length && question[wireAt]! > 0) {
      this.names.set(name.slice(keyAt), HEADER + wireAt);
      wireAt += question[wireAt]! + 1;
      const dot = name.indexOf(".", keyAt);
      if (dot < 0) break;
      keyAt = dot + 1;
    }
  }

  record(rr: WireRecord) {
    this.name(rr.owner);
    this.ensure(10);
    scratch.writeUInt16BE(rr.type, this.pos);
    scratch.writeUInt16BE(1, this.pos + 2); // class IN
    scratch.writeUInt32BE(Math.min(rr.ttl, 0x7fffffff), this.pos + 4);
    const rdlengthAt = this.pos + 8;
    this.pos += 10;
    const start = this.pos;
    const rdata = rr.rdata;
    if (rdata.kind === "raw") this.bytes(rdata.bytes);
    else if (rdata.kind === "name") this.name(rdata.target);
    else {
      this.name(rdata.mname);
      this.name(rdata.rname);
      this.bytes(rdata.fixed);
    }
    scratch.writeUInt16BE(this.pos - start, rdlengthAt);
  }

  private name(name: string) {
    let at = 0;
    while (at < name.length) {
      const suffix = at === 0 ? name : name.slice(at);
      const pointer = this.names.get(suffix);
      if (pointer !== undefined) {
        this.ensure(2);
        scratch.writeUInt16BE(0xc000 | pointer, this.pos);
        this.pos += 2;
        return;
      }
      if (this.pos < 0x4000) this.names.set(suffix, this.pos);
      const dot = name.indexOf(".", at);
      const end = dot < 0 ? name.length : dot;
      this.label(name.slice(at, end));
      at = end + 1;
    }
    this.ensure(1);
    scratch[this.pos++] = 0;
  }

  private label(label: string) {
    const bytes = label.includes("\\") ? unescapeLabel(label) : Buffer.from(label, "latin1");
    if (bytes.length === 0 || bytes.length > 63) throw new MessageTooLarge(`bad label '${label}'`);
    this.ensure(1 + bytes.length);
    scratch[this.pos++] = bytes.length;
    this.bytes(bytes);
  }

  private bytes(bytes: Buffer) {
    this.ensure(bytes.length);
    bytes.copy(scratch, this.pos);
    this.pos += bytes.length;
  }

  private ensure(n: number) {
    if (this.pos + n > MAX_MESSAGE) throw new MessageTooLarge("response exceeds 65535 bytes");
  }
}

function unescapeLabel(label: string): Buffer {
  const out: number[] = [];
  for (let i = 0; i < label.length; i++) {
    const c = label.charCodeAt(i);
    if (c === 92 && /^\d{3}$/.test(label.slice(i + 1, i + 4))) {
      out.push(Number(label.slice(i + 1, i + 4)));
      i += 3;
    } else out.push(c);
  }
  return Buffer.from(out);
}
