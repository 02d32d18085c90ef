import { parse } from "tldts";
import { NameError } from "./errors";
import { isIpName } from "./ip";
import { type NameOptions, normaliseName } from "./normalise";

// DOM-5 decision: the ICANN section of the Public Suffix List only. The primary domain is what a customer
// registers at a registrar (and what the Baseline Requirements call the registry-controlled boundary), so
// `foo.github.io` belongs to `github.io`. A TLD the list does not know (`.test`) counts as a public suffix
// of one label (the PSL's default `*` rule), which keeps invented simulation names usable.
const PSL_OPTIONS = {
  allowPrivateDomains: false,
  extractHostname: false,
  detectIp: false,
  validateHostname: false,
  mixedInputs: false,
} as const;

/** Registrable domain of an already-normalised non-IP name (wildcard allowed), or undefined. */
export function registrableDomain(name: string): string | undefined {
  const base = name.startsWith("*.") ? name.slice(2) : name;
  return parse(base, PSL_OPTIONS).domain ?? undefined;
}

/**
 * DOM-5: the primary domain of a name, its registrable domain under the ICANN Public Suffix List:
 * `docs.dnspod.cn` -> `dnspod.cn`, `a.b.example.co.uk` -> `example.co.uk`, `*.example.com` -> `example.com`.
 * Throws NameError for an IP address and for a name that is itself a public suffix (or `*.` one).
 */
export function primaryDomain(input: string, options: NameOptions = {}): string {
  const name = normaliseName(input, options);
  if (isIpName(name)) {
    throw new NameError("ip-address", "DOM-5", `${name} is an IP address and has no primary domain`, options);
  }
  const domain = registrableDomain(name);
  if (domain === undefined) {
    throw new NameError(
      "no-registrable-domain",
      "DOM-5",
      `${name} is a public suffix and has no registrable primary domain`,
      options,
    );
  }
  return domain;
}

/** True when the normalised name is itself a public suffix (ICANN section, e.g. `com`, `co.uk`, `kawasaki.jp`). */
export function isPublicSuffix(input: string): boolean {
  const name = normaliseName(input);
  if (isIpName(name) || name.startsWith("*.")) return false;
  return parse(name, PSL_OPTIONS).publicSuffix === name;
}

/**
 * True when `name` is `ancestor` or a subdomain of it, label by label (`badexample.com` is not within
 * `example.com`). Both sides are normalised; `*` is compared as an ordinary label, so `*.example.com` is
 * within `example.com`. An IP address is only within itself.
 */
export function isWithin(input: string, ancestorInput: string): boolean {
  const name = normaliseName(input);
  const ancestor = normaliseName(ancestorInput);
  if (name === ancestor) return true;
  if (isIpName(name) || isIpName(ancestor)) return false;
  return name.endsWith(`.${ancestor}`);
}
