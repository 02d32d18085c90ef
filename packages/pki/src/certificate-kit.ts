// What every certificate this package signs shares: serials, key identifiers, extensions, and signing.
// Certificates are assembled from @peculiar/asn1-x509's schema classes (the layer under @peculiar/x509) and
// signed with node:crypto on libuv's thread pool: the TBS is encoded once and nothing is parsed back, which
// keeps a CA simulator's issuance cheap.
import * as crypto from "node:crypto";
import { isIP } from "node:net";
import { AsnConvert, OctetString } from "@peculiar/asn1-schema";
import {
  AccessDescription,
  AuthorityInfoAccessSyntax,
  AuthorityKeyIdentifier,
  BasicConstraints,
  Certificate,
  CertificatePolicies,
  CRLDistributionPoints,
  DistributionPoint,
  DistributionPointName,
  ExtendedKeyUsage,
  Extension,
  Extensions,
  GeneralName,
  id_ad_caIssuers,
  id_ad_ocsp,
  id_ce_authorityKeyIdentifier,
  id_ce_basicConstraints,
  id_ce_certificatePolicies,
  id_ce_cRLDistributionPoints,
  id_ce_extKeyUsage,
  id_ce_keyUsage,
  id_ce_subjectAltName,
  id_ce_subjectKeyIdentifier,
  id_pe_authorityInfoAccess,
  KeyIdentifier,
  KeyUsage,
  type Name,
  PolicyInformation,
  SubjectAlternativeName,
  SubjectKeyIdentifier,
  SubjectPublicKeyInfo,
  TBSCertificate,
  Validity,
  Version,
} from "@peculiar/asn1-x509";
import { bitString, generalNames, integer, octetString, oid, sequence, tlv } from "./der";
import { inside, readBitStringBytes, readOnly, TAG } from "./der-reader";
import { privateKeyOf, spkiDerOf } from "./key-material";
import type { KeyPairPem } from "./keys";
import { Lru } from "./lru";
import { readPem, toPem } from "./pem";
import { type KeySigner, keySigner, signBytes } from "./signer";

export { KeyUsageFlags } from "@peculiar/asn1-x509";

/**
 * A serial of 16 bytes from the CSPRNG (BR 7.1: at least 64 bits of output). The top bit is cleared so the INTEGER
 * is positive, and the next one set so the DER is always 16 bytes long: 126 random bits.
 */
export function randomSerialHex(): string {
  const bytes = crypto.randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString("hex");
}

/** RFC 5280 §4.2.1.2 method 1: SHA-1 of the subjectPublicKey BIT STRING's value. */
export function keyIdentifierHex(spkiDer: Uint8Array): string {
  const spki = inside(readOnly(spkiDer, TAG.sequence));
  spki.expect(TAG.sequence, "AlgorithmIdentifier");
  const key = readBitStringBytes(spki.next());
  spki.finish("SubjectPublicKeyInfo");
  return crypto.createHash("sha1").update(key).digest("hex");
}

// ---- Extensions -------------------------------------------------------------------------------------------------

function extension(extnID: string, critical: boolean, value: object): Extension {
  return new Extension({ extnID, critical, extnValue: new OctetString(AsnConvert.serialize(value)) });
}

export const extensions = {
  basicConstraints: (cA: boolean, pathLenConstraint?: number) =>
    extension(id_ce_basicConstraints, true, new BasicConstraints({ cA, pathLenConstraint })),
  /** Flags from KeyUsageFlags, OR-ed. Always critical (BR 7.1.2). */
  keyUsage: (flags: number) => extension(id_ce_keyUsage, true, new KeyUsage(flags)),
  extendedKeyUsage: (oids: string[]) => extension(id_ce_extKeyUsage, false, new ExtendedKeyUsage(oids)),
  /** DNS names and IP addresses. Critical when the subject is empty (RFC 5280 §4.2.1.6). */
  subjectAltName: (names: string[], critical = false) =>
    extension(
      id_ce_subjectAltName,
      critical,
      new SubjectAlternativeName(
        names.map((name) => new GeneralName(isIP(name) ? { iPAddress: name } : { dNSName: name })),
      ),
    ),
  certificatePolicies: (oids: string[]) =>
    extension(
      id_ce_certificatePolicies,
      false,
      new CertificatePolicies(oids.map((policyIdentifier) => new PolicyInformation({ policyIdentifier }))),
    ),
  authorityKeyIdentifier: (keyIdHex: string) =>
    extension(
      id_ce_authorityKeyIdentifier,
      false,
      new AuthorityKeyIdentifier({ keyIdentifier: new KeyIdentifier(Buffer.from(keyIdHex, "hex")) }),
    ),
  subjectKeyIdentifier: (keyIdHex: string) =>
    extension(id_ce_subjectKeyIdentifier, false, new SubjectKeyIdentifier(Buffer.from(keyIdHex, "hex"))),
  authorityInfoAccess: (urls: { ocsp?: string; caIssuers?: string }) =>
    extension(
      id_pe_authorityInfoAccess,
      false,
      new AuthorityInfoAccessSyntax([
        ...(urls.ocsp ? [accessDescription(id_ad_ocsp, urls.ocsp)] : []),
        ...(urls.caIssuers ? [accessDescription(id_ad_caIssuers, urls.caIssuers)] : []),
      ]),
    ),
  crlDistributionPoints: (url: string) =>
    extension(
      id_ce_cRLDistributionPoints,
      false,
      new CRLDistributionPoints([
        new DistributionPoint({
          distributionPoint: new DistributionPointName({
            fullName: [new GeneralName({ uniformResourceIdentifier: url })],
          }),
        }),
      ]),
    ),
};

