/** Building, signing and reading SM3withSM2 X.509 certificates. */
import { createHash, randomBytes } from "node:crypto";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AlgorithmIdentifier,
  Certificate,
  Extension,
  Extensions,
  type Name,
  SubjectKeyIdentifier,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { isStrictSignedEnvelope } from "./envelope";
import type { Sm2SigningKey } from "./keys";
import { sm2Spki } from "./keys";
import { OID } from "./oids";
import { fromPem, toArrayBuffer, toPem } from "./pem";
import { sm2Sign } from "./signature";

/** SM3withSM2 with absent parameters, as GM/T 0015 and OpenSSL write it. */
export function sm3WithSm2(): AlgorithmIdentifier {
  return new AlgorithmIdentifier({ algorithm: OID.sm3WithSm2 });
}

/** True for SM3withSM2; parameters must be absent (NULL is tolerated, as some GM tools write it). */
export function isSm3WithSm2(alg: AlgorithmIdentifier): boolean {
  if (alg.algorithm !== OID.sm3WithSm2) return false;
  if (alg.parameters === undefined || alg.parameters === null) return true;
  const p = new Uint8Array(alg.parameters);
  return p.length === 2 && p[0] === 0x05 && p[1] === 0x00;
}

/**
 * A random positive serial of 16 bytes (CERT-2: ≥ 64 bits from a CSPRNG). The top bit is cleared (positive) and the
 * next one set, so the DER integer is always 16 bytes long and carries 126 random bits.
 */
export function randomSerial(): Uint8Array {
  const serial = new Uint8Array(randomBytes(16));
  serial[0] = ((serial[0] ?? 0) & 0x7f) | 0x40;
  return serial;
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey bits. */
export function keyIdentifier(publicPoint: Uint8Array): Uint8Array {
  return new Uint8Array(createHash("sha1").update(publicPoint).digest());
}

/** An extension whose value is the DER of `value` (an asn1-schema object). */
export function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

export function subjectKeyIdentifierExtension(publicPoint: Uint8Array): Extension {
  return extension("2.5.29.14", false, new SubjectKeyIdentifier(toArrayBuffer(keyIdentifier(publicPoint))));
}

/** Seconds precision: X.509 times carry no milliseconds, so the returned dates match the encoded ones. */
export function toSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}

export interface CertificateSpec {
  serial: Uint8Array;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  publicPoint: Uint8Array;
  extensions: Extension[];
}

/** Encodes the TBSCertificate, signs it with SM3withSM2 (default user ID) and returns the certificate PEM. */
export function signCertificate(spec: CertificateSpec, issuerKey: Sm2SigningKey): string {
  const tbs = new TBSCertificate({
    version: Version.v3,
    serialNumber: toArrayBuffer(spec.serial),
    signature: sm3WithSm2(),
    issuer: spec.issuer,
    validity: new Validity({ notBefore: spec.notBefore, notAfter: spec.notAfter }),
    subject: spec.subject,
    subjectPublicKeyInfo: sm2Spki(spec.publicPoint),
    extensions: new Extensions(spec.extensions),
  });
  const tbsDer = new Uint8Array(AsnConvert.serialize(tbs));
  const signature = sm2Sign(tbsDer, issuerKey.d, issuerKey.publicPoint);
  const cert = new Certificate({
    tbsCertificate: tbs,
    signatureAlgorithm: sm3WithSm2(),
    signatureValue: toArrayBuffer(signature),
  });
  return toPem(AsnConvert.serialize(cert), "CERTIFICATE");
}

/** Parses a certificate PEM (or DER); undefined when it is not one. */
export function readCertificate(pemOrDer: string | Uint8Array): Certificate | undefined {
  try {
    const der = typeof pemOrDer === "string" ? fromPem(pemOrDer, "CERTIFICATE") : pemOrDer;
    if (!der || !isStrictSignedEnvelope(der)) return undefined;
    const cert = AsnConvert.parse(der, Certificate);
    return cert.tbsCertificateRaw ? cert : undefined;
  } catch {
    return undefined;
  }
}

/** The parsed value of extension `oid`, or undefined when absent. Throws when present but malformed. */
export function findExtension<T>(
  extensions: Extensions | undefined,
  oid: string,
  type: new () => T,
): { value: T; critical: boolean } | undefined {
  const ext = extensions?.find((e) => e.extnID === oid);
  if (!ext) return undefined;
  return { value: AsnConvert.parse(ext.extnValue.buffer, type), critical: ext.critical };
}

export function sameDer(a: object, b: object): boolean {
  return Buffer.from(AsnConvert.serialize(a)).equals(Buffer.from(AsnConvert.serialize(b)));
}
