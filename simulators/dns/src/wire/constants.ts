/** Record types this server stores, with their wire codes (RFC 1035, 3596, 8659). */
export const RRTYPE = {
  A: 1,
  NS: 2,
  CNAME: 5,
  SOA: 6,
  TXT: 16,
  AAAA: 28,
  OPT: 41,
  DS: 43,
  IXFR: 251,
  AXFR: 252,
  ANY: 255,
  CAA: 257,
} as const;

/** Types a client may write through the management API. */
export const WRITABLE_TYPES = ["A", "AAAA", "CNAME", "TXT", "CAA", "NS"] as const;
export type WritableType = (typeof WRITABLE_TYPES)[number];

const TYPE_NAMES: Record<number, string> = {
  1: "A",
  2: "NS",
  5: "CNAME",
  6: "SOA",
  12: "PTR",
  15: "MX",
  16: "TXT",
  28: "AAAA",
  33: "SRV",
  41: "OPT",
  43: "DS",
  46: "RRSIG",
  47: "NSEC",
  48: "DNSKEY",
  64: "SVCB",
  65: "HTTPS",
  251: "IXFR",
  252: "AXFR",
  255: "ANY",
  257: "CAA",
};
const TYPE_CODES: Record<string, number> = Object.fromEntries(Object.entries(TYPE_NAMES).map(([c, n]) => [n, +c]));

/** A type's mnemonic, or the RFC 3597 `TYPEn` form for the rest. */
export function typeName(code: number): string {
  return TYPE_NAMES[code] ?? `TYPE${code}`;
}

/** The code for a mnemonic or `TYPEn` (case-insensitive); undefined when unknown. */
export function typeCode(name: string): number | undefined {
  const upper = name.toUpperCase();
  const known = TYPE_CODES[upper];
  if (known !== undefined) return known;
  const m = /^TYPE(\d{1,5})$/.exec(upper);
  const n = m ? Number(m[1]) : Number.NaN;
  return n >= 0 && n <= 0xffff ? n : undefined;
}

export const RCODE = {
  NOERROR: 0,
  FORMERR: 1,
  SERVFAIL: 2,
  NXDOMAIN: 3,
  NOTIMP: 4,
  REFUSED: 5,
  BADVERS: 16,
} as const;

const RCODE_NAMES: Record<number, string> = Object.fromEntries(Object.entries(RCODE).map(([n, c]) => [c, n]));

export function rcodeName(code: number): string {
  return RCODE_NAMES[code] ?? `RCODE${code}`;
}

export const CLASS_IN = 1;
export const CLASS_ANY = 255;

/** Plain DNS over UDP without EDNS (RFC 1035 §4.2.1). */
export const UDP_PLAIN_LIMIT = 512;
/** The UDP payload size this server advertises and accepts at most (DNS Flag Day 2020 value). */
export const UDP_EDNS_LIMIT = 1232;
