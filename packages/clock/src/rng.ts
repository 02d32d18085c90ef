import { ClockError } from "./errors";
import { cyrb128, xoshiro128StarStar } from "./xoshiro";

export type Seed = number | string;

const TWO_POW_32 = 0x1_0000_0000;
const HEX = "0123456789abcdef";
const BASE32 = "abcdefghijklmnopqrstuvwxyz234567"; // RFC 4648 alphabet, lower case

/**
 * A seeded pseudo-random generator for every random choice in the world (durations, outcomes, DCV tokens).
 * The same seed always yields the same sequence, on every machine and Node version: xoshiro128** whose
 * 128-bit state comes from the cyrb128 hash of the seed's key. Not for key material or serial numbers —
 * those use real cryptographic randomness.
 *
 * `fork(label)` gives an independent child stream keyed by the parent's seed and the label alone, so it
 * neither consumes numbers from the parent nor depends on when it is called: adding a consumer never shifts
 * another consumer's sequence.
 */
export class Rng {
  #key = "";
  #state: Uint32Array = new Uint32Array(4);

  constructor(seed: Seed) {
    if (typeof seed === "number" && !Number.isFinite(seed)) {
      throw new ClockError("Rng.InvalidArgument", "a numeric seed must be finite");
    }
    if (typeof seed !== "number" && typeof seed !== "string") {
      throw new ClockError("Rng.InvalidArgument", "a seed is a number or a string");
    }
    this.#reseed(encodeURIComponent(String(seed)));
  }

  /** The key this stream was derived from: the root seed, then `/label` per fork (URI-encoded, so unambiguous). */
  get seed(): string {
    return this.#key;
  }

  /** A child stream named `label`: the same parent seed and label always give the same child. */
  fork(label: string): Rng {
    if (typeof label !== "string" || label.length === 0) {
      throw new ClockError("Rng.InvalidArgument", "a fork needs a non-empty label");
    }
    const child = new Rng(0);
    child.#reseed(`${this.#key}/${encodeURIComponent(label)}`);
    return child;
  }

  #reseed(key: string): void {
    this.#key = key;
    this.#state = cyrb128(key);
    if (this.#state.every((word) => word === 0)) this.#state[3] = 1; // the all-zero state is a fixed point
    for (let i = 0; i < 12; i++) this.uint32(); // let the hash's structure wash out of the state
  }

  /** The next 32 random bits as an unsigned integer. */
  uint32(): number {
    return xoshiro128StarStar(this.#state);
  }

  /** A float in [0, 1) with 53 random bits (two draws). */
  next(): number {
    const high = this.uint32() >>> 5; // 27 bits
    const low = this.uint32() >>> 6; // 26 bits
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniformly drawn integer in [min, max], both inclusive. Unbiased for ranges up to 2^32. */
  int(min: number, max: number): number {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || min > max) {
      throw new ClockError("Rng.InvalidArgument", `int(${min}, ${max}) needs safe integers with min ≤ max`);
    }
    const range = max - min + 1;
    if (range <= TWO_POW_32) {
      // Rejection sampling: drop the top sliver of values that would make `% range` favour small results.
      const limit = TWO_POW_32 - (TWO_POW_32 % range);
      let x = this.uint32();
      while (x >= limit) x = this.uint32();
      return min + (x % range);
    }
    return Math.min(max, min + Math.floor(this.next() * range));
  }

  /** A duration in whole milliseconds drawn uniformly from [minMs, maxMs]. */
  durationBetween(minMs: number, maxMs: number): number {
    if (!Number.isFinite(minMs) || !Number.isFinite(maxMs) || minMs < 0 || minMs > maxMs) {
      throw new ClockError("Rng.InvalidArgument", `durationBetween(${minMs}, ${maxMs}) needs 0 ≤ min ≤ max`);
    }
    const low = Math.ceil(minMs);
    const high = Math.floor(maxMs);
    if (low > high) throw new ClockError("Rng.InvalidArgument", `no whole millisecond in [${minMs}, ${maxMs}]`);
    return this.int(low, high);
  }

  /** One element of a non-empty list, each equally likely. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new ClockError("Rng.InvalidArgument", "choice() needs at least one item");
    return items[this.int(0, items.length - 1)]!;
  }

  /** True with probability `p` (0 ≤ p ≤ 1); always draws, so the sequence does not depend on `p`. */
  chance(p: number): boolean {
    if (!(p >= 0 && p <= 1)) throw new ClockError("Rng.InvalidArgument", `chance(${p}) needs 0 ≤ p ≤ 1`);
    return this.next() < p;
  }

  /**
   * A random token of at least `bits` bits in lower-case hex (default) or RFC 4648 base32 without padding:
   * `ceil(bits / 4)` or `ceil(bits / 5)` characters. DCV random values come from here.
   */
  token(bits = 128, encoding: "hex" | "base32" = "hex"): string {
    if (!Number.isSafeInteger(bits) || bits < 1) {
      throw new ClockError("Rng.InvalidArgument", `token(${bits}) needs a positive whole number of bits`);
    }
    const [alphabet, bitsPerChar] = encoding === "base32" ? [BASE32, 5] : [HEX, 4];
    let out = "";
    for (let i = Math.ceil(bits / bitsPerChar); i > 0; i--) out += alphabet[this.uint32() >>> (32 - bitsPerChar)];
    return out;
  }
}
