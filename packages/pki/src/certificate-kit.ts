// Pieces every certificate this package signs shares: serials, key identifiers, signing with a CA key.
import * as crypto from "node:crypto";
import { AsnConvert } from "@peculiar/asn1-schema";
import { SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { readPem, toPem } from "./pem";
import { x509 } from "./setup";
import { defaultHashFor, type HashName, importSigner, type Signer } from "./signer";

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
  const spki = AsnConvert.parse(spkiDer, SubjectPublicKeyInfo);
  return crypto.createHash("sha1").update(Buffer.from(spki.subjectPublicKey)).digest("hex");
}

/** The SKI of a certificate, falling back to computing it from its key. */
export function subjectKeyIdHex(cert: x509.X509Certificate): string {
  const ski = cert.getExtension(x509.SubjectKeyIdentifierExtension);
  return ski ? ski.keyId : keyIdentifierHex(new Uint8Array(cert.publicKey.rawData));
}

export function certToPem(cert: x509.X509Certificate): string {
  return toPem(new Uint8Array(cert.rawData), "CERTIFICATE");
}

export function readCertificate(pem: string): x509.X509Certificate {
  const block = readPem(pem, "CERTIFICATE");
  if (!block) throw new TypeError("expected a PEM CERTIFICATE");
  return new x509.X509Certificate(block.der);
}

const signerCache = new Map<string, Promise<Signer>>();

/** A CA key imported for signing, cached: a CA signs many certificates with one key. */
export function caSigner(keyPem: string, hash: HashName = defaultHashFor(keyPem)): Promise<Signer> {
  const cacheKey = `${hash}\n${keyPem}`;
  let signer = signerCache.get(cacheKey);
  if (!signer) {
    signer = importSigner(keyPem, hash);
    signer.catch(() => signerCache.delete(cacheKey));
    if (signerCache.size >= 64) signerCache.delete(signerCache.keys().next().value as string);
    signerCache.set(cacheKey, signer);
  }
  return signer;
}

export function addYears(date: Date, years: number): Date {
  const result = new Date(date.getTime());
  result.setUTCFullYear(result.getUTCFullYear() + years);
  return result;
}

export function wholeSecond(date: Date): Date {
  return new Date(Math.floor(date.getTime() / 1000) * 1000);
}
