import { domainToASCII } from "node:url";

const LDH_UNDERSCORE = /^[a-z0-9_*-]+(?:\.[a-z0-9_*-]+)*$/;

/**
 * A DNS owner name as the CA asks it: trimmed, one trailing dot off, lower case, IDN labels as A-labels.
 * Underscore labels (`_dnsauth`, `_<md5>`) are allowed: these are record names, not host names, so the stricter
 * DOM-3 rules of `normaliseName` do not apply. Undefined when the input is no DNS name at all.
 */
export function dnsName(input: string): string | undefined {
  let name = input.trim();
  if (name.endsWith(".")) name = name.slice(0, -1);
  if (name === "") return undefined;
  // biome-ignore lint/suspicious/noControlCharactersInRegex: testing for non-ASCII input
  if (/[^\x00-\x7f]/.test(name)) name = domainToASCII(name);
  name = name.toLowerCase();
  if (name.length > 253 || !LDH_UNDERSCORE.test(name)) return undefined;
  return name.split(".").every((label) => label.length <= 63) ? name : undefined;
}

/** A CNAME target or other name from an answer, compared as the CA compares: lower case, no trailing dot. */
export function comparableName(name: string): string {
  return name.trim().replace(/\.$/, "").toLowerCase();
}
