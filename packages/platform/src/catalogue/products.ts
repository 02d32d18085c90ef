// PAID-1: what the platform sells, as data. One line per (brand, standard, type, domain type) a brand sells; any
// other combination cannot be bought. Prices are fictional, in CNY per certificate-year.
import type { DomainType } from "@certsim/names";

export const BRANDS = {
  trustasia: { name: "TrustAsia", simulated: true },
  wotrus: { name: "WoTrus", simulated: true },
  globalsign: { name: "GlobalSign", simulated: true },
  dnspod: { name: "DNSPod", simulated: true },
  // Listed in the console, but no simulator stands behind them: they cannot be ordered.
  sectigo: { name: "Sectigo", simulated: false },
  geotrust: { name: "GeoTrust", simulated: false },
} as const;
export type BrandId = keyof typeof BRANDS;

export const CERT_TYPES = ["DV", "OV", "OV_PRO", "EV", "EV_PRO"] as const;
export type CertType = (typeof CERT_TYPES)[number];

/** International: RSA/ECC under the CA/B Forum rules; national (GM): SM2. */
export const STANDARDS = ["international", "national"] as const;
export type Standard = (typeof STANDARDS)[number];

export const DOMAIN_TYPES: readonly DomainType[] = ["single", "multi", "wildcard", "multi-wildcard"];

export type KeyAlgorithmName = "RSA" | "ECC" | "SM2";
export type VerifyType = "DNS" | "FILE" | "DNS_AUTO";
export type Period = 1 | 2 | 3;

export interface Product {
  /** The platform's product ID, e.g. `wotrus-ov-multi`. */
  id: string;
  brand: BrandId;
  standard: Standard;
  type: CertType;
  domainType: DomainType;
  name: string;
  /** Key algorithms a CSR for this product may use. */
  algorithms: readonly KeyAlgorithmName[];
  /** DOM-4: whether IP addresses may be bound. */
  ipBinding: boolean;
  /** DCV-1: the methods offered (no FILE where a wildcard may be bound, DCV-5). */
  verifyTypes: readonly VerifyType[];
  periods: readonly Period[];
  /** Bound-domain slots a purchase may buy (DomainNum) and how many the base price includes. */
  domains: { min: number; max: number; included: number };
  /** CNY per certificate-year, and per extra domain slot per year. */
  price: { perYear: number; perExtraDomain: number };
  /** False for brands listed but not simulated. */
  orderable: boolean;
}

const TYPE_NAMES: Record<CertType, string> = {
  DV: "DV SSL",
  OV: "OV SSL",
  OV_PRO: "OV Pro SSL",
  EV: "EV SSL",
  EV_PRO: "EV Pro SSL",
};
const DOMAIN_TYPE_NAMES: Record<DomainType, string> = {
  single: "",
  multi: " multi-domain",
  wildcard: " wildcard",
  "multi-wildcard": " multi-wildcard",
};

interface Line {
  brand: BrandId;
  standard?: Standard;
  type: CertType;
  domainType: DomainType;
  perYear: number;
  perExtraDomain?: number;
  ip?: boolean;
  periods?: readonly Period[];
}

function product(line: Line): Product {
  const standard = line.standard ?? "international";
  const multi = line.domainType === "multi" || line.domainType === "multi-wildcard";
  const wildcard = line.domainType === "wildcard" || line.domainType === "multi-wildcard";
  const brand = BRANDS[line.brand];
  return {
    id: [line.brand, line.type.toLowerCase().replace("_", "-"), line.domainType, standard === "national" ? "sm2" : ""]
      .filter(Boolean)
      .join("-"),
    brand: line.brand,
    standard,
    type: line.type,
    domainType: line.domainType,
    name: `${brand.name} ${TYPE_NAMES[line.type]}${DOMAIN_TYPE_NAMES[line.domainType]}${standard === "national" ? " (SM2)" : ""}`,
    algorithms: standard === "national" ? ["SM2"] : ["RSA", "ECC"],
    ipBinding: line.ip ?? false,
    verifyTypes: wildcard ? ["DNS", "DNS_AUTO"] : ["DNS", "FILE", "DNS_AUTO"],
    periods: line.periods ?? [1, 2, 3],
    domains: multi ? { min: 2, max: 100, included: 2 } : { min: 1, max: 1, included: 1 },
    price: { perYear: line.perYear, perExtraDomain: multi ? (line.perExtraDomain ?? 0) : 0 },
    orderable: brand.simulated,
  };
}

