/** PKCS#10 requests for SM2 keys, signed with SM3withSM2 and the default user ID (CSR-2, SM-4). */
import { Attributes, CertificationRequest, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Attribute, Extensions, SubjectAlternativeName } from "@peculiar/asn1-x509";
import { extension, findExtension, isSm3WithSm2, sm3WithSm2 } from "./certificate";
import { isStrictSignedEnvelope } from "./envelope";
import { Sm2Error } from "./errors";
import { readSm2PrivateKey, readSm2Spki, sm2Spki, spkiPem } from "./keys";
import { buildName, fromGeneralNames, readName, type Sm2Subject, toGeneralNames } from "./names";
import { OID } from "./oids";
import { fromPem, toArrayBuffer, toPem } from "./pem";
import { sm2Sign, sm2Verify } from "./signature";

export interface Sm2CsrInput {
  /** The SM2 private key: a PKCS#8/SEC1 PEM, or the pair returned by generateSm2KeyPair. */
  key: string | { privateKeyPem: string };
  commonName: string;
  /** subjectAltName entries; when empty the common name is used. */
  names: string[];
  subject?: { O?: string; OU?: string; L?: string; ST?: string; C?: string };
}

export interface Sm2CsrCheck {
  /** True when the algorithm is SM3withSM2 and the self-signature verifies with the default user ID. */
  ok: boolean;
  publicKeyPem: string;
  /** The SAN entries (DNS names and IPs); the CN alone when the request has no SAN. */
  names: string[];
  /** Subject attributes by short name (CN, O, OU, L, ST, C; other attributes by OID). */
  subject: Record<string, string>;
}

export async function createSm2Csr(input: Sm2CsrInput): Promise<string> {
  const key = readSm2PrivateKey(typeof input.key === "string" ? input.key : input.key.privateKeyPem);
  if (!input.commonName) throw new Sm2Error("INPUT_INVALID", "a common name is required", "CSR-2");
  const subject: Sm2Subject = { ...input.subject, CN: input.commonName };
  const sans = input.names.length > 0 ? input.names : [input.commonName];
  const extensions = new Extensions([extension("2.5.29.17", false, new SubjectAlternativeName(toGeneralNames(sans)))]);
  const info = new CertificationRequestInfo({
    version: 0,
    subject: buildName(subject),
    subjectPKInfo: sm2Spki(key.publicPoint),
    attributes: new Attributes([
      new Attribute({ type: OID.extensionRequest, values: [AsnConvert.serialize(extensions)] }),
    ]),
  });
  const signature = sm2Sign(new Uint8Array(AsnConvert.serialize(info)), key.d, key.publicPoint);
  const csr = new CertificationRequest({
    certificationRequestInfo: info,
    signatureAlgorithm: sm3WithSm2(),
    signature: toArrayBuffer(signature),
  });
  return toPem(AsnConvert.serialize(csr), "CERTIFICATE REQUEST");
}

function malformed(): Sm2Error {
  return new Sm2Error("CSR_MALFORMED", "the certificate request cannot be read", "CSR-2");
}

/**
 * Reads an SM2 request (DER, or PEM for convenience) and checks its self-signature.
 * A bad signature gives `ok: false`; an unreadable request or a non-SM2 key throws a typed Sm2Error.
 */
export function verifySm2Csr(der: Uint8Array | string): Sm2CsrCheck {
  return inspectSm2Csr(der).check;
}

/** verifySm2Csr plus the request's public point, for issuance. */
export function inspectSm2Csr(der: Uint8Array | string): { check: Sm2CsrCheck; publicPoint: Uint8Array } {
  const bytes = typeof der === "string" ? fromPem(der, "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST") : der;
  if (!bytes || !isStrictSignedEnvelope(bytes)) throw malformed();
  let csr: CertificationRequest;
  try {
    csr = AsnConvert.parse(bytes, CertificationRequest);
  } catch {
    throw malformed();
  }
  const info = csr.certificationRequestInfo;
  const signed = csr.certificationRequestInfoRaw;
  if (!signed) throw malformed();

  let point: Uint8Array;
  try {
    point = readSm2Spki(info.subjectPKInfo);
  } catch {
    throw new Sm2Error("CSR_NOT_SM2", "the certificate request's key is not an SM2 key", "CSR-2");
  }

  let subject: Record<string, string>;
  let sans: string[];
  try {
    subject = readName(info.subject);
    sans = requestedNames(info);
  } catch {
    throw malformed();
  }
  const ok =
    isSm3WithSm2(csr.signatureAlgorithm) && sm2Verify(new Uint8Array(signed), new Uint8Array(csr.signature), point);
  const names = sans.length > 0 ? sans : subject.CN ? [subject.CN] : [];
  return { check: { ok, publicKeyPem: spkiPem(point), names, subject }, publicPoint: point };
}

/** SAN entries of the extensionRequest attribute (PKCS#9), empty when there is none. */
function requestedNames(info: CertificationRequestInfo): string[] {
  const attr = info.attributes?.find((a) => a.type === OID.extensionRequest);
  const value = attr?.values[0];
  if (!value) return [];
  const san = findExtension(AsnConvert.parse(value, Extensions), "2.5.29.17", SubjectAlternativeName);
  return san ? fromGeneralNames(san.value) : [];
}