function accessDescription(accessMethod: string, url: string): AccessDescription {
  return new AccessDescription({ accessMethod, accessLocation: new GeneralName({ uniformResourceIdentifier: url }) });
}

// ---- Extensions as DER ------------------------------------------------------------------------------------------
// The same extensions written directly (der.ts), byte for byte what the schema classes above serialise to (the
// tests compare them): a leaf's extensions and TBSCertificate cost microseconds instead of ~2 ms of object trees.

const TRUE = Buffer.of(0x01, 0x01, 0xff);

function extensionDer(extnID: string, critical: boolean, value: Uint8Array): Buffer {
  return critical ? sequence(oid(extnID), TRUE, octetString(value)) : sequence(oid(extnID), octetString(value));
}

/** A named-bit BIT STRING (KeyUsage): bit i of `flags` is named bit i, trailing zero bits dropped (X.690 11.2.2). */
function namedBits(flags: number): Buffer {
  const bytes: number[] = [];
  let highest = -1;
  for (let bit = 0; bit < 32; bit++) {
    if (!(flags & (1 << bit))) continue;
    highest = bit;
    const at = bit >> 3;
    while (bytes.length <= at) bytes.push(0);
    bytes[at] = (bytes[at] as number) | (0x80 >> (bit & 7));
  }
  if (highest < 0) return Buffer.of(0x03, 0x01, 0x00);
  return tlv(0x03, Buffer.of(7 - (highest & 7), ...bytes));
}

const uri = (url: string) => tlv(0x86, Buffer.from(url, "latin1"));

export const extensionsDer = {
  basicConstraints: (cA: boolean, pathLenConstraint?: number) =>
    extensionDer(
      id_ce_basicConstraints,
      true,
      sequence(
        ...(cA ? [TRUE] : []),
        ...(pathLenConstraint === undefined ? [] : [integer(Buffer.of(pathLenConstraint))]),
      ),
    ),
  keyUsage: (flags: number) => extensionDer(id_ce_keyUsage, true, namedBits(flags)),
  extendedKeyUsage: (oids: string[]) => extensionDer(id_ce_extKeyUsage, false, sequence(...oids.map(oid))),
  subjectAltName: (names: string[], critical = false) =>
    extensionDer(id_ce_subjectAltName, critical, generalNames(names)),
  certificatePolicies: (oids: string[]) =>
    extensionDer(id_ce_certificatePolicies, false, sequence(...oids.map((policy) => sequence(oid(policy))))),
  authorityKeyIdentifier: (keyIdHex: string) =>
    extensionDer(id_ce_authorityKeyIdentifier, false, sequence(tlv(0x80, Buffer.from(keyIdHex, "hex")))),
  subjectKeyIdentifier: (keyIdHex: string) =>
    extensionDer(id_ce_subjectKeyIdentifier, false, octetString(Buffer.from(keyIdHex, "hex"))),
  authorityInfoAccess: (urls: { ocsp?: string; caIssuers?: string }) =>
    extensionDer(
      id_pe_authorityInfoAccess,
      false,
      sequence(
        ...(urls.ocsp ? [sequence(oid(id_ad_ocsp), uri(urls.ocsp))] : []),
        ...(urls.caIssuers ? [sequence(oid(id_ad_caIssuers), uri(urls.caIssuers))] : []),
      ),
    ),
  /** One DistributionPoint: distributionPoint [0] { fullName [0] { URI } }. */
  crlDistributionPoints: (url: string) =>
    extensionDer(id_ce_cRLDistributionPoints, false, sequence(sequence(tlv(0xa0, tlv(0xa0, uri(url)))))),
};

