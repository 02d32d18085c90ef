import { ApiError } from "@certsim/service";
import type { ErrorRequestHandler, Request } from "express";
import { z } from "zod";
import type { CaContext } from "../context";
import { CaError } from "../core/errors";
import type { CertificateRecord, Contact, Order, Organization, Reseller } from "../core/types";
import type { OrderDesk } from "../desk";

// What every brand's reseller face does the same way, whatever its dialect: the limits of a contact and a callback
// URL, turning the brand's order fields into ca-kit's, finding the reseller by its key, listing its orders by the
// brand's status word, and saying every refusal in the brand's codes. Names, paths and codes stay with the brand.

/** A contact person (applicant, administrator) as the order body carries it. */
export const contactBody = z.strictObject({
  name: z.string().min(1).max(100),
  position: z.string().max(100).optional(),
  phone: z.string().min(1).max(40),
  email: z.string().min(3).max(254),
});

export type ContactBody = z.infer<typeof contactBody>;

/** A contact from its body fields (or the brand's, renamed); an absent position stays absent. */
export const toContact = (body: ContactBody): Contact => ({
  name: body.name,
  ...(body.position !== undefined ? { position: body.position } : {}),
  phone: body.phone,
  email: body.email,
});

/** Where the CA posts status callbacks: http(s) only. */
export const callbackUrlBody = z.url({ protocol: /^https?$/ }).max(2048);

/** An organisation from the brand's fields; an absent city or country stays absent. */
export function toOrganization(org: {
  name: string;
  registrationNumber: string;
  address: string;
  city?: string | undefined;
  country?: string | undefined;
  phone: string;
}): Organization {
  return {
    name: org.name,
    registrationNumber: org.registrationNumber,
    address: org.address,
    ...(org.city !== undefined ? { city: org.city } : {}),
    ...(org.country !== undefined ? { country: org.country } : {}),
    phone: org.phone,
  };
}

/** The certificate issued for an order, if any. */
export const certificateOfOrder = (ctx: CaContext, order: Order): CertificateRecord | undefined =>
  order.serial ? ctx.store.getCertificate(order.serial) : undefined;

/** The reseller a request speaks for, by the API key in the brand's header (refused when missing or unknown). */
export function resellerByHeader(desk: OrderDesk, header: string): (req: Request) => Reseller {
  return (req) => desk.authenticate(req.header(header) ?? undefined);
}

/** A reseller's orders as the store lists them, only those in the brand's `status` when given, `limit` at most. */
export function resellerOrders<S>(
  ctx: CaContext,
  reseller: Reseller,
  statusOf: (order: Order) => S,
  query: { status?: S | undefined; limit?: number | undefined },
): Order[] {
  return ctx.store
    .listOrders({ resellerId: reseller.id })
    .filter((order) => !query.status || statusOf(order) === query.status)
    .slice(0, query.limit ?? 1000);
}

/** How a brand words its refusals. */
export interface RefusalWords {
  /** ca-kit's and the HTTP layer's codes (or their prefix before a ".") in the brand's words; others pass as they are. */
  codes: Record<string, string>;
  /** ca-kit's field names in the brand's words (the HTTP layer's refusals name the request's fields already). */
  field: (field: string) => string;
  /** The code of a body that is not JSON (400). */
  badJson: string;
  /** The code of a body over the size limit (413); without it, the service's own answer. */
  tooLarge?: string;
}

/**
 * Every refusal under the brand's path leaves with the brand's code and field names, and only `field` and `rule`
 * as details.
 */
export function refusalsInWords(words: RefusalWords): ErrorRequestHandler {
  return (error, _req, _res, next) => {
    if (error instanceof ApiError) {
      const code = words.codes[error.code] ?? words.codes[error.code.split(".")[0]!] ?? error.code;
      const field = error.details.field;
      const renamed = field !== undefined && error instanceof CaError ? words.field(field) : field;
      next(
        new ApiError(error.status, code, error.message, {
          ...(renamed !== undefined ? { field: renamed } : {}),
          ...(error.details.rule ? { rule: error.details.rule } : {}),
        }),
      );
      return;
    }
    const type = (error as { type?: string })?.type;
    if (type === "entity.parse.failed") {
      next(new ApiError(400, words.badJson, "the request body is not valid JSON", { field: "body" }));
      return;
    }
    if (type === "entity.too.large" && words.tooLarge !== undefined) {
      next(new ApiError(413, words.tooLarge, "the request body is too large", { field: "body" }));
      return;
    }
    next(error);
  };
}
