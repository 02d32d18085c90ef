import { isIPv4, isIPv6 } from "node:net";
import { badRequest } from "@certsim/service";
import { DnsNameError, normaliseDnsName } from "./names";
import { RRTYPE, type WritableType } from "./wire/constants";
import type { RData } from "./wire/message";

/** A CAA record (RFC 8659 §4.1). */
export interface CaaValue {
  flags: number;
  tag: string;
  value: string;
}

/**
 * One record's value as clients give it and get it back: an address or target name as a string, TXT as one string
 * (split into 255-byte character-strings on the wire) or as an array of strings, CAA as an object.
 */
export type RecordValue = string | string[] | CaaValue;

export const TYPE_CODES: Record<WritableType, number> = {
  A: RRTYPE.A,
  AAAA: RRTYPE.AAAA,
  CNAME: RRTYPE.CNAME,
  TXT: RRTYPE.TXT,
  CAA: RRTYPE.CAA,
  NS: RRTYPE.NS,
};

/** Room left for header, question, owner and OPT, so any TXT that is accepted fits in a 65535-byte message. */
export const MAX_TXT_RDATA = 65535 - 512;
const CAA_TAG = /^[A-Za-z0-9]{1,15}$/;

/** Checks and canonicalises a value for `type`; errors name `field`. */
export function parseValue(type: WritableType, input: unknown, field: string): RecordValue {
  const bad = (message: string) => badRequest(`InvalidParameter.${type}Value`, `${field}: ${message}`, { field });
  switch (type) {
    case "A":
      if (typeof input !== "string" || !isIPv4(input)) throw bad("an A record needs an IPv4 address");
      return input;
    case "AAAA":
      if (typeof input !== "string" || !isIPv6(input)) throw bad("an AAAA record needs an IPv6 address");
      return canonicalIPv6(input);
    case "CNAME":
    case "NS":
      if (typeof input !== "string") throw bad(`a ${type} record needs a target name`);
      try {
        return normaliseDnsName(input);
      } catch (e) {
        if (e instanceof DnsNameError) throw bad(e.message);
        throw e;
      }
    case "TXT": {
      const strings = typeof input === "string" ? [input] : input;
      if (!Array.isArray(strings) || strings.length === 0 || !strings.every((s) => typeof s === "string")) {
        throw bad("a TXT record needs a string or a non-empty array of strings");
      }
      const size = txtChunks(strings).reduce((n, chunk) => n + 1 + chunk.length, 0);
      if (size > MAX_TXT_RDATA) throw bad(`TXT data is ${size} bytes; at most ${MAX_TXT_RDATA} fit in a DNS message`);
      return typeof input === "string" ? input : [...strings];
    }
    case "CAA":
      return parseCaa(input, bad);
  }
}

function parseCaa(input: unknown, bad: (message: string) => Error): CaaValue {
  let caa: CaaValue;
  if (typeof input === "string") {
    const m = /^\s*(\d{1,3})\s+(\S+)\s+(?:"((?:[^"\\]|\\.)*)"|(\S*))\s*$/.exec(input);
    if (!m) throw bad(`'${input}' is not a CAA record in the form: 0 issue "ca.example"`);
    caa = { flags: Number(m[1]), tag: m[2]!, value: m[3] !== undefined ? m[3].replace(/\\(.)/g, "$1") : m[4]! };
  } else if (input && typeof input === "object" && !Array.isArray(input)) {
    const o = input as Record<string, unknown>;
    const extra = Object.keys(o).filter((k) => !["flags", "tag", "value"].includes(k));
    if (extra.length > 0) throw bad(`unknown CAA field '${extra[0]}'`);
    if (typeof o.tag !== "string" || typeof o.value !== "string") throw bad("a CAA record needs a tag and a value");
    caa = { flags: o.flags === undefined ? 0 : (o.flags as number), tag: o.tag, value: o.value };
  } else {
    throw bad('a CAA record needs {flags, tag, value} or the form: 0 issue "ca.example"');
  }
  if (!Number.isInteger(caa.flags) || caa.flags < 0 || caa.flags > 255) throw bad("CAA flags must be 0–255");
  if (!CAA_TAG.test(caa.tag)) throw bad("a CAA tag is 1–15 letters and digits (RFC 8659 §4.1)");
  if (Buffer.byteLength(caa.value) > MAX_TXT_RDATA) throw bad("the CAA value is too long");
  return caa;
}

/** TXT strings as 255-byte character-strings (RFC 1035 §3.3.14); an empty string stays one empty string. */
export function txtChunks(strings: readonly string[]): Buffer[] {
  const chunks: Buffer[] = [];
  for (const s of strings) {
    const bytes = Buffer.from(s, "utf8");
    if (bytes.length === 0) chunks.push(bytes);
    for (let at = 0; at < bytes.length; at += 255) chunks.push(bytes.subarray(at, at + 255));
  }
  return chunks;
}

/** The RDATA that `value` puts on the wire. */
export function toRData(type: WritableType, value: RecordValue): RData {
  switch (type) {
    case "A":
      return { kind: "raw", bytes: Buffer.from((value as string).split(".").map(Number)) };
    case "AAAA":
      return { kind: "raw", bytes: ipv6Bytes(value as string) };
    case "CNAME":
    case "NS":
      return { kind: "name", target: value as string };
    case "TXT": {
      const chunks = txtChunks(typeof value === "string" ? [value] : (value as string[]));
      return { kind: "raw", bytes: Buffer.concat(chunks.flatMap((c) => [Buffer.from([c.length]), c])) };
    }
    case "CAA": {
      const caa = value as CaaValue;
      const tag = Buffer.from(caa.tag, "ascii");
      return { kind: "raw", bytes: Buffer.concat([Buffer.from([caa.flags, tag.length]), tag, Buffer.from(caa.value)]) };
    }
  }
}

/** Two values are the same record when they put the same bytes on the wire (names compared case-insensitively). */
export function valueKey(type: WritableType, value: RecordValue): string {
  const rdata = toRData(type, value);
  if (rdata.kind === "raw") return rdata.bytes.toString("latin1");
  if (rdata.kind === "name") return rdata.target;
  return `${rdata.mname} ${rdata.rname}`;
}

function ipv6Bytes(address: string): Buffer {
  let groups: string[];
  let tail: number[] = [];
  let text = address;
  const v4 = /(\d+\.\d+\.\d+\.\d+)$/.exec(text);
  if (v4) {
    tail = v4[1]!.split(".").map(Number);
    text = `${text.slice(0, -v4[1]!.length)}0:0`;
  }
  const [head, rest] = text.split("::");
  const left = head ? head.split(":") : [];
  if (rest === undefined) groups = left;
  else {
    const right = rest ? rest.split(":") : [];
    groups = [...left, ...Array(8 - left.length - right.length).fill("0"), ...right];
  }
  const out = Buffer.alloc(16);
  for (const [i, g] of groups.entries()) out.writeUInt16BE(Number.parseInt(g, 16), i * 2);
  if (v4) Buffer.from(tail).copy(out, 12);
  return out;
}

/** RFC 5952 text form, so `2001:DB8:0:0::1` and `2001:db8::1` are one value. */
export function canonicalIPv6(address: string): string {
  const bytes = ipv6Bytes(address);
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push(bytes.readUInt16BE(i).toString(16));
  let bestAt = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLen) {
      bestAt = i;
      bestLen = j - i;
    }
    i = j;
  }
  if (bestAt < 0) return groups.join(":");
  return `${groups.slice(0, bestAt).join(":")}::${groups.slice(bestAt + bestLen).join(":")}`;
}
