import { type DomainType, domainType } from "@certsim/names";
import { invalid } from "./errors";
import type { DcvMethod } from "./types";

/**
 * One product a brand sells, as data: which names it binds, for how long, which DCV methods it offers and the
 * validity of each certificate (a multi-year product is a series of one-year certificates, PAID-2).
 */
export interface ProductRule {
  code: string;
  title: string;
  validation: "DV" | "OV" | "EV";
  /** International (RSA/ECC, under the BR validity caps) or national GM (SM2). */
  standard: "international" | "gm";
  free: boolean;
  /** Order shapes sold (DOM-4): single, multi, wildcard, multi-wildcard. */
  domainTypes: readonly DomainType[];
  /** Whether IP addresses may be bound. */
  ip: boolean;
  /** Most bound names in one order. */
  maxNames: number;
  /** Years sold; the first is the default. */
  years: readonly number[];
  /** DCV-1: each method and the years it is offered for ("any" = every year sold). */
  dcvMethods: Partial<Record<DcvMethod, "any" | readonly number[]>>;
  /** Validity of each certificate before the CERT-4 cap (CERT-3). */
  validityDays: number;
}

/** The methods a product offers for a term (DCV-1). */
export function dcvMethodsFor(product: ProductRule, years: number): DcvMethod[] {
  return (Object.entries(product.dcvMethods) as [DcvMethod, "any" | readonly number[]][])
    .filter(([, when]) => when === "any" || when.includes(years))
    .map(([method]) => method);
}

export interface ProductRequest {
  /** Normalised names. */
  names: readonly string[];
  kinds: readonly ("domain" | "wildcard" | "ip")[];
  years: number;
  dcvMethod: DcvMethod;
}

/** Refuses a request the product does not sell, naming the field (products as data, checked in one place). */
export function assertProductFits(product: ProductRule, request: ProductRequest): void {
  if (!product.years.includes(request.years)) {
    throw invalid(
      "InvalidProduct",
      "years",
      `${product.code} is sold for ${product.years.join(", ")} year(s), not ${request.years}`,
    );
  }
  if (request.names.length > product.maxNames) {
    throw invalid("InvalidDomain", "domains", `${product.code} binds at most ${product.maxNames} name(s)`, "DOM-4");
  }
  if (!product.ip && request.kinds.includes("ip")) {
    throw invalid("InvalidDomain", "domains", `${product.code} cannot bind IP addresses`, "DOM-4");
  }
  const shape = domainType(request.names);
  if (!product.domainTypes.includes(shape)) {
    throw invalid(
      "InvalidDomain",
      "domains",
      `${product.code} sells ${product.domainTypes.join(" / ")} certificates; these names make a ${shape} one`,
      "DOM-4",
    );
  }
  const methods = dcvMethodsFor(product, request.years);
  if (!methods.includes(request.dcvMethod)) {
    throw invalid(
      "InvalidDcvMethod",
      "dcv_method",
      `${product.code} for ${request.years} year(s) offers ${methods.join(", ")}, not ${request.dcvMethod}`,
      "DCV-1",
    );
  }
}
