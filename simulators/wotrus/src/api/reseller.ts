import {
  type CaContext,
  callbackUrlBody,
  certificateOfOrder,
  contactBody,
  type Order,
  type OrderDesk,
  orderRoutes,
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
    presentOrder(order, certificateOfOrder(ctx, order), ctx.product(order.productCode)?.validation);
  const orders = orderRoutes(service, desk, { orders: `${base}/orders`, idParam: "orderNo", who, show });

  service.route("get", `${base}/products`, { summary: "WoTrus products on sale" }, (_input, req) => {
    who(req);
    return { products: ctx.brand.products.map(presentProduct) };
  });
  orders.place(
    {
      summary: "apply for a certificate (the same resellerOrderNo again returns the stored order with 200)",
      body: applyBody,
      responses: { "201": "order placed", "401": "AUTH_FAILED" },
    },
    (body) => ({
      productCode: body.productCode,
      ...(body.period !== undefined ? { years: body.period } : {}),
      csr: body.csr,
      domains: body.domains,
      dcvMethod: DCV_METHOD[body.dcvMethod],
      partnerOrderId: body.resellerOrderNo,
      ...(body.notifyUrl !== undefined ? { callbackUrl: body.notifyUrl } : {}),
      ...(body.organization ? { organization: toOrganization(body.organization) } : {}),
      ...(body.applicant ? { applicant: toContact(body.applicant) } : {}),
      ...(body.administrator ? { administrator: toContact(body.administrator) } : {}),
    }),
  );
  service.route(
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
      const list = resellerOrders(ctx, who(req), wotrusStatus, query);
      return { total: list.length, orders: list.map(show) };
    },
  );
  orders.one();
  service
    .route(
      "get",
      orders.path("/dcv"),
      { summary: "the DCV instructions (empty, dcvReleased false, during the pre-review: WT-2)" },
      ({ params }, req) => {
        const order = desk.orderFor(who(req), orders.id(params));
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
      orders.path("/dcv/verify"),
      { summary: "check the DCV records now (409 DCV_NOT_READY during the pre-review, WT-2)" },
      async ({ params }, req) => {
        const { order, results } = await desk.checkDcv(who(req), orders.id(params));
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
    );
  orders.cancel();
  service.route(
    "get",
    orders.path("/certificate"),
    { summary: "the issued certificate and its CA chain (intermediate, root)" },
    ({ params }, req) => {
      const certificate = desk.certificateOf(who(req), orders.id(params));
      return {
        orderNo: certificate.orderId,
        serialNumber: certificate.serial,
        certificate: certificate.certPem,
        caChain: certificate.chainPem,
        notBefore: formatGmt8(certificate.notBefore),
        notAfter: formatGmt8(certificate.notAfter),
      };
    },
  );
  orders.revoke("reason");

  service.app.use(base, inWoTrusWords);
}

/** Every refusal under WoTrus's base path leaves with WoTrus's code and field names. */
const inWoTrusWords = refusalsInWords({
  codes: ERROR_CODES,
  field: (field) => FIELD_NAMES[field] ?? field,
  badJson: "PARAM_INVALID",
});
