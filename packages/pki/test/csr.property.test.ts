import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { CsrError, createCsr, generateKeyPair, type ParsedCsr, parseCsr } from "../src/index";

let seeds: { pem: string; der: Uint8Array }[];

beforeAll(async () => {
  const keys = await Promise.all([
    generateKeyPair({ algorithm: "RSA", bits: 2048 }),
    generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
    generateKeyPair({ algorithm: "ECC", curve: "P-384" }),
    generateKeyPair({ algorithm: "SM2" }),
  ]);
  seeds = await Promise.all(
    keys.map(async (key) => {
      const pem = await createCsr({
        key,
        commonName: "example.com",
        names: ["example.com", "www.example.com", "198.51.100.4"],
        subject: { O: "Example Ltd", C: "CN" },
      });
      return { pem, der: parseCsr(pem).der };
    }),
  );
}, 60_000);

/** Parses and reports what happened; anything but a ParsedCsr or a CsrError fails the property. */
function outcome(input: string | Uint8Array): "parsed" | "refused" {
  let parsed: ParsedCsr;
  try {
    parsed = parseCsr(input);
  } catch (error) {
    if (error instanceof CsrError) {
      expect(error.rule).toBe("CSR-4");
      expect(["NotPkcs10", "BadSignature", "WeakKey"]).toContain(error.code);
      return "refused";
    }
    throw error;
  }
  // A mutation that survives must still be a coherent, self-consistent CSR.
  expect(["RSA", "ECC", "SM2"]).toContain(parsed.key.algorithm);
  expect(Array.isArray(parsed.names)).toBe(true);
  expect(parseCsr(parsed.der).publicKeyPem).toBe(parsed.publicKeyPem);
  return "parsed";
}

const seed = () => fc.nat({ max: 3 }).map((i) => seeds[i]!);

describe("parseCsr under random damage", () => {
  it("CSR-4: bit flips in the DER give a ParsedCsr or a CsrError, never another exception", () => {
    fc.assert(
      fc.property(
        seed(),
        fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 }),
        (s, flips) => {
          const der = new Uint8Array(s.der);
          for (const [at, bit] of flips) der[at % der.length]! ^= 1 << bit;
          outcome(der);
        },
      ),
      { numRuns: 250 },
    );
  });

  it("CSR-4: truncation and inserted bytes give a ParsedCsr or a CsrError", () => {
    fc.assert(
      fc.property(
        seed(),
        fc.nat(),
        fc.nat(),
        fc.uint8Array({ minLength: 1, maxLength: 16 }),
        (s, cut, at, inserted) => {
          const truncated = s.der.subarray(0, cut % s.der.length);
          expect(outcome(truncated)).toBe("refused");
          const where = at % (s.der.length + 1);
          outcome(new Uint8Array([...s.der.subarray(0, where), ...inserted, ...s.der.subarray(where)]));
        },
      ),
      { numRuns: 300 },
    );
  });

  it("CSR-4: damaged PEM text (deleted, inserted, replaced characters) gives a ParsedCsr or a CsrError", () => {
    fc.assert(
      fc.property(
        seed(),
        fc.array(
          fc.record({
            kind: fc.constantFrom("delete", "insert", "replace"),
            at: fc.nat(),
            text: fc.string({ minLength: 1, maxLength: 8 }),
          }),
          { minLength: 1, maxLength: 5 },
        ),
        (s, edits) => {
          let pem = s.pem;
          for (const edit of edits) {
            const at = edit.at % (pem.length + 1);
            if (edit.kind === "delete") pem = pem.slice(0, at) + pem.slice(at + edit.text.length);
            else if (edit.kind === "insert") pem = pem.slice(0, at) + edit.text + pem.slice(at);
            else pem = pem.slice(0, at) + edit.text + pem.slice(at + edit.text.length);
          }
          outcome(pem);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("CSR-4: arbitrary bytes and strings are refused with a CsrError", () => {
    fc.assert(
      fc.property(fc.oneof(fc.uint8Array({ maxLength: 300 }), fc.string({ maxLength: 300 })), (input) => {
        outcome(input);
      }),
      { numRuns: 300 },
    );
  });

  it("the undamaged seeds parse", () => {
    for (const s of seeds) expect(outcome(s.pem)).toBe("parsed");
  });
});
