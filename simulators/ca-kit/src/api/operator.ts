import { timingSafeEqual } from "node:crypto";
import type { Service } from "@certsim/service";
import { z } from "zod";
import type { CaContext } from "../context";
import type { DenyList } from "../core/brand";
import { CaError } from "../core/errors";
import type { OrderStatus } from "../core/types";
import type { OrderDesk } from "../desk";
import { presentCertificateStatus, presentOrderForOperator, presentReview } from "./present";

export const DENY_LIST_KEY = "deny-list";

const STATUSES = ["pending_letter", "pending_dcv", "reviewing", "issued", "failed", "cancelled", "revoked"] as const;

/**
 * The operator API (what a CA employee or a test does), under `/operator`: resellers and their keys, the review
 * queue, approve / reject, the deny list, the roots, certificate status, FREE-3's count. With a token configured,
 * every call needs `X-Operator-Token`.
 */
export function mountOperatorApi(service: Service, ctx: CaContext, desk: OrderDesk, token?: string): void {
  if (token) {
    const expected = Buffer.from(token);
    service.app.use("/operator", (req, _res, next) => {
      const given = Buffer.from(req.header("x-operator-token") ?? "");
      const ok = given.length === expected.length && timingSafeEqual(given, expected);
      next(ok ? undefined : new CaError(401, "Unauthorized", "a valid X-Operator-Token is required"));
    });
  }
  const certificateOf = (serial: string | undefined) => (serial ? ctx.store.getCertificate(serial) : undefined);

  service
    .route(
      "post",
      "/operator/resellers",
      { summary: "create a reseller and its API key", body: z.strictObject({ name: z.string().min(1).max(200) }) },
      ({ body }, _req, res) => {
        const { reseller, apiKey } = desk.createReseller(body.name);
        res.status(201);
        return { reseller_id: reseller.id, name: reseller.name, api_key: apiKey };
      },
    )
    .route("get", "/operator/resellers", { summary: "resellers (keys are not shown again)" }, () => ({
      resellers: ctx.store.resellers().map((r) => ({ reseller_id: r.id, name: r.name })),
    }))
    .route(
      "get",
      "/operator/orders",
      {
        summary: "orders, optionally by status (the review queue is status=reviewing)",
        query: z.strictObject({
          status: z.enum(STATUSES).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      ({ query }) => ({
        orders: ctx.store
          .listOrders({
            ...(query.status ? { status: query.status as OrderStatus } : {}),
            ...(query.limit ? { limit: query.limit } : {}),
          })
          .map((order) => presentOrderForOperator(order, certificateOf(order.serial))),
      }),
    )
    .route("get", "/operator/orders/:id", { summary: "one order with its log" }, ({ params }) => {
      const order = desk.order(params.id ?? "");
      return presentOrderForOperator(order, certificateOf(order.serial), ctx.store.orderLog(order.id));
    })
    .route(
      "post",
      "/operator/orders/:id/approve",
      { summary: "pass a pre-review or manual review at work; otherwise pass the review and issue now" },
      async ({ params }) => {
        const order = await desk.approve(params.id ?? "");
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route(
      "post",
      "/operator/orders/:id/reject",
      { summary: "fail the review", body: z.strictObject({ reason: z.string().min(1).max(500) }) },
      async ({ params, body }) => {
        const order = await desk.reject(params.id ?? "", body.reason);
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route(
      "get",
      "/operator/reviews",
      { summary: "the manual review queue: orders whose manual review (OV-3/4/5) is at work" },
      () => ({
        orders: desk.manualReviewQueue().map((order) => presentOrderForOperator(order, certificateOf(order.serial))),
      }),
    )
    .route(
      "get",
      "/operator/orders/:id/review",
      { summary: "an order's review: stages, registry, calls" },
      ({ params }) => presentReview(desk.order(params.id ?? "")),
    )
    .route(
      "post",
      "/operator/orders/:id/review/approve",
      { summary: "pass the manual review now (the flow goes on: issuance waits for DCV, WT-3)" },
      async ({ params }) => {
        const order = await desk.manualReview(params.id ?? "", { kind: "approve" });
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route(
      "post",
      "/operator/orders/:id/review/reject",
      { summary: "fail the manual review", body: z.strictObject({ reason: z.string().min(1).max(500) }) },
      async ({ params, body }) => {
        const order = await desk.manualReview(params.id ?? "", { kind: "reject", reason: body.reason });
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route(
      "post",
      "/operator/orders/:id/documents/received",
      { summary: "the documents requested by mail are in (GS-1): the stage they gated may begin" },
      async ({ params }) => {
        const order = await desk.documentsReceived(params.id ?? "");
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route(
      "post",
      "/operator/orders/:id/review/call",
      { summary: "call the organisation's registered phone again now (OV-3)" },
      async ({ params }) => {
        const order = await desk.manualReview(params.id ?? "", { kind: "call" });
        return presentOrderForOperator(order, certificateOf(order.serial));
      },
    )
    .route("get", "/operator/deny-list", { summary: "the security review's deny list (FREE-8)" }, () => ctx.denyList())
    .route(
      "put",
      "/operator/deny-list",
      {
        summary: "replace the deny list (FREE-8)",
        body: z.strictObject({
          domains: z.array(z.string().min(1).max(253)).max(10_000),
          lookalikes: z.array(z.string().min(2).max(63)).max(1_000),
        }),
      },
      ({ body }) => {
        const list: DenyList = {
          domains: body.domains.map((d) => d.trim().toLowerCase()),
          lookalikes: body.lookalikes.map((w) => w.trim().toLowerCase()),
        };
        ctx.store.setMeta(DENY_LIST_KEY, list);
        return list;
      },
    )
    .route("get", "/operator/roots", { summary: "the brand's root and intermediate (CERT-1; SM2 ones, SM-4)" }, () => ({
      root: ctx.hierarchy.root.certPem,
      intermediate: ctx.hierarchy.intermediate.certPem,
      ...(ctx.sm2Hierarchy
        ? { sm2: { root: ctx.sm2Hierarchy.root.certPem, intermediate: ctx.sm2Hierarchy.intermediate.certPem } }
        : {}),
    }))
    .route(
      "get",
      "/operator/orders/:id/letters/:seq",
      { summary: "a confirmation letter as uploaded (SM-1, OV-1), as base64 with its type" },
      ({ params }) => {
        const seq = Number(params.seq);
        if (!Number.isInteger(seq) || seq < 1) {
          throw new CaError(400, "InvalidParameter", "seq is a letter number from 1", { field: "seq" });
        }
        const letter = desk.letterOf(params.id ?? "", seq);
        return {
          order_id: params.id,
          seq,
          type: letter.type,
          content_base64: Buffer.from(letter.content).toString("base64"),
        };
      },
    )
    .route("get", "/operator/certificates/:serial", { summary: "a certificate's status" }, ({ params }) => {
      const { certificate, status } = desk.certificateStatus(params.serial ?? "");
      return presentCertificateStatus(certificate, status);
    })
    .route(
      "post",
      "/operator/certificates/:serial/revoke",
      { summary: "revoke a certificate as the CA", body: z.strictObject({ reason: z.string().min(1).max(500) }) },
      async ({ params, body }) => {
        const { certificate } = desk.certificateStatus(params.serial ?? "");
        await desk.revokeAsOperator(certificate.orderId, body.reason);
        const after = desk.certificateStatus(certificate.serial);
        return presentCertificateStatus(after.certificate, after.status);
      },
    )
    .route(
      "get",
      "/operator/primary-domains/:domain",
      { summary: "free certificates holding a slot on a primary domain (FREE-3)" },
      ({ params }) => {
        const { primaryDomain, count } = desk.freeCertificatesOn(params.domain ?? "");
        return { primary_domain: primaryDomain, free_certificates: count };
      },
    );
}
