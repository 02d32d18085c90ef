import { domainToASCII } from "node:url";

/**
 * A name the server cannot store, with why. DNS owner names are wider than host names (`_dnsauth`, `*`), so the
 * server checks them itself rather than with the certificate-name rules of @certsim/names.
 */
export class DnsNameError extends Error {
  readonly code = "InvalidParameter.NameInvalid";
  constructor(message: string) {
    super(message);
    this.name = "DnsNameError";
  }
}

const LABEL = /^[a-z0-9_](?:[a-z0-9_-]{0,61}[a-z0-9_])?$/;

export interface NameOptions {
  /** Allow `*` labels: leftmost it makes a wildcard owner; elsewhere it is an ordinary label (RFC 4592 §2.1.1). */
  wildcard?: boolean;
}

/**
 * Lower-cases, drops one final dot, converts Unicode labels to A-labels, then checks the result: labels of 1–63
 * letters, digits, hyphens and underscores (no hyphen at either end), at most 253 characters in all.
 */
export function normaliseDnsName(input: string, options: NameOptions = {}): string {
  if (typeof input !== "string") throw new DnsNameError("a name must be a string");
  let name = input.trim();
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "") throw new DnsNameError("the name is empty (the root zone is not served)");
  if (/[^\x20-\x7e]/.test(name)) {
    const ascii = domainToASCII(name);
    if (ascii === "") throw new DnsNameError(`'${input}' is not a valid internationalised name`);
    name = ascii;
  }
  name = name.toLowerCase();
  if (name.length > 253) throw new DnsNameError(`'${input}' is longer than 253 characters`);
  const labels = name.split(".");
  for (const label of labels) {
    if (label === "*" && options.wildcard) continue;
    if (label === "*") throw new DnsNameError(`'${input}': a '*' label is not allowed here`);
    if (label === "") throw new DnsNameError(`'${input}' has an empty label`);
    if (label.length > 63) throw new DnsNameError(`'${input}' has a label longer than 63 characters`);
    if (!LABEL.test(label)) throw new DnsNameError(`'${input}' has an invalid label '${label}'`);
  }
  return name;
}

/** The parent of a name (`a.b.c` → `b.c`), or undefined for a single label. */
export function parentName(name: string): string | undefined {
  const dot = name.indexOf(".");
  return dot < 0 ? undefined : name.slice(dot + 1);
}

/** True when `name` is `zone` or below it. */
export function isAtOrBelow(name: string, zone: string): boolean {
  return (
    name === zone || (name.length > zone.length && name.endsWith(zone) && name[name.length - zone.length - 1] === ".")
  );
}
