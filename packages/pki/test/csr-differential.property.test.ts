// parseCsr (strict DER reader) against the generic parser it replaced (test/reference/csr-reference.ts): the same
// ParsedCsr, or the same CsrError, for generated CSRs of every key type with varied subjects, SANs and signature
// algorithms, and for damaged bytes.
import * as crypto from "node:crypto";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { bitString, integer, NULL, octetString, oid, sequence, set, tlv } from "../src/der";
import { CsrError, generateKeyPair, type KeyPairPem, type ParsedCsr, parseCsr } from "../src/index";
import { readSm2PrivateKey } from "../src/sm2/keys";
import { sm2Sign } from "../src/sm2/signature";
import { openssl } from "./openssl";
import { referenceParseCsr } from "./reference/csr-reference";

/** More runs on demand: CSR_DIFF_RUNS=3000 pnpm vitest run --project pki test/csr-differential */
const RUNS = Number(process.env.CSR_DIFF_RUNS ?? 200);
const TIMEOUT = Math.max(30_000, RUNS * 100);

type Outcome = { parsed: ParsedCsr } | { code: string; message: string };

function outcome(parse: (input: Uint8Array) => ParsedCsr, input: Uint8Array): Outcome {
  try {
    return { parsed: parse(input) };
  } catch (error) {
    if (error instanceof CsrError) return { code: error.code, message: error.message };
    throw error; // anything else fails the property
  }
}

// ---- keys -------------------------------------------------------------------------------------------------

interface TestKey {
  label: string;
  family: "RSA" | "ECC" | "SM2" | "other";
  spki: Uint8Array;
  sign: (tbs: Uint8Array, algorithm: SignatureChoice) => Uint8Array;
}

interface SignatureChoice {
  /** DER AlgorithmIdentifier written into the CSR. */
  algorithm: Uint8Array;
  /** How the signature is really made. */
  hash: string;
  pss?: boolean;
}

function nodeKey(label: string, family: TestKey["family"], pair: crypto.KeyPairKeyObjectResult): TestKey {
  return {
    label,
    family,
    spki: new Uint8Array(pair.publicKey.export({ type: "spki", format: "der" })),
    sign: (tbs, choice) =>
      new Uint8Array(
        family === "other"
          ? crypto.sign(null, tbs, pair.privateKey)
          : crypto.sign(
              choice.hash,
              tbs,
              choice.pss
                ? { key: pair.privateKey, padding: crypto.constants.RSA_PKCS1_PSS_PADDING, saltLength: 32 }
                : pair.privateKey,
            ),
      ),
  };
}

/** A P-256 key whose SPKI carries the compressed point (read through node's DER import, not the JWK path). */
function compressed(pair: crypto.KeyPairKeyObjectResult): TestKey {
  const ecdh = crypto.createECDH("prime256v1");
  ecdh.setPrivateKey(Buffer.from(pair.privateKey.export({ format: "jwk" }).d as string, "base64url"));
  const point = ecdh.getPublicKey(undefined, "compressed");
  return {
    ...nodeKey("P-256 compressed", "ECC", pair),
    spki: new Uint8Array(sequence(sequence(oid("1.2.840.10045.2.1"), oid("1.2.840.10045.3.1.7")), bitString(point))),
  };
}

let keys: TestKey[];

