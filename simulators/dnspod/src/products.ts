import type { ProductRule } from "@certsim/ca-kit";

const ONE_YEAR = 365;

/** What every DNSPod product shares: sold for 1–3 years, delivered as one-year certificates (PAID-2). */
const base = { free: false, ip: false, years: [1, 2, 3], validityDays: ONE_YEAR } as const;

/** DNS (manual or placed by the reseller) and file (DCV-1); a wildcard is proved over DNS only (DCV-5). */
const anyMethod = { dns: "any", "dns-auto": "any", file: "any" } as const;
const dnsOnly = { dns: "any", "dns-auto": "any" } as const;

/**
 * DNSPod's products. International DV (RSA or ECC) is publicly trusted, so its validity is capped by the date it is
 * issued (CERT-4: 200 days from 2026-03-15, …). National (GM) certificates use SM2 keys and SM3withSM2 signatures
 * (SM-4); they are outside the Baseline Requirements and keep the product's 365 days (CERT-4). GM OV and EV need a
 * confirmation letter (SM-1); every GM product keeps a domain validation 13 months for the same company (DCV-8).
 */
export const DNSPOD_PRODUCTS: readonly ProductRule[] = [
  {
    ...base,
    code: "DNSPOD-DV",
    title: "DNSPod DV SSL (international: RSA/ECC)",
    validation: "DV",
    standard: "international",
    domainTypes: ["single"],
    maxNames: 1,
    dcvMethods: anyMethod,
  },
  {
    ...base,
    code: "DNSPOD-DV-WILDCARD",
    title: "DNSPod DV SSL wildcard (international: RSA/ECC)",
    validation: "DV",
    standard: "international",
    domainTypes: ["wildcard"],
    maxNames: 1,
    dcvMethods: dnsOnly,
  },
  {
    ...base,
    code: "DNSPOD-GM-DV",
    title: "DNSPod GM DV SSL (SM2)",
    validation: "DV",
    standard: "gm",
    domainTypes: ["single"],
    maxNames: 1,
    dcvMethods: anyMethod,
  },
  {
    ...base,
    code: "DNSPOD-GM-OV",
    title: "DNSPod GM OV SSL (SM2)",
    validation: "OV",
    standard: "gm",
    domainTypes: ["single", "multi"],
    maxNames: 100,
    dcvMethods: anyMethod,
  },
  {
    ...base,
    code: "DNSPOD-GM-OV-WILDCARD",
    title: "DNSPod GM OV SSL wildcard (SM2)",
    validation: "OV",
    standard: "gm",
    domainTypes: ["wildcard"],
    maxNames: 1,
    dcvMethods: dnsOnly,
  },
  {
    ...base,
    code: "DNSPOD-GM-EV",
    title: "DNSPod GM EV SSL (SM2)",
    validation: "EV",
    standard: "gm",
    domainTypes: ["single", "multi"],
    maxNames: 100,
    dcvMethods: anyMethod,
  },
];
