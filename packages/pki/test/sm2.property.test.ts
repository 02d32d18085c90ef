import { fc, test } from "@fast-check/vitest";
import { sm2 as smCrypto } from "sm-crypto";
import { beforeAll, describe, expect } from "vitest";
import { createSm2Csr, generateSm2KeyPair, Sm2Error, verifySm2Csr } from "../src/sm2";
import { bigintToBytes } from "../src/sm2/curve";
import { readSm2PrivateKey, type Sm2SigningKey } from "../src/sm2/keys";
import { DEFAULT_USER_ID, sm2Sign, sm2Verify } from "../src/sm2/signature";

let csrDer: Uint8Array;
let key: Sm2SigningKey;
let keyHex: { privateKey: string; publicKey: string };

beforeAll(async () => {
  const pair = await generateSm2KeyPair();
  const csr = await createSm2Csr({ key: pair, commonName: "example.com", names: ["example.com", "www.example.com"] });
  csrDer = new Uint8Array(Buffer.from(csr.replace(/-----[^-]+-----|\s/g, ""), "base64"));
  expect(verifySm2Csr(csrDer).ok).toBe(true);
  key = readSm2PrivateKey(pair.privateKeyPem);
  keyHex = {
    privateKey: Buffer.from(bigintToBytes(key.d)).toString("hex"),
    publicKey: Buffer.from(key.publicPoint).toString("hex"),
  };
});

describe("SM2 request parsing under mutation", () => {
  // Positions anywhere, with extra weight on the outer header and the unsigned tail (algorithm, signature), where
  // only the parser's strictness stands between a mutation and a still-valid signature.
  const position = fc.oneof(
    fc.nat(),
    fc.integer({ min: 0, max: 7 }),
    fc.integer({ min: 1, max: 90 }).map((fromEnd) => -fromEnd),
  );
  test.prop([position, fc.integer({ min: 1, max: 255 })], { numRuns: 60 })(
    "CSR-2: a single-byte mutation of an SM2 CSR gives ok:false or a typed Sm2Error, never an untyped exception",
    (position, mask) => {
      const mutated = csrDer.slice();
      const at = position < 0 ? mutated.length + position : position % mutated.length;
      mutated[at] = (mutated[at] ?? 0) ^ mask;
      try {
        expect(verifySm2Csr(mutated).ok).toBe(false);
      } catch (err) {
        expect(err).toBeInstanceOf(Sm2Error);
        expect((err as Sm2Error).code).toMatch(/^CSR_/);
      }
    },
  );
});

describe("SM2 signatures against sm-crypto", () => {
  // sm-crypto is slow (jsbn, ~50–150 ms per operation): few runs, but each checks both directions.
  test.prop([fc.uint8Array({ maxLength: 300 }), fc.nat(), fc.integer({ min: 1, max: 255 })], { numRuns: 6 })(
    "SM-4: our SM3withSM2 signatures verify with sm-crypto (default ID), sm-crypto's verify with ours, mutations fail both",
    (message, position, mask) => {
      const ours = sm2Sign(message, key.d, key.publicPoint);
      const oursHex = Buffer.from(ours).toString("hex");
      const options = { hash: true, der: true, userId: DEFAULT_USER_ID };
      expect(smCrypto.doVerifySignature(Array.from(message), oursHex, keyHex.publicKey, options)).toBe(true);

      const theirsHex = smCrypto.doSignature(Array.from(message), keyHex.privateKey, {
        ...options,
        publicKey: keyHex.publicKey,
      });
      const theirs = new Uint8Array(Buffer.from(theirsHex, "hex"));
      expect(sm2Verify(message, theirs, key.publicPoint)).toBe(true);
      expect(sm2Verify(message, theirs, key.publicPoint, "another-user-id")).toBe(false);

      const badSig = ours.slice();
      const at = position % badSig.length;
      badSig[at] = (badSig[at] ?? 0) ^ mask;
      expect(sm2Verify(message, badSig, key.publicPoint)).toBe(false);
      const badMessage = Uint8Array.from([...message, mask]);
      expect(sm2Verify(badMessage, ours, key.publicPoint)).toBe(false);
      expect(smCrypto.doVerifySignature(Array.from(badMessage), oursHex, keyHex.publicKey, options)).toBe(false);
    },
  );
});
