// PAID-1: finding what a purchase asks for in the catalogue. A combination a brand does not sell is refused with
// the field that made it unsellable, so the customer knows what to change.
import type { DomainType } from "@certsim/names";
import { ApiError } from "@certsim/service";
import { BRANDS, type BrandId, type CertType, type Period, PRODUCTS, type Product, type Standard } from "./products";

export interface ProductRequest {
  ProductId?: string;
  Brand?: string;
  Type?: CertType;
  DomainType?: DomainType;
  Standard?: Standard;
  DomainNum?: number;
  Period: number;
}

const BY_ID = new Map(PRODUCTS.map((p) => [p.id, p]));

export function productById(id: string): Product | undefined {
  return BY_ID.get(id);
}

/** A brand by its ID or display name, in any case ("WoTrus", "wotrus"). */
export function brandId(name: string): BrandId | undefined {
  const wanted = name.trim().toLowerCase();
  return (Object.keys(BRANDS) as BrandId[]).find((id) => id === wanted || BRANDS[id].name.toLowerCase() === wanted);
}

const notSold = (field: string, message: string) =>
  new ApiError(400, "InvalidParameter.PackageInvalid", message, { field, rule: "PAID-1" });

const list = (values: Iterable<string | number>) => [...new Set(values)].join(", ");

/** The product a purchase names, by ID or by its brand, standard, type and domain type. */
export function findProduct(request: ProductRequest): Product {
  if (request.ProductId !== undefined) {
    const product = productById(request.ProductId);
    if (!product) throw notSold("ProductId", `there is no product ${JSON.stringify(request.ProductId.slice(0, 60))}`);
    const clash = (
      [
        ["Brand", request.Brand !== undefined && brandId(request.Brand) !== product.brand],
        ["Standard", request.Standard !== undefined && request.Standard !== product.standard],
        ["Type", request.Type !== undefined && request.Type !== product.type],
        ["DomainType", request.DomainType !== undefined && request.DomainType !== product.domainType],
      ] as const
    ).find(([, differs]) => differs);
    if (clash) throw notSold(clash[0], `${clash[0]} does not match product ${product.id}; give one or the other`);
    return product;
  }
  if (request.Brand === undefined) {
    throw new ApiError(400, "MissingParameter", "give ProductId, or Brand, Type and DomainType", { field: "Brand" });
  }
  const brand = brandId(request.Brand);
  if (!brand) {
    throw notSold("Brand", `unknown brand ${JSON.stringify(request.Brand.slice(0, 40))} (${list(brandNames())})`);
  }
  const name = BRANDS[brand].name;
  const standard = request.Standard ?? "international";
  let candidates = PRODUCTS.filter((p) => p.brand === brand);
  const byStandard = candidates.filter((p) => p.standard === standard);
  if (byStandard.length === 0) {
    throw notSold("Standard", `${name} sells ${list(candidates.map((p) => p.standard))} certificates, not ${standard}`);
  }
  candidates = byStandard;
  if (request.Type === undefined) throw new ApiError(400, "MissingParameter", "Type is required", { field: "Type" });
  const byType = candidates.filter((p) => p.type === request.Type);
  if (byType.length === 0) {
    throw notSold("Type", `${name} (${standard}) sells ${list(candidates.map((p) => p.type))}, not ${request.Type}`);
  }
  if (request.DomainType === undefined) {
    throw new ApiError(400, "MissingParameter", "DomainType is required", { field: "DomainType" });
  }
  const product = byType.find((p) => p.domainType === request.DomainType);
  if (!product) {
    throw notSold(
      "DomainType",
      `${name} ${request.Type} (${standard}) is sold as ${list(byType.map((p) => p.domainType))}, not ${request.DomainType}`,
    );
  }
  return product;
}

function brandNames(): string[] {
  return (Object.keys(BRANDS) as BrandId[]).map((id) => BRANDS[id].name);
}

/** Checks the purchase's own terms against the product: orderable, period, domain slots. */
export function checkPurchase(product: Product, request: ProductRequest): { period: Period; domainNum: number } {
  if (!product.orderable) {
    throw new ApiError(
      400,
      "FailedOperation.PackageNotOrderable",
      `${BRANDS[product.brand].name} is listed but cannot be ordered on this platform`,
      { field: request.ProductId !== undefined ? "ProductId" : "Brand", rule: "PAID-1" },
    );
  }
  if (!product.periods.includes(request.Period as Period)) {
    throw notSold("Period", `${product.id} is sold for ${list(product.periods)} year(s), not ${request.Period}`);
  }
  const domainNum = request.DomainNum ?? product.domains.included;
  if (domainNum < product.domains.min || domainNum > product.domains.max) {
    throw notSold(
      "DomainNum",
      product.domains.min === product.domains.max
        ? `${product.id} binds ${product.domains.min} domain, not ${domainNum}`
        : `${product.id} is sold for ${product.domains.min}–${product.domains.max} domains, not ${domainNum}`,
    );
  }
  return { period: request.Period as Period, domainNum };
}

/** CNY for the whole purchase: every year of the series, extra domain slots included. */
export function priceOf(product: Product, period: number, domainNum: number): number {
  const extra = Math.max(0, domainNum - product.domains.included);
  return (product.price.perYear + extra * product.price.perExtraDomain) * period;
}

/** A product as `GET /v1/products` shows it (DescribePackages-like). */
export function presentProduct(product: Product) {
  return {
    ProductId: product.id,
    ProductName: product.name,
    Brand: BRANDS[product.brand].name,
    BrandId: product.brand,
    Simulated: BRANDS[product.brand].simulated,
    Orderable: product.orderable,
    Standard: product.standard,
    Type: product.type,
    DomainType: product.domainType,
    Algorithms: product.algorithms,
    IpBinding: product.ipBinding,
    VerifyTypes: product.verifyTypes,
    Periods: product.periods,
    DomainNum: product.domains,
    Price: {
      Currency: "CNY",
      PerYear: product.price.perYear,
      PerExtraDomainPerYear: product.price.perExtraDomain,
    },
  };
}

export interface ProductFilter {
  Brand?: string;
  Standard?: Standard;
  Type?: CertType;
  DomainType?: DomainType;
  Orderable?: boolean;
}

export function listProducts(filter: ProductFilter): Product[] {
  const brand = filter.Brand === undefined ? undefined : (brandId(filter.Brand) ?? null);
  return PRODUCTS.filter(
    (p) =>
      (brand === undefined || p.brand === brand) &&
      (filter.Standard === undefined || p.standard === filter.Standard) &&
      (filter.Type === undefined || p.type === filter.Type) &&
      (filter.DomainType === undefined || p.domainType === filter.DomainType) &&
      (filter.Orderable === undefined || p.orderable === filter.Orderable),
  );
}
