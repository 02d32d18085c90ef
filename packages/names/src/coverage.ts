import { classifyName } from "./classify";
import type { NameOptions } from "./normalise";
import { primaryDomain } from "./registrable";

/**
 * DOM-2: the names a certificate bound to `bound` carries. Bound to the apex (`example.com`, the primary
 * domain) it also covers `www.example.com`; bound to `www.<apex>` it also covers the apex; any other name
 * (a deeper subdomain, a wildcard, an IP) covers only itself. The bound name comes first.
 * The added name may be up to 4 characters longer than the 64-character input limit, which binds only
 * what a customer types. Throws NameError for a name without a primary domain (a public suffix).
 */
export function coveredNames(bound: string, options: NameOptions = {}): string[] {
  const { kind, name } = classifyName(bound, options);
  if (kind !== "domain") return [name];
  const apex = primaryDomain(name, options);
  if (name === apex) return [name, `www.${apex}`];
  if (name === `www.${apex}`) return [name, apex];
  return [name];
}
