import { domainToASCII, domainToUnicode } from "node:url";
import { NameError, type NameErrorReason, quote } from "./errors";
import { canonicalIp } from "./ip";

/** The platform's limit on a name, counted on the normalised form including a leading `*.` (DOM-3, api). */
export const MAX_NAME_LENGTH = 64;
/** RFC 1035: a label is at most 63 octets. */
export const MAX_LABEL_LENGTH = 63;

export type NameOptions = { field?: string };

// Inputs far beyond any limit are refused before the IDNA machinery sees them.
const MAX_INPUT_LENGTH = 1024;
// ASCII that may appear in input before IDNA mapping. Anything else ASCII ('_', '%', '/', ' ', ...) is refused
// here, because the WHATWG host parser behind domainToASCII would otherwise rewrite it (e.g. percent-decode).
const ALLOWED_ASCII = /^[A-Za-z0-9.*-]$/;
// Brackets, or hex digits around two colons: meant as an IPv6 address (a zone id, a typo), not a DNS name.
const LOOKS_LIKE_IPV6 = /^\[|^[0-9a-f.]*:[0-9a-f.]*:/i;
const LDH_LABEL = /^[a-z0-9-]+$/;
// WHATWG treats a host whose last label is a number (decimal or 0x-hex) as an IPv4 address and rewrites it:
// `127.1` would come back as `127.0.0.1`. Such a name is never a DNS name, so it is refused instead.
const NUMERIC_LABEL = /^(?:[0-9]+|0x[0-9a-f]*)$/i;

/**
 * DOM-3: the one canonical spelling of a name, applied before any other rule runs.
 * Trims, strips one trailing dot, lower-cases, maps internationalised labels to A-labels (UTS-46
 * non-transitional, as browsers do), and refuses empty labels, labels over 63 octets, names over 64
 * characters, characters outside a-z 0-9 '-', labels starting or ending with '-', reserved `??--` labels
 * that are not valid punycode, and any '*' except one leading `*.` label. IP addresses pass through in
 * canonical form. Idempotent: normaliseName(normaliseName(x)) === normaliseName(x).
 */
export function normaliseName(input: string, options: NameOptions = {}): string {
  const refuse = (reason: NameErrorReason, detail: string, rule = "DOM-3"): never => {
    throw new NameError(reason, rule, `${quote(input)} is not a valid domain name: ${detail}`, options);
  };

  let text = input.trim();
  if (text === "") refuse("empty-name", "it is empty");
  if (text.length > MAX_INPUT_LENGTH) refuse("name-too-long", `it is longer than ${MAX_NAME_LENGTH} characters`);
  const hadTrailingDot = text.endsWith(".");
  if (hadTrailingDot) text = text.slice(0, -1);

  const ip = canonicalIp(text);
  if (ip !== undefined) return ip;
  if (LOOKS_LIKE_IPV6.test(text)) refuse("invalid-ip", "it is not a valid IP address");

  for (const char of text) {
    if (char.charCodeAt(0) < 0x80 && !ALLOWED_ASCII.test(char)) {
      refuse("illegal-character", `${quote(char)} is not allowed (only a-z, 0-9, '-' and '.')`);
    }
  }

  const wildcard = text.startsWith("*.");
  const rest = wildcard ? text.slice(2) : text;
  if (rest.includes("*")) refuse("wildcard-position", "'*' is only allowed as the whole leftmost label", "DOM-4");

  const rawLabels = rest.split(".");
  if (rawLabels.some((label) => label === "")) refuse("empty-label", "it has an empty label");
  if (NUMERIC_LABEL.test(rawLabels.at(-1)!)) refuse("numeric-tld", "its last label is a number");

  let ascii = domainToASCII(rest);
  if (ascii === "") refuse("invalid-idn", "it is not a valid internationalised name");
  // A trailing ideographic full stop ('。') only becomes a dot during mapping; it is still the one trailing dot.
  if (!hadTrailingDot && ascii.endsWith(".")) ascii = ascii.slice(0, -1);

  const labels = ascii.split(".");
  for (const label of labels) {
    if (label === "") refuse("empty-label", "it has an empty label");
    if (label === "*") refuse("wildcard-position", "'*' is only allowed as the whole leftmost label", "DOM-4");
    if (!LDH_LABEL.test(label))
      refuse("illegal-character", `label ${quote(label)} has characters other than a-z, 0-9, '-'`);
    if (label.length > MAX_LABEL_LENGTH) refuse("label-too-long", `a label is longer than ${MAX_LABEL_LENGTH} octets`);
    if (label.startsWith("-") || label.endsWith("-"))
      refuse("hyphen-position", `label ${quote(label)} starts or ends with '-'`);
    if (label.slice(2, 4) === "--" && !isValidALabel(label)) {
      refuse("reserved-label", `label ${quote(label)} has '--' in positions 3-4 but is not a valid A-label`);
    }
  }
  if (NUMERIC_LABEL.test(labels.at(-1)!)) refuse("numeric-tld", "its last label is a number");

  const name = wildcard ? `*.${ascii}` : ascii;
  if (name.length > MAX_NAME_LENGTH) refuse("name-too-long", `it is longer than ${MAX_NAME_LENGTH} characters`);
  return name;
}

// Baseline Requirements 7.1.4.2: a name may only hold P-Labels or non-reserved LDH labels, so an `xn--` label
// must be punycode that survives a round trip, and any other `??--` label is refused.
function isValidALabel(label: string): boolean {
  if (!label.startsWith("xn--")) return false;
  const unicode = domainToUnicode(label);
  return unicode !== "" && unicode !== label && domainToASCII(unicode) === label;
}