/** UTCTime through 2049, GeneralizedTime from 2050 (RFC 5280 §4.1.2.5), whole seconds. */
function timeDer(date: Date): Buffer {
  const iso = new Date(Math.floor(date.getTime() / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const digits = `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}Z`;
  return date.getUTCFullYear() > 2049 ? tlv(0x18, Buffer.from(digits)) : tlv(0x17, Buffer.from(digits.slice(2)));
}

// ---- Signing ----------------------------------------------------------------------------------------------------

/** A CA private key ready to sign, with what goes into the certificates it signs. */
export interface CaKey extends KeySigner {
  /** SPKI of the public half, DER. */
  spki: Uint8Array;
  keyIdHex: string;
}

const caKeys = new Lru<string, CaKey>(64);

/**
 * Reads a CA key (PKCS#8/PKCS#1/SEC1 PEM, or a generated pair, whose KeyObject is used), once per PEM: a
 * hierarchy's intermediate is parsed at most once however many leaves it signs. RSA signs sha256WithRSAEncryption;
 * ECDSA signs with the hash matching its curve (RFC 5480): SHA-256 for P-256, SHA-384 for P-384 and P-521.
 */
export function caKey(source: string | KeyPairPem): CaKey {
  const pem = typeof source === "string" ? source : source.privateKeyPem;
  const known = caKeys.get(pem);
  if (known) return known;
  const key = privateKeyOf(source);
  const curve = key.asymmetricKeyDetails?.namedCurve;
  if (key.asymmetricKeyType !== "rsa" && (key.asymmetricKeyType !== "ec" || curve === "SM2")) {
    throw new TypeError("a CA key must be RSA or ECDSA (SM2 hierarchies belong to the sm2 module)");
  }
  const hash = key.asymmetricKeyType === "rsa" || curve === "prime256v1" ? "sha256" : "sha384";
  const spki = spkiDerOf(key);
  return caKeys.set(pem, { ...keySigner(key, hash), spki, keyIdHex: keyIdentifierHex(spki) });
}

export interface CertificateTemplate {
  serialHex: string;
  issuer: Name;
  subject: Name;
  notBefore: Date;
  notAfter: Date;
  /** The subject's public key, DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  extensions: Extension[];
}

/** Encodes the TBSCertificate, signs it with `signer` (off the event loop unless P-256), returns the DER. */
export async function signCertificate(template: CertificateTemplate, signer: CaKey): Promise<Uint8Array> {
  const tbsCertificate = new TBSCertificate({
    version: Version.v3,
    serialNumber: new Uint8Array(Buffer.from(template.serialHex, "hex")).buffer,
    signature: signer.signatureAlgorithm,
    issuer: template.issuer,
    validity: new Validity({ notBefore: template.notBefore, notAfter: template.notAfter }),
    subject: template.subject,
    subjectPublicKeyInfo: AsnConvert.parse(template.spki, SubjectPublicKeyInfo),
    extensions: new Extensions(template.extensions),
  });
  const tbs = new Uint8Array(AsnConvert.serialize(tbsCertificate));
  const signature = await signBytes(signer, tbs);
  const certificate = new Certificate({
    tbsCertificate,
    signatureAlgorithm: signer.signatureAlgorithm,
    signatureValue: new Uint8Array(signature).buffer,
  });
  return new Uint8Array(AsnConvert.serialize(certificate));
}

export interface CertificateDerTemplate {
  serialHex: string;
  /** The issuer's Name, DER (the issuing certificate's subject). */
  issuerDer: Uint8Array;
  subjectDer: Uint8Array;
  notBefore: Date;
  notAfter: Date;
  /** The subject's public key, DER SubjectPublicKeyInfo. */
  spki: Uint8Array;
  /** Extensions, DER (extensionsDer). */
  extensions: Uint8Array[];
}

/** The TBSCertificate DER: v3, the serial's bytes as given, the signer's algorithm, then the template's parts. */
export function tbsCertificateDer(template: CertificateDerTemplate, signer: CaKey): Buffer {
  return sequence(
    tlv(0xa0, integer(Buffer.of(2))),
    tlv(0x02, Buffer.from(template.serialHex, "hex")),
    signer.signatureAlgorithmDer,
    template.issuerDer,
    sequence(timeDer(template.notBefore), timeDer(template.notAfter)),
    template.subjectDer,
    template.spki,
    tlv(0xa3, sequence(...template.extensions)),
  );
}

/** signCertificate without the schema classes: the TBSCertificate is written directly and signed. */
export async function signCertificateDer(template: CertificateDerTemplate, signer: CaKey): Promise<Uint8Array> {
  const tbs = tbsCertificateDer(template, signer);
  const signature = await signBytes(signer, tbs);
  return new Uint8Array(sequence(tbs, signer.signatureAlgorithmDer, bitString(signature)));
}

export function certificatePem(der: Uint8Array): string {
  return toPem(der, "CERTIFICATE");
}

/** Parses a PEM certificate with the schema classes. */
export function readCertificate(pem: string): Certificate {
  const block = readPem(pem, "CERTIFICATE");
  if (!block) throw new TypeError("expected a PEM CERTIFICATE");
  return AsnConvert.parse(block.der, Certificate);
}

/** The SKI of a certificate, or the one computed from its key when it has none. */
export function subjectKeyIdHex(cert: Certificate): string {
  const ski = cert.tbsCertificate.extensions?.find((e) => e.extnID === id_ce_subjectKeyIdentifier);
  if (ski) return Buffer.from(AsnConvert.parse(ski.extnValue, SubjectKeyIdentifier).buffer).toString("hex");
  return keyIdentifierHex(new Uint8Array(AsnConvert.serialize(cert.tbsCertificate.subjectPublicKeyInfo)));
}

export function addYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

export function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
