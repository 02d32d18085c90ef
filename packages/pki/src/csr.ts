// PKCS#10 certificate signing requests: make them (online generation, CSR-2) and judge pasted ones (CSR-4).
import * as crypto from "node:crypto";
import { isIP } from "node:net";
import { bitString, generalNames, integer, octetString, oid, sequence, set, tlv } from "./der";
import {
  assertDer,
  contents,
  type Element,
  encoding,
  inside,
  readBitStringBytes,
  readBoolean,
  readOid,
  readOnly,
  readSmallInteger,
  TAG,
} from "./der-reader";
import { type DistinguishedName, readName, renderName, subjectFields } from "./dn";
import { privateKeyOf, spkiDerOf } from "./key-material";
import {
  type InspectedPublicKey,
  inspectPublicKey,
  type KeyAlgorithm,
  type KeyPairPem,
  type PublicKeyInfo,
  publicKeyOf,
  spkiToPem,
} from "./keys";
import { Lru } from "./lru";
import { OID, SIGNATURE_ALGORITHM_NAMES, SIGNATURE_HASHES } from "./oids";
import { bytesEqual, readPem, readPemBlocks, toPem } from "./pem";
import { openEncryptedKey } from "./protect";
import { type HashName, keySigner, nodeHash, signBytes } from "./signer";
import { createSm2Csr, verifySm2Csr } from "./sm2";
import { type SubjectFields, subjectToDer } from "./subject";

export type CsrErrorCode = "NotPkcs10" | "BadSignature" | "WeakKey" | "NamesMismatch" | "KeyMismatch";

/** A CSR refused under CSR-4. The message is fit to show the customer. */
export class CsrError extends Error {
  readonly rule = "CSR-4" as const;
  constructor(
    readonly code: CsrErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "CsrError";
  }
}

export interface CsrKeyInfo {
  algorithm: KeyAlgorithm;
  /** RSA modulus size, or the curve's size for ECC/SM2. */
  bits?: number;
  /** "P-256" | "P-384" | "P-521" | "SM2". */
  curve?: string;
}

export interface ParsedCsr {
  der: Uint8Array;
  pem: string;
  subject: SubjectFields;
  /** RFC 4514-style rendering of the subject, e.g. "CN=example.com, O=Example". */
  subjectDn: string;
  commonName?: string;
  /** DNS names (lower case) and IP addresses from the SAN extension request; the CN when there is no SAN. */
  names: string[];
  publicKeyPem: string;
  /** The CSR's SubjectPublicKeyInfo, DER. */
  publicKeyDer: Uint8Array;
  key: CsrKeyInfo;
  /** As OpenSSL names it, e.g. "sha256WithRSAEncryption", "ecdsa-with-SHA384", "SM3withSM2", or the OID. */
  signatureAlgorithm: string;
}

export interface CreateCsrParams {
  /** The key pair; a generated pair signs with its own KeyObject, a plain one's PEM is parsed (and remembered). */
  key: KeyPairPem;
  commonName: string;
  /** DNS names and/or IP addresses for the SAN extension, in order. The CN is added if missing. */
  names: string[];
  subject?: Omit<SubjectFields, "CN">;
  hash?: HashName;
}

/**
 * Makes a PEM CSR. RSA and ECC keys sign with SHA-256 unless told; SM2 keys always with SM3withSM2 (the sm2
 * module makes those, and `hash` does not apply). The request's DER is written directly (see der.ts) and signed with
 * the KeyObject (P-256 on the event loop, RSA and P-384 on libuv's pool).
 */
export async function createCsr(params: CreateCsrParams): Promise<string> {
  if (params.key.algorithm === "SM2") {
    const { key, commonName, names, subject } = params;
    return createSm2Csr({
      key,
      commonName,
      names: names.includes(commonName) ? names : [commonName, ...names],
      subject,
    });
  }
  const hash = params.hash ?? "SHA-256";
  if (hash !== "SHA-256" && hash !== "SHA-384") throw new RangeError(`hash ${hash} is not offered`);
  const key = privateKeyOf(params.key, true);
  const signer = keySigner(key, nodeHash(hash));
  const names = params.names.includes(params.commonName) ? params.names : [params.commonName, ...params.names];
  const info = certificationRequestInfoDer({
    subject: subjectToDer({ ...params.subject, CN: params.commonName }),
    spki: spkiDerOf(key),
    names,
  });
  const signature = await signBytes(signer, info);
  return toPem(sequence(info, signer.signatureAlgorithmDer, bitString(signature)), "CERTIFICATE REQUEST");
}

