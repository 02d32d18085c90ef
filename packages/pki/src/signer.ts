// Signing with a node:crypto KeyObject (RSA PKCS#1 v1.5 or ECDSA): the AlgorithmIdentifier a key and a hash make,
// and the signature. CSRs and certificates are both signed this way, with no WebCrypto import of the key.
import * as crypto from "node:crypto";
import { AlgorithmIdentifier } from "@peculiar/asn1-x509";
import { NULL, oid, sequence } from "./der";

export type HashName = "SHA-256" | "SHA-384";

/** node:crypto's name of a hash. */
export type NodeHash = "sha256" | "sha384";

export interface KeySigner {
  key: crypto.KeyObject;
  hash: NodeHash;
  signatureAlgorithm: AlgorithmIdentifier;
  /** The same AlgorithmIdentifier, DER. */
  signatureAlgorithmDer: Uint8Array;
  /**
   * Sign on the event loop: a P-256 signature costs ~0.05 ms, less than the hop to libuv's thread pool (where a
   * burst of RSA generations may hold every thread). RSA and larger curves sign on the pool.
   */
  inline: boolean;
}

interface Algorithm {
  identifier: AlgorithmIdentifier;
  der: Uint8Array;
}

// RFC 4055: the sha*WithRSAEncryption identifiers carry NULL parameters; RFC 5758: ecdsa-with-SHA* carry none.
function rsa(dotted: string): Algorithm {
  return {
    identifier: new AlgorithmIdentifier({ algorithm: dotted, parameters: null }),
    der: sequence(oid(dotted), NULL),
  };
}
function ecdsa(dotted: string): Algorithm {
  return { identifier: new AlgorithmIdentifier({ algorithm: dotted }), der: sequence(oid(dotted)) };
}

const RSA_SIGNATURES: Record<NodeHash, Algorithm> = {
  sha256: rsa("1.2.840.113549.1.1.11"),
  sha384: rsa("1.2.840.113549.1.1.12"),
};
const ECDSA_SIGNATURES: Record<NodeHash, Algorithm> = {
  sha256: ecdsa("1.2.840.10045.4.3.2"),
  sha384: ecdsa("1.2.840.10045.4.3.3"),
};
const SIGNING_CURVES = new Set(["prime256v1", "secp384r1", "secp521r1"]);

export function nodeHash(hash: HashName): NodeHash {
  return hash === "SHA-384" ? "sha384" : "sha256";
}

/** How `key` signs with `hash`. Throws TypeError for keys that cannot sign here (SM2, Ed25519, DSA…). */
export function keySigner(key: crypto.KeyObject, hash: NodeHash): KeySigner {
  if (key.asymmetricKeyType === "rsa") {
    const { identifier, der } = RSA_SIGNATURES[hash];
    return { key, hash, signatureAlgorithm: identifier, signatureAlgorithmDer: der, inline: false };
  }
  if (key.asymmetricKeyType === "ec") {
    const curve = key.asymmetricKeyDetails?.namedCurve ?? "";
    if (!SIGNING_CURVES.has(curve)) throw new TypeError(`curve ${curve} cannot sign here`);
    const { identifier, der } = ECDSA_SIGNATURES[hash];
    return { key, hash, signatureAlgorithm: identifier, signatureAlgorithmDer: der, inline: curve === "prime256v1" };
  }
  throw new TypeError(`key type ${key.asymmetricKeyType} cannot sign here`);
}

/** The signature of `data` (DER-encoded for ECDSA, as X.509 and PKCS#10 want it). */
export function signBytes(signer: KeySigner, data: Uint8Array): Promise<Uint8Array> {
  if (signer.inline) {
    try {
      return Promise.resolve(new Uint8Array(crypto.sign(signer.hash, data, signer.key)));
    } catch (error) {
      return Promise.reject(error);
    }
  }
  return new Promise((resolve, reject) =>
    crypto.sign(signer.hash, data, signer.key, (error, signature) =>
      error ? reject(error) : resolve(new Uint8Array(signature)),
    ),
  );
}