const LINES: readonly Line[] = [
  // TrustAsia
  { brand: "trustasia", type: "DV", domainType: "single", perYear: 1200 },
  { brand: "trustasia", type: "DV", domainType: "multi", perYear: 1800, perExtraDomain: 600 },
  { brand: "trustasia", type: "DV", domainType: "wildcard", perYear: 2600 },
  { brand: "trustasia", type: "OV", domainType: "single", perYear: 3200 },
  { brand: "trustasia", type: "OV", domainType: "multi", perYear: 4800, perExtraDomain: 1400 },
  { brand: "trustasia", type: "OV", domainType: "wildcard", perYear: 6800 },
  { brand: "trustasia", type: "OV_PRO", domainType: "single", perYear: 4600 },
  { brand: "trustasia", type: "OV_PRO", domainType: "wildcard", perYear: 8800 },
  { brand: "trustasia", type: "EV", domainType: "single", perYear: 6400 },
  { brand: "trustasia", type: "EV", domainType: "multi", perYear: 9600, perExtraDomain: 2600 },
  { brand: "trustasia", type: "EV_PRO", domainType: "single", perYear: 8200 },
  { brand: "trustasia", standard: "national", type: "DV", domainType: "single", perYear: 1600 },
  { brand: "trustasia", standard: "national", type: "OV", domainType: "single", perYear: 4000 },
  // WoTrus: no Pro types, no EV wildcard (the EV guidelines forbid it)
  { brand: "wotrus", type: "DV", domainType: "single", perYear: 980 },
  { brand: "wotrus", type: "DV", domainType: "multi", perYear: 1600, perExtraDomain: 500 },
  { brand: "wotrus", type: "DV", domainType: "wildcard", perYear: 2200 },
  { brand: "wotrus", type: "OV", domainType: "single", perYear: 2800 },
  { brand: "wotrus", type: "OV", domainType: "multi", perYear: 4200, perExtraDomain: 1200 },
  { brand: "wotrus", type: "OV", domainType: "wildcard", perYear: 5800 },
  { brand: "wotrus", type: "EV", domainType: "single", perYear: 5600 },
  { brand: "wotrus", type: "EV", domainType: "multi", perYear: 8400, perExtraDomain: 2200 },
  // GlobalSign: the only brand here that binds IP addresses (OV)
  { brand: "globalsign", type: "DV", domainType: "single", perYear: 2400 },
  { brand: "globalsign", type: "DV", domainType: "multi", perYear: 3600, perExtraDomain: 1200 },
  { brand: "globalsign", type: "DV", domainType: "wildcard", perYear: 5200 },
  { brand: "globalsign", type: "DV", domainType: "multi-wildcard", perYear: 7800, perExtraDomain: 2400 },
  { brand: "globalsign", type: "OV", domainType: "single", perYear: 4800, ip: true },
  { brand: "globalsign", type: "OV", domainType: "multi", perYear: 7200, perExtraDomain: 2000, ip: true },
  { brand: "globalsign", type: "OV", domainType: "wildcard", perYear: 9800 },
  { brand: "globalsign", type: "OV", domainType: "multi-wildcard", perYear: 14000, perExtraDomain: 4000 },
  { brand: "globalsign", type: "OV_PRO", domainType: "single", perYear: 6200, ip: true },
  { brand: "globalsign", type: "OV_PRO", domainType: "wildcard", perYear: 12000 },
  { brand: "globalsign", type: "EV", domainType: "single", perYear: 9600 },
  { brand: "globalsign", type: "EV", domainType: "multi", perYear: 14400, perExtraDomain: 3600 },
  { brand: "globalsign", type: "EV_PRO", domainType: "single", perYear: 12800 },
  { brand: "globalsign", type: "EV_PRO", domainType: "multi", perYear: 18000, perExtraDomain: 4400 },
  // DNSPod: GM (SM2) products, and international DV
  { brand: "dnspod", type: "DV", domainType: "single", perYear: 1100 },
  { brand: "dnspod", type: "DV", domainType: "wildcard", perYear: 2400 },
  { brand: "dnspod", standard: "national", type: "DV", domainType: "single", perYear: 1500 },
  { brand: "dnspod", standard: "national", type: "DV", domainType: "multi", perYear: 2400, perExtraDomain: 700 },
  { brand: "dnspod", standard: "national", type: "DV", domainType: "wildcard", perYear: 3400 },
  { brand: "dnspod", standard: "national", type: "OV", domainType: "single", perYear: 3600 },
  { brand: "dnspod", standard: "national", type: "OV", domainType: "multi", perYear: 5200, perExtraDomain: 1500 },
  { brand: "dnspod", standard: "national", type: "OV", domainType: "wildcard", perYear: 7200 },
  { brand: "dnspod", standard: "national", type: "EV", domainType: "single", perYear: 7000 },
  { brand: "dnspod", standard: "national", type: "EV", domainType: "multi", perYear: 10000, perExtraDomain: 2800 },
  // Listed, not simulated
  { brand: "sectigo", type: "DV", domainType: "single", perYear: 1000, periods: [1] },
  { brand: "sectigo", type: "OV", domainType: "single", perYear: 2600, periods: [1] },
  { brand: "sectigo", type: "EV", domainType: "single", perYear: 5800, periods: [1] },
  { brand: "geotrust", type: "DV", domainType: "single", perYear: 1800, periods: [1] },
  { brand: "geotrust", type: "OV", domainType: "single", perYear: 3800, periods: [1] },
  { brand: "geotrust", type: "EV", domainType: "single", perYear: 7200, periods: [1] },
];

export const PRODUCTS: readonly Product[] = LINES.map(product);
