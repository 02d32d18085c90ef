// A line with a few counters: at most `limit` pieces of work run at once, the rest wait first come first served.
// Placing an order is the CPU-heavy part of an application (the CA parses and checks the CSR; in the ecosystem the
// CA shares the platform's process), so a burst of applications takes turns instead of all advancing a little on
// every turn of the event loop, which keeps each turn short (event-loop delay) and answers the first come first.
import { ApiError } from "@certsim/service";

export class Line {
  #running = 0;
  readonly #waiting: (() => void)[] = [];

  constructor(
    private readonly limit: number,
    /** The most that may wait; beyond it a caller is refused at once (503 ResourceBusy). */
    private readonly maxWaiting: number,
  ) {
    if (!(limit >= 1)) throw new RangeError("a line needs at least one counter");
  }

  /** Runs `work` at a free counter, after everyone who came before. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      if (this.#waiting.length >= this.maxWaiting) {
        throw new ApiError(
          503,
          "FailedOperation.ResourceBusy",
          "the platform is placing too many orders at once; nothing was changed, try again shortly",
        );
      }
      await new Promise<void>((resolve) => this.#waiting.push(resolve));
    } else {
      this.#running++;
    }
    try {
      return await work();
    } finally {
      const next = this.#waiting.shift();
      // The counter passes straight to the next in line; only when nobody waits does it become free.
      if (next) next();
      else this.#running--;
    }
  }

  /** Work running and waiting now. */
  get load(): { running: number; waiting: number } {
    return { running: this.#running, waiting: this.#waiting.length };
  }
}
