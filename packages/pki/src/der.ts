// A minimal DER writer for the few structures on the hot path (fresh keys, CSRs). @peculiar/asn1-schema builds and
// serialises an object tree per structure, ~1–2 ms for a CSR; concatenating the bytes takes microseconds. The
// tests check these encodings against asn1-schema's byte for byte.
import { isIP } from "node:net";

function length(n: number): Buffer {
  if (n < 0x80) return Buffer.of(n);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Buffer.of(0x80 | bytes.length, ...bytes);
}

/** Tag, length, value. */
export function tlv(tag: number, ...contents: Uint8Array[]): Buffer {
  const body = contents.length === 1 ? Buffer.from(contents[0] as Uint8Array) : Buffer.concat(contents);
  return Buffer.concat([Buffer.of(tag), length(body.length), body]);
}

export const sequence = (...contents: Uint8Array[]) => tlv(0x30, ...contents);
export const set = (...contents: Uint8Array[]) => tlv(0x31, ...contents);
export const octetString = (bytes: Uint8Array) => tlv(0x04, bytes);
/** A BIT STRING of whole bytes (no unused bits). */
export const bitString = (bytes: Uint8Array) => tlv(0x03, Buffer.of(0), bytes);
export const NULL = Buffer.of(0x05, 0x00);

/** A non-negative INTEGER from big-endian bytes: minimal, with a 0x00 before a set high bit. */
export function integer(bytes: Uint8Array): Buffer {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const minimal = bytes.subarray(start);
  return tlv(0x02, (minimal[0] ?? 0) & 0x80 ? Buffer.concat([Buffer.of(0), minimal]) : minimal);
}

const oids = new Map<string, Buffer>();

/** An OBJECT IDENTIFIER from its dotted form (encodings are remembered: a handful of OIDs recur). */
export function oid(dotted: string): Buffer {
  const known = oids.get(dotted);
  if (known) return known;
  const [first = 0, second = 0, ...rest] = dotted.split(".").map(Number);
  const bytes: number[] = [];
  // The first two arcs share one subidentifier, 40·X + Y, which is base-128 like the others (2.999 needs two bytes).
  for (const arc of [40 * first + second, ...rest]) {
    const base128 = [arc & 0x7f];
    for (let value = Math.floor(arc / 128); value > 0; value = Math.floor(value / 128)) {
      base128.unshift(0x80 | (value & 0x7f));
    }
    bytes.push(...base128);
  }
  const encoded = tlv(0x06, Buffer.from(bytes));
  oids.set(dotted, encoded);
  return encoded;
}

/** The 4 or 16 bytes of an IP address, as a GeneralName's iPAddress holds them. */
export function ipAddressBytes(ip: string): Buffer {
  const version = isIP(ip);
  if (version === 4) return Buffer.from(ip.split(".").map(Number));
  if (version !== 6 || ip.includes("%")) throw new RangeError(`${ip} is not an IP address for a certificate`);
  const groups = (part: string) =>
    part === ""
      ? []
      : part.split(":").flatMap((group) => {
          if (!group.includes(".")) return [Number.parseInt(group, 16)];
          const [a = 0, b = 0, c = 0, d = 0] = group.split(".").map(Number);
          return [a * 256 + b, c * 256 + d];
        });
  const [head = "", tail] = ip.split("::");
  const front = groups(head);
  const back = tail === undefined ? [] : groups(tail);
  const all = [...front, ...new Array<number>(8 - front.length - back.length).fill(0), ...back];
  const bytes = Buffer.alloc(16);
  all.forEach((group, i) => {
    bytes.writeUInt16BE(group, i * 2);
  });
  return bytes;
}

/** GeneralNames of DNS names ([2] IA5String) and IP addresses ([7] OCTET STRING), in order. */
export function generalNames(names: readonly string[]): Buffer {
  return sequence(
    ...names.map((name) => (isIP(name) ? tlv(0x87, ipAddressBytes(name)) : tlv(0x82, Buffer.from(name, "latin1")))),
  );
}