beforeAll(async () => {
  const sm2: KeyPairPem = await generateKeyPair({ algorithm: "SM2" });
  const scalar = readSm2PrivateKey(sm2.privateKeyPem);
  const sm2Spki = new Uint8Array(crypto.createPublicKey(sm2.publicKeyPem).export({ type: "spki", format: "der" }));
  const ec = (curve: string) => crypto.generateKeyPairSync("ec", { namedCurve: curve });
  keys = [
    nodeKey("RSA-2048", "RSA", crypto.generateKeyPairSync("rsa", { modulusLength: 2048 })),
    nodeKey("RSA-3072/e=3", "RSA", crypto.generateKeyPairSync("rsa", { modulusLength: 3072, publicExponent: 3 })),
    nodeKey("P-256", "ECC", ec("prime256v1")),
    compressed(ec("prime256v1")),
    nodeKey("P-384", "ECC", ec("secp384r1")),
    nodeKey("P-521", "ECC", ec("secp521r1")),
    {
      label: "SM2",
      family: "SM2",
      spki: sm2Spki,
      sign: (tbs) => sm2Sign(tbs, scalar.d, scalar.publicPoint),
    },
    // Refused keys: too small, an unaccepted curve, another algorithm.
    nodeKey("RSA-1024", "RSA", crypto.generateKeyPairSync("rsa", { modulusLength: 1024 })),
    nodeKey("secp256k1", "ECC", ec("secp256k1")),
    nodeKey("Ed25519", "other", crypto.generateKeyPairSync("ed25519")),
  ];
}, 60_000);

// ---- CSR parts ----------------------------------------------------------------------------------------------

const utf8 = (text: string) => Buffer.from(text, "utf8");

/** Characters that need escaping in the DN rendering, plus ordinary and non-ASCII ones. */
const nameText = fc.string({
  unit: fc.constantFrom(...'aZ09 .-*,+"\\<>;#=\r\n\té中ß€'.split("")),
  maxLength: 12,
});

/** An attribute value in one of the encodings CSRs carry (and a few they should not). */
const attributeValue = fc.oneof(
  nameText.map((text) => tlv(0x0c, utf8(text))),
  fc
    .string({ unit: fc.constantFrom(...' #,+"\\<>;\r\n\ta'.split("")), minLength: 1, maxLength: 6 })
    .map((text) => tlv(0x0c, utf8(text))),
  fc.stringMatching(/^[A-Za-z0-9 '()+,\-./:=?]{0,10}$/).map((text) => tlv(0x13, Buffer.from(text, "latin1"))),
  fc.uint8Array({ maxLength: 8 }).map((bytes) => tlv(0x0c, bytes)), // possibly not UTF-8
  fc.uint8Array({ maxLength: 8 }).map((bytes) => tlv(0x14, bytes)), // TeletexString
  fc.stringMatching(/^[ -~]{0,10}$/).map((text) => tlv(0x16, Buffer.from(text, "latin1"))), // IA5String
  fc.uint8Array({ maxLength: 5 }).map((bytes) => tlv(0x1e, Buffer.concat([bytes, bytes]))), // BMPString, even
  fc.uint8Array({ maxLength: 2 }).map((bytes) => tlv(0x1c, Buffer.concat([bytes, bytes, bytes, bytes]))),
  fc.stringMatching(/^[0-9 ]{0,6}$/).map((text) => tlv(0x12, Buffer.from(text))), // NumericString: shown as #hex
  fc.constant(integer(Buffer.of(7))),
);

const attributeType = fc.constantFrom(
  "2.5.4.3",
  "2.5.4.10",
  "2.5.4.11",
  "2.5.4.7",
  "2.5.4.8",
  "2.5.4.6",
  "2.5.4.5",
  "2.5.4.15",
  "1.3.6.1.4.1.311.60.2.1.3",
  "1.2.840.113549.1.9.1",
  "0.9.2342.19200300.100.1.25",
  "2.5.4.4",
  "1.2.3.4.5",
);

const subjectName = fc
  .array(fc.array(fc.tuple(attributeType, attributeValue), { minLength: 0, maxLength: 2 }), { maxLength: 5 })
  .map((rdns) => sequence(...rdns.map((rdn) => set(...rdn.map(([type, value]) => sequence(oid(type), value))))));

const dnsName = fc
  .tuple(
    fc.boolean(),
    fc.array(fc.stringMatching(/^[A-Za-z0-9-]{1,8}$/), { minLength: 1, maxLength: 3 }),
    fc.constantFrom("com", "CN", "example"),
  )
  .map(([wildcard, labels, tld]) => `${wildcard ? "*." : ""}${[...labels, tld].join(".")}`);

const generalName = fc.oneof(
  { weight: 4, arbitrary: dnsName.map((name) => tlv(0x82, Buffer.from(name, "latin1"))) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 4 }).map((bytes) => tlv(0x82, bytes)) },
  { weight: 2, arbitrary: fc.uint8Array({ minLength: 4, maxLength: 4 }).map((bytes) => tlv(0x87, bytes)) },
  {
    weight: 2,
    arbitrary: fc
      .array(fc.constantFrom(0, 0, 0, 1, 0xff, 0x20, 0x01), { minLength: 16, maxLength: 16 })
      .map((bytes) => tlv(0x87, Buffer.from(bytes))),
  },
  {
    weight: 1,
    arbitrary: fc
      .constantFrom(0, 1, 5, 8, 32)
      .chain((n) => fc.uint8Array({ minLength: n, maxLength: n }))
      .map((bytes) => tlv(0x87, bytes)),
  },
  { weight: 1, arbitrary: fc.constant(tlv(0x87, Buffer.from([10, 0, 0, 0, 255, 255, 255, 0]))) },
  { weight: 1, arbitrary: fc.constant(tlv(0x81, Buffer.from("admin@example.com"))) },
  { weight: 1, arbitrary: fc.constant(tlv(0x86, Buffer.from("https://example.com/"))) },
  { weight: 1, arbitrary: fc.constant(tlv(0x88, oid("1.2.3.4").subarray(2))) },
  {
    weight: 1,
    arbitrary: fc.constant(tlv(0xa0, oid("1.3.6.1.4.1.311.20.2.3"), tlv(0xa0, tlv(0x0c, utf8("upn@example.com"))))),
  },
);

