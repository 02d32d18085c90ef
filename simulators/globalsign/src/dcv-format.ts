import type { DcvFormat } from "@certsim/ca-kit";

/** What GlobalSign's TXT record holds before the code. */
export const GS_TXT_PREFIX = "_globalsign-domain-verification=";
/** The file GlobalSign fetches for HTTP validation. */
export const GS_FILE_PATH = "/.well-known/pki-validation/gsdv.txt";
/** Bits of the code: more than the BR's 112; 32 base32 characters. */
export const GS_CODE_BITS = 160;

/**
 * DCV-3, GlobalSign. A code drawn per record from the seeded generator (32 lower-case base32 characters, 160 bits),
 * renewed with the record after 30 days. DNS: a TXT record at the domain itself (the wildcard's base, or the apex for
 * `www.<apex>`) holding `_globalsign-domain-verification=<code>`. File: `/.well-known/pki-validation/gsdv.txt`
 * holding the code.
 */
export const globalSignDcvFormat: DcvFormat = {
  instruction({ method, domain, validationDomain, rng }) {
    const code = rng.token(GS_CODE_BITS, "base32");
    if (method === "dns") return { recordType: "TXT", host: validationDomain, value: `${GS_TXT_PREFIX}${code}` };
    return { recordType: "FILE", host: domain, value: code, path: GS_FILE_PATH };
  },
};

/** The bare code of a record's value (TXT values carry the prefix). */
export const codeOf = (value: string): string =>
  value.startsWith(GS_TXT_PREFIX) ? value.slice(GS_TXT_PREFIX.length) : value;
