import type { Scheduler } from "@certsim/clock";
import type { Order } from "../core/types";

/**
 * What a brand's callbacks say: the status as its dialect names it (a callback goes out when this changes; it may
 * read the whole order, e.g. where its review stands) and the JSON body. The default is ca-kit's: `status`, and
 * `{ order_id, partner_order_id, status, stage }`.
 */
export interface CallbackFormat {
  statusOf(order: Order): string;
  body(order: Order): unknown;
}

export const DEFAULT_CALLBACK_FORMAT: CallbackFormat = {
  statusOf: (order) => order.status,
  body: (order) => ({
    order_id: order.id,
    partner_order_id: order.partnerOrderId,
    status: order.status,
    stage: order.stage,
  }),
};

/**
 * Tells a reseller that an order changed status: one POST of the format's body to the order's callback URL with
 * the global `fetch`. Best effort: a failed callback is not retried (the reseller may poll). The request is tracked
 * by the clock, so "run until idle" waits for it.
 */
export class CallbackNotifier {
  constructor(
    private readonly clock: Scheduler,
    private readonly timeoutMs = 5000,
    readonly format: CallbackFormat = DEFAULT_CALLBACK_FORMAT,
  ) {}

  /** The status the reseller sees; a callback goes out when it changes. */
  statusOf(order: Order): string {
    return this.format.statusOf(order);
  }

  notify(order: Order): void {
    const url = order.callbackUrl;
    if (!url) return;
    const body = JSON.stringify(this.format.body(order));
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
