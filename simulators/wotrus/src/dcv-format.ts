import { createHash } from "node:crypto";
import type { DcvFormat } from "@certsim/ca-kit";

/** The validation domain WoTrus's records point at (WoTrus validates through Sectigo's infrastructure). */
export const SECTIGO_DCV_DOMAIN = "sectigo.com";
export const WOTRUS_FILE_DIR = "/.well-known/pki-validation/";
/** Characters of the unique value: 20 base32 characters, 100 bits from the seeded generator (Sectigo's limit is 20). */
export const WOTRUS_UNIQUE_LENGTH = 20;

/** MD5 and SHA-256 of the CSR's DER, lower-case hex: the request token every WoTrus record derives from. */
export function csrHashes(csrDer: Uint8Array): { md5: string; sha256: string } {
  return {
    md5: createHash("md5").update(csrDer).digest("hex"),
    sha256: createHash("sha256").update(csrDer).digest("hex"),
  };
}

/**
 * DCV-3, WoTrus (Sectigo style). DNS: a CNAME at `_<md5>.<domain>` pointing to
 * `<sha256 first 32>.<sha256 last 32>.<unique>.sectigo.com`. File: `/.well-known/pki-validation/<MD5 upper>.txt`
 * holding the SHA-256, `sectigo.com` and the unique value on three lines. Hashes are of the CSR's DER (hex, lower
 * case); the unique value is drawn per record from the seeded generator and renewed with it after 30 days.
 */
export const wotrusDcvFormat: DcvFormat = {
  instruction({ method, domain, validationDomain, csrDer, rng }) {
    const { md5, sha256 } = csrHashes(csrDer);
    const unique = rng.token(WOTRUS_UNIQUE_LENGTH * 5, "base32");
    if (method === "dns") {
      return {
        recordType: "CNAME",
        host: `_${md5}.${validationDomain}`,
        value: `${sha256.slice(0, 32)}.${sha256.slice(32)}.${unique}.${SECTIGO_DCV_DOMAIN}`,
      };
    }
    return {
      recordType: "FILE",
      host: domain,
      value: `${sha256}\n${SECTIGO_DCV_DOMAIN}\n${unique}`,
      path: `${WOTRUS_FILE_DIR}${md5.toUpperCase()}.txt`,
    };
  },
};