/**
 * CertificationRequestInfo (RFC 2986) DER: version 0, the subject, the key, and one extensionRequest attribute
 * holding a non-critical subjectAltName.
 */
export function certificationRequestInfoDer(parts: {
  subject: Uint8Array;
  spki: Uint8Array;
  names: readonly string[];
}): Buffer {
  const subjectAltName = sequence(oid(OID.subjectAltName), octetString(generalNames(parts.names)));
  const extensionRequest = sequence(oid(OID.extensionRequest), set(sequence(subjectAltName)));
  return sequence(integer(Buffer.of(0)), parts.subject, parts.spki, tlv(0xa0, extensionRequest));
}

const CSR_LABELS = ["CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST"];

/** Finds the DER inside what a customer pasted or uploaded: PEM (text or bytes), bare base64, or DER. */
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

/**
 * Reads a PKCS#10 CSR (PEM or DER), checks its key is strong enough and its self-signature verifies.
 * Every refusal is a CsrError (CSR-4); no other exception escapes for any input.
 */
export function parseCsr(input: string | Uint8Array): ParsedCsr {
  const key = judgedKey(input);
  const known = key === undefined ? undefined : judged.get(key);
  if (known) return copyOf(known, input);
  let parsed: ParsedCsr;
  try {
    parsed = parseCsrUnchecked(input);
  } catch (error) {
    if (error instanceof CsrError) throw error;
    throw new CsrError("NotPkcs10", "not a well-formed PKCS#10 certificate signing request");
  }
  if (key !== undefined) judged.set(key, copyOf(parsed, undefined));
  return parsed;
}

/**
 * Accepted requests by their exact input. A CA reads one order's CSR several times (at submission, for each DCV
 * round, at issuance); a repeat costs a lookup and a copy instead of a signature check. Refusals are not kept.
 */
const judged = new Lru<string, ParsedCsr>(256);

function judgedKey(input: string | Uint8Array): string | undefined {
  if (input.length > 32_768) return undefined;
  return typeof input === "string"
    ? `s${input}`
    : `b${Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString("latin1")}`;
}

/** A copy the caller may change freely; `der` is the input itself when the input was the DER, as on a first read. */
function copyOf(csr: ParsedCsr, input: string | Uint8Array | undefined): ParsedCsr {
  return {
    ...csr,
    der: input instanceof Uint8Array && input[0] === 0x30 ? input : new Uint8Array(csr.der),
    subject: { ...csr.subject },
    names: [...csr.names],
    publicKeyDer: new Uint8Array(csr.publicKeyDer),
    key: { ...csr.key },
  };
}

const notPkcs10 = () => new CsrError("NotPkcs10", "not a PKCS#10 certificate signing request");
const malformed = () => new CsrError("NotPkcs10", "not a well-formed PKCS#10 certificate signing request");

/** The parts of a CertificationRequest, read with the strict DER reader (der-reader.ts). */
interface RequestParts {
  /** The signed CertificationRequestInfo, header included. */
  tbs: Uint8Array;
  version: Element;
  subject: DistinguishedName;
  spki: Uint8Array;
  /** Attribute type → the elements of its SET of values, first attribute of each type. */
  attributes: Map<string, Element[]>;
  signatureOid: string;
  signatureParameters?: Element;
  signature: Element;
}

/**
 * CertificationRequest ::= SEQUENCE { certificationRequestInfo, signatureAlgorithm, signature BIT STRING }
 * CertificationRequestInfo ::= SEQUENCE { version INTEGER, subject Name, subjectPKInfo, [0] attributes OPTIONAL }
 */
