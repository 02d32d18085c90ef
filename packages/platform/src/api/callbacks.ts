// Where CAs report status changes, one path per brand. The report only says "look again": the platform fetches the
// order itself, so a forged or stale callback can at most cause one extra read. Each adapter reads its own body.
import { ApiError, type Service } from "@certsim/service";
import { z } from "zod";
import type { Orders } from "../orders/orders";

export const CALLBACK_PATH = "/callbacks";

/** Where a brand's CA reports changes to one certificate's order. */
export const callbackPath = (brand: string, certificateId: string) =>
  `${CALLBACK_PATH}/${encodeURIComponent(brand)}/${encodeURIComponent(certificateId)}`;

export function callbackRoutes(service: Service, orders: Orders, brands: readonly string[]): void {
  service.route(
    "post",
    `${CALLBACK_PATH}/:Brand/:CertificateId`,
    {
      summary: `A CA's status-change callback for one certificate's order (brands: ${brands.join(", ")})`,
      body: z.record(z.string(), z.unknown()),
    },
    async ({ params, body }) => {
      const brand = params.Brand ?? "";
      if (!brands.includes(brand)) throw new ApiError(404, "ResourceNotFound", "no such CA", { field: "Brand" });
      const orderId = orders.caOf({ brand }).callbackOrderId(body);
      if (!orderId) throw new ApiError(400, "InvalidParameter", "not a status callback of this CA", { field: "body" });
      await orders.onCaCallback(brand, params.CertificateId ?? "", orderId);
      return { ok: true };
    },
  );
}
