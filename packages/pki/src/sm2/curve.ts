/**
 * The SM2 curve (GM/T 0003.5) and the one point operation OpenSSL cannot give us through Node: a multiple of an
 * arbitrary point. Node's ECDH computes k·G with both coordinates but k·P only as an x-coordinate, which is not
 * enough for SM2 verification (s·G + t·P). Verification handles public data only, so plain double-and-add in
 * Jacobian coordinates is fine (no constant-time requirement).
 */
import { createECDH } from "node:crypto";

export const CURVE = {
  p: 0xfffffffeffffffffffffffffffffffffffffffff00000000ffffffffffffffffn,
  a: 0xfffffffeffffffffffffffffffffffffffffffff00000000fffffffffffffffcn,
  b: 0x28e9fa9e9d9f5e344d5a9e4bcf6509a7f39789f515ab8f92ddbcbd414d940e93n,
  gx: 0x32c4ae2c1f1981195f9904466a39c9948fe30bbff2660be1715a4589334c74c7n,
  gy: 0xbc3736a2f4f6779c59bdcee36b692153d0a9877cc62a474002df32e52139f0a0n,
  n: 0xfffffffeffffffffffffffffffffffff7203df6b21c6052b53bbf40939d54123n,
} as const;

export interface AffinePoint {
  x: bigint;
  y: bigint;
}

/** Jacobian (X, Y, Z) ↔ affine (X/Z², Y/Z³); Z = 0 is the point at infinity. */
interface JacobianPoint {
  X: bigint;
  Y: bigint;
  Z: bigint;
}

const INFINITY: JacobianPoint = { X: 1n, Y: 1n, Z: 0n };

export function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

export function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [mod(a, m), m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return mod(s0, m);
}

export function bigintToBytes(value: bigint, length = 32): Uint8Array {
  return Uint8Array.from(Buffer.from(value.toString(16).padStart(length * 2, "0"), "hex"));
}

export function bytesToBigint(bytes: Uint8Array): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${Buffer.from(bytes).toString("hex")}`);
}

/** The affine point of an uncompressed encoding (04 ‖ x ‖ y) when it lies on the curve. */
export function decodePoint(encoded: Uint8Array): AffinePoint | undefined {
  if (encoded.length !== 65 || encoded[0] !== 0x04) return undefined;
  const x = bytesToBigint(encoded.subarray(1, 33));
  const y = bytesToBigint(encoded.subarray(33, 65));
  const { p, a, b } = CURVE;
  if (x >= p || y >= p) return undefined;
  return mod(y * y - (x * x * x + a * x + b), p) === 0n ? { x, y } : undefined;
}

/** k·G by OpenSSL, for 1 ≤ k < n. */
export function multiplyG(k: bigint): AffinePoint {
  const ecdh = createECDH("SM2");
  ecdh.setPrivateKey(Buffer.from(bigintToBytes(k)));
  const encoded = new Uint8Array(ecdh.getPublicKey());
  return { x: bytesToBigint(encoded.subarray(1, 33)), y: bytesToBigint(encoded.subarray(33, 65)) };
}

function double(P: JacobianPoint): JacobianPoint {
  const { p, a } = CURVE;
  if (P.Z === 0n || P.Y === 0n) return INFINITY;
  const YY = mod(P.Y * P.Y, p);
  const ZZ = mod(P.Z * P.Z, p);
  const S = mod(4n * P.X * YY, p);
  const M = mod(3n * P.X * P.X + a * ZZ * ZZ, p);
  const X = mod(M * M - 2n * S, p);
  const Y = mod(M * (S - X) - 8n * YY * YY, p);
  const Z = mod(2n * P.Y * P.Z, p);
  return { X, Y, Z };
}

/** P + Q with Q affine (mixed addition). */
function addAffine(P: JacobianPoint, Q: AffinePoint): JacobianPoint {
  const { p } = CURVE;
  if (P.Z === 0n) return { X: Q.x, Y: Q.y, Z: 1n };
  const Z1Z1 = mod(P.Z * P.Z, p);
  const H = mod(Q.x * Z1Z1 - P.X, p);
  const R = mod(Q.y * P.Z * Z1Z1 - P.Y, p);
  if (H === 0n) return R === 0n ? double(P) : INFINITY;
  const HH = mod(H * H, p);
  const HHH = mod(H * HH, p);
  const V = mod(P.X * HH, p);
  const X = mod(R * R - HHH - 2n * V, p);
  const Y = mod(R * (V - X) - P.Y * HHH, p);
  const Z = mod(P.Z * H, p);
  return { X, Y, Z };
}

function multiply(k: bigint, Q: AffinePoint): JacobianPoint {
  let R = INFINITY;
  for (let i = BigInt(k.toString(2).length - 1); i >= 0n; i--) {
    R = double(R);
    if ((k >> i) & 1n) R = addAffine(R, Q);
  }
  return R;
}

/** x-coordinate of s·G + t·Q, or undefined when the sum is the point at infinity. */
export function xOfLinearCombination(s: bigint, t: bigint, Q: AffinePoint): bigint | undefined {
  const sum = addAffine(multiply(t, Q), multiplyG(s));
  if (sum.Z === 0n) return undefined;
  const zInv = modInverse(sum.Z, CURVE.p);
  return mod(sum.X * zInv * zInv, CURVE.p);
}
