// A small strict DER reader for the structures on the hot path (CSRs). A generic BER parser plus a schema mapper
// (asn1js + @peculiar/asn1-schema) builds an object tree per structure, ~2–4 ms for a CSR; walking the bytes with
// bounds checks takes microseconds. Strict means: single-byte tags, definite and minimal lengths, every element
// inside its parent, nothing left over. Every refusal is a DerError; nothing else is thrown for any input.

export class DerError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "DerError";
  }
}

/** One element: its tag byte and where its header and contents lie in `bytes` (shared, not copied). */
export interface Element {
  tag: number;
  bytes: Uint8Array;
  /** Offset of the tag byte. */
  start: number;
  /** Offset of the first contents byte. */
  valueStart: number;
  /** Offset just past the contents. */
  end: number;
}

export const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  teletexString: 0x14,
  ia5String: 0x16,
  universalString: 0x1c,
  bmpString: 0x1e,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Reads the elements between `start` and `end` of `bytes`, one after another. */
export class DerReader {
  private pos: number;

  constructor(
    private readonly bytes: Uint8Array,
    start = 0,
    private readonly end = bytes.length,
  ) {
    this.pos = start;
  }

  get done(): boolean {
    return this.pos >= this.end;
  }

  /** The next element's tag without reading it; undefined at the end. */
  peekTag(): number | undefined {
    return this.pos < this.end ? this.bytes[this.pos] : undefined;
  }

  next(): Element {
    const { bytes, end } = this;
    const start = this.pos;
    if (start >= end) throw new DerError("element expected");
    const tag = bytes[start] as number;
    if ((tag & 0x1f) === 0x1f) throw new DerError("multi-byte tags are not read");
    if (start + 1 >= end) throw new DerError("truncated length");
    const first = bytes[start + 1] as number;
    let length: number;
    let valueStart: number;
    if (first < 0x80) {
      length = first;
      valueStart = start + 2;
    } else {
      const count = first & 0x7f;
      if (count === 0) throw new DerError("indefinite length");
      if (count > 4) throw new DerError("length too long");
      valueStart = start + 2 + count;
      if (valueStart > end) throw new DerError("truncated length");
      length = 0;
      for (let i = start + 2; i < valueStart; i++) length = length * 256 + (bytes[i] as number);
      // Minimal: the long form only from 128 on, and no leading zero byte.
      if (length < 0x80 || bytes[start + 2] === 0) throw new DerError("non-minimal length");
    }
    const elementEnd = valueStart + length;
    if (elementEnd > end) throw new DerError("element overruns its container");
    this.pos = elementEnd;
    return { tag, bytes, start, valueStart, end: elementEnd };
  }

  /** The next element, which must carry `tag`. */
  expect(tag: number, what = "element"): Element {
    const element = this.next();
    if (element.tag !== tag) throw new DerError(`${what}: unexpected tag 0x${element.tag.toString(16)}`);
    return element;
  }

  /** The next element if it carries `tag`, else nothing is read. */
  optional(tag: number): Element | undefined {
    return this.peekTag() === tag ? this.next() : undefined;
  }

  /** Asserts everything has been read. */
  finish(what = "structure"): void {
    if (this.pos !== this.end) throw new DerError(`${what}: unexpected data after the last element`);
  }
}

/** The single element that `bytes` must be exactly. */
export function readOnly(bytes: Uint8Array, tag?: number): Element {
  const reader = new DerReader(bytes);
  const element = reader.next();
  reader.finish();
  if (tag !== undefined && element.tag !== tag) throw new DerError("unexpected tag");
  return element;
}

/** A reader over a constructed element's contents. */
export function inside(element: Element): DerReader {
  if ((element.tag & 0x20) === 0) throw new DerError("primitive element where a constructed one is expected");
  return new DerReader(element.bytes, element.valueStart, element.end);
}

/** The contents bytes (a view, not a copy). */
export function contents(element: Element): Uint8Array {
  return element.bytes.subarray(element.valueStart, element.end);
}

/** The whole encoding, header included (a view). */
export function encoding(element: Element): Uint8Array {
  return element.bytes.subarray(element.start, element.end);
}

/** Dotted form of an OBJECT IDENTIFIER: minimal base-128 arcs, arcs beyond 2^53 as exact decimals. */
export function readOid(element: Element): string {
  if (element.tag !== TAG.oid) throw new DerError("OBJECT IDENTIFIER expected");
  const { bytes, valueStart, end } = element;
  if (valueStart === end) throw new DerError("empty OBJECT IDENTIFIER");
  const arcs: string[] = [];
  let i = valueStart;
  while (i < end) {
    if (bytes[i] === 0x80) throw new DerError("non-minimal OBJECT IDENTIFIER arc");
    let value = 0;
    let big: bigint | undefined;
    for (;;) {
      if (i >= end) throw new DerError("truncated OBJECT IDENTIFIER");
      const byte = bytes[i++] as number;
      if (big !== undefined) big = big * 128n + BigInt(byte & 0x7f);
      else if (value >= 2 ** 45) big = BigInt(value) * 128n + BigInt(byte & 0x7f);
      else value = value * 128 + (byte & 0x7f);
      if ((byte & 0x80) === 0) break;
    }
    if (arcs.length === 0) {
      // The first subidentifier holds two arcs: 40·X + Y, X ∈ {0, 1, 2}.
      if (big !== undefined) arcs.push("2", String(big - 80n));
      else if (value < 40) arcs.push("0", String(value));
      else if (value < 80) arcs.push("1", String(value - 40));
      else arcs.push("2", String(value - 80));
    } else {
      arcs.push(big !== undefined ? String(big) : String(value));
    }
  }
  return arcs.join(".");
}