const extension = (id: string, value: Uint8Array, critical = false) =>
  sequence(oid(id), ...(critical ? [Buffer.of(0x01, 0x01, 0xff)] : []), octetString(value));

/** The [0] attributes: none, an extensionRequest with or without a SAN (maybe after other extensions), others. */
const attributes = fc.oneof(
  fc.constant(undefined),
  fc.constant(tlv(0xa0)),
  fc
    .record({
      sans: fc.array(generalName, { maxLength: 5 }),
      withSan: fc.boolean(),
      before: fc.boolean(),
      critical: fc.boolean(),
      challenge: fc.boolean(),
    })
    .map(({ sans, withSan, before, critical, challenge }) => {
      const extensions = [
        ...(before ? [extension("2.5.29.15", Buffer.of(0x03, 0x02, 0x05, 0xa0), true)] : []),
        ...(withSan ? [extension("2.5.29.17", sequence(...sans), critical)] : []),
        extension("2.5.29.19", sequence()),
      ];
      return tlv(
        0xa0,
        ...(challenge ? [sequence(oid("1.2.840.113549.1.9.7"), set(tlv(0x0c, utf8("secret"))))] : []),
        sequence(oid("1.2.840.113549.1.9.14"), set(sequence(...extensions))),
      );
    }),
);

const HASH_OID: Record<string, string> = {
  sha256: "2.16.840.1.101.3.4.2.1",
  sha384: "2.16.840.1.101.3.4.2.2",
  sha512: "2.16.840.1.101.3.4.2.3",
};
const RSA_SIG: Record<string, string> = {
  sha1: "1.2.840.113549.1.1.5",
  sha256: "1.2.840.113549.1.1.11",
  sha384: "1.2.840.113549.1.1.12",
  sha512: "1.2.840.113549.1.1.13",
};
const ECDSA_SIG: Record<string, string> = {
  sha1: "1.2.840.10045.4.1",
  sha256: "1.2.840.10045.4.3.2",
  sha384: "1.2.840.10045.4.3.3",
  sha512: "1.2.840.10045.4.3.4",
};

