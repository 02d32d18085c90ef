import { isIPv4, isIPv6 } from "node:net";

/**
 * Canonical text of an IP address, or undefined when `text` is not one.
 * IPv4 must be strict dotted decimal (Node refuses leading zeros, so `010.0.0.1` is not silently octal).
 * IPv6 may come in brackets; it is returned compressed and lower case by the WHATWG URL serialiser
 * (RFC 5952 style: longest run of zero groups as `::`; an IPv4-mapped tail becomes hex groups).
 * Zone identifiers (`fe80::1%eth0`) are not addresses a certificate can carry: undefined.
 */
export function canonicalIp(text: string): string | undefined {
  if (isIPv4(text)) return text;
  const bare = text.startsWith("[") && text.endsWith("]") ? text.slice(1, -1) : text;
  if (!isIPv6(bare) || bare.includes("%")) return undefined;
  return new URL(`http://[${bare}]`).hostname.slice(1, -1);
}

/** True when `name` is an already-normalised IP address (IPv6 names always contain a colon). */
export function isIpName(name: string): boolean {
  return isIPv4(name) || isIPv6(name);
}
