/** SM2 key pairs: generation (OpenSSL via Node), reading PEM keys, and SM2 SubjectPublicKeyInfo. */
import { createECDH, generateKeyPair, type KeyObject } from "node:crypto";
import { promisify } from "node:util";
import { PrivateKeyInfo } from "@peculiar/asn1-pkcs8";
import { AsnConvert } from "@peculiar/asn1-schema";
import { AlgorithmIdentifier, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { keyPairFromKeyObjects } from "../key-material";
import { bigintToBytes, bytesToBigint, CURVE, decodePoint } from "./curve";
import { Sm2Error } from "./errors";
import { OID } from "./oids";
import { fromPem, toArrayBuffer, toPem } from "./pem";

const generateKeyPairAsync = promisify(generateKeyPair);

export interface Sm2KeyPairPem {
  algorithm: "SM2";
  /** PKCS#8 `PRIVATE KEY` PEM (id-ecPublicKey, curve 1.2.156.10197.1.301). */
  privateKeyPem: string;
  /** SPKI `PUBLIC KEY` PEM. */
  publicKeyPem: string;
  /** The generated KeyObjects, non-enumerable (see KeyPairPem): wrapping or encrypting the pair needs no parse. */
  readonly privateKey?: KeyObject;
  readonly publicKey?: KeyObject;
}

/** A private key ready for signing: the scalar d and its uncompressed public point. */
export interface Sm2SigningKey {
  d: bigint;
  publicPoint: Uint8Array;
}

/** A fresh SM2 key pair from OpenSSL's CSPRNG; OpenSSL 3 reads both PEMs as SM2 keys. */
export async function generateSm2KeyPair(): Promise<Sm2KeyPairPem> {
  const { privateKey, publicKey } = await generateKeyPairAsync("ec", { namedCurve: "SM2" });
  return keyPairFromKeyObjects(privateKey, publicKey, "SM2") as Sm2KeyPairPem;
}

function keyInvalid(): Sm2Error {
  return new Sm2Error("KEY_INVALID", "the private key cannot be read");
}

/** The OID inside DER-encoded named-curve parameters, if that is what they are. */
function curveOf(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return undefined;
  const parsed = asn1js.fromBER(parameters);
  return parsed.result instanceof asn1js.ObjectIdentifier ? parsed.result.valueBlock.toString() : undefined;
}

/** d·G, computed by OpenSSL; throws when d is not a valid scalar. */
function publicPointOf(d: Uint8Array): Uint8Array {
  const ecdh = createECDH("SM2");
  ecdh.setPrivateKey(Buffer.from(d));
  return new Uint8Array(ecdh.getPublicKey());
}

/**
 * ECPrivateKey ::= SEQUENCE { version 1, privateKey OCTET STRING, [0] parameters OPTIONAL, [1] publicKey OPTIONAL }.
 * `curveKnown` is true when the PKCS#8 wrapper already named the SM2 curve.
 */
function readEcPrivateKey(der: Uint8Array, curveKnown: boolean): Sm2SigningKey {
  const parsed = asn1js.fromBER(der);
  if (parsed.offset === -1 || !(parsed.result instanceof asn1js.Sequence)) throw keyInvalid();
  const [version, scalar, ...tagged] = parsed.result.valueBlock.value;
  if (!(version instanceof asn1js.Integer) || version.valueBlock.valueDec !== 1) throw keyInvalid();
  if (!(scalar instanceof asn1js.OctetString)) throw keyInvalid();
  let curve: string | undefined;
  let embeddedPoint: Uint8Array | undefined;
  for (const item of tagged) {
    const inner = item instanceof asn1js.Constructed ? item.valueBlock.value[0] : undefined;
    if (item.idBlock.tagClass !== 3 || !inner) throw keyInvalid();
    if (item.idBlock.tagNumber === 0 && inner instanceof asn1js.ObjectIdentifier) curve = inner.valueBlock.toString();
    if (item.idBlock.tagNumber === 1 && inner instanceof asn1js.BitString) {
      embeddedPoint = new Uint8Array(inner.valueBlock.valueHexView);
    }
  }
  if (curve !== undefined ? curve !== OID.sm2Curve : !curveKnown) {
    throw new Sm2Error("KEY_NOT_SM2", "the key is not an SM2 key");
  }
  const dBytes = new Uint8Array(scalar.valueBlock.valueHexView);
  const d = bytesToBigint(dBytes);
  if (dBytes.length > 32 || d < 1n || d >= CURVE.n - 1n) throw keyInvalid();
  const publicPoint = publicPointOf(bigintToBytes(d));
  if (embeddedPoint && !Buffer.from(embeddedPoint).equals(Buffer.from(publicPoint))) throw keyInvalid();
  return { d, publicPoint };
}

/**
 * Reads a PKCS#8 (`PRIVATE KEY`) or SEC1 (`EC PRIVATE KEY`) PEM and checks that it is an SM2 key.
 * Parsed here rather than by Node: Node 20 aborts the process when exporting an SM2 key it has read from PEM.
 */
export function readSm2PrivateKey(pem: string): Sm2SigningKey {
  const pkcs8 = fromPem(pem, "PRIVATE KEY");
  if (pkcs8) {
    let info: PrivateKeyInfo;
    try {
      info = AsnConvert.parse(pkcs8, PrivateKeyInfo);
    } catch {
      throw keyInvalid();
    }
    const { algorithm, parameters } = info.privateKeyAlgorithm;
    if (algorithm !== OID.ecPublicKey || curveOf(parameters) !== OID.sm2Curve) {
      throw new Sm2Error("KEY_NOT_SM2", "the key is not an SM2 key");
    }
    return readEcPrivateKey(new Uint8Array(info.privateKey.buffer), true);
  }
  const sec1 = fromPem(pem, "EC PRIVATE KEY");
  if (sec1) return readEcPrivateKey(sec1, false);
  throw keyInvalid();
}

/** SubjectPublicKeyInfo of an SM2 point: id-ecPublicKey with the SM2 curve as named parameters. */
export function sm2Spki(publicPoint: Uint8Array): SubjectPublicKeyInfo {
  return new SubjectPublicKeyInfo({
    algorithm: new AlgorithmIdentifier({
      algorithm: OID.ecPublicKey,
      parameters: new asn1js.ObjectIdentifier({ value: OID.sm2Curve }).toBER(),
    }),
    subjectPublicKey: toArrayBuffer(publicPoint),
  });
}

/** The uncompressed point of an SM2 SubjectPublicKeyInfo (parsed or DER); throws KEY_NOT_SM2 otherwise. */
export function readSm2Spki(spki: SubjectPublicKeyInfo | Uint8Array): Uint8Array {
  let info: SubjectPublicKeyInfo;
  try {
    info = spki instanceof Uint8Array ? AsnConvert.parse(spki, SubjectPublicKeyInfo) : spki;
  } catch {
    throw new Sm2Error("KEY_INVALID", "the public key cannot be read");
  }
  const { algorithm, parameters } = info.algorithm;
  const curve = curveOf(parameters);
  const point = new Uint8Array(info.subjectPublicKey);
  if (algorithm !== OID.ecPublicKey || curve !== OID.sm2Curve || !decodePoint(point)) {
    throw new Sm2Error("KEY_NOT_SM2", "the public key is not an SM2 key");
  }
  return point;
}

export function spkiPem(publicPoint: Uint8Array): string {
  return toPem(AsnConvert.serialize(sm2Spki(publicPoint)), "PUBLIC KEY");
}

/** True when `key` (SPKI PEM or DER) is a valid point on the SM2 curve under id-ecPublicKey/SM2. */
export function isSm2PublicKey(key: string | Uint8Array): boolean {
  try {
    const der = typeof key === "string" ? fromPem(key, "PUBLIC KEY") : key;
    if (!der) return false;
    readSm2Spki(der);
    return true;
  } catch {
    return false;
  }
}
