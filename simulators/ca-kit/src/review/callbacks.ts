import type { Scheduler } from "@certsim/clock";
import type { Order } from "../core/types";

/**
 * Tells a reseller that an order changed status: one POST of `{ order_id, partner_order_id, status, stage }` to the
 * order's callback URL with the global `fetch`. Best effort: a failed callback is not retried (the reseller may
 * poll). The request is tracked by the clock, so "run until idle" waits for it.
 */
export class CallbackNotifier {
  constructor(
    private readonly clock: Scheduler,
    private readonly timeoutMs = 5000,
  ) {}

  notify(order: Order): void {
    const url = order.callbackUrl;
    if (!url) return;
    const body = JSON.stringify({
      order_id: order.id,
      partner_order_id: order.partnerOrderId,
      status: order.status,
      stage: order.stage,
    });
    const delivery = fetch(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    })
      .then(async (response) => {
        await response.arrayBuffer();
      })
      .catch(() => {
        // Best effort (contract): the reseller polls when a callback is lost.
      });
    void this.clock.track(delivery);
  }
}
