import {
  type CaContext,
  callbackUrlBody,
  contactBody,
  type Order,
  type OrderDesk,
  refusalsInWords,
  resellerByHeader,
  resellerOrders,
  toContact,
  toOrganization,
} from "@certsim/ca-kit";
import { formatGmt8 } from "@certsim/clock";
import type { Service } from "@certsim/service";
import { z } from "zod";
import { presentCheck, presentDcv, presentOrder, presentProduct } from "./present";
import { DCV_METHOD, ERROR_CODES, FIELD_NAMES, WOTRUS_STATUSES, wotrusDcvMethod, wotrusStatus } from "./words";

/** Where WoTrus's reseller API lives and how a reseller signs its calls. */
export const WOTRUS_API_BASE = "/wotrus/api/v1";
export const WOTRUS_KEY_HEADER = "X-WoTrus-Key";

const applyBody = z.strictObject({
  productCode: z.string().min(1).max(64),
  period: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  csr: z.string().min(1).max(32_768),
  domains: z.array(z.string().min(1).max(300)).min(1).max(250),
  dcvMethod: z.enum(["CNAME", "HTTP"]),
  resellerOrderNo: z.string().min(1).max(128),
  notifyUrl: callbackUrlBody.optional(),
  organization: z
    .strictObject({
      name: z.string().min(1).max(200),
      registrationNumber: z.string().min(1).max(64),
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
 * WoTrus's reseller API (its own dialect, see the README): camelCase under `/wotrus/api/v1`, the key in
 * `X-WoTrus-Key`, WoTrus's product codes, statuses (PRE_REVIEW, WAIT_DCV, REVIEWING, WAIT_ISSUE, ISSUED, FAILED,
 * CANCELLED, REVOKED) and error codes (AUTH_FAILED, PARAM_INVALID, DCV_NOT_READY, …), over ca-kit's `OrderDesk`.
 */
export function mountWoTrusApi(service: Service, ctx: CaContext, desk: OrderDesk): void {
  const base = WOTRUS_API_BASE;
  const who = resellerByHeader(desk, WOTRUS_KEY_HEADER);
  const show = (order: Order) =>
    presentOrder(
      order,
      order.serial ? ctx.store.getCertificate(order.serial) : undefined,
      ctx.product(order.productCode)?.validation,
    );

  service
    .route("get", `${base}/products`, { summary: "WoTrus products on sale" }, (_input, req) => {
      who(req);
      return { products: ctx.brand.products.map(presentProduct) };
    })
    .route(
      "post",
      `${base}/orders`,
      {
        summary: "apply for a certificate (the same resellerOrderNo again returns the stored order with 200)",
        body: applyBody,
        responses: { "201": "order placed", "401": "AUTH_FAILED" },
      },
      async ({ body }, req, res) => {
        const reseller = who(req);
        const org = body.organization;
        const { order, created } = await desk.placeOrder(reseller, {
          productCode: body.productCode,
          ...(body.period !== undefined ? { years: body.period } : {}),
          csr: body.csr,
          domains: body.domains,
          dcvMethod: DCV_METHOD[body.dcvMethod],
          partnerOrderId: body.resellerOrderNo,
          ...(body.notifyUrl !== undefined ? { callbackUrl: body.notifyUrl } : {}),
          ...(org ? { organization: toOrganization(org) } : {}),
          ...(body.applicant ? { applicant: toContact(body.applicant) } : {}),
          ...(body.administrator ? { administrator: toContact(body.administrator) } : {}),
        });
        res.status(created ? 201 : 200);
        return show(order);
      },
    )
    .route(
      "get",
      `${base}/orders`,
      {
        summary: "this reseller's orders, optionally by WoTrus status",
        query: z.strictObject({
          status: z.enum(WOTRUS_STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      ({ query }, req) => {
        const orders = resellerOrders(ctx, who(req), wotrusStatus, query);
        return { total: orders.length, orders: orders.map(show) };
      },
    )
    .route("get", `${base}/orders/:orderNo`, { summary: "one order" }, ({ params }, req) =>
      show(desk.orderFor(who(req), params.orderNo ?? "")),
    )
    .route(
      "get",
      `${base}/orders/:orderNo/dcv`,
      { summary: "the DCV instructions (empty, dcvReleased false, during the pre-review: WT-2)" },
      ({ params }, req) => {
        const order = desk.orderFor(who(req), params.orderNo ?? "");
        return {
          orderNo: order.id,
          dcvMethod: wotrusDcvMethod(order.dcvMethod),
          dcvReleased: order.dcv.length > 0,
          dcvList: order.dcv.map(presentDcv),
        };
      },
    )
    .route(
      "post",
      `${base}/orders/:orderNo/dcv/verify`,
      { summary: "check the DCV records now (409 DCV_NOT_READY during the pre-review, WT-2)" },
      async ({ params }, req) => {
        const { order, results } = await desk.checkDcv(who(req), params.orderNo ?? "");
        return {
          orderNo: order.id,
          status: wotrusStatus(order),
          results: results.map(({ domain, method, check }) => ({
            domain,
            dcvMethod: wotrusDcvMethod(method),
            ...presentCheck(check),
          })),
        };
      },
    )
    .route(
      "post",
      `${base}/orders/:orderNo/cancel`,
      { summary: "cancel an order before issuance" },
      async ({ params }, req) => show(await desk.cancel(who(req), params.orderNo ?? "")),
    )
    .route(
      "get",
      `${base}/orders/:orderNo/certificate`,
      { summary: "the issued certificate and its CA chain (intermediate, root)" },
      ({ params }, req) => {
        const certificate = desk.certificateOf(who(req), params.orderNo ?? "");
        return {
          orderNo: certificate.orderId,
          serialNumber: certificate.serial,
          certificate: certificate.certPem,
          caChain: certificate.chainPem,
          notBefore: formatGmt8(certificate.notBefore),
          notAfter: formatGmt8(certificate.notAfter),
        };
      },
    )
    .route(
      "post",
      `${base}/orders/:orderNo/revoke`,
      {
        summary: "revoke the issued certificate",
        body: z.strictObject({ reason: z.string().min(1).max(500).optional() }),
      },
      async ({ params, body }, req) =>
        show(await desk.revoke(who(req), params.orderNo ?? "", body.reason ?? "unspecified")),
    );

  service.app.use(base, inWoTrusWords);
}

/** Every refusal under WoTrus's base path leaves with WoTrus's code and field names. */
const inWoTrusWords = refusalsInWords({
  codes: ERROR_CODES,
  field: (field) => FIELD_NAMES[field] ?? field,
  badJson: "PARAM_INVALID",
});
