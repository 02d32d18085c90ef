// Pre-generated key pairs per spec, refilled in the background, so a burst of "generate online" orders
// (CSR-1) does not wait for RSA generation one by one.
import { generateKeyPair, type KeyPairPem, type KeySpec, keySpecId } from "./keys";

export interface KeyPoolOptions {
  /** Keys kept ready per spec once that spec has been asked for or prefilled. Default 4. */
  size?: number;
  /** Per-spec sizes by keySpecId ("RSA-2048", "ECC-P-256", …), overriding `size`. */
  sizes?: Record<string, number>;
  /** Key generations running at once across the pool. Default 1, so refills leave the thread pool to others. */
  concurrency?: number;
  /** The generator; default generateKeyPair. */
  generate?: (spec: KeySpec) => Promise<KeyPairPem>;
}

interface Shelf {
  spec: KeySpec;
  ready: KeyPairPem[];
  /** Generations started for this shelf and not yet finished. */
  pending: number;
}

export class KeyPool {
  readonly #shelves = new Map<string, Shelf>();
  readonly #inFlight = new Set<Promise<void>>();
  readonly #size: number;
  readonly #sizes: Record<string, number>;
  readonly #concurrency: number;
  readonly #generate: (spec: KeySpec) => Promise<KeyPairPem>;
  #running = 0;
  #closed = false;
  #lastError: unknown;

  constructor(options: KeyPoolOptions = {}) {
    this.#size = options.size ?? 4;
    this.#sizes = options.sizes ?? {};
    this.#concurrency = Math.max(1, options.concurrency ?? 1);
    this.#generate = options.generate ?? generateKeyPair;
  }

  /** A key pair for `spec`: from the shelf when one is ready, otherwise generated now. Starts a refill. */
  async take(spec: KeySpec): Promise<KeyPairPem> {
    if (this.#closed) throw new Error("KeyPool is closed");
    const shelf = this.#shelf(spec);
    const key = shelf.ready.shift();
    this.#refill();
    return key ?? this.#generate(spec);
  }

  /** Fills the shelf for `spec` up to `count` (default: its size) and resolves when it holds that many. */
  async prefill(spec: KeySpec, count?: number): Promise<void> {
    if (this.#closed) throw new Error("KeyPool is closed");
    const shelf = this.#shelf(spec);
    const target = count ?? this.#target(shelf);
    const missing = target - shelf.ready.length - shelf.pending;
    const work: Promise<void>[] = [];
    for (let i = 0; i < missing; i++) work.push(this.#fillOne(shelf));
    await Promise.all(work);
  }

  /** Keys ready per spec id. */
  stock(): Record<string, number> {
    return Object.fromEntries([...this.#shelves].map(([id, shelf]) => [id, shelf.ready.length]));
  }

  /** Stops refilling and waits for generations in flight; ready keys are dropped. */
  async close(): Promise<void> {
    this.#closed = true;
    while (this.#inFlight.size > 0) await Promise.allSettled([...this.#inFlight]);
    for (const shelf of this.#shelves.values()) shelf.ready.length = 0;
  }

  /** The last background generation error, if any (refills never reject into nowhere). */
  get lastError(): unknown {
    return this.#lastError;
  }

  #shelf(spec: KeySpec): Shelf {
    const id = keySpecId(spec);
    let shelf = this.#shelves.get(id);
    if (!shelf) {
      shelf = { spec, ready: [], pending: 0 };
      this.#shelves.set(id, shelf);
    }
    return shelf;
  }

  #target(shelf: Shelf): number {
    return this.#sizes[keySpecId(shelf.spec)] ?? this.#size;
  }

  /** Starts background generations while some shelf is short and the concurrency allows. */
  #refill(): void {
    if (this.#closed) return;
    for (const shelf of this.#shelves.values()) {
      while (this.#running < this.#concurrency && shelf.ready.length + shelf.pending < this.#target(shelf)) {
        this.#fillOne(shelf).catch((error: unknown) => {
          this.#lastError = error;
        });
      }
    }
  }

  #fillOne(shelf: Shelf): Promise<void> {
    shelf.pending++;
    this.#running++;
    const job = this.#generate(shelf.spec)
      .then((key) => {
        if (!this.#closed) shelf.ready.push(key);
      })
      .finally(() => {
        shelf.pending--;
        this.#running--;
        this.#inFlight.delete(job);
        this.#refill();
      });
    this.#inFlight.add(job);
    return job;
  }
}
