// Where CAs report status changes. The report only says "look again": the platform fetches the order itself, so a
// forged or stale callback can at most cause one extra read.
import type { Service } from "@certsim/service";
import { z } from "zod";
import type { Orders } from "../orders/orders";

export const TRUSTASIA_CALLBACK_PATH = "/callbacks/trustasia";

export function callbackRoutes(service: Service, orders: Orders): void {
  service.route(
    "post",
    `${TRUSTASIA_CALLBACK_PATH}/:CertificateId`,
    {
      summary: "TrustAsia's status-change callback for one certificate's order",
      body: z.object({ order_id: z.string().min(1).max(200), status: z.string().max(100).optional() }),
    },
    async ({ params, body }) => {
      await orders.onCaCallback(params.CertificateId ?? "", body.order_id);
      return { ok: true };
    },
  );
}
