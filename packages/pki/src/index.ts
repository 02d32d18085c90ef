// @certsim/pki — keys, CSRs, CA hierarchies, leaf issuance, protected keys and download bundles. Pure: no I/O.

export * from "./bundle";
export * from "./ca";
export * from "./csr";
export { keyPairFromKeyObjects } from "./key-material";
export * from "./key-pool";
export * from "./keys";
export * from "./leaf";
export { buildPkcs12, type Pkcs12Params } from "./pkcs12";
export * from "./protect";
export type { HashName } from "./signer";
export * from "./sm2";
export type { SubjectFields } from "./subject";
export * from "./validity";
