/**
 * SM2 digital signature (GM/T 0003.2) with SM3, as used by SM3withSM2 certificates.
 *
 * Not sm-crypto's: it draws signing nonces from jsbn's `SecureRandom`, which falls back to `Math.random` outside a
 * browser (a predictable nonce leaks the private key), and its verification takes ~100 ms per signature. Here the
 * nonce comes from Node's CSPRNG, SM3 and k·G from OpenSSL, and verification takes a few milliseconds. The tests
 * check both directions against sm-crypto and `openssl`.
 */
import { createHash, randomBytes } from "node:crypto";
import * as asn1js from "asn1js";
import {
  bigintToBytes,
  bytesToBigint,
  CURVE,
  decodePoint,
  mod,
  modInverse,
  multiplyG,
  xOfLinearCombination,
} from "./curve";

/** GM/T 0009 default signer ID, used everywhere in this project (SM-4). */
export const DEFAULT_USER_ID = "1234567812345678";

export function sm3(...parts: Uint8Array[]): Uint8Array {
  const h = createHash("sm3");
  for (const part of parts) h.update(part);
  return new Uint8Array(h.digest());
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
    const r = mod(e + multiplyG(k).x, CURVE.n);
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
    const Q = decodePoint(publicPoint);
    if (!sig || !Q) return false;
    const e = bytesToBigint(sm3(zValue(publicPoint, userId), message));
    const t = mod(sig.r + sig.s, CURVE.n);
    if (t === 0n) return false;
    const x1 = xOfLinearCombination(sig.s, t, Q);
    return x1 !== undefined && mod(e + x1, CURVE.n) === sig.r;
  } catch {
    return false;
  }
}
