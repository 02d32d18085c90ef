import type { DcvFormat } from "@certsim/ca-kit";
import { formatGmt8 } from "@certsim/clock";

export const TRUSTASIA_TXT_PREFIX = "_dnsauth";
export const TRUSTASIA_FILE_PATH = "/.well-known/pki-validation/fileauth.txt";
/** Random bits in a value: more than the BR's 112. */
export const TRUSTASIA_RANDOM_BITS = 128;

/**
 * DCV-3, TrustAsia: the value is a timestamp (`YYYYMMDDHHmmss`, GMT+8, when the value was made) followed by 128 bits
 * of randomness from the seeded generator as 32 lower-case hex digits. DNS: TXT at `_dnsauth.<domain>`; file:
 * `/.well-known/pki-validation/fileauth.txt` holding the same value.
 */
export const trustAsiaDcvFormat: DcvFormat = {
  instruction({ method, domain, validationDomain, rng, now }) {
    const stamp = formatGmt8(now).slice(0, 19).replace(/[-:T]/g, "");
    const value = `${stamp}${rng.token(TRUSTASIA_RANDOM_BITS)}`;
    if (method === "dns") {
      return { recordType: "TXT", host: `${TRUSTASIA_TXT_PREFIX}.${validationDomain}`, value };
    }
    return { recordType: "FILE", host: domain, value, path: TRUSTASIA_FILE_PATH };
  },
};
