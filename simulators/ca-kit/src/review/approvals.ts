import { createHash } from "node:crypto";
import type { CaContext } from "../context";
import { companyKey } from "../core/reuse";
import type { Order } from "../core/types";

// SM-3: information the CA's reviewers approved, so the same information on a later certificate of the same type
// skips the manual review.

/** The certificate type an approval counts for: standard and validation level ("gm/OV"). */
function kindOf(ctx: Pick<CaContext, "product">, order: Order): string | undefined {
  const product = ctx.product(order.productCode);
  return product ? `${product.standard}/${product.validation}` : undefined;
}

/**
 * The information a review approves, as one digest: the organisation's name and registration number and the
 * administrator (the applicant when none is named): name, e-mail and phone digits — written the same way or not.
 */
function fingerprintOf(order: Order): string | undefined {
  const org = order.organization;
  const person = order.administrator ?? order.applicant;
  if (!org || !person) return undefined;
  const parts = [
    companyKey(org.name),
    org.registrationNumber.trim().toUpperCase(),
    companyKey(person.name),
    person.email.trim().toLowerCase(),
    person.phone.replace(/\D/g, ""),
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex");
}

/** An earlier approval of the same information for a certificate of the same type, by the same reseller. */
export function earlierApproval(
  ctx: Pick<CaContext, "product" | "store">,
  order: Order,
): { orderId: string; at: number } | undefined {
  const kind = kindOf(ctx, order);
  const fingerprint = fingerprintOf(order);
  if (!kind || !fingerprint) return undefined;
  const found = ctx.store.approvalOf(order.resellerId, kind, fingerprint);
  return found && found.orderId !== order.id ? found : undefined;
}

/** Files the order's information as approved (its manual review passed). */
export function fileApproval(ctx: Pick<CaContext, "product" | "store">, order: Order, at: number): void {
  const kind = kindOf(ctx, order);
  const fingerprint = fingerprintOf(order);
  if (kind && fingerprint) ctx.store.recordApproval(order.resellerId, kind, fingerprint, order.id, at);
}
