import caaForbids from "./caa-forbids";
import dcvTimeout from "./dcv-timeout";
import dvTrustAsiaFree from "./dv-trustasia-free";
import dvTrustAsiaFreeAutoDns from "./dv-trustasia-free-auto-dns";
import dvTrustAsiaFreeFile from "./dv-trustasia-free-file";
import freeQuotaExhausted from "./free-quota-exhausted";
import trustAsiaPrimaryDomainLimit from "./trustasia-primary-domain-limit";

/** Every scenario `pnpm scenario` knows, in the order `--list` shows them. */
export const scenarios = [
  dvTrustAsiaFree,
  dvTrustAsiaFreeFile,
  dvTrustAsiaFreeAutoDns,
  freeQuotaExhausted,
  trustAsiaPrimaryDomainLimit,
  dcvTimeout,
  caaForbids,
];
