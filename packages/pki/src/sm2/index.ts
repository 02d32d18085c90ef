/** SM2 / GM (Chinese national cryptography) certificates: keys, CSRs, CA hierarchy, leaf pairs, chain check. */
export { benchSm2, type Sm2BenchResult } from "./bench";
export { type Sm2ChainResult, verifySm2Chain } from "./chain";
export { createSm2Csr, type Sm2CsrCheck, type Sm2CsrInput, verifySm2Csr } from "./csr";
export { Sm2Error, type Sm2ErrorCode } from "./errors";
export { createSm2CaHierarchy, type Sm2CaHierarchy, type Sm2CaPair } from "./hierarchy";
export { generateSm2KeyPair, isSm2PublicKey, type Sm2KeyPairPem } from "./keys";
export { type IssueSm2LeavesInput, issueSm2Leaves, type Sm2LeafProfile, type Sm2Leaves } from "./leaves";
export { DEFAULT_USER_ID as SM2_DEFAULT_USER_ID } from "./signature";
