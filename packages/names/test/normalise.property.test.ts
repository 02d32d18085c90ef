import { isIP } from "node:net";
import { domainToUnicode } from "node:url";
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { MAX_NAME_LENGTH, NameError, normaliseName } from "../src/index";

const RUNS = { numRuns: 1000 };
const NORMALISED_DOMAIN = /^(\*\.)?[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*$/;

// Pieces a user might paste into a name: IDN letters, full-width and ideographic forms that UTS-46 maps,
// characters it ignores or refuses, and ASCII the platform refuses.
const PIECES = ["ü", "é", "ß", "ς", "中", "文", "ｅ", "Ａ", "。", "．", "\u00ad", "\u200d", "İ", "ﬁ", "①", "١", "💩"];
const NOISE = ["-", "_", "*", ".", "xn--", " ", "%", ":", "＊", "0x", "--"];

/** fc.domain() names, small ones and ones that often pass the 64-character limit. */
const domain = fc.oneof(fc.domain(), fc.domain({ size: "medium" }));

/** A domain from fc.domain(), then randomly re-cased, with pieces inserted, a trailing dot, `*.`, spaces. */
const mutatedDomain = fc
  .record({
    base: domain,
    upper: fc.array(fc.nat(), { maxLength: 8 }),
    inserts: fc.array(fc.tuple(fc.nat(), fc.constantFrom(...PIECES, ...NOISE)), { maxLength: 3 }),
    trailingDot: fc.boolean(),
    wildcard: fc.boolean(),
    padding: fc.constantFrom("", " ", "\t", "  "),
  })
  .map(({ base, upper, inserts, trailingDot, wildcard, padding }) => {
    const chars = [...base];
    for (const index of upper) {
      const at = index % chars.length;
      chars[at] = chars[at]!.toUpperCase();
    }
    for (const [index, piece] of inserts) chars.splice(index % (chars.length + 1), 0, piece);
    const name = `${wildcard ? "*." : ""}${chars.join("")}${trailingDot ? "." : ""}`;
    return `${padding}${name}${padding}`;
  });

/** Normalises, or returns the NameError; any other exception fails the property. */
function attempt(input: string): string | NameError {
  try {
    return normaliseName(input);
  } catch (error) {
    if (error instanceof NameError) return error;
    throw error;
  }
}

describe("normaliseName properties", () => {
  test.prop([fc.oneof(domain, mutatedDomain)], RUNS)(
    "DOM-3: normalisation is idempotent and its output is canonical",
    (input) => {
      const name = attempt(input);
      if (name instanceof NameError) {
        expect(name.rule).toMatch(/^DOM-[34]$/);
        return;
      }
      expect(normaliseName(name)).toBe(name);
      expect(name).toMatch(NORMALISED_DOMAIN);
      expect(name.length).toBeLessThanOrEqual(MAX_NAME_LENGTH);
    },
  );

  test.prop([domain], RUNS)("DOM-3: case and one trailing dot do not change the result", (input) => {
    const name = attempt(input);
    const variant = attempt(`${input.toUpperCase()}.`);
    if (name instanceof NameError) {
      expect(variant).toBeInstanceOf(NameError);
      expect((variant as NameError).reason).toBe(name.reason);
    } else {
      expect(variant).toBe(name);
    }
  });

  test.prop([mutatedDomain], RUNS)("DOM-3: the Unicode form of an accepted name normalises back to it", (input) => {
    const name = attempt(input);
    if (name instanceof NameError) return;
    const base = name.startsWith("*.") ? name.slice(2) : name;
    const unicode = `${name.startsWith("*.") ? "*." : ""}${domainToUnicode(base)}`;
    expect(normaliseName(unicode)).toBe(name);
  });

  test.prop([fc.oneof(fc.ipV4(), fc.ipV6())], RUNS)(
    "DOM-3: IP addresses pass through canonical and idempotent",
    (address) => {
      const name = normaliseName(address.toUpperCase());
      expect(isIP(name)).toBe(isIP(address));
      expect(normaliseName(name)).toBe(name);
      expect(name).toBe(name.toLowerCase());
      if (isIP(address) === 6) expect(name.split("::").length).toBeLessThanOrEqual(2);
      if (isIP(address) === 4) expect(name).toBe(address);
    },
  );
});
