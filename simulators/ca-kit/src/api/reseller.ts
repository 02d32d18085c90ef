import { ApiError, type Service } from "@certsim/service";
import type { ErrorRequestHandler } from "express";
import { z } from "zod";
import type { CaContext } from "../context";
import { CaError } from "../core/errors";
import { DCV_METHODS, type Order, type OrderStatus } from "../core/types";
import type { OrderDesk } from "../desk";
import {
  callbackUrlBody,
  certificateOfOrder,
  contactBody,
  resellerByHeader,
  toContact,
  toOrganization,
} from "./brand-face";
import { orderRoutes } from "./order-routes";
import { presentCheck, presentOrder, presentProduct } from "./present";

/** How a brand's reseller API looks from outside: where it lives, how keys are sent, what its codes are called. */
export interface ResellerDialect {
  /** e.g. "/api/v2". */
  basePath: string;
  /** Header carrying the API key, e.g. "X-Api-Key". */
  apiKeyHeader: string;
  /** Renames of ca-kit's generic error codes into the brand's (e.g. `{ InvalidDomain: "DomainInvalid" }`). */
  errorCodes?: Partial<Record<string, string>>;
}

const STATUSES = ["pending_letter", "pending_dcv", "reviewing", "issued", "failed", "cancelled", "revoked"] as const;

const placeOrderBody = z.strictObject({
  product_code: z.string().min(1).max(64),
  years: z.number().int().min(1).max(10).optional(),
  csr: z.string().min(1).max(32_768),
  domains: z.array(z.string().min(1).max(300)).min(1).max(250),
  dcv_method: z.enum(DCV_METHODS as [string, ...string[]]),
  partner_order_id: z.string().min(1).max(128),
  callback_url: callbackUrlBody.optional(),
  organization: z
    .strictObject({
      name: z.string().min(1).max(200),
      registration_number: z.string().min(1).max(64),
      address: z.string().min(1).max(300),
      city: z.string().max(100).optional(),
      country: z.string().max(2).optional(),
      phone: z.string().min(1).max(40),
    })
    .optional(),
  applicant: contactBody.optional(),
  administrator: contactBody.optional(),
});

/**
 * The reseller API (what a platform calls), in the shape of the TrustAsia contract: orders with their DCV records,
 * an on-demand DCV check, cancel, certificate download and revoke. A brand with another dialect can mount this with
 * its own path, header and codes, or write its own face over `OrderDesk`.
 */
export function mountResellerApi(service: Service, ctx: CaContext, desk: OrderDesk, dialect: ResellerDialect): void {
  const base = dialect.basePath.replace(/\/$/, "");
  const who = resellerByHeader(desk, dialect.apiKeyHeader);
  const show = (order: Order) => presentOrder(order, certificateOfOrder(ctx, order));
  const orders = orderRoutes(service, desk, { orders: `${base}/orders`, idParam: "order_id", who, show });

  service.route("get", `${base}/products`, { summary: "products on sale" }, (_input, req) => {
    who(req);
    return { products: ctx.brand.products.map(presentProduct) };
  });
  orders.place(
    {
      summary: "place an order (the same partner_order_id again returns the stored order with 200)",
      body: placeOrderBody,
      responses: { "201": "order placed", "401": "no or unknown API key" },
    },
    (body) => ({
      productCode: body.product_code,
      ...(body.years !== undefined ? { years: body.years } : {}),
      csr: body.csr,
      domains: body.domains,
      dcvMethod: body.dcv_method as (typeof DCV_METHODS)[number],
      partnerOrderId: body.partner_order_id,
      ...(body.callback_url !== undefined ? { callbackUrl: body.callback_url } : {}),
      ...(body.organization
        ? {
            organization: toOrganization({
              ...body.organization,
              registrationNumber: body.organization.registration_number,
            }),
          }
        : {}),
      ...(body.applicant ? { applicant: toContact(body.applicant) } : {}),
      ...(body.administrator ? { administrator: toContact(body.administrator) } : {}),
    }),
  );
  service.route(
    "get",
    `${base}/orders`,
    {
      summary: "this reseller's orders",
      query: z.strictObject({
        status: z.enum(STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
    },
    ({ query }, req) => {
      const reseller = who(req);
      const list = ctx.store.listOrders({
        resellerId: reseller.id,
        ...(query.status ? { status: query.status as OrderStatus } : {}),
        ...(query.limit ? { limit: query.limit } : {}),
      });
      return { orders: list.map(show) };
    },
  );
  orders.one();
  service.route(
    "post",
    orders.path("/dcv-check"),
    { summary: "check the DCV records now; a pending order moves on when all pass" },
    async ({ params }, req) => {
      const { order, results } = await desk.checkDcv(who(req), orders.id(params));
      return {
        order_id: order.id,
        status: order.status,
        stage: order.stage,
        results: results.map(({ domain, method, check }) => ({ domain, method, ...presentCheck(check) })),
      };
    },
  );
  orders.cancel();
  service
    .route(
      "get",
      orders.path("/certificate"),
      { summary: "the issued certificate and its chain" },
      ({ params }, req) => {
        const certificate = desk.certificateOf(who(req), orders.id(params));
        return {
          certificate: certificate.certPem,
          chain: certificate.chainPem,
          serial: certificate.serial,
          // GM (SM-4): the encryption certificate and its private key come with the signing certificate.
          ...(certificate.encryption
            ? {
                encryption_certificate: certificate.encryption.certPem,
                encryption_key: certificate.encryption.keyPem,
                encryption_serial: certificate.encryption.serial,
              }
            : {}),
        };
      },
    )
    .route(
      "post",
      orders.path("/confirmation-letter"),
      {
        summary: "upload the confirmation letter (SM-1, OV-1): JPG/PNG/GIF/PDF by content, as the brand accepts",
        body: z.strictObject({
          content_base64: z.base64().min(1),
          file_name: z.string().min(1).max(200).optional(),
        }),
      },
      async ({ params, body }, req) => {
        const order = await desk.uploadLetter(who(req), orders.id(params), {
          content: new Uint8Array(Buffer.from(body.content_base64, "base64")),
          ...(body.file_name ? { fileName: body.file_name } : {}),
        });
        return show(order);
      },
    );
  orders.revoke("reason");

  const renames = dialect.errorCodes ?? {};
  const rename: ErrorRequestHandler = (error, _req, _res, next) => {
    if (error instanceof CaError && renames[error.code]) {
      next(new ApiError(error.status, renames[error.code]!, error.message, error.details));
      return;
    }
    next(error);
  };
  service.app.use(base, rename);
}
