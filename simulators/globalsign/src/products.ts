import type { ProductRule } from "@certsim/ca-kit";

// GlobalSign's products as ca-kit rules. GlobalSign sells each product code with options: `BaseOption: "wildcard"`
// makes the common name a wildcard, `SANEntries` add names. ca-kit knows one rule per shape, so each code that
// offers the wildcard option is two rules here (`OV_SHA2` and `OV_SHA2/wildcard`); the reseller never sees the
// second form, only `ProductCode` and `BaseOption` (see `gsProductOf`).

/** The product codes of GlobalSign's reseller API. */
export type GsProductCode = "DV_LOW_SHA2" | "OV_SHA2" | "EV_SHA2";

export const GS_PRODUCT_CODES: readonly GsProductCode[] = ["DV_LOW_SHA2", "OV_SHA2", "EV_SHA2"];

export type GsBaseOption = "wildcard";

const ONE_YEAR = 365;
/** Most names on one certificate: the common name and up to 99 SAN entries. */
export const GS_MAX_NAMES = 100;

const base = {
  standard: "international",
  free: false,
  ip: false,
  years: [1, 2, 3],
  maxNames: GS_MAX_NAMES,
  validityDays: ONE_YEAR,
} as const;

const anyName = { dns: "any", file: "any" } as const;
/** A wildcard can be validated only over DNS (DCV-5); a SAN of a wildcard order shares the order's method. */
const dnsOnly = { dns: "any" } as const;

const TITLES: Record<GsProductCode, string> = {
  DV_LOW_SHA2: "AlphaSSL (DV)",
  OV_SHA2: "OrganizationSSL (OV)",
  EV_SHA2: "ExtendedSSL (EV)",
};

const VALIDATION: Record<GsProductCode, "DV" | "OV" | "EV"> = { DV_LOW_SHA2: "DV", OV_SHA2: "OV", EV_SHA2: "EV" };

/** The internal rule code of a product code and base option. */
export const ruleCode = (code: GsProductCode, option?: GsBaseOption): string => (option ? `${code}/${option}` : code);

function rules(code: GsProductCode, wildcard: boolean): ProductRule[] {
  const plain: ProductRule = {
    ...base,
    code: ruleCode(code),
    title: TITLES[code],
    validation: VALIDATION[code],
    domainTypes: ["single", "multi"],
    dcvMethods: anyName,
  };
  if (!wildcard) return [plain];
  return [
    plain,
    {
      ...base,
      code: ruleCode(code, "wildcard"),
      title: `${TITLES[code]} wildcard`,
      validation: VALIDATION[code],
      domainTypes: ["wildcard", "multi-wildcard"],
      dcvMethods: dnsOnly,
    },
  ];
}

/**
 * AlphaSSL (DV), OrganizationSSL (OV) and ExtendedSSL (EV), 1–3 years each (`ValidityPeriod.Months` 12, 24, 36),
 * issued one year at a time (PAID-2, CERT-4). DV and OV offer the wildcard option; EV has none (the EV guidelines
 * forbid wildcards).
 */
export const GLOBALSIGN_PRODUCTS: readonly ProductRule[] = [
  ...rules("DV_LOW_SHA2", true),
  ...rules("OV_SHA2", true),
  ...rules("EV_SHA2", false),
];

/** The product code and base option a rule stands for. */
export function gsProductOf(rule: string): { ProductCode: GsProductCode; BaseOption: GsBaseOption | null } {
  const [code, option] = rule.split("/") as [GsProductCode, GsBaseOption | undefined];
  return { ProductCode: code, BaseOption: option ?? null };
}
