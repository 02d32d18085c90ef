export { clockApi } from "./clock-api";
export { type Ecosystem, type EcosystemOptions, startEcosystem } from "./ecosystem";
export type { Endpoints } from "./endpoints";
export { DEFAULT_PORTS } from "./ports";