function pssAlgorithm(hash: string): Uint8Array {
  const hashAlgorithm = sequence(oid(HASH_OID[hash] as string), NULL);
  const mgf = sequence(oid("1.2.840.113549.1.1.8"), hashAlgorithm);
  return sequence(
    oid("1.2.840.113549.1.1.10"),
    sequence(tlv(0xa0, hashAlgorithm), tlv(0xa1, mgf), tlv(0xa2, integer(Buffer.of(32)))),
  );
}

/** The signature algorithm for a key: usually right, sometimes PSS, sometimes a mismatch that must not verify. */
function signatureChoice(key: TestKey, hash: string, variant: number): SignatureChoice {
  if (key.family === "SM2") {
    return variant === 0
      ? { algorithm: sequence(oid(ECDSA_SIG.sha256 as string)), hash: "sm3" }
      : { algorithm: sequence(oid("1.2.156.10197.1.501")), hash: "sm3" };
  }
  if (key.family === "other") return { algorithm: sequence(oid("1.3.101.112")), hash };
  if (key.family === "RSA") {
    if (variant === 1 && hash !== "sha1") return { algorithm: pssAlgorithm(hash), hash, pss: true };
    if (variant === 2) return { algorithm: sequence(oid(ECDSA_SIG[hash] as string)), hash };
    if (variant === 3) return { algorithm: sequence(oid(RSA_SIG.sha384 as string), NULL), hash: "sha256" };
    return { algorithm: sequence(oid(RSA_SIG[hash] as string), NULL), hash };
  }
  if (variant === 2) return { algorithm: sequence(oid(RSA_SIG[hash] as string), NULL), hash };
  return { algorithm: sequence(oid(ECDSA_SIG[hash] as string)), hash };
}

const csrShape = fc.record({
  key: fc.nat(),
  subject: subjectName,
  attributes,
  hash: fc.constantFrom("sha256", "sha384", "sha512", "sha1"),
  variant: fc.oneof({ weight: 5, arbitrary: fc.constant(0) }, { weight: 3, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  version: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.constantFrom(1, 2) }),
  sm2: fc.nat({ max: 5 }),
});

type Shape = typeof csrShape extends fc.Arbitrary<infer T> ? T : never;

/** A signed CSR from a shape. SM2 signing and verifying is slow: only one shape in six uses the SM2 key. */
function build(shape: Shape): Uint8Array {
  const candidates = keys.filter((key) => (shape.sm2 === 0 ? key.family === "SM2" : key.family !== "SM2"));
  const key = candidates[shape.key % candidates.length] as TestKey;
  const choice = signatureChoice(key, shape.hash, shape.variant);
  const tbs = sequence(
    integer(Buffer.of(shape.version)),
    shape.subject,
    key.spki,
    ...(shape.attributes ? [shape.attributes] : []),
  );
  return new Uint8Array(sequence(tbs, choice.algorithm, bitString(key.sign(tbs, choice))));
}

function expectSame(input: Uint8Array, withMessages: boolean): { old: Outcome; now: Outcome } {
  const old = outcome(referenceParseCsr, input);
  const now = outcome(parseCsr, input);
  if ("parsed" in old && "parsed" in now) expect(now.parsed).toEqual(old.parsed);
  else if (withMessages) expect(now).toEqual(old);
  else expect("code" in now ? now.code : "parsed").toBe("code" in old ? old.code : "parsed");
  return { old, now };
}

describe("parseCsr equals the generic parser it replaced", () => {
  it(
    "CSR-4: generated CSRs (RSA, P-256/384/521, SM2, refused keys; varied names, SANs, PKCS#1/ECDSA/PSS/SM2 signatures) give the same ParsedCsr or the same CsrError",
    () => {
      const seen = new Set<string>();
      fc.assert(
        fc.property(csrShape, (shape) => {
          const der = build(shape);
          const { old } = expectSame(der, true);
          seen.add("parsed" in old ? `parsed ${old.parsed.key.algorithm}` : old.code);
          // The PEM form gives the same as the DER.
          if ("parsed" in old) expect(parseCsr(old.parsed.pem)).toEqual(old.parsed);
        }),
        { numRuns: RUNS },
      );
      // The generators reach every outcome the comparison is meant to cover.
      for (const expected of ["parsed RSA", "parsed ECC", "parsed SM2", "WeakKey", "BadSignature", "NotPkcs10"]) {
        expect(seen).toContain(expected);
      }
    },
    TIMEOUT,
  );
});

