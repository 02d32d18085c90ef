// Private keys at rest (CSR-3): password-encrypted PKCS#8 for keys with a customer password, and an
// AES-256-GCM envelope under a platform key for keys without one. Neither form holds the key in clear.
import * as crypto from "node:crypto";
import { pkcs8DerOf, privateKeyOf } from "./key-material";
import type { KeyPairPem } from "./keys";
import { readPem, toPem } from "./pem";

export type KeyPasswordErrorCode = "WrongPassword" | "WrongWrappingKey" | "NotEncrypted" | "Malformed";

export class KeyPasswordError extends Error {
  readonly rule = "CSR-3" as const;
  constructor(
    readonly code: KeyPasswordErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "KeyPasswordError";
  }
}

const ENCRYPTED_LABEL = "ENCRYPTED PRIVATE KEY";
const WRAPPED_LABEL = "CERTSIM WRAPPED PRIVATE KEY";

/**
 * Encrypts a private key with a password: PKCS#8 EncryptedPrivateKeyInfo, PBES2 (PBKDF2-HMAC-SHA256) with
 * AES-256-CBC, as OpenSSL 3 writes it. Opens with `openssl pkey -passin pass:…`. Takes a clear PEM or a key pair
 * (a generated pair's own KeyObject is used, so nothing is parsed).
 */
export function encryptPrivateKey(privateKey: string | KeyPairPem, password: string): string {
  if (password.length === 0) throw new RangeError("the key password must not be empty");
  const key = privateKeyOf(privateKey);
  return key.export({ type: "pkcs8", format: "pem", cipher: "aes-256-cbc", passphrase: password }) as string;
}

/** Opens an ENCRYPTED PRIVATE KEY; returns clear PKCS#8 PEM. A wrong password throws KeyPasswordError. */
export function decryptPrivateKey(encryptedPem: string, password: string): string {
  return openEncryptedKey(encryptedPem, password).export({ type: "pkcs8", format: "pem" }) as string;
}

/** decryptPrivateKey's KeyObject, for callers that go on using the key (one parse instead of two). */
export function openEncryptedKey(encryptedPem: string, password: string): crypto.KeyObject {
  if (!readPem(encryptedPem, ENCRYPTED_LABEL)) {
    throw new KeyPasswordError("NotEncrypted", "not a password-encrypted private key");
  }
  try {
    return crypto.createPrivateKey({ key: encryptedPem, format: "pem", passphrase: password });
  } catch {
    // OpenSSL cannot tell a wrong password from damaged ciphertext; the customer's likely mistake is the password.
    throw new KeyPasswordError("WrongPassword", "the private key password is wrong");
  }
}

const ENVELOPE_VERSION = 1;
const AAD = Buffer.from("certsim/pki wrapped private key v1");

function checkWrappingKey(wrappingKey: Uint8Array): void {
  if (wrappingKey.length !== 32) throw new RangeError("the wrapping key must be 32 bytes (AES-256)");
}

/**
 * Seals a private key under a 32-byte platform key with AES-256-GCM. The result is PEM-armoured
 * ("CERTSIM WRAPPED PRIVATE KEY") binary: version (1) ‖ IV (12) ‖ tag (16) ‖ ciphertext of the PKCS#8 DER.
 * Takes a clear PEM or a key pair; a generated pair's PKCS#8 DER was made at generation, so nothing is parsed.
 */
export function wrapPrivateKey(privateKey: string | KeyPairPem, wrappingKey: Uint8Array): string {
  checkWrappingKey(wrappingKey);
  const pkcs8 = pkcs8DerOf(privateKeyOf(privateKey));
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv("aes-256-gcm", wrappingKey, iv);
  cipher.setAAD(AAD);
  const ciphertext = Buffer.concat([cipher.update(pkcs8), cipher.final()]);
  const envelope = Buffer.concat([Buffer.of(ENVELOPE_VERSION), iv, cipher.getAuthTag(), ciphertext]);
  return toPem(envelope, WRAPPED_LABEL);
}

/** Opens a wrapped key; returns clear PKCS#8 PEM. A wrong wrapping key throws KeyPasswordError. */
export function unwrapPrivateKey(wrapped: string, wrappingKey: Uint8Array): string {
  checkWrappingKey(wrappingKey);
  const block = readPem(wrapped, WRAPPED_LABEL);
  if (!block) throw new KeyPasswordError("Malformed", "not a wrapped private key");
  const envelope = Buffer.from(block.der);
  if (envelope.length < 1 + 12 + 16 + 1 || envelope[0] !== ENVELOPE_VERSION) {
    throw new KeyPasswordError("Malformed", "unsupported wrapped key format");
  }
  const decipher = crypto.createDecipheriv("aes-256-gcm", wrappingKey, envelope.subarray(1, 13));
  decipher.setAAD(AAD);
  decipher.setAuthTag(envelope.subarray(13, 29));
  let pkcs8: Buffer;
  try {
    pkcs8 = Buffer.concat([decipher.update(envelope.subarray(29)), decipher.final()]);
  } catch {
    throw new KeyPasswordError("WrongWrappingKey", "the wrapped key does not open with this wrapping key");
  }
  return toPem(pkcs8, "PRIVATE KEY");
}

/** How a stored private key is protected; "clear" keys must not be stored (CSR-3). */
export function keyProtection(pem: string): "password" | "wrapped" | "clear" | "unknown" {
  if (readPem(pem, ENCRYPTED_LABEL)) return "password";
  if (readPem(pem, WRAPPED_LABEL)) return "wrapped";
  if (readPem(pem, "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY")) return "clear";
  return "unknown";
}
