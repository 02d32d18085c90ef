import { NameError } from "./errors";
import { isIpName } from "./ip";
import { type NameOptions, normaliseName } from "./normalise";
import { registrableDomain } from "./registrable";

export type NameKind = "domain" | "wildcard" | "ip";
export type ClassifiedName = { kind: NameKind; name: string; base: string };

/**
 * DOM-4: what kind of name this is, after DOM-3 normalisation. A wildcard is only `*.` as the whole
 * leftmost label (normalisation refuses any other '*'); its `base` is the name without `*.`.
 * For domains and IPs `base` is the name itself.
 */
export function classifyName(input: string, options: NameOptions = {}): ClassifiedName {
  const name = normaliseName(input, options);
  if (isIpName(name)) return { kind: "ip", name, base: name };
  if (name.startsWith("*.")) return { kind: "wildcard", name, base: name.slice(2) };
  return { kind: "domain", name, base: name };
}

export type DomainType = "single" | "multi" | "wildcard" | "multi-wildcard";

/**
 * DOM-4: the order type a list of names needs. Names are normalised and de-duplicated first, and a name that
 * another listed name already covers by DOM-2 (`www.example.com` next to `example.com`) does not count:
 * [`example.com`, `www.example.com`] is a single-domain certificate. One remaining name is `single` or
 * `wildcard`; several are `multi`, or `multi-wildcard` when any of them is a wildcard. IPs count as names.
 */
export function domainType(inputs: readonly string[], options: NameOptions = {}): DomainType {
  if (inputs.length === 0) {
    throw new NameError("empty-list", "DOM-4", "at least one domain name is required", options);
  }
  // One entry per certificate name that needs its own slot: DOM-2 pairs share the apex's slot.
  const slots = new Map<string, NameKind>();
  for (const input of inputs) {
    const { kind, name } = classifyName(input, options);
    slots.set(kind === "domain" ? dom2Apex(name) : name, kind);
  }
  const hasWildcard = [...slots.values()].includes("wildcard");
  if (slots.size === 1) return hasWildcard ? "wildcard" : "single";
  return hasWildcard ? "multi-wildcard" : "multi";
}

// The apex a DOM-2 pair shares (`www.example.com` -> `example.com`); any other name stands for itself.
function dom2Apex(name: string): string {
  const apex = registrableDomain(name);
  return apex !== undefined && name === `www.${apex}` ? apex : name;
}