const damage = fc.oneof(
  fc.record({
    kind: fc.constant("flip" as const),
    flips: fc.array(fc.tuple(fc.nat(), fc.nat({ max: 7 })), { minLength: 1, maxLength: 4 }),
  }),
  fc.record({ kind: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    kind: fc.constant("insert" as const),
    at: fc.nat(),
    bytes: fc.uint8Array({ minLength: 1, maxLength: 4 }),
  }),
  fc.record({
    kind: fc.constant("replace" as const),
    at: fc.nat(),
    byte: fc.constantFrom(0x00, 0x80, 0x81, 0xff, 0x1e, 0x1c, 0x2c, 0xa0),
  }),
);

type Damage = typeof damage extends fc.Arbitrary<infer T> ? T : never;

function apply(der: Uint8Array, change: Damage): Uint8Array {
  switch (change.kind) {
    case "flip": {
      const out = new Uint8Array(der);
      for (const [at, bit] of change.flips) out[at % out.length] = (out[at % out.length] as number) ^ (1 << bit);
      return out;
    }
    case "truncate":
      return der.subarray(0, change.at % der.length);
    case "insert": {
      const at = change.at % (der.length + 1);
      return new Uint8Array([...der.subarray(0, at), ...change.bytes, ...der.subarray(at)]);
    }
    case "replace": {
      const out = new Uint8Array(der);
      out[change.at % out.length] = change.byte;
      return out;
    }
  }
}

/** True when OpenSSL does not take `der` for a PKCS#10 request whose self-signature verifies. */
function opensslRefuses(der: Uint8Array): boolean {
  // OpenSSL 3.0's `req -verify` exits 0 after a failed verification: read its verdict.
  const result = openssl(["req", "-inform", "DER", "-noout", "-verify"], der);
  return result.status !== 0 || !/verify OK/.test(result.stdout + result.stderr);
}

describe("parseCsr on damaged CSRs", () => {
  it(
    "CSR-4: flipped, truncated, inserted or replaced bytes give the generic parser's result, or an earlier refusal of bytes OpenSSL refuses too",
    () => {
      let stricter = 0;
      fc.assert(
        fc.property(csrShape, damage, (shape, change) => {
          // Mostly RSA/ECC: SM2 verification takes milliseconds per parse.
          const input = apply(build({ ...shape, sm2: shape.sm2 === 0 && shape.key % 4 === 0 ? 0 : 1 }), change);
          const old = outcome(referenceParseCsr, input);
          const now = outcome(parseCsr, input);
          if ("parsed" in now) {
            // Never more lenient: what the new parser accepts, the old one accepted, with the same result.
            expect(old).toEqual(now);
            return;
          }
          if ("code" in old && old.code === now.code) return;
          // The strict reader refuses what the generic one read leniently (an outer length shorter than its
          // contents, a non-minimal OBJECT IDENTIFIER arc, a [0] where a SEQUENCE belongs, a key or signature
          // BIT STRING whose bits are not whole bytes): the refusal comes earlier, as unreadable or as a bad
          // signature, and OpenSSL does not accept the bytes as a self-signed request either.
          expect(["NotPkcs10", "BadSignature"]).toContain(now.code);
          expect(opensslRefuses(input), Buffer.from(input).toString("hex")).toBe(true);
          stricter++;
        }),
        { numRuns: RUNS * 3 },
      );
      // Rare (about 1 % of damaged inputs), not the rule.
      expect(stricter).toBeLessThan(RUNS * 3 * 0.1);
    },
    TIMEOUT * 3,
  );
});
