import type { CaContext } from "../context";
import type { ProductRule } from "../core/products";
import type { CertificateRecord, Order } from "../core/types";
import { signOrder } from "./issue";
import { signSm2Order } from "./issue-sm2";

/** Signs an order with the hierarchy its product's standard calls for: RSA/ECC (CERT-1…4) or SM2 (SM-4). */
export function signFor(
  ctx: Pick<CaContext, "hierarchy" | "sm2Hierarchy">,
  order: Order,
  product: ProductRule,
  issuedAt: Date,
): Promise<CertificateRecord> {
  if (product.standard !== "gm") return signOrder(ctx.hierarchy, order, product, issuedAt);
  if (!ctx.sm2Hierarchy) throw new Error(`product ${product.code} is GM but the CA has no SM2 hierarchy`);
  return signSm2Order(ctx.sm2Hierarchy, order, product, issuedAt);
}