/** A minimal INTEGER's contents as an unsigned magnitude; refuses negative and non-minimal encodings. */
export function readUnsigned(element: Element): Uint8Array {
  if (element.tag !== TAG.integer) throw new DerError("INTEGER expected");
  const value = contents(element);
  if (value.length === 0) throw new DerError("empty INTEGER");
  const first = value[0] as number;
  if (first & 0x80) throw new DerError("negative INTEGER");
  if (value.length > 1 && first === 0 && ((value[1] as number) & 0x80) === 0) {
    throw new DerError("non-minimal INTEGER");
  }
  return first === 0 && value.length > 1 ? value.subarray(1) : value;
}

/** A small non-negative INTEGER (versions). */
export function readSmallInteger(element: Element): number {
  const magnitude = readUnsigned(element);
  if (magnitude.length > 6) throw new DerError("INTEGER too large");
  let value = 0;
  for (const byte of magnitude) value = value * 256 + byte;
  return value;
}

/** The bytes of a BIT STRING with no unused bits. */
export function readBitStringBytes(element: Element): Uint8Array {
  if (element.tag !== TAG.bitString) throw new DerError("BIT STRING expected");
  const value = contents(element);
  if (value.length === 0) throw new DerError("empty BIT STRING");
  if (value[0] !== 0) throw new DerError("BIT STRING with unused bits");
  return value.subarray(1);
}

/** A BOOLEAN: DER allows only 0x00 and 0xFF. */
export function readBoolean(element: Element): boolean {
  if (element.tag !== TAG.boolean) throw new DerError("BOOLEAN expected");
  const value = contents(element);
  if (value.length !== 1 || (value[0] !== 0 && value[0] !== 0xff)) throw new DerError("malformed BOOLEAN");
  return value[0] === 0xff;
}

/**
 * Walks every element of `bytes` (iteratively, so any depth is fine) and refuses what DER does not allow and what
 * a generic parser would choke on: constructed forms of primitive universal types, BOOLEANs other than 00/FF,
 * empty or non-minimal INTEGERs, NULL with contents, malformed OBJECT IDENTIFIERs, BIT STRINGs without the
 * unused-bits octet or with more than 7, times not in their DER form, BMPStrings of odd length and UniversalStrings
 * not in 4-byte units.
 * Contents of primitive elements are not looked into.
 */
export function assertDer(bytes: Uint8Array, start = 0, end = bytes.length): void {
  const pending: DerReader[] = [new DerReader(bytes, start, end)];
  for (let reader = pending.pop(); reader; reader = pending.pop()) {
    while (!reader.done) {
      const element = reader.next();
      const { tag } = element;
      const universal = (tag & 0xc0) === 0;
      if (tag & 0x20) {
        if (universal && tag !== TAG.sequence && tag !== TAG.set)
          throw new DerError("constructed form of a primitive type");
        pending.push(reader, inside(element));
        break;
      }
      if (universal) checkPrimitive(element);
    }
  }
}

const latin1Of = (element: Element) =>
  Buffer.from(
    element.bytes.buffer,
    element.bytes.byteOffset + element.valueStart,
    element.end - element.valueStart,
  ).toString("latin1");

function checkPrimitive(element: Element): void {
  const length = element.end - element.valueStart;
  switch (element.tag) {
    case 0x00:
      throw new DerError("end-of-contents outside indefinite lengths");
    case TAG.boolean:
      readBoolean(element);
      return;
    case TAG.integer:
    case 0x0a: {
      const value = contents(element);
      if (value.length === 0) throw new DerError("empty INTEGER");
      const [a = 0, b = 0] = value;
      if (value.length > 1 && ((a === 0 && (b & 0x80) === 0) || (a === 0xff && (b & 0x80) !== 0))) {
        throw new DerError("non-minimal INTEGER");
      }
      return;
    }
    case TAG.null:
      if (length !== 0) throw new DerError("NULL with contents");
      return;
    case TAG.oid:
      readOid(element);
      return;
    case TAG.bitString: {
      const unused = element.bytes[element.valueStart];
      if (unused === undefined || unused > 7 || (length === 1 && unused !== 0))
        throw new DerError("malformed BIT STRING");
      return;
    }
    case 0x0d: // RELATIVE-OID: base-128 arcs as in an OBJECT IDENTIFIER
      readOid({ ...element, tag: TAG.oid });
      return;
    case 0x17: // UTCTime, DER form YYMMDDHHMMSSZ
      if (!/^\d{12}Z$/.test(latin1Of(element))) throw new DerError("malformed UTCTime");
      return;
    case 0x18: // GeneralizedTime, DER form YYYYMMDDHHMMSS[.fff]Z
      if (!/^\d{14}(\.\d*[1-9])?Z$/.test(latin1Of(element))) throw new DerError("malformed GeneralizedTime");
      return;
    case TAG.bmpString:
      if (length % 2 !== 0) throw new DerError("BMPString of odd length");
      return;
    case TAG.universalString:
      if (length % 4 !== 0) throw new DerError("UniversalString not a multiple of 4 bytes");
      return;
  }
}
