import { type AdmissionRule, CaError } from "@certsim/ca-kit";

/** FREE-3: free certificates per primary domain, across every reseller that holds a TrustAsia API key. */
export const FREE_CERTIFICATES_PER_PRIMARY_DOMAIN = 20;

/**
 * FREE-3 as an admission rule: a free order is refused when its primary domain already has `limit` free orders
 * holding a slot (pending, under review, or issued and not expired; cancelled, failed and revoked ones free it).
 * Runs in the insert's transaction, so racing orders cannot overshoot.
 */
export function freeCertificateLimit(limit = FREE_CERTIFICATES_PER_PRIMARY_DOMAIN): AdmissionRule {
  return ({ store, product, primaryDomain, now }) => {
    if (!product.free) return;
    const held = store.countActiveFreeOrders(primaryDomain, now);
    if (held >= limit) {
      throw new CaError(
        400,
        "MainDomainCertificateCountLimit",
        `${primaryDomain} already has ${held} free certificates (at most ${limit} per primary domain)`,
        { field: "domains", rule: "FREE-3" },
      );
    }
  };
}
