// A line with a changing number of open counters: some work runs, the rest waits first come first served.
// Placing an order is the heaviest part of an application. When the CA shares the platform's process (the
// in-memory ecosystem) every placement in flight adds the CA's CSR checks to the next turn of the event loop, so a
// burst of them lengthens every turn (event-loop delay) without finishing any sooner; when the CA is in another
// process or far away, placements mostly wait on the network, and many should be in flight. So the line watches
// the event loop: busy (utilisation above 90 %), it closes counters down to `min`; mostly idle while work waits, it
// opens more, up to `max`.
import { performance } from "node:perf_hooks";
import { ApiError } from "@certsim/service";

export interface LineOptions {
  /** Counters always open. */
  min: number;
  /** Counters at most. */
  max: number;
  /** The most that may wait; beyond it a caller is refused at once (503 ResourceBusy). */
  maxWaiting: number;
  /** How often (real ms) the open counters are reconsidered. Default 200. */
  adjustEveryMs?: number;
  /** The event loop's utilisation (0–1) since the previous call; default measured by perf_hooks. */
  utilization?: () => number;
}

function loopUtilization(): () => number {
  let last = performance.eventLoopUtilization();
  return () => {
    const now = performance.eventLoopUtilization();
    const { utilization } = performance.eventLoopUtilization(now, last);
    last = now;
    return utilization;
  };
}

export class Line {
  #open: number;
  #running = 0;
  readonly #waiting: (() => void)[] = [];
  readonly #utilization: () => number;
  readonly #adjustEveryMs: number;
  #adjustedAt = performance.now();
  /** While work waits, the counters are reconsidered on a timer too (running work may be stuck on the network). */
  #timer: NodeJS.Timeout | undefined;

  constructor(private readonly options: LineOptions) {
    if (!(options.min >= 1 && options.max >= options.min)) throw new RangeError("a line needs 1 ≤ min ≤ max counters");
    this.#open = options.min;
    this.#utilization = options.utilization ?? loopUtilization();
    this.#adjustEveryMs = options.adjustEveryMs ?? 200;
  }

  /** Runs `work` at an open counter, after everyone who came before. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.#adjust();
    if (this.#running >= this.#open || this.#waiting.length > 0) {
      if (this.#waiting.length >= this.options.maxWaiting) {
        throw new ApiError(
          503,
          "FailedOperation.ResourceBusy",
          "the platform is placing too many orders at once; nothing was changed, try again shortly",
        );
      }
      const turn = new Promise<void>((resolve) => this.#waiting.push(resolve));
      this.#watch();
      await turn;
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      this.#running--;
      this.#adjust();
      this.#admit();
    }
  }

  /** Counters open, work running and waiting now. */
  get load(): { open: number; running: number; waiting: number } {
    return { open: this.#open, running: this.#running, waiting: this.#waiting.length };
  }

  /** Starts waiting work while counters are free (a waiter's counter is taken for it before it resumes). */
  #admit(): void {
    while (this.#running < this.#open && this.#waiting.length > 0) {
      this.#running++;
      this.#waiting.shift()!();
    }
  }

  #watch(): void {
    if (this.#timer || this.#waiting.length === 0) return;
    this.#timer = setTimeout(() => {
      this.#timer = undefined;
      this.#adjust();
      this.#watch();
    }, this.#adjustEveryMs);
    this.#timer.unref();
  }

  #adjust(): void {
    const now = performance.now();
    if (now - this.#adjustedAt < this.#adjustEveryMs) return;
    this.#adjustedAt = now;
    const busy = this.#utilization();
    const { min, max } = this.options;
    if (busy > 0.9) this.#open = Math.max(min, Math.ceil(this.#open / 2));
    else if (this.#waiting.length > 0 && busy < 0.5) this.#open = Math.min(max, this.#open * 2);
    else if (this.#waiting.length > 0 && busy < 0.8) this.#open = Math.min(max, this.#open + 1);
    this.#admit();
  }
}
