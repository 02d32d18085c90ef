// The generic parseCsr as it was before the strict DER reader (asn1js + @peculiar/asn1-schema + @peculiar/x509),
// kept only as the reference model of the differential property test. Not used by src.
import * as crypto from "node:crypto";
import { CertificationRequest } from "@peculiar/asn1-csr";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Extensions, SubjectAlternativeName, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import * as asn1js from "asn1js";
import { CsrError, type CsrKeyInfo, type ParsedCsr } from "../../src/csr";
import type { PublicKeyInfo } from "../../src/keys";
import { spkiToPem } from "../../src/keys";
import { OID, SIGNATURE_ALGORITHM_NAMES, SIGNATURE_HASHES } from "../../src/oids";
import { readPem, readPemBlocks, toPem } from "../../src/pem";
import { x509 } from "../../src/setup";
import { verifySm2Csr } from "../../src/sm2";
import { subjectFromName } from "../../src/subject";

const CSR_LABELS = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];

function csrBytes(input: string | Uint8Array): Uint8Array {
  const text =
    typeof input === "string"
      ? input
      : input.length > 0 && input[0] !== 0x30
        ? Buffer.from(input).toString("latin1")
        : undefined;
  if (text === undefined) return input as Uint8Array;
  if (text.includes("-----BEGIN")) {
    const block = readPem(text, ...CSR_LABELS);
    if (block) return block.der;
    const other = readPemBlocks(text)[0];
    throw new CsrError(
      "NotPkcs10",
      other ? `expected a CERTIFICATE REQUEST, got a PEM ${other.label}` : "the PEM text is damaged",
    );
  }
  const body = text.replace(/\s+/g, "");
  if (body.length > 0 && /^[A-Za-z0-9+/]*={0,2}$/.test(body) && body.length % 4 === 0) {
    return new Uint8Array(Buffer.from(body, "base64"));
  }
  throw new CsrError("NotPkcs10", "not a PEM or DER certificate signing request");
}

export function referenceParseCsr(input: string | Uint8Array): ParsedCsr {
  try {
    return parseCsrUnchecked(input);
  } catch (error) {
    if (error instanceof CsrError) throw error;
    throw new CsrError("NotPkcs10", "not a well-formed PKCS#10 certificate signing request");
  }
}

function parseCsrUnchecked(input: string | Uint8Array): ParsedCsr {
  const der = csrBytes(input);
  const outer = asn1js.fromBER(der);
  if (
    outer.offset !== der.byteLength ||
    !(outer.result instanceof asn1js.Sequence) ||
    outer.result.valueBlock.value.length !== 3
  ) {
    throw new CsrError("NotPkcs10", "not a PKCS#10 certificate signing request");
  }
  const request = AsnConvert.parse(der, CertificationRequest);
  const info = request.certificationRequestInfo;
  const tbs = request.certificationRequestInfoRaw;
  if (!tbs || info.version !== 0) throw new CsrError("NotPkcs10", "unsupported PKCS#10 version");

  const publicKeyDer = new Uint8Array(AsnConvert.serialize(info.subjectPKInfo));
  const key = acceptableKey(publicKeyDer);
  const sigOid = request.signatureAlgorithm.algorithm;
  verifySelfSignature(der, new Uint8Array(tbs), publicKeyDer, key, sigOid, request);

  const name = new x509.Name(AsnConvert.serialize(info.subject));
  const subject = subjectFromName(name);
  const names = requestedNames(info.attributes);
  const commonName = subject.CN;
  if (names.length === 0 && commonName) names.push(commonName.toLowerCase());
  return {
    der,
    pem: toPem(der, "CERTIFICATE REQUEST"),
    subject,
    subjectDn: name.toString(),
    commonName,
    names,
    publicKeyPem: spkiToPem(publicKeyDer),
    publicKeyDer,
    key,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[sigOid] ?? sigOid,
  };
}

const CURVE_NAMES: Record<string, string> = { [OID.p256]: "P-256", [OID.p384]: "P-384", [OID.p521]: "P-521" };

function curveOid(parameters: ArrayBuffer | null | undefined): string | undefined {
  if (!parameters) return undefined;
  const parsed = asn1js.fromBER(parameters);
  return parsed.offset !== -1 && parsed.result instanceof asn1js.ObjectIdentifier
    ? parsed.result.valueBlock.toString()
    : undefined;
}

