import { domainToUnicode } from "node:url";
import type { DenyList } from "../core/brand";

// Characters people swap for letters to imitate a brand: digits and Cyrillic/Greek homoglyphs.
const SWAPS: Record<string, string> = {
  "0": "o",
  "1": "l",
  "3": "e",
  "4": "a",
  "5": "s",
  "6": "g",
  "7": "t",
  "8": "b",
  "9": "g",
  "@": "a",
  $: "s",
  а: "a",
  е: "e",
  о: "o",
  р: "p",
  с: "c",
  у: "y",
  х: "x",
  і: "i",
  ӏ: "l",
  ο: "o",
  α: "a",
  ρ: "p",
  ν: "v",
};

/**
 * The forms a label may be read as: lower case, hyphens dropped, swapped characters mapped back, `i` read as `l`
 * (so `1`, `i` and `l` are alike), and once more with `rn` read as `m` and `vv` as `w`.
 */
export function skeletons(label: string): string[] {
  const unicode = label.startsWith("xn--") ? domainToUnicode(label) || label : label;
  const base = [...unicode.toLowerCase().replace(/-/g, "")]
    .map((ch) => SWAPS[ch] ?? ch)
    .join("")
    .replace(/i/g, "l");
  const folded = base.replace(/rn/g, "m").replace(/vv/g, "w");
  return base === folded ? [base] : [base, folded];
}

export interface SecurityVerdict {
  passed: boolean;
  reason: string;
}

/**
 * FREE-8: the CA's security review of a certificate's names. A name fails when it is, or lies under, a
 * deny-listed domain, or when one of its labels contains a deny-listed brand word read through its look-alike
 * forms (`paypa1`, `pay-pal`, `rnicrosoft`).
 */
export function securityReview(names: readonly string[], denyList: DenyList): SecurityVerdict {
  const denied = denyList.domains.map((d) => d.toLowerCase().replace(/\.$/, ""));
  const brands = denyList.lookalikes
    .map((word) => ({ word, form: skeletons(word)[0] ?? "" }))
    .filter((brand) => brand.form.length > 0);
  for (const name of names) {
    const bare = name.startsWith("*.") ? name.slice(2) : name;
    const entry = denied.find((d) => bare === d || bare.endsWith(`.${d}`));
    if (entry) return { passed: false, reason: `${name} is on the CA's deny list (${entry})` };
    for (const label of bare.split(".")) {
      const forms = skeletons(label);
      const brand = brands.find(({ form: word }) => forms.some((form) => form.includes(word)));
      if (brand) {
        return { passed: false, reason: `${name} looks like the protected name "${brand.word}" (label "${label}")` };
      }
    }
  }
  return { passed: true, reason: "security review passed" };
}
