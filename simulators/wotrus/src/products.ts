import type { ProductRule } from "@certsim/ca-kit";

const ONE_YEAR = 365;

/** What every WoTrus product shares: international (RSA/ECC), sold for 1–3 years as one-year certificates. */
const base = {
  standard: "international",
  free: false,
  ip: false,
  years: [1, 2, 3],
  validityDays: ONE_YEAR,
} as const;

const anyName = { dns: "any", file: "any" } as const;
/** A wildcard can only be validated over DNS (DCV-5). */
const dnsOnly = { dns: "any" } as const;

/**
 * WoTrus's products. A 2- or 3-year purchase is a series of one-year certificates (PAID-2, CERT-4): the CA issues
 * one year at a time, each ordered on its own. EV has no wildcard (the EV guidelines forbid it).
 */
export const WOTRUS_PRODUCTS: readonly ProductRule[] = [
  {
    ...base,
    code: "WOTRUS-DV-SSL",
    title: "WoTrus DV SSL",
    validation: "DV",
    domainTypes: ["single"],
    maxNames: 1,
    dcvMethods: anyName,
  },
  {
    ...base,
    code: "WOTRUS-DV-MDC",
    title: "WoTrus DV SSL multi-domain",
    validation: "DV",
    domainTypes: ["single", "multi"],
    maxNames: 100,
    dcvMethods: anyName,
  },
  {
    ...base,
    code: "WOTRUS-DV-WILDCARD",
    title: "WoTrus DV SSL wildcard",
    validation: "DV",
    domainTypes: ["wildcard"],
    maxNames: 1,
    dcvMethods: dnsOnly,
  },
  {
    ...base,
    code: "WOTRUS-OV-SSL",
    title: "WoTrus OV SSL",
    validation: "OV",
    domainTypes: ["single"],
    maxNames: 1,
    dcvMethods: anyName,
  },
  {
    ...base,
    code: "WOTRUS-OV-MDC",
    title: "WoTrus OV SSL multi-domain",
    validation: "OV",
    domainTypes: ["single", "multi"],
    maxNames: 100,
    dcvMethods: anyName,
  },
  {
    ...base,
    code: "WOTRUS-OV-WILDCARD",
    title: "WoTrus OV SSL wildcard",
    validation: "OV",
    domainTypes: ["wildcard"],
    maxNames: 1,
    dcvMethods: dnsOnly,
  },
  {
    ...base,
    code: "WOTRUS-EV-SSL",
    title: "WoTrus EV SSL",
    validation: "EV",
    domainTypes: ["single"],
    maxNames: 1,
    dcvMethods: anyName,
  },
  {
    ...base,
    code: "WOTRUS-EV-MDC",
    title: "WoTrus EV SSL multi-domain",
    validation: "EV",
    domainTypes: ["single", "multi"],
    maxNames: 100,
    dcvMethods: anyName,
  },
];