/** describePublicKey as it was (asn1-schema + createPublicKey from DER). */
export function referenceDescribePublicKey(spkiDer: Uint8Array): PublicKeyInfo {
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  const oid = spki.algorithm.algorithm;
  if (oid === OID.ecPublicKey) {
    const curve = curveOid(spki.algorithm.parameters);
    if (curve === OID.sm2Curve) return { algorithm: "SM2", bits: 256, curve: "SM2", oid };
    const name = curve ? CURVE_NAMES[curve] : undefined;
    if (name) return { algorithm: "ECC", bits: Number(name.slice(2)), curve: name, oid };
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

const ACCEPTED_CURVES = new Set(["P-256", "P-384", "P-521"]);

function acceptableKey(spki: Uint8Array): CsrKeyInfo {
  const info = referenceDescribePublicKey(spki);
  switch (info.algorithm) {
    case "RSA": {
      const bits = info.bits ?? 0;
      if (bits < 2048) throw new CsrError("WeakKey", `RSA-${bits} is too weak: at least RSA-2048 is required`);
      if (bits > 8192 || bits % 8 !== 0) throw new CsrError("WeakKey", `RSA-${bits} is not an accepted key size`);
      const e = info.exponent ?? 0;
      if (e < 3 || e % 2 === 0) throw new CsrError("WeakKey", `RSA public exponent ${e} is not accepted`);
      return { algorithm: "RSA", bits };
    }
    case "ECC":
      if (!info.curve || !ACCEPTED_CURVES.has(info.curve)) {
        throw new CsrError("WeakKey", `ECC curve ${info.curve ?? "unknown"} is not accepted: use P-256 or P-384`);
      }
      return { algorithm: "ECC", bits: info.bits, curve: info.curve };
    case "SM2":
      return { algorithm: "SM2", bits: 256, curve: "SM2" };
    default:
      throw new CsrError("WeakKey", `key algorithm ${info.oid} is not accepted: use RSA, ECC or SM2`);
  }
}

function verifySelfSignature(
  der: Uint8Array,
  tbs: Uint8Array,
  spki: Uint8Array,
  key: CsrKeyInfo,
  sigOid: string,
  request: CertificationRequest,
): void {
  const bad = () => new CsrError("BadSignature", "the CSR's self-signature does not verify");
  if (key.algorithm === "SM2" || sigOid === OID.sm3WithSm2) {
    if (key.algorithm !== "SM2" || sigOid !== OID.sm3WithSm2) throw bad();
    let valid = false;
    try {
      valid = verifySm2Csr(der).ok;
    } catch {
      // unreadable for the sm2 module: not a verifiable signature
    }
    if (!valid) throw bad();
    return;
  }
  const publicKey = { key: Buffer.from(spki), format: "der", type: "spki" } as const;
  const signature = Buffer.from(request.signature);
  let valid = false;
  try {
    if (sigOid === OID.rsassaPss) {
      if (key.algorithm !== "RSA") throw bad();
      const pss = pssHash(request.signatureAlgorithm.parameters);
      valid = crypto.verify(
        pss,
        tbs,
        {
          ...publicKey,
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO,
        },
        signature,
      );
    } else {
      const hash = SIGNATURE_HASHES[sigOid];
      const family = sigOid.startsWith("1.2.840.113549.1.1.") ? "RSA" : "ECC";
      if (!hash || family !== key.algorithm) throw bad();
      valid = crypto.verify(hash, tbs, publicKey, signature);
    }
  } catch (error) {
    if (error instanceof CsrError) throw error;
    throw bad();
  }
  if (!valid) throw bad();
}

const HASH_OIDS: Record<string, string> = {
  "1.3.14.3.2.26": "sha1",
  "2.16.840.1.101.3.4.2.1": "sha256",
  "2.16.840.1.101.3.4.2.2": "sha384",
  "2.16.840.1.101.3.4.2.3": "sha512",
};

function pssHash(parameters: ArrayBuffer | null | undefined): string {
  if (!parameters) return "sha1";
  const parsed = asn1js.fromBER(parameters).result;
  if (!(parsed instanceof asn1js.Sequence)) throw new CsrError("BadSignature", "malformed RSASSA-PSS parameters");
  for (const field of parsed.valueBlock.value) {
    if (field.idBlock.tagClass === 3 && field.idBlock.tagNumber === 0 && field instanceof asn1js.Constructed) {
      const algorithm = field.valueBlock.value[0];
      const oid =
        algorithm instanceof asn1js.Sequence
          ? algorithm.valueBlock.value[0]
          : (undefined as asn1js.AsnType | undefined);
      const hash = oid instanceof asn1js.ObjectIdentifier ? HASH_OIDS[oid.valueBlock.toString()] : undefined;
      if (!hash) throw new CsrError("BadSignature", "unsupported RSASSA-PSS hash");
      return hash;
    }
  }
  return "sha1";
}

function requestedNames(attributes: CertificationRequest["certificationRequestInfo"]["attributes"]): string[] {
  const names: string[] = [];
  const extensionRequest = attributes.find((attribute) => attribute.type === OID.extensionRequest);
  const value = extensionRequest?.values[0];
  if (!value) return names;
  const extensions = AsnConvert.parse(value, Extensions);
  const san = extensions.find((extension) => extension.extnID === OID.subjectAltName);
  if (!san) return names;
  for (const generalName of AsnConvert.parse(san.extnValue, SubjectAlternativeName)) {
    const name = generalName.dNSName?.toLowerCase() ?? generalName.iPAddress;
    if (name !== undefined && !names.includes(name)) names.push(name);
  }
  return names;
}
