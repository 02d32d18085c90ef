// Turns a PEM private key into the WebCrypto keys @peculiar/x509 signs with.
import * as crypto from "node:crypto";

type CryptoKey = crypto.webcrypto.CryptoKey;
type RsaHashedImportParams = crypto.webcrypto.RsaHashedImportParams;
type EcKeyImportParams = crypto.webcrypto.EcKeyImportParams;
type EcdsaParams = crypto.webcrypto.EcdsaParams;

export type HashName = "SHA-256" | "SHA-384";

export interface Signer {
  privateKey: CryptoKey;
  publicKey: CryptoKey;
  /** SPKI of the public half, DER. */
  spki: Uint8Array;
  algorithm: RsaHashedImportParams | EcdsaParams;
}

const WEBCRYPTO_CURVES: Record<string, string> = { prime256v1: "P-256", secp384r1: "P-384", secp521r1: "P-521" };

/** Imports an RSA or ECDSA private key (PKCS#8, PKCS#1 or SEC1 PEM, unencrypted) for signing with `hash`. */
export async function importSigner(privateKeyPem: string, hash: HashName): Promise<Signer> {
  const key = crypto.createPrivateKey(privateKeyPem);
  const pkcs8 = key.export({ type: "pkcs8", format: "der" });
  const spki = new Uint8Array(crypto.createPublicKey(key).export({ type: "spki", format: "der" }));
  let importParams: RsaHashedImportParams | EcKeyImportParams;
  let algorithm: RsaHashedImportParams | EcdsaParams;
  if (key.asymmetricKeyType === "rsa") {
    importParams = { name: "RSASSA-PKCS1-v1_5", hash };
    algorithm = importParams;
  } else if (key.asymmetricKeyType === "ec") {
    const namedCurve = WEBCRYPTO_CURVES[key.asymmetricKeyDetails?.namedCurve ?? ""];
    if (!namedCurve) throw new TypeError(`curve ${key.asymmetricKeyDetails?.namedCurve} cannot sign here`);
    importParams = { name: "ECDSA", namedCurve };
    algorithm = { name: "ECDSA", hash };
  } else {
    throw new TypeError(`key type ${key.asymmetricKeyType} cannot sign here`);
  }
  const subtle = globalThis.crypto.subtle;
  const [privateKey, publicKey] = await Promise.all([
    subtle.importKey("pkcs8", pkcs8, importParams, false, ["sign"]),
    subtle.importKey("spki", spki, importParams, true, ["verify"]),
  ]);
  return { privateKey, publicKey, spki, algorithm };
}