function readRequest(der: Uint8Array): RequestParts {
  // Strict outer shape: one SEQUENCE of three, nothing after it, DER throughout.
  const parts: Element[] = [];
  try {
    const outer = inside(readOnly(der, TAG.sequence));
    while (!outer.done && parts.length < 4) parts.push(outer.next());
    assertDer(der);
  } catch {
    throw notPkcs10();
  }
  const [tbsElement, algorithmElement, signature] = parts;
  if (parts.length !== 3 || !tbsElement || !algorithmElement || !signature) throw notPkcs10();
  if (tbsElement.tag !== TAG.sequence || algorithmElement.tag !== TAG.sequence || signature.tag !== TAG.bitString) {
    throw malformed();
  }
  const algorithm = inside(algorithmElement);

  const info = inside(tbsElement);
  const version = info.expect(TAG.integer, "version");
  const subject = readName(info.next());
  const spki = encoding(info.expect(TAG.sequence, "SubjectPublicKeyInfo"));
  const attributes = new Map<string, Element[]>();
  const attributeSet = info.optional(0xa0);
  info.finish("CertificationRequestInfo");
  if (attributeSet) {
    const items = inside(attributeSet);
    while (!items.done) {
      const attribute = inside(items.expect(TAG.sequence, "Attribute"));
      const type = readOid(attribute.next());
      const values = inside(attribute.expect(TAG.set, "attribute values"));
      attribute.finish("Attribute");
      const elements: Element[] = [];
      while (!values.done) elements.push(values.next());
      if (!attributes.has(type)) attributes.set(type, elements);
    }
  }
  const signatureOid = readOid(algorithm.next());
  const signatureParameters = algorithm.done ? undefined : algorithm.next();
  algorithm.finish("AlgorithmIdentifier");
  return {
    tbs: encoding(tbsElement),
    version,
    subject,
    spki,
    attributes,
    signatureOid,
    signatureParameters,
    signature,
  };
}

function parseCsrUnchecked(input: string | Uint8Array): ParsedCsr {
  const der = csrBytes(input);
  const request = readRequest(der);
  let version: number | undefined;
  try {
    version = readSmallInteger(request.version);
  } catch {
    // negative or huge: not version 0 either
  }
  if (version !== 0) throw new CsrError("NotPkcs10", "unsupported PKCS#10 version");

  const publicKeyDer = new Uint8Array(request.spki);
  const inspected = inspectPublicKey(publicKeyDer);
  const key = acceptableKey(inspected.info);
  verifySelfSignature(der, request, key, inspected);

  const subject = subjectFields(request.subject);
  const names = requestedNames(request.attributes.get(OID.extensionRequest));
  const commonName = subject.CN;
  if (names.length === 0 && commonName) names.push(commonName.toLowerCase());
  return {
    der,
    pem: toPem(der, "CERTIFICATE REQUEST"),
    subject,
    subjectDn: renderName(request.subject),
    commonName,
    names,
    publicKeyPem: spkiToPem(publicKeyDer),
    publicKeyDer,
    key,
    signatureAlgorithm: SIGNATURE_ALGORITHM_NAMES[request.signatureOid] ?? request.signatureOid,
  };
}

const ACCEPTED_CURVES = new Set(["P-256", "P-384", "P-521"]);

