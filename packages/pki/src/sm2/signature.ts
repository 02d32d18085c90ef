/**
 * SM2 digital signature (GM/T 0003.2) with SM3, as used by SM3withSM2 certificates.
 *
 * Signing is done here because sm-crypto draws its nonce from jsbn's `SecureRandom`, which falls back to
 * `Math.random` outside a browser; a predictable nonce leaks the private key. The nonce comes from Node's CSPRNG
 * and k·G from OpenSSL (ECDH on the SM2 curve). Verification, which needs no randomness, is sm-crypto's, so every
 * signature we make is also checked by an independent implementation (and by `openssl` in the tests).
 */
import { createECDH, createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import { sm2 } from "sm-crypto";

/** GM/T 0009 default signer ID, used everywhere in this project (SM-4). */
export const DEFAULT_USER_ID = "1234567812345678";

const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
} as const;

export const SM2_ORDER = CURVE.n;

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sm3");
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
}

export function bigintToBytes(value: bigint, length = 32): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

/** Z = SM3(ENTL ‖ ID ‖ a ‖ b ‖ xG ‖ yG ‖ xA ‖ yA): binds the signer's ID and key into the digest. */
export function zValue(publicPoint: Uint8Array, userId = DEFAULT_USER_ID): Uint8Array {
  const id = new TextEncoder().encode(userId);
  const entl = id.length * 8;
  return sm3(
    Uint8Array.of((entl >> 8) & 0xff, entl & 0xff),
    id,
    bigintToBytes(CURVE.a),
    bigintToBytes(CURVE.b),
    bigintToBytes(CURVE.gx),
    bigintToBytes(CURVE.gy),
    publicPoint.subarray(1, 33),
    publicPoint.subarray(33, 65),
  );
}

/** A private scalar in [1, n-2] from the CSPRNG (n-1 is excluded because 1+d must be invertible). */
function randomScalar(): bigint {
  for (;;) {
    const k = bytesToBigint(randomBytes(32));
    if (k >= 1n && k < CURVE.n - 1n) return k;
  }
}

/** x-coordinate of k·G, computed by OpenSSL. */
function xOfMultipleOfG(k: bigint): bigint {
  const ecdh = createECDH("SM2");
  ecdh.setPrivateKey(Buffer.from(bigintToBytes(k)));
  return bytesToBigint(ecdh.getPublicKey().subarray(1, 33));
}

/** DER `SEQUENCE { r INTEGER, s INTEGER }`, the signature format of X.509 and PKCS#10. */
function encodeSignature(r: bigint, s: bigint): Uint8Array {
  const seq = new asn1js.Sequence({
    value: [asn1js.Integer.fromBigInt(r), asn1js.Integer.fromBigInt(s)],
  });
  return new Uint8Array(seq.toBER());
}

/** Strict DER decoding of (r, s); undefined when it is not exactly that structure. */
function decodeSignature(der: Uint8Array): { r: bigint; s: bigint } | undefined {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset !== der.length || !(parsed.result instanceof asn1js.Sequence)) return undefined;
  const items = parsed.result.valueBlock.value;
  const [r, s] = items;
  if (items.length !== 2 || !(r instanceof asn1js.Integer) || !(s instanceof asn1js.Integer)) return undefined;
  const rv = r.toBigInt();
  const sv = s.toBigInt();
  if (rv < 1n || rv >= CURVE.n || sv < 1n || sv >= CURVE.n) return undefined;
  // Reject non-minimal encodings so that one signature has one encoding.
  if (!bytesEqual(encodeSignature(rv, sv), der)) return undefined;
  return { r: rv, s: sv };
}

function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** SM2-sign `message` (e = SM3(Z ‖ M)); returns the DER signature. */
export function sm2Sign(
  message: Uint8Array,
  privateScalar: bigint,
  publicPoint: Uint8Array,
  userId = DEFAULT_USER_ID,
): Uint8Array {
  const e = bytesToBigint(sm3(zValue(publicPoint, userId), message));
  const dInv = modInverse(1n + privateScalar, CURVE.n);
  for (;;) {
    const k = randomScalar();
    const r = mod(e + xOfMultipleOfG(k), CURVE.n);
    if (r === 0n || r + k === CURVE.n) continue;
    const s = mod(dInv * (k - r * privateScalar), CURVE.n);
    if (s !== 0n) return encodeSignature(r, s);
  }
}

/** Verifies a DER SM2 signature with the uncompressed public point (04 ‖ x ‖ y). Never throws. */
export function sm2Verify(
  message: Uint8Array,
  signatureDer: Uint8Array,
  publicPoint: Uint8Array,
  userId = DEFAULT_USER_ID,
): boolean {
  try {
    const sig = decodeSignature(signatureDer);
    if (!sig || !isOnCurve(publicPoint)) return false;
    const rs = bigintToBytes(sig.r);
    const raw = Buffer.concat([rs, bigintToBytes(sig.s)]).toString("hex");
    return sm2.doVerifySignature(Array.from(message), raw, Buffer.from(publicPoint).toString("hex"), {
      hash: true,
      der: false,
      userId,
    });
  } catch {
    return false;
  }
}

/** True for an uncompressed point (04 ‖ x ‖ y) that lies on the SM2 curve. */
export function isOnCurve(point: Uint8Array): boolean {
  if (point.length !== 65 || point[0] !== 0x04) return false;
  const x = bytesToBigint(point.subarray(1, 33));
  const y = bytesToBigint(point.subarray(33, 65));
  const { p, a, b } = CURVE;
  if (x >= p || y >= p) return false;
  return mod(y * y - (x * x * x + a * x + b), p) === 0n;
}
