import {
  type CaContext,
  CaError,
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
import type { Service } from "@certsim/service";
import { z } from "zod";
import { presentCheck, presentDownload, presentOrder, presentProduct } from "./present";
import { DCV_METHOD, DNSPOD_STATUSES, dnspodDcvMethod, dnspodField, dnspodStatus, ERROR_CODES } from "./words";

/** Where DNSPod's reseller API lives and how a reseller signs its calls. */
export const DNSPOD_API_BASE = "/dnspod/v3";
export const DNSPOD_TOKEN_HEADER = "X-DNSPod-Token";
/** A letter of 1.4 MB is about 1.9 MB in base64: the API takes bodies up to this. */
export const DNSPOD_BODY_LIMIT = "3mb";

const applyBody = z.strictObject({
  cert_product_id: z.string().min(1).max(64),
  cert_period: z.union([z.literal(1), z.literal(2), z.literal(3)]).optional(),
  cert_csr: z.string().min(1).max(32_768),
  cert_domains: z.array(z.string().min(1).max(300)).min(1).max(250),
  cert_dcv_method: z.enum(["DNS", "DNS_AUTO", "FILE"]),
  cert_partner_order_id: z.string().min(1).max(128),
  cert_notify_url: callbackUrlBody.optional(),
  /** GM DV: the applicant's company, under which the validation is kept 13 months (DCV-8). */
  cert_company_name: z.string().min(1).max(200).optional(),
  cert_organization: z
    .strictObject({
      name: z.string().min(1).max(200),
      registration_number: z.string().min(1).max(64),
      address: z.string().min(1).max(300),
      city: z.string().max(100).optional(),
      country: z.string().max(2).optional(),
      phone: z.string().min(1).max(40),
    })
    .optional(),
  cert_applicant: contactBody.optional(),
  cert_administrator: contactBody.optional(),
});

const letterBody = z.strictObject({
  cert_letter_base64: z.base64().min(1),
  cert_letter_file_name: z.string().min(1).max(200).optional(),
});

/**
 * DNSPod's reseller API (its own dialect, see the README): snake_case with `cert_` prefixes under `/dnspod/v3/cert`,
 * the token in `X-DNSPod-Token`, DNSPod's product ids, statuses and `cert_…` error codes, over ca-kit's `OrderDesk`.
 */
export function mountDnsPodApi(service: Service, ctx: CaContext, desk: OrderDesk): void {
  const base = `${DNSPOD_API_BASE}/cert`;
  const who = resellerByHeader(desk, DNSPOD_TOKEN_HEADER);
  const show = (order: Order) => presentOrder(order, certificateOfOrder(ctx, order), ctx.product(order.productCode));
  const orders = orderRoutes(service, desk, { orders: `${base}/orders`, idParam: "cert_order_id", who, show });

  service.route("get", `${base}/products`, { summary: "DNSPod products on sale" }, (_input, req) => {
    who(req);
    return { cert_products: ctx.brand.products.map(presentProduct) };
  });
  orders.place(
    {
      summary: "apply for a certificate (the same cert_partner_order_id again returns the stored order with 200)",
      body: applyBody,
      responses: { "201": "order placed", "401": "cert_token_invalid" },
    },
    (body) => {
      const product = ctx.product(body.cert_product_id);
      // DCV-8: a GM DV validation is kept under the company's name, so DNSPod asks for it.
      if (product?.standard === "gm" && product.validation === "DV" && body.cert_company_name === undefined) {
        throw new CaError(400, "MissingParameter", `${product.code} needs cert_company_name (DCV-8)`, {
          field: "cert_company_name",
          rule: "DCV-8",
        });
      }
      const org = body.cert_organization;
      return {
        productCode: body.cert_product_id,
        ...(body.cert_period !== undefined ? { years: body.cert_period } : {}),
        csr: body.cert_csr,
        domains: body.cert_domains,
        dcvMethod: DCV_METHOD[body.cert_dcv_method],
        partnerOrderId: body.cert_partner_order_id,
        ...(body.cert_notify_url !== undefined ? { callbackUrl: body.cert_notify_url } : {}),
        ...(body.cert_company_name !== undefined ? { companyName: body.cert_company_name } : {}),
        ...(org ? { organization: toOrganization({ ...org, registrationNumber: org.registration_number }) } : {}),
        ...(body.cert_applicant ? { applicant: toContact(body.cert_applicant) } : {}),
        ...(body.cert_administrator ? { administrator: toContact(body.cert_administrator) } : {}),
      };
    },
  );
  service.route(
    "get",
    `${base}/orders`,
    {
      summary: "this reseller's orders, optionally by DNSPod status",
      query: z.strictObject({
        cert_status: z.enum(DNSPOD_STATUSES).optional(),
        limit: z.coerce.number().int().min(1).max(1000).optional(),
      }),
    },
    ({ query }, req) => {
      const list = resellerOrders(ctx, who(req), dnspodStatus, { status: query.cert_status, limit: query.limit });
      return { cert_total: list.length, cert_orders: list.map(show) };
    },
  );
  orders.one();
  service
    .route(
      "post",
      orders.path("/confirm-letter"),
      {
        summary:
          "upload the confirmation letter of a GM OV/EV order (SM-1): JPG, GIF or PDF by content, at most 1.4 MB, only once (SM-2)",
        body: letterBody,
        responses: { "409": "cert_letter_already_uploaded, cert_letter_not_required" },
      },
      async ({ params, body }, req) => {
        const order = await desk.uploadLetter(who(req), orders.id(params), {
          content: new Uint8Array(Buffer.from(body.cert_letter_base64, "base64")),
          ...(body.cert_letter_file_name ? { fileName: body.cert_letter_file_name } : {}),
        });
        return show(order);
      },
    )
    .route(
      "post",
      orders.path("/dcv-check"),
      { summary: "check the DCV records now (409 cert_dcv_not_ready before the confirmation letter, SM-1)" },
      async ({ params }, req) => {
        const { order, results } = await desk.checkDcv(who(req), orders.id(params));
        return {
          cert_order_id: order.id,
          cert_status: dnspodStatus(order),
          cert_dcv_results: results.map(({ domain, method, check }) => ({
            domain,
            dcv_method: dnspodDcvMethod(method),
            ...presentCheck(check),
          })),
        };
      },
    );
  orders.cancel();
  service.route(
    "get",
    orders.path("/download"),
    {
      summary:
        "the issued certificate and its CA chain (intermediate, root); GM: the signing certificate, the encryption certificate and its private key (SM-4)",
    },
    ({ params }, req) => {
      const certificate = desk.certificateOf(who(req), orders.id(params));
      return presentDownload(certificate, ctx.product(desk.order(certificate.orderId).productCode));
    },
  );
  orders.revoke("cert_revoke_reason");

  service.app.use(DNSPOD_API_BASE, inDnsPodWords);
}

/** Every refusal under DNSPod's base path leaves with DNSPod's code and field names. */
const inDnsPodWords = refusalsInWords({
  codes: ERROR_CODES,
  field: dnspodField,
  badJson: "cert_param_invalid",
  tooLarge: "cert_request_too_large",
});
