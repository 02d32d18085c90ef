import type { BrandDefinition, DenyList, ResellerDialect } from "@certsim/ca-kit";
import { trustAsiaDcvFormat } from "./dcv-format";
import { freeCertificateLimit } from "./free-limit";
import { TRUSTASIA_PRODUCTS } from "./products";

/** FREE-8's default deny list: no whole domains; look-alikes of a few brands phishers like. */
export const TRUSTASIA_DEFAULT_DENY_LIST: DenyList = {
  domains: [],
  lookalikes: ["paypal", "alipay", "appleid", "icbc"],
};

export function trustAsiaBrand(options: { freeLimit?: number; denyList?: DenyList } = {}): BrandDefinition {
  return {
    id: "trustasia",
    displayName: "TrustAsia",
    caaIdentities: ["trustasia.com"],
    hierarchyAlgorithm: "RSA",
    products: TRUSTASIA_PRODUCTS,
    dcvFormat: trustAsiaDcvFormat,
    orderIdPrefix: "TA",
    admissionRules: [freeCertificateLimit(options.freeLimit)],
    securityReview: { enabled: true, denyList: options.denyList ?? TRUSTASIA_DEFAULT_DENY_LIST },
  };
}

/** TrustAsia's reseller API: snake_case under `/api/v2`, key in `X-Api-Key`. */
export const TRUSTASIA_DIALECT: ResellerDialect = {
  basePath: "/api/v2",
  apiKeyHeader: "X-Api-Key",
};
