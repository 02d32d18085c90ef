import type { Rng } from "@certsim/clock";
import type { CaContext } from "../context";
import type { Order, OrderFailure, OrderStatus, Stage } from "../core/types";

/** What a stage may do to an order besides changing its own fields (the pipeline provides it). */
export interface StageHost {
  readonly ctx: CaContext;
  /** Saves the order with a log line; its status and sub-status follow from where its flow now stands. */
  moved(order: Order, detail: string): void;
  /** Saves the order with a log line, status unchanged. */
  log(order: Order, now: number, detail: string): void;
  /** Ends the order as failed. */
  fail(order: Order, failure: OrderFailure): void;
  /** Saves a change of status and sub-status with a log line (telling the reseller when its status changed). */
  transition(order: Order, status: OrderStatus, stage: Stage, detail: string): void;
}

/** One stage of a review flow: what it does when due, and when it next needs the clock. */
export interface StageRunner {
  /**
   * Does what is due at `now`: starts the stage when its step has just begun, checks, passes or fails it. Called
   * only while the stage's step is the current one and the stage has not passed.
   */
  run(order: Order, now: number): Promise<void> | void;
  /** The next instant the stage needs to run (undefined: it waits for someone, e.g. an operator). */
  wakeAt(order: Order): number | undefined;
}

/** A delay in whole seconds within [min, max] (API times are given to the second). */
export function drawSeconds(rng: Rng, minMs: number, maxMs: number): number {
  const low = Math.ceil(minMs / 1000);
  const high = Math.floor(maxMs / 1000);
  return low <= high ? rng.int(low, high) * 1000 : rng.durationBetween(minMs, maxMs);
}
