import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { unzipSync } from "fflate";

export interface SavedCertificate {
  folder: string;
  certificate: string;
  chain: string;
  key?: string;
  /** GM (SM2) orders: the encryption certificate and its key. */
  encryption?: { certificate: string; key: string };
  sans: string[];
}

const openssl = (args: string[]) =>
  execFileSync("openssl", args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });

/** Unpacks a downloaded Nginx bundle into `folder`: leaf, chain and (when the platform holds one) the key. */
export function saveBundle(zipBase64: string, folder: string, domain: string): SavedCertificate {
  mkdirSync(folder, { recursive: true });
  const files = unzipSync(Buffer.from(zipBase64, "base64"));
  const text = (name: string) => (files[name] ? Buffer.from(files[name]).toString("utf8") : undefined);
  const names = Object.keys(files);
  const isEncryption = (name: string) => name.includes("_encrypt");
  const bundle = names.find((name) => (name.endsWith(".crt") || name.endsWith(".pem")) && !isEncryption(name));
  const keyName = names.find((name) => name.endsWith(".key") && !isEncryption(name));
  const encCert = names.find((name) => name.endsWith(".crt") && isEncryption(name));
  const encKey = names.find((name) => name.endsWith(".key") && isEncryption(name));
  if (!bundle) throw new Error(`the bundle holds no certificate (files: ${Object.keys(files).join(", ")})`);
  const pems = text(bundle)!.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  const certificate = join(folder, `${domain}.crt`);
  const chain = join(folder, "chain.pem");
  writeFileSync(certificate, pems[0] ?? "");
  writeFileSync(chain, pems.slice(1).join(""));
  let key: string | undefined;
  if (keyName) {
    key = join(folder, `${domain}.key`);
    writeFileSync(key, text(keyName)!);
  }
  let encryption: SavedCertificate["encryption"];
  if (encCert && encKey) {
    encryption = { certificate: join(folder, `${domain}_encrypt.crt`), key: join(folder, `${domain}_encrypt.key`) };
    writeFileSync(encryption.certificate, text(encCert)!);
    writeFileSync(encryption.key, text(encKey)!);
  }
  return { folder, certificate, chain, key, encryption, sans: subjectAltNames(certificate) };
}

export function subjectAltNames(certificateFile: string): string[] {
  const out = openssl(["x509", "-in", certificateFile, "-noout", "-ext", "subjectAltName"]);
  return [...out.matchAll(/DNS:([^,\s]+)/g)].map((m) => m[1]!.toLowerCase()).sort();
}

/**
 * `openssl verify` of the leaf against the CA's root, with the downloaded chain as untrusted intermediates, at the
 * simulated instant `at` (the world's clock, not the machine's: a scenario may run ahead of the real date).
 */
export function verifyChain(saved: SavedCertificate, rootPem: string, at: string): string {
  const root = join(saved.folder, "root.pem");
  writeFileSync(root, rootPem);
  const attime = String(Math.floor(new Date(at).getTime() / 1000));
  return openssl([
    "verify",
    "-attime",
    attime,
    "-x509_strict",
    "-purpose",
    "sslserver",
    "-CAfile",
    root,
    "-untrusted",
    saved.chain,
    saved.certificate,
  ]).trim();
}

/** Whether the saved private key is the key of the certificate. */
export function keyMatches(saved: SavedCertificate): boolean {
  if (!saved.key) return false;
  const fromCert = openssl(["x509", "-in", saved.certificate, "-noout", "-pubkey"]);
  const fromKey = openssl(["pkey", "-in", saved.key, "-pubout"]);
  return fromCert.trim() === fromKey.trim();
}

export function subject(certificateFile: string): string {
  return openssl(["x509", "-in", certificateFile, "-noout", "-subject", "-nameopt", "RFC2253"])
    .replace(/^subject=/, "")
    .trim();
}

/**
 * SM-4: an SM2 chain checked one link at a time, as OpenSSL 3.0 applies the GM/T 0009 default user ID only to the
 * certificate being verified: root → intermediate, then intermediate → each leaf.
 */
export function verifySm2Links(saved: SavedCertificate, rootPem: string, at: string): string[] {
  const root = join(saved.folder, "root.pem");
  writeFileSync(root, rootPem);
  const attime = String(Math.floor(new Date(at).getTime() / 1000));
  const intermediate = join(saved.folder, "intermediate.pem");
  const chain =
    readFileSync(saved.chain, "utf8").match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
  writeFileSync(intermediate, chain[0] ?? "");
  const verify = (ca: string, cert: string, partial: boolean) =>
    openssl([
      "verify",
      "-attime",
      attime,
      "-vfyopt",
      "distid:1234567812345678",
      ...(partial ? ["-partial_chain", "-purpose", "sslserver"] : []),
      "-CAfile",
      ca,
      cert,
    ]).trim();
  const leaves = [saved.certificate, ...(saved.encryption ? [saved.encryption.certificate] : [])];
  return [verify(root, intermediate, false), ...leaves.map((leaf) => verify(intermediate, leaf, true))];
}

export function signatureAlgorithm(certificateFile: string): string {
  return openssl(["x509", "-in", certificateFile, "-noout", "-text"]).match(/Signature Algorithm: (\S+)/)?.[1] ?? "";
}
