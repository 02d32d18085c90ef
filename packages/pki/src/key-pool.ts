// Pre-generated key pairs per spec, refilled in the background, so a burst of "generate online" orders
// (CSR-1) does not wait for RSA generation one by one. Generations of a spec are capped (RSA by default), so a
// burst of RSA orders cannot hold all of libuv's threads (4 by default) while ECC generation and signing queue
// behind it; callers beyond the cap wait in line for the next key.
import { performance } from "node:perf_hooks";
import { generateKeyPair, type KeyPairPem, type KeySpec, keySpecId } from "./keys";

export interface KeyPoolOptions {
  /** Keys kept ready per spec once that spec has been asked for or prefilled. Default 4. */
  size?: number;
  /** Per-spec sizes by keySpecId ("RSA-2048", "ECC-P-256", …), overriding `size`. */
  sizes?: Record<string, number>;
  /** Background refills running at once across the pool. Default 1, so refills leave the thread pool to others. */
  concurrency?: number;
  /**
   * Generations of one spec running at once, for waiting callers and refills together, by keySpecId. Merged over
   * DEFAULT_MAX_CONCURRENT (RSA-2048: 2, RSA-4096: 1, others unbounded); 0 or Infinity means unbounded.
   */
  maxConcurrent?: Record<string, number>;
  /** The generator; default generateKeyPair. */
  generate?: (spec: KeySpec) => Promise<KeyPairPem>;
}

/**
 * RSA generation takes whole libuv threads for 0.3 s (RSA-2048) to 2 s (RSA-4096) each. With these caps RSA holds
 * at most 3 of the default 4 threads, and on a 2-core machine two concurrent RSA-2048 generations already use
 * every core, so the cap costs RSA no throughput.
 */
export const DEFAULT_MAX_CONCURRENT: Readonly<Record<string, number>> = { "RSA-2048": 2, "RSA-4096": 1 };

/** One spec's shelf, as `KeyPool.stats()` reports it. Times are wall-clock milliseconds. */
export interface KeyPoolSpecStats {
  /** Keys on the shelf. */
  ready: number;
  /** Generations running now. */
  generating: number;
  /** take() callers waiting for a key (and prefill slots not yet filled). */
  waiting: number;
  /** The cap on concurrent generations; null when unbounded. */
  maxConcurrent: number | null;
  /** Generations finished and failed since the pool was made. */
  generated: number;
  failed: number;
  /** take() calls answered from the shelf at once, and after waiting for a generation. */
  servedFromShelf: number;
  servedAfterWait: number;
  /** How long take() callers waited for a key, summed and at most. */
  waitMsTotal: number;
  waitMsMax: number;
  /** Mean wall time of a generation (queueing on libuv's pool included); null before the first. */
  generationMsMean: number | null;
  /** The most generations of this spec that ran at once. */
  peakGenerating: number;
}

interface Waiter {
  resolve(key: KeyPairPem): void;
  reject(error: unknown): void;
  since: number;
}

interface Filler {
  resolve(): void;
  reject(error: unknown): void;
}

interface Shelf {
  spec: KeySpec;
  id: string;
  target: number;
  cap: number;
  ready: KeyPairPem[];
  /** take() callers waiting, first come first served; they go before fillers. */
  takers: Waiter[];
  /** prefill() slots: their keys go onto the shelf. */
  fillers: Filler[];
  running: number;
  /** A background refill failed: no more refills until someone asks again, so a broken spec does not spin. */
  refillPaused: boolean;
  counts: {
    generated: number;
    failed: number;
    servedFromShelf: number;
    servedAfterWait: number;
    waitMsTotal: number;
    waitMsMax: number;
    generationMsTotal: number;
    peakGenerating: number;
  };
}

export class KeyPool {
  readonly #shelves = new Map<string, Shelf>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #size: number;
  readonly #sizes: Record<string, number>;
  readonly #caps: Record<string, number>;
  readonly #concurrency: number;
  readonly #generate: (spec: KeySpec) => Promise<KeyPairPem>;
  #backgroundRunning = 0;
  #closed = false;
  #lastError: unknown;

  constructor(options: KeyPoolOptions = {}) {
    this.#size = options.size ?? 4;
    this.#sizes = options.sizes ?? {};
    this.#caps = { ...DEFAULT_MAX_CONCURRENT, ...options.maxConcurrent };
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#generate = options.generate ?? generateKeyPair;
  }

