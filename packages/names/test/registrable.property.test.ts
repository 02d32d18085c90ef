import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { coveredNames, isPublicSuffix, isWithin, NameError, normaliseName, primaryDomain } from "../src/index";

const RUNS = { numRuns: 1000 };

const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,6}[a-z0-9])?$/);
// Suffixes with one, two and three labels, wildcard and exception rules, IDN and unknown TLDs, a private one.
const SUFFIXES = ["com", "co.uk", "cn", "gov.cn", "kawasaki.jp", "city.kawasaki.jp", "xn--fiqs8s", "test", "ck"];
const EXTRA = ["www.ck", "github.io", "nom.br", "s3.amazonaws.com", "bd", "uk"];

/** A name X: random from fc.domain(), or a few labels over a suffix with interesting PSL rules. */
const baseName = fc.oneof(
  fc.domain(),
  fc
    .tuple(fc.array(label, { minLength: 0, maxLength: 2 }), fc.constantFrom(...SUFFIXES, ...EXTRA))
    .map(([labels, suffix]) => [...labels, suffix].join(".")),
);

function accepted(fn: () => string): string | undefined {
  try {
    return fn();
  } catch (error) {
    if (error instanceof NameError) return undefined;
    throw error;
  }
}

/** The names from `name` up to but excluding `ancestor`, deepest first. */
function namesBetween(name: string, ancestor: string): string[] {
  const labels = name.replace(/^\*\./, "").split(".");
  const depth = ancestor.split(".").length;
  return labels.slice(0, labels.length - depth).map((_, index) => labels.slice(index).join("."));
}

describe("primaryDomain properties", () => {
  // The PSL has rules whose parent is no rule (`*.kawasaki.jp` without `kawasaki.jp`, `bo.nordland.no`
  // without `nordland.no`): such a parent is registrable while its children are public suffixes. So the
  // property holds for every subdomain that does not pass through a public suffix on the way up.
  test.prop([baseName, fc.array(label, { minLength: 1, maxLength: 3 }), fc.boolean()], RUNS)(
    "DOM-5: every subdomain of X has X's primary domain (unless a public suffix lies between)",
    (x, prefix, wildcard) => {
      const primary = accepted(() => primaryDomain(x));
      if (primary === undefined) return;
      const sub = accepted(() => normaliseName(`${wildcard ? "*." : ""}${prefix.join(".")}.${x}`));
      if (sub === undefined) return;
      const suffixOnPath = namesBetween(sub, primary).find((name) => isPublicSuffix(name));
      if (suffixOnPath === undefined) {
        expect(primaryDomain(sub)).toBe(primary);
        expect(isWithin(sub, primary)).toBe(true);
      } else {
        const deeper = accepted(() => primaryDomain(sub));
        if (deeper !== undefined) expect(isWithin(deeper, suffixOnPath) && deeper !== suffixOnPath).toBe(true);
      }
    },
  );

  test.prop([baseName], RUNS)(
    "DOM-5: the primary domain contains the name, is no public suffix and is its own primary domain",
    (x) => {
      const name = accepted(() => normaliseName(x));
      if (name === undefined) return;
      const primary = accepted(() => primaryDomain(name));
      if (primary === undefined) {
        expect(isPublicSuffix(name)).toBe(true);
        return;
      }
      expect(isWithin(name, primary)).toBe(true);
      expect(isPublicSuffix(primary)).toBe(false);
      expect(primaryDomain(primary)).toBe(primary);
      for (const between of namesBetween(name, primary)) expect(primaryDomain(between)).toBe(primary);
    },
  );

  test.prop([baseName], RUNS)("DOM-2: apex and www cover each other and nothing else does", (x) => {
    const primary = accepted(() => primaryDomain(x));
    if (primary === undefined) return;
    const www = `www.${primary}`;
    const name = normaliseName(x);
    if (name !== primary && name !== www) expect(coveredNames(name)).toEqual([name]);
    if (www.length > 64 || isPublicSuffix(www)) return;
    expect(coveredNames(primary)).toEqual([primary, www]);
    expect(coveredNames(www)).toEqual([www, primary]);
  });
});
