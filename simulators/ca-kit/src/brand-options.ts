import type { StartCaOptions } from "./start";

/**
 * What a brand's `start…` takes: the world it runs in (clock, seed, DNS, web host, the world's API), where it
 * listens and keeps its data, its timings and, in tests, a ready hierarchy. The brand adds its own options.
 */
export type BrandCaOptions = Pick<
  StartCaOptions,
  | "clock"
  | "rng"
  | "dbPath"
  | "dns"
  | "webPort"
  | "port"
  | "operatorPort"
  | "operatorToken"
  | "timings"
  | "calendar"
  | "validator"
  | "hierarchy"
  | "hierarchyKeys"
> & {
  /** The world's API: business registry (OV-5), phone line (OV-3) and mailbox. Required (OV/EV review). */
  worldUrl: string;
};
