import type { StageName } from "../core/flow";
import type { Order } from "../core/types";

/** The order still waits for the confirmation letter its flow needs (SM-1, OV-1). */
export const letterMissing = (order: Order): boolean =>
  order.review.letter !== undefined && order.review.letter.uploads.length === 0;

/** The stage may not begin yet: it is the one the missing letter gates (DNSPod GM OV/EV: `dcv`, SM-1). */
export const letterGated = (order: Order, stage: StageName): boolean =>
  letterMissing(order) && order.review.letter!.before === stage;
