import type { Service } from "@certsim/service";
import type { Request } from "express";
import { z } from "zod";
import type { Order, Reseller } from "../core/types";
import type { OrderDesk, PlaceOrderInput } from "../desk";

/** Where a brand keeps its orders and how it shows one. */
export interface OrderRoutesSpec {
  /** The orders' collection path, e.g. "/wotrus/api/v1/orders". */
  orders: string;
  /** The path parameter naming one order, e.g. "orderNo". */
  idParam: string;
  /** The reseller a request speaks for (see `resellerByHeader`). */
  who: (req: Request) => Reseller;
  /** An order in the brand's JSON. */
  show: (order: Order) => unknown;
}

/**
 * The order routes every brand has in the same shape, only its path, id parameter and field names differ: place
 * (201, or 200 with the stored order for a partner order id seen before), one order, cancel and revoke. The brand
 * registers each between its own routes, so its list of operations reads in its own order.
 */
export function orderRoutes(service: Service, desk: OrderDesk, spec: OrderRoutesSpec) {
  const { orders, idParam, who, show } = spec;
  /** The path of one order, or of an operation on it (`suffix` "/cancel"). */
  const path = (suffix = "") => `${orders}/:${idParam}${suffix}`;
  /** The order id a request names. */
  const id = (params: Record<string, string>) => params[idParam] ?? "";
  return {
    path,
    id,
    /** Places an order from the brand's body; `input` may refuse it in the brand's terms (after authentication). */
    place<B extends z.ZodType>(
      route: { summary: string; body: B; responses?: Record<string, string> },
      input: (body: z.infer<B>) => PlaceOrderInput,
    ): void {
      service.route("post", orders, route, async ({ body }, req, res) => {
        const reseller = who(req);
        const { order, created } = await desk.placeOrder(reseller, input(body));
        res.status(created ? 201 : 200);
        return show(order);
      });
    },
    one(): void {
      service.route("get", path(), { summary: "one order" }, ({ params }, req) =>
        show(desk.orderFor(who(req), id(params))),
      );
    },
    cancel(): void {
      service.route("post", path("/cancel"), { summary: "cancel an order before issuance" }, async ({ params }, req) =>
        show(await desk.cancel(who(req), id(params))),
      );
    },
    /** Revokes the issued certificate; the optional reason comes in the brand's `reasonField`. */
    revoke(reasonField: string): void {
      service.route(
        "post",
        path("/revoke"),
        {
          summary: "revoke the issued certificate",
          body: z.strictObject({ [reasonField]: z.string().min(1).max(500).optional() }),
        },
        async ({ params, body }, req) =>
          show(await desk.revoke(who(req), id(params), body[reasonField] ?? "unspecified")),
      );
    },
  };
}
