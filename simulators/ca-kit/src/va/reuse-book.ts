import type { CaContext } from "../context";
import { companyKey, type ReusePolicy, resellerReuse } from "../core/reuse";
import type { Order } from "../core/types";
import type { Store } from "../db/store";

/**
 * Where an order's validations are filed and looked up: the reseller's book (DCV-11), or — for a product whose
 * policy keeps validations by company (DCV-8) — the book of the company (DV `companyName`) or organisation (OV/EV)
 * the order names, within the reseller's. An order of such a product that names no company keeps nothing.
 */
export interface ReuseBook {
  resellerId: string;
  policy: ReusePolicy;
  /** `companyKey` of the order's company or organisation name (company scope only). */
  company?: string;
}

type OrderParties = Pick<Order, "resellerId" | "productCode" | "organization" | "companyName">;

export function reuseBookOf(ctx: Pick<CaContext, "product" | "reusePolicyFor">, order: OrderParties): ReuseBook {
  const product = ctx.product(order.productCode);
  const policy = product ? ctx.reusePolicyFor(product) : resellerReuse();
  if (policy.scope === "reseller") return { resellerId: order.resellerId, policy };
  const name = order.organization?.name ?? order.companyName;
  return { resellerId: order.resellerId, policy, ...(name?.trim() ? { company: companyKey(name) } : {}) };
}

/** When the name was last validated in this book (undefined: never, or a company book without a company). */
export function validatedIn(store: Store, book: ReuseBook, name: string): number | undefined {
  if (book.policy.scope === "reseller") return store.validatedAt(book.resellerId, name);
  return book.company === undefined ? undefined : store.companyValidatedAt(book.resellerId, book.company, name);
}

/** Files a passed validation in the book. */
export function fileValidation(
  store: Store,
  book: ReuseBook,
  name: string,
  method: string,
  at: number,
  orderId: string,
): void {
  if (book.policy.scope === "reseller") store.recordValidation(book.resellerId, name, method, at, orderId);
  else if (book.company !== undefined) {
    store.recordCompanyValidation(book.resellerId, book.company, name, method, at, orderId);
  }
}