/** CSR-4: RSA of at least 2048 bits, the NIST curves P-256 and up, or SM2. */
function acceptableKey(info: PublicKeyInfo): CsrKeyInfo {
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
  request: RequestParts,
  key: CsrKeyInfo,
  inspected: InspectedPublicKey,
): void {
  const bad = () => new CsrError("BadSignature", "the CSR's self-signature does not verify");
  const sigOid = request.signatureOid;
  if (key.algorithm === "SM2" || sigOid === OID.sm3WithSm2) {
    if (key.algorithm !== "SM2" || sigOid !== OID.sm3WithSm2) throw bad();
    let valid = false;
    try {
      valid = verifySm2Csr(der).ok;
    } catch {
      // The sm2 module refuses a point off the curve or an unreadable request: not a verifiable signature.
    }
    if (!valid) throw bad();
    return;
  }
  let valid = false;
  try {
    // The signature's bits must be whole bytes: the signature covers only the info, so unused bits would let
    // the request's bytes change without breaking it.
    const signature = readBitStringBytes(request.signature);
    if (sigOid === OID.rsassaPss) {
      if (key.algorithm !== "RSA") throw bad();
      const pss = pssHash(request.signatureParameters);
      valid = crypto.verify(
        pss,
        request.tbs,
        {
          key: inspected.keyObject(),
          padding: crypto.constants.RSA_PKCS1_PSS_PADDING,
          saltLength: crypto.constants.RSA_PSS_SALTLEN_AUTO,
        },
        signature,
      );
    } else {
      const hash = SIGNATURE_HASHES[sigOid];
      const family = sigOid.startsWith("1.2.840.113549.1.1.") ? "RSA" : "ECC";
      if (!hash || family !== key.algorithm) throw bad();
      valid = crypto.verify(hash, request.tbs, inspected.keyObject(), signature);
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

/** The hash of RSASSA-PSS-params (RFC 4055): [0] hashAlgorithm, default SHA-1. */
function pssHash(parameters: Element | undefined): string {
  if (!parameters) return "sha1";
  if (parameters.tag !== TAG.sequence) throw new CsrError("BadSignature", "malformed RSASSA-PSS parameters");
  const fields = inside(parameters);
  while (!fields.done) {
    const field = fields.next();
    if (field.tag === 0xa0) {
      const inner = inside(field);
      const algorithm = inner.done ? undefined : inner.next();
      const oid = algorithm?.tag === TAG.sequence ? inside(algorithm).optional(TAG.oid) : undefined;
      const hash = oid ? HASH_OIDS[readOid(oid)] : undefined;
      if (!hash) throw new CsrError("BadSignature", "unsupported RSASSA-PSS hash");
      return hash;
    }
  }
  return "sha1";
}

/**
 * DNS names and IP addresses of the SAN in the PKCS#9 extensionRequest attribute (its first value), lower-cased,
 * without repeats.
 */
function requestedNames(values: Element[] | undefined): string[] {
  const names: string[] = [];
  const value = values?.[0];
  if (!value) return names;
  const san = subjectAltNameOf(value);
  if (!san) return names;
  for (const name of generalNameStrings(san)) {
    if (!names.includes(name)) names.push(name);
  }
  return names;
}

/** The extnValue of the first subjectAltName in Extensions ::= SEQUENCE OF Extension. */
function subjectAltNameOf(extensions: Element): Uint8Array | undefined {
  if (extensions.tag !== TAG.sequence) throw malformed();
  const list = inside(extensions);
  let found: Uint8Array | undefined;
  while (!list.done) {
    const extension = inside(list.expect(TAG.sequence, "Extension"));
    const id = readOid(extension.next());
    const critical = extension.optional(TAG.boolean);
    if (critical) readBoolean(critical);
    const value = contents(extension.expect(TAG.octetString, "extnValue"));
    extension.finish("Extension");
    if (id === OID.subjectAltName && !found) found = value;
  }
  return found;
}

/** GeneralNames (RFC 5280): the dNSName entries lower-cased and the iPAddress entries as text, in order. */
function generalNameStrings(der: Uint8Array): string[] {
  const list = inside(readOnly(der, TAG.sequence));
  const strings: string[] = [];
  while (!list.done) {
    const name = list.next();
    switch (name.tag) {
      case 0x82: // dNSName, IA5String
        strings.push(Buffer.from(contents(name)).toString("latin1").toLowerCase());
        break;
      case 0x87: // iPAddress
        strings.push(ipAddressText(contents(name)));
        break;
      case 0xa0: // otherName, rfc822Name, x400Address, directoryName, ediPartyName, URI, registeredID: not names
      case 0x81:
      case 0xa3:
      case 0xa4:
      case 0xa5:
      case 0x86:
      case 0x88:
        break;
      default:
        throw malformed();
    }
  }
  return strings;
}

/**
 * An iPAddress as text, as @peculiar/asn1-x509 renders it: IPv4 dotted, IPv6 in lower-case hex with the longest
 * run (two or more) of zero groups as "::", 8 and 32 bytes as address/prefix, anything else as hex.
 */
function ipAddressText(bytes: Uint8Array): string {
  if (bytes.length === 4) return bytes.join(".");
  if (bytes.length === 16) return ipv6Text(bytes);
  if (bytes.length === 8 || bytes.length === 32) {
    const half = bytes.length / 2;
    if (bytes.every((byte) => byte === 0)) return bytes.length === 8 ? "0.0.0.0/0" : "::/0";
    let prefix = 0;
    for (const byte of bytes.subarray(half)) for (let bit = byte; bit > 0; bit >>= 1) prefix += bit & 1;
    const address = bytes.subarray(0, half);
    return `${bytes.length === 8 ? address.join(".") : ipv6Text(address)}/${prefix}`;
  }
  return Buffer.from(bytes).toString("hex");
}

function ipv6Text(bytes: Uint8Array): string {
  const groups: string[] = [];
  for (let i = 0; i < 16; i += 2) groups.push((((bytes[i] as number) << 8) | (bytes[i + 1] as number)).toString(16));
  let bestStart = -1;
  let bestLength = 0;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== "0") {
      i++;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === "0") j++;
    if (j - i > bestLength) {
      bestStart = i;
      bestLength = j - i;
    }
    i = j;
  }
  if (bestLength < 2) return groups.join(":");
  return `${groups.slice(0, bestStart).join(":")}::${groups.slice(bestStart + bestLength).join(":")}`;
}

/** The DOM-2 companion of a name: example.com ↔ www.example.com. Wildcards and IP addresses have none. */
function wwwCompanion(name: string): string | undefined {
  if (name.startsWith("*.") || isIP(name)) return undefined;
  return name.startsWith("www.") ? name.slice(4) : `www.${name}`;
}

/**
 * CSR-4: the CSR's names must be the bound domains, as sets, after lower-casing. A DOM-2 companion (the www or
 * apex twin of a bound name) may be left out of the CSR or included. Pass `companions` — the names DOM-2 adds,
 * computed with the Public Suffix List — when `boundNames` lists only what the customer bound; when `boundNames`
 * already holds both twins, either may be missing from the CSR as long as the other is there.
 */
export function checkCsrNames(
  csr: Pick<ParsedCsr, "names">,
  boundNames: readonly string[],
  companions: readonly string[] = [],
): void {
  const normal = (name: string) => name.trim().toLowerCase().replace(/\.$/, "");
  const requested = new Set(csr.names.map(normal));
  const bound = new Set(boundNames.map(normal));
  const allowed = new Set([...bound, ...companions.map(normal)]);
  const extra = [...requested].filter((name) => !allowed.has(name));
  const missing = [...bound].filter((name) => {
    if (requested.has(name)) return false;
    const twin = wwwCompanion(name);
    return !(twin && allowed.has(twin) && requested.has(twin));
  });
  if (extra.length > 0 || missing.length > 0) {
    const parts = [
      extra.length > 0 ? `not bound: ${extra.join(", ")}` : "",
      missing.length > 0 ? `missing: ${missing.join(", ")}` : "",
    ].filter(Boolean);
    throw new CsrError("NamesMismatch", `the CSR's names do not match the bound domains (${parts.join("; ")})`);
  }
}

/**
 * CSR-4: an uploaded private key must be the CSR's. Accepts PKCS#8/PKCS#1/SEC1 PEM, an ENCRYPTED PRIVATE KEY with
 * its `password` (a wrong password throws KeyPasswordError), or a key pair (its own KeyObject when it carries one).
 */
export function assertKeyMatchesCsr(privateKey: string | KeyPairPem, csr: ParsedCsr | string, password?: string): void {
  const parsed = typeof csr === "string" ? parseCsr(csr) : csr;
  const encrypted = typeof privateKey === "string" && privateKey.includes("ENCRYPTED PRIVATE KEY");
  const opened = encrypted ? openEncryptedKey(privateKey, password ?? "") : undefined;
  let spki: Uint8Array;
  try {
    spki = opened ? spkiDerOf(opened) : publicKeyOf(privateKey);
  } catch {
    throw new CsrError("KeyMismatch", "the private key could not be read");
  }
  if (!bytesEqual(spki, canonicalSpki(parsed.publicKeyDer))) {
    throw new CsrError("KeyMismatch", "the private key does not match the CSR's public key");
  }
}

/** The SPKI as OpenSSL re-encodes it (e.g. an uncompressed EC point), so equal keys compare equal. */
function canonicalSpki(spki: Uint8Array): Uint8Array {
  try {
    const key = crypto.createPublicKey({ key: Buffer.from(spki), format: "der", type: "spki" });
    return new Uint8Array(key.export({ type: "spki", format: "der" }));
  } catch {
    return spki;
  }
}
