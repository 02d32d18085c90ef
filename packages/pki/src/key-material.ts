// Parsed keys, made once. OpenSSL 3.0 takes 2–4 ms to parse a private key (PEM or DER alike), far more than
// generating a P-256 key, so a pair generated here carries its KeyObjects (non-enumerable: JSON and object spreads
// still give only the PEMs) and everything that needs the parsed key takes it from the pair. A PEM that signs
// again and again (a CA's key) is parsed once and remembered.
import * as crypto from "node:crypto";
import { keyDerOf } from "./key-der";
import type { KeyAlgorithm, KeyPairPem } from "./keys";
import { Lru } from "./lru";
import { toPem } from "./pem";

/** A private key as callers hold it: a clear PEM (PKCS#8, PKCS#1 or SEC1), a key pair, or a KeyObject. */
export type PrivateKeySource = string | KeyPairPem | crypto.KeyObject;

/** What is known about a KeyObject: the PEM it belongs to and its DER forms, each made at most once. */
interface Derived {
  pem?: string;
  pkcs8Der?: Uint8Array;
  spkiDer?: Uint8Array;
}

const derived = new WeakMap<crypto.KeyObject, Derived>();

function derivedOf(key: crypto.KeyObject): Derived {
  let entry = derived.get(key);
  if (!entry) {
    entry = {};
    derived.set(key, entry);
  }
  return entry;
}

function algorithmOf(key: crypto.KeyObject): KeyAlgorithm {
  if (key.asymmetricKeyType === "rsa") return "RSA";
  if (key.asymmetricKeyType === "ec") return key.asymmetricKeyDetails?.namedCurve === "SM2" ? "SM2" : "ECC";
  throw new TypeError(`key type ${key.asymmetricKeyType} is not an RSA, ECC or SM2 key`);
}

/**
 * A key pair from KeyObjects: each DER is made once (from the JWK numbers for RSA and the NIST curves, through
 * OpenSSL's encoder otherwise) and the PEMs are its base64, so nothing is parsed. The KeyObjects ride along as
 * non-enumerable `privateKey` / `publicKey`.
 */
export function keyPairFromKeyObjects(
  privateKey: crypto.KeyObject,
  publicKey: crypto.KeyObject = crypto.createPublicKey(privateKey),
  algorithm: KeyAlgorithm = algorithmOf(privateKey),
): KeyPairPem {
  if (privateKey.type !== "private" || publicKey.type !== "public") {
    throw new TypeError("expected a private and a public KeyObject");
  }
  const built = keyDerOf(privateKey);
  const pkcs8Der = built?.pkcs8 ?? new Uint8Array(privateKey.export({ type: "pkcs8", format: "der" }));
  const spkiDer = built?.spki ?? new Uint8Array(publicKey.export({ type: "spki", format: "der" }));
  const pair = {
    algorithm,
    privateKeyPem: toPem(pkcs8Der, "PRIVATE KEY"),
    publicKeyPem: toPem(spkiDer, "PUBLIC KEY"),
  };
  Object.assign(derivedOf(privateKey), { pem: pair.privateKeyPem, pkcs8Der, spkiDer });
  Object.defineProperties(pair, {
    privateKey: { value: privateKey, enumerable: false },
    publicKey: { value: publicKey, enumerable: false },
  });
  return pair;
}

/** The pair's own KeyObject, if it has one and it still belongs to the pair's PEM. */
function carried(pair: KeyPairPem): crypto.KeyObject | undefined {
  const key = pair.privateKey;
  return key !== undefined && derived.get(key)?.pem === pair.privateKeyPem ? key : undefined;
}

function parse(pem: string): crypto.KeyObject {
  const key = crypto.createPrivateKey(pem);
  derivedOf(key).pem = pem;
  return key;
}

const remembered = new Lru<string, crypto.KeyObject>(64);

/**
 * The private KeyObject of `source`: a pair's own when it carries one, otherwise the PEM parsed. With `remember`,
 * a parsed PEM is kept (64 most recent) for the next call with the same PEM: for keys that sign repeatedly.
 */
export function privateKeyOf(source: PrivateKeySource, remember = false): crypto.KeyObject {
  if (source instanceof crypto.KeyObject) {
    if (source.type !== "private") throw new TypeError("expected a private key");
    return source;
  }
  if (typeof source !== "string") {
    const own = carried(source);
    if (own) return own;
  }
  const pem = typeof source === "string" ? source : source.privateKeyPem;
  if (!remember) return parse(pem);
  return remembered.get(pem) ?? remembered.set(pem, parse(pem));
}

/** PKCS#8 DER of a private key, exported at most once per KeyObject. Callers must not modify it. */
export function pkcs8DerOf(key: crypto.KeyObject): Uint8Array {
  const entry = derivedOf(key);
  entry.pkcs8Der ??= new Uint8Array(key.export({ type: "pkcs8", format: "der" }));
  return entry.pkcs8Der;
}

/** SPKI DER of a private key's public half, exported at most once per KeyObject. Callers must not modify it. */
export function spkiDerOf(key: crypto.KeyObject): Uint8Array {
  const entry = derivedOf(key);
  entry.spkiDer ??= new Uint8Array(crypto.createPublicKey(key).export({ type: "spki", format: "der" }));
  return entry.spkiDer;
}
