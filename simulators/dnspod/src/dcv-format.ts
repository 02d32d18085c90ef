import { createHash } from "node:crypto";
import type { DcvFormat } from "@certsim/ca-kit";

/** The validation domain DNSPod's records point at (DNSPod validates through Sectigo's trust-provider.com). */
export const TRUST_PROVIDER_DOMAIN = "trust-provider.com";
export const DNSPOD_FILE_DIR = "/.well-known/pki-validation/";
/** Characters of the unique value: 20 base32 characters, 100 bits from the seeded generator. */
export const DNSPOD_UNIQUE_LENGTH = 20;

/** MD5 and SHA-256 of the CSR's DER, lower-case hex: every DNSPod record derives from them. */
export function csrHashes(csrDer: Uint8Array): { md5: string; sha256: string } {
  return {
    md5: createHash("md5").update(csrDer).digest("hex"),
    sha256: createHash("sha256").update(csrDer).digest("hex"),
  };
}

/**
 * DCV-3, DNSPod. DNS: a CNAME at `_<md5>.<domain>` pointing to
 * `<sha256 first 32>.<sha256 last 32>.<unique>.trust-provider.com`. File: `/.well-known/pki-validation/<MD5 upper>.txt`
 * holding the SHA-256, `trust-provider.com` and the unique value on three lines. Hashes are of the CSR's DER (hex,
 * lower case); the unique value is drawn per record from the seeded generator and renewed with it after 30 days.
 */
export const dnspodDcvFormat: DcvFormat = {
  instruction({ method, domain, validationDomain, csrDer, rng }) {
    const { md5, sha256 } = csrHashes(csrDer);
    const unique = rng.token(DNSPOD_UNIQUE_LENGTH * 5, "base32");
    if (method === "dns") {
      return {
        recordType: "CNAME",
        host: `_${md5}.${validationDomain}`,
        value: `${sha256.slice(0, 32)}.${sha256.slice(32)}.${unique}.${TRUST_PROVIDER_DOMAIN}`,
      };
    }
    return {
      recordType: "FILE",
      host: domain,
      value: `${sha256}\n${TRUST_PROVIDER_DOMAIN}\n${unique}`,
      path: `${DNSPOD_FILE_DIR}${md5.toUpperCase()}.txt`,
    };
  },
};
