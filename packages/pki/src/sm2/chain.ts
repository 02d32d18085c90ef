/**
 * The project's own full-chain verifier for GM certificates (SM-4). OpenSSL 3.0 applies `-vfyopt distid:` only to
 * the certificate being verified, so it cannot check a whole SM2 chain in one call; this does, link by link.
 */
import { BasicConstraints, type Certificate, KeyUsage, KeyUsageFlags } from "@peculiar/asn1-x509";
import { findExtension, isSm3WithSm2, readCertificate, sameDer } from "./certificate";
import { readSm2Spki } from "./keys";
import { sm2Verify } from "./signature";

export interface Sm2ChainResult {
  ok: boolean;
  /** Why the chain was refused, naming the certificate ("leaf", "intermediate 1", "root"). */
  reason?: string;
}

interface Parsed {
  label: string;
  cert: Certificate;
}

class Refusal extends Error {}

function refuse(label: string, why: string): never {
  throw new Refusal(`${label}: ${why}`);
}

function basicConstraints(p: Parsed): BasicConstraints | undefined {
  try {
    return findExtension(p.cert.tbsCertificate.extensions, "2.5.29.19", BasicConstraints)?.value;
  } catch {
    return refuse(p.label, "basicConstraints cannot be read");
  }
}

function publicPoint(p: Parsed): Uint8Array {
  try {
    return readSm2Spki(p.cert.tbsCertificate.subjectPublicKeyInfo);
  } catch {
    return refuse(p.label, "key is not an SM2 key");
  }
}

/** `subject` is signed by `issuer` with SM3withSM2 (default user ID) and names it as its issuer. */
function checkSignature(subject: Parsed, issuer: Parsed): void {
  const { cert } = subject;
  if (!isSm3WithSm2(cert.signatureAlgorithm) || !isSm3WithSm2(cert.tbsCertificate.signature)) {
    refuse(subject.label, "not signed with SM3withSM2");
  }
  if (!sameDer(cert.tbsCertificate.issuer, issuer.cert.tbsCertificate.subject)) {
    refuse(subject.label, `issuer name does not match the ${issuer.label}'s subject`);
  }
  const issuerPoint = publicPoint(issuer);
  const tbs = new Uint8Array(cert.tbsCertificateRaw ?? new ArrayBuffer(0));
  if (!sm2Verify(tbs, new Uint8Array(cert.signatureValue), issuerPoint)) {
    refuse(subject.label, `signature does not verify with the ${issuer.label}'s key`);
  }
}

function checkValidity(p: Parsed, at: Date): void {
  const { notBefore, notAfter } = p.cert.tbsCertificate.validity;
  if (at.getTime() < notBefore.getTime().getTime()) refuse(p.label, "not yet valid");
  if (at.getTime() > notAfter.getTime().getTime()) refuse(p.label, "expired");
}

/** A CA may sign `belowCas` further CA certificates under it (pathLenConstraint). */
function checkCa(p: Parsed, belowCas: number): void {
  const bc = basicConstraints(p);
  if (!bc?.cA) refuse(p.label, "not a CA (basicConstraints CA:true missing)");
  if (bc.pathLenConstraint !== undefined && belowCas > bc.pathLenConstraint) refuse(p.label, "path length exceeded");
  let usage: KeyUsage | undefined;
  try {
    usage = findExtension(p.cert.tbsCertificate.extensions, "2.5.29.15", KeyUsage)?.value;
  } catch {
    refuse(p.label, "keyUsage cannot be read");
  }
  if (usage && (usage.toNumber() & KeyUsageFlags.keyCertSign) === 0) refuse(p.label, "keyUsage lacks keyCertSign");
}

function parse(pem: string, label: string): Parsed {
  const cert = readCertificate(pem);
  if (!cert) refuse(label, "cannot be read");
  return { label, cert };
}

/**
 * Verifies leaf ← chain[0] ← … ← chain[n-1] ← root: every signature (SM3withSM2, default user ID, root
 * self-signed), issuer names, validity windows at `at` (default: now), CA flags, keyCertSign and path lengths,
 * and that the leaf is not a CA. Never throws.
 */
export function verifySm2Chain(
  leafPem: string,
  chainPem: string[],
  rootPem: string,
  at: Date = new Date(),
): Sm2ChainResult {
  try {
    const leaf = parse(leafPem, "leaf");
    const middle = chainPem.map((pem, i) =>
      parse(pem, chainPem.length === 1 ? "intermediate" : `intermediate ${i + 1}`),
    );
    const root = parse(rootPem, "root");
    const path = [leaf, ...middle, root];

    if (basicConstraints(leaf)?.cA) refuse("leaf", "is a CA certificate");
    for (const [i, p] of path.entries()) {
      checkValidity(p, at);
      if (i > 0) checkCa(p, i - 1);
      const issuer = path[i + 1] ?? root;
      checkSignature(p, issuer);
    }
    return { ok: true };
  } catch (err) {
    if (err instanceof Refusal) return { ok: false, reason: err.message };
    return { ok: false, reason: "chain cannot be verified" };
  }
}
