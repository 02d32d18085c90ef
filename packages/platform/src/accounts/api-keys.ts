// API keys: `<keyId>.<secret>`. The key ID finds the row; only a SHA-256 of the secret is stored, and the
// comparison runs in constant time so response timing does not reveal how much of a guess was right.
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";

export interface IssuedApiKey {
  apiKey: string;
  keyId: string;
  secretHash: string;
}

const KEY_ID = /^AKID[A-Za-z0-9]{16}$/;
const SECRET = /^[A-Za-z0-9_-]{43}$/;
const ALPHANUMERIC = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret, "utf8").digest("hex");
}

/** A fresh key: 256 bits of secret, shown to the customer once. */
export function issueApiKey(): IssuedApiKey {
  const keyId = `AKID${randomAlphanumeric(16)}`;
  const secret = randomBytes(32).toString("base64url");
  return { apiKey: `${keyId}.${secret}`, keyId, secretHash: hashSecret(secret) };
}

/** Splits a presented key; undefined when it is not shaped like one of ours. */
export function parseApiKey(presented: string): { keyId: string; secret: string } | undefined {
  const dot = presented.indexOf(".");
  if (dot < 0) return undefined;
  const keyId = presented.slice(0, dot);
  const secret = presented.slice(dot + 1);
  if (!KEY_ID.test(keyId) || !SECRET.test(secret)) return undefined;
  return { keyId, secret };
}

export function secretMatches(secret: string, storedHash: string): boolean {
  const presented = Buffer.from(hashSecret(secret), "hex");
  const stored = Buffer.from(storedHash, "hex");
  return presented.length === stored.length && timingSafeEqual(presented, stored);
}

/** Compares two tokens (the admin token) in constant time, whatever their lengths. */
export function tokensEqual(presented: string, expected: string): boolean {
  const a = createHash("sha256").update(presented).digest();
  const b = createHash("sha256").update(expected).digest();
  return timingSafeEqual(a, b);
}

export function randomAlphanumeric(length: number): string {
  // Rejection sampling keeps every character equally likely.
  let out = "";
  while (out.length < length) {
    for (const byte of randomBytes(length * 2)) {
      if (byte < 248 && out.length < length) out += ALPHANUMERIC[byte % 62];
    }
  }
  return out;
}
