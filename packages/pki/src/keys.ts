// Key pairs: generation off the event loop, and a description of any public key (algorithm, size, curve).
import * as crypto from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { OID } from "./oids";
import { toPem } from "./pem";
import { generateSm2KeyPair } from "./sm2";

export type KeyAlgorithm = "RSA" | "ECC" | "SM2";
export type RsaBits = 2048 | 4096;
export type EccCurve = "P-256" | "P-384";

/** What the platform offers for online generation (CSR-2). */
export type KeySpec =
  | { algorithm: "RSA"; bits: RsaBits }
  | { algorithm: "ECC"; curve: EccCurve }
  | { algorithm: "SM2" };

/** A key pair as plain JSON: PKCS#8 private key and SPKI public key, both PEM. */
export interface KeyPairPem {
  algorithm: KeyAlgorithm;
  privateKeyPem: string;
  publicKeyPem: string;
}

/** What a public key is, as read from its SubjectPublicKeyInfo. `curve` is a NIST name or the OID when unnamed. */
export interface PublicKeyInfo {
  algorithm: KeyAlgorithm | "other";
  bits?: number;
  curve?: string;
  /** RSA public exponent. */
  exponent?: number;
  /** Algorithm OID, for messages about keys this package does not accept. */
  oid: string;
}

/** node:crypto's callback generator as a promise of PEM strings. */
function generatePem(
  type: "rsa" | "ec",
  options: { modulusLength: number; publicExponent: number } | { namedCurve: string },
): Promise<{ publicKey: string; privateKey: string }> {
  return new Promise((resolve, reject) => {
    crypto.generateKeyPair(
      type as "rsa",
      {
        ...(options as crypto.RSAKeyPairOptions<"pem", "pem">),
        publicKeyEncoding: { type: "spki", format: "pem" },
        privateKeyEncoding: { type: "pkcs8", format: "pem" },
      },
      (error, publicKey, privateKey) => (error ? reject(error) : resolve({ publicKey, privateKey })),
    );
  });
}

const NODE_CURVES: Record<EccCurve, string> = { "P-256": "prime256v1", "P-384": "secp384r1" };

/** A stable name for a spec: "RSA-2048", "ECC-P-256", "SM2". */
export function keySpecId(spec: KeySpec): string {
  switch (spec.algorithm) {
    case "RSA":
      return `RSA-${spec.bits}`;
    case "ECC":
      return `ECC-${spec.curve}`;
    case "SM2":
      return "SM2";
  }
}

/**
 * Generates a key pair. RSA and ECC use node:crypto's asynchronous generator, which runs on libuv's thread pool,
 * so even RSA-4096 never blocks the event loop. SM2 is delegated to the sm2 module.
 */
export async function generateKeyPair(spec: KeySpec): Promise<KeyPairPem> {
  switch (spec.algorithm) {
    case "RSA": {
      if (spec.bits !== 2048 && spec.bits !== 4096) throw new RangeError(`RSA key size ${spec.bits} is not offered`);
      const pair = await generatePem("rsa", { modulusLength: spec.bits, publicExponent: 65537 });
      return { algorithm: "RSA", privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
    }
    case "ECC": {
      const namedCurve = NODE_CURVES[spec.curve];
      if (!namedCurve) throw new RangeError(`curve ${spec.curve} is not offered`);
      const pair = await generatePem("ec", { namedCurve });
      return { algorithm: "ECC", privateKeyPem: pair.privateKey, publicKeyPem: pair.publicKey };
    }
    case "SM2":
      return generateSm2KeyPair();
    default:
      throw new RangeError(`unknown key algorithm ${(spec as { algorithm: string }).algorithm}`);
  }
}

const CURVE_NAMES: Record<string, string> = { [OID.p256]: "P-256", [OID.p384]: "P-384", [OID.p521]: "P-521" };

function curveOid(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return undefined;
  const parsed = asn1js.fromBER(parameters);
  return parsed.offset !== -1 && parsed.result instanceof asn1js.ObjectIdentifier
    ? parsed.result.valueBlock.toString()
    : undefined;
}

/** Describes a DER SubjectPublicKeyInfo. Throws on bytes that are not one. */
export function describePublicKey(spkiDer: Uint8Array): PublicKeyInfo {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const oid = spki.algorithm.algorithm;
  if (oid === OID.ecPublicKey) {
    const curve = curveOid(spki.algorithm.parameters);
    if (curve === OID.sm2Curve) return { algorithm: "SM2", bits: 256, curve: "SM2", oid };
    const name = curve ? CURVE_NAMES[curve] : undefined;
    if (name) return { algorithm: "ECC", bits: Number(name.slice(2)), curve: name, oid };
    // Other named curves (P-192, secp256k1, brainpool…) or explicit parameters: report, caller refuses.
    const key = tryNodePublicKey(spkiDer);
    const nodeCurve = key?.asymmetricKeyDetails?.namedCurve;
    return { algorithm: "ECC", curve: nodeCurve ?? curve ?? "explicit", oid };
  }
  if (oid === OID.rsaEncryption || oid === OID.rsassaPss) {
    const details = crypto.createPublicKey({
      key: Buffer.from(spkiDer),
      format: "der",
      type: "spki",
    }).asymmetricKeyDetails;
    return {
      algorithm: "RSA",
      bits: details?.modulusLength,
      exponent: details?.publicExponent === undefined ? undefined : Number(details.publicExponent),
      oid,
    };
  }
  return { algorithm: "other", oid };
}

function tryNodePublicKey(spkiDer: Uint8Array): crypto.KeyObject | undefined {
  try {
    return crypto.createPublicKey({ key: Buffer.from(spkiDer), format: "der", type: "spki" });
  } catch {
    return undefined;
  }
}

/** The SPKI (DER) of the public half of a PKCS#8 private key (clear PEM or DER). */
export function publicKeyOf(privateKey: string | Uint8Array): Uint8Array {
  const key =
    typeof privateKey === "string"
      ? crypto.createPrivateKey(privateKey)
      : crypto.createPrivateKey({ key: Buffer.from(privateKey), format: "der", type: "pkcs8" });
  return new Uint8Array(crypto.createPublicKey(key).export({ type: "spki", format: "der" }));
}

export function spkiToPem(spkiDer: Uint8Array): string {
  return toPem(spkiDer, "PUBLIC KEY");
}
