import type { StageName } from "../core/flow";
import type { Order } from "../core/types";
import { documentsGated } from "./documents-gate";
import { letterGated } from "./letter-gate";

/**
 * The stage may not begin yet: something the applicant supplies is still missing — the confirmation letter (SM-1,
 * OV-1) or the documents asked for by mail (GS-1).
 */
export const gated = (order: Order, stage: StageName): boolean =>
  letterGated(order, stage) || documentsGated(order, stage);