  /**
   * A key pair for `spec`: from the shelf when one is ready, otherwise the next one generated (started now unless
   * the spec is at its cap, then in line). Starts a refill.
   */
  async take(spec: KeySpec): Promise<KeyPairPem> {
    if (this.#closed) throw new Error("KeyPool is closed");
    const shelf = this.#shelf(spec);
    shelf.refillPaused = false;
    const key = shelf.ready.shift();
    if (key) {
      shelf.counts.servedFromShelf++;
      this.#pump();
      return key;
    }
    const waiting = new Promise<KeyPairPem>((resolve, reject) =>
      shelf.takers.push({ resolve, reject, since: performance.now() }),
    );
    this.#pump();
    return waiting;
  }

  /** Fills the shelf for `spec` up to `count` (default: its size) and resolves when it holds that many. */
  async prefill(spec: KeySpec, count?: number): Promise<void> {
    if (this.#closed) throw new Error("KeyPool is closed");
    const shelf = this.#shelf(spec);
    shelf.refillPaused = false;
    const missing = (count ?? shelf.target) - shelf.ready.length;
    const slots: Promise<void>[] = [];
    for (let i = 0; i < missing; i++) {
      slots.push(new Promise<void>((resolve, reject) => shelf.fillers.push({ resolve, reject })));
    }
    this.#pump();
    await Promise.all(slots);
  }

  /** Keys ready per spec id. */
  stock(): Record<string, number> {
    return Object.fromEntries([...this.#shelves].map(([id, shelf]) => [id, shelf.ready.length]));
  }

  /** Per spec id: the shelf, what runs and waits, and counters since the pool was made. Plain JSON. */
  stats(): Record<string, KeyPoolSpecStats> {
    return Object.fromEntries([...this.#shelves.keys()].map((id) => [id, this.statsOf(id)!]));
  }

  /** One spec's shelf (`keySpecId`), as `stats()` reports it; undefined before the spec was first asked for. */
  statsOf(id: string): KeyPoolSpecStats | undefined {
    const shelf = this.#shelves.get(id);
    if (!shelf) return undefined;
    const { generationMsTotal, ...counts } = shelf.counts;
    return {
      ready: shelf.ready.length,
      generating: shelf.running,
      waiting: shelf.takers.length + shelf.fillers.length,
      maxConcurrent: Number.isFinite(shelf.cap) ? shelf.cap : null,
      ...counts,
      generationMsMean: counts.generated > 0 ? generationMsTotal / counts.generated : null,
    };
  }

  /**
   * Stops refilling and waits for generations in flight (they still serve callers already waiting); callers left
   * waiting then are rejected, and ready keys are dropped.
   */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    const closed = new Error("KeyPool is closed");
    for (const shelf of this.#shelves.values()) {
      shelf.ready.length = 0;
      for (const waiter of shelf.takers.splice(0)) waiter.reject(closed);
      for (const filler of shelf.fillers.splice(0)) filler.reject(closed);
    }
  }

  /** The last generation error, if any (refills never reject into nowhere). */
  get lastError(): unknown {
    return this.#lastError;
  }

  #shelf(spec: KeySpec): Shelf {
    const id = keySpecId(spec);
    let shelf = this.#shelves.get(id);
    if (!shelf) {
      const cap = this.#caps[id];
      shelf = {
        spec,
        id,
        target: this.#sizes[id] ?? this.#size,
        cap: cap === undefined || cap <= 0 ? Number.POSITIVE_INFINITY : cap,
        ready: [],
        takers: [],
        fillers: [],
        running: 0,
        refillPaused: false,
        counts: {
          generated: 0,
          failed: 0,
          servedFromShelf: 0,
          servedAfterWait: 0,
          waitMsTotal: 0,
          waitMsMax: 0,
          generationMsTotal: 0,
          peakGenerating: 0,
        },
      };
      this.#shelves.set(id, shelf);
    }
    return shelf;
  }

  /**
   * Starts generations: first one for each waiting caller (every running generation serves the oldest waiter when
   * it finishes), then background refills within the pool-wide `concurrency`, each within its spec's cap.
   */
  #pump(): void {
    if (this.#closed) return;
    for (const shelf of this.#shelves.values()) {
      while (shelf.takers.length + shelf.fillers.length > shelf.running && shelf.running < shelf.cap) {
        this.#start(shelf, false);
      }
    }
    for (const shelf of this.#shelves.values()) {
      while (
        !shelf.refillPaused &&
        this.#backgroundRunning < this.#concurrency &&
        shelf.running < shelf.cap &&
        shelf.ready.length + shelf.running - shelf.takers.length < shelf.target
      ) {
        this.#start(shelf, true);
      }
    }
  }

  #start(shelf: Shelf, background: boolean): void {
    shelf.running++;
    shelf.counts.peakGenerating = Math.max(shelf.counts.peakGenerating, shelf.running);
    if (background) this.#backgroundRunning++;
    const started = performance.now();
    const job: Promise<void> = Promise.resolve()
      .then(() => this.#generate(shelf.spec))
      .then(
        (key) => {
          shelf.counts.generated++;
          shelf.counts.generationMsTotal += performance.now() - started;
          this.#deliver(shelf, key);
        },
        (error: unknown) => {
          shelf.counts.failed++;
          this.#lastError = error;
          if (background) shelf.refillPaused = true;
          // A failed generation answers the oldest waiter with its error rather than retrying without end.
          const waiter = shelf.takers.shift() ?? shelf.fillers.shift();
          waiter?.reject(error);
        },
      )
      .finally(() => {
        shelf.running--;
        if (background) this.#backgroundRunning--;
        this.#inFlight.delete(job);
        this.#pump();
      });
    this.#inFlight.add(job);
  }

  /** A finished key goes to the oldest waiting caller, else to a prefill slot, else onto the shelf. */
  #deliver(shelf: Shelf, key: KeyPairPem): void {
    const taker = shelf.takers.shift();
    if (taker) {
      const waited = performance.now() - taker.since;
      shelf.counts.servedAfterWait++;
      shelf.counts.waitMsTotal += waited;
      shelf.counts.waitMsMax = Math.max(shelf.counts.waitMsMax, waited);
      taker.resolve(key);
      return;
    }
    if (this.#closed) return;
    shelf.ready.push(key);
    shelf.fillers.shift()?.resolve();
  }
}
