import type { ProductRule } from "@certsim/ca-kit";

const ONE_YEAR = 365;

/**
 * TrustAsia's DV products (RSA/ECC, international). Each certificate is valid one year before the CERT-4 cap; a
 * 2- or 3-year purchase is a series of one-year certificates ordered one after another (PAID-2).
 * DCV-1: DNS and file for every product; the 2- and 3-year wildcard also offers the automatic forms. A wildcard
 * name can never use a file method (DCV-5), so of those only `dns-auto` is usable in practice.
 */
export const TRUSTASIA_PRODUCTS: readonly ProductRule[] = [
  {
    code: "TA-DV-FREE",
    title: "TrustAsia DV SSL (free)",
    validation: "DV",
    standard: "international",
    free: true,
    domainTypes: ["single"],
    ip: false,
    maxNames: 1,
    years: [1],
    dcvMethods: { dns: "any", file: "any" },
    validityDays: ONE_YEAR,
  },
  {
    code: "TA-DV-SINGLE",
    title: "TrustAsia DV SSL",
    validation: "DV",
    standard: "international",
    free: false,
    domainTypes: ["single"],
    ip: false,
    maxNames: 1,
    years: [1, 2, 3],
    dcvMethods: { dns: "any", file: "any" },
    validityDays: ONE_YEAR,
  },
  {
    code: "TA-DV-MULTI",
    title: "TrustAsia DV SSL multi-domain",
    validation: "DV",
    standard: "international",
    free: false,
    domainTypes: ["single", "multi"],
    ip: false,
    maxNames: 100,
    years: [1, 2, 3],
    dcvMethods: { dns: "any", file: "any" },
    validityDays: ONE_YEAR,
  },
  {
    code: "TA-DV-WILDCARD",
    title: "TrustAsia DV SSL wildcard",
    validation: "DV",
    standard: "international",
    free: false,
    domainTypes: ["wildcard"],
    ip: false,
    maxNames: 1,
    years: [1, 2, 3],
    dcvMethods: { dns: "any", "dns-auto": [2, 3], "file-auto": [2, 3] },
    validityDays: ONE_YEAR,
  },
];
