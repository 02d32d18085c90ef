import caaForbids from "./caa-forbids";
import csrPaste from "./csr-paste";
import dcvTimeout from "./dcv-timeout";
import dvDnsPodGm from "./dv-dnspod-gm";
import dvTrustAsiaFree from "./dv-trustasia-free";
import dvTrustAsiaFreeAutoDns from "./dv-trustasia-free-auto-dns";
import dvTrustAsiaFreeFile from "./dv-trustasia-free-file";
import dvWoTrusMultiDomain from "./dv-wotrus-multi-domain";
import evWoTrus from "./ev-wotrus";
import freeQuotaExhausted from "./free-quota-exhausted";
import ovGlobalSign from "./ov-globalsign";
import ovWoTrus from "./ov-wotrus";
import ovWoTrusPhoneDeclined from "./ov-wotrus-phone-declined";
import ovWoTrusRegistryMismatch from "./ov-wotrus-registry-mismatch";
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
  ovWoTrus,
  evWoTrus,
  dvWoTrusMultiDomain,
  ovWoTrusPhoneDeclined,
  ovWoTrusRegistryMismatch,
  csrPaste,
  dvDnsPodGm,
  ovGlobalSign,
];
