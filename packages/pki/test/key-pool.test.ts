// KeyPool under bursts: per-spec caps, callers in line, stats, and the event loop while RSA keys arrive.
import * as crypto from "node:crypto";
import { monitorEventLoopDelay, performance } from "node:perf_hooks";
import { describe, expect, it } from "vitest";
import {
  createCsr,
  DEFAULT_MAX_CONCURRENT,
  generateKeyPair,
  type KeyPairPem,
  KeyPool,
  type KeySpec,
  unwrapPrivateKey,
  wrapPrivateKey,
} from "../src/index";

const ECC: KeySpec = { algorithm: "ECC", curve: "P-256" };
const RSA: KeySpec = { algorithm: "RSA", bits: 2048 };

/** The real generator, counting how many run at once. */
function counted() {
  const seen = { running: 0, peak: 0, calls: 0 };
  const generate = async (spec: KeySpec): Promise<KeyPairPem> => {
    seen.calls++;
    seen.running++;
    seen.peak = Math.max(seen.peak, seen.running);
    try {
      return await generateKeyPair(spec);
    } finally {
      seen.running--;
    }
  };
  return { seen, generate };
}

describe("KeyPool caps", () => {
  it("CSR-1: a spec's generations stay within its cap; callers beyond it wait in line, each for its own key", async () => {
    const { seen, generate } = counted();
    const pool = new KeyPool({ size: 0, maxConcurrent: { "ECC-P-256": 2 }, generate });
    const keys = await Promise.all(Array.from({ length: 6 }, () => pool.take(ECC)));
    expect(new Set(keys.map((key) => key.privateKeyPem)).size).toBe(6);
    expect(seen.peak).toBe(2);
    expect(seen.calls).toBe(6);
    const stats = pool.stats()["ECC-P-256"]!;
    expect(stats).toMatchObject({
      ready: 0,
      generating: 0,
      waiting: 0,
      maxConcurrent: 2,
      generated: 6,
      failed: 0,
      servedFromShelf: 0,
      servedAfterWait: 6,
      peakGenerating: 2,
    });
    expect(stats.waitMsMax).toBeGreaterThan(0);
    expect(stats.generationMsMean).toBeGreaterThan(0);
    expect(JSON.parse(JSON.stringify(pool.stats()))).toEqual(pool.stats());
    expect(pool.statsOf("ECC-P-256")).toEqual(stats);
    expect(pool.statsOf("RSA-4096")).toBeUndefined();
    await pool.close();
  });

  it("RSA is capped by default so it cannot hold all of libuv's threads", async () => {
    expect(DEFAULT_MAX_CONCURRENT).toEqual({ "RSA-2048": 2, "RSA-4096": 1 });
    const defaults = new KeyPool({ size: 0 });
    const unbounded = new KeyPool({ size: 0, maxConcurrent: { "RSA-2048": 0 } });
    for (const pool of [defaults, unbounded]) {
      await pool.prefill(RSA, 0);
      await pool.prefill(ECC, 0);
    }
    expect(defaults.stats()["RSA-2048"]!.maxConcurrent).toBe(2);
    expect(defaults.stats()["ECC-P-256"]!.maxConcurrent).toBeNull();
    expect(unbounded.stats()["RSA-2048"]!.maxConcurrent).toBeNull();
    await Promise.all([defaults.close(), unbounded.close()]);
  });

  it("close() lets generations in flight serve their callers and refuses those still in line", async () => {
    const pool = new KeyPool({ size: 0, maxConcurrent: { "ECC-P-256": 1 } });
    const takes = [pool.take(ECC), pool.take(ECC), pool.take(ECC)].map((take) =>
      take.then(
        () => "served",
        (error: Error) => error.message,
      ),
    );
    await pool.close();
    expect(await Promise.all(takes)).toEqual(["served", "KeyPool is closed", "KeyPool is closed"]);
  });

  it("a spec that cannot be generated fails its caller once and does not keep refilling", async () => {
    const { seen, generate } = counted();
    const pool = new KeyPool({ size: 2, generate });
    const bad = { algorithm: "RSA", bits: 1024 } as unknown as KeySpec;
    await expect(pool.take(bad)).rejects.toThrow(RangeError);
    await pool.close();
    // The caller's generation and at most one background refill, then the shelf pauses.
    expect(seen.calls).toBeLessThanOrEqual(2);
    expect(pool.stats()["RSA-1024"]!.failed).toBe(seen.calls);
    expect(pool.lastError).toBeInstanceOf(RangeError);
  });

  it("CSR-1: customers waiting go before the shelf; prefill slots get what is left", async () => {
    const pool = new KeyPool({ size: 0, maxConcurrent: { "ECC-P-256": 1 } });
    const filled = pool.prefill(ECC, 2);
    const taken = pool.take(ECC);
    const key = await taken;
    await filled;
    expect(pool.stock()).toEqual({ "ECC-P-256": 2 });
    expect(pool.stats()["ECC-P-256"]!.servedAfterWait).toBe(1);
    expect(key.privateKey).toBeInstanceOf(crypto.KeyObject);
    await pool.close();
  });
});

describe("an RSA burst", () => {
  it("CSR-1: RSA-2048 applications arriving together keep the event loop responsive and ECC out of their queue", async () => {
    const pool = new KeyPool({ size: 0 });
    const wrappingKey = crypto.randomBytes(32);
    const application = async (spec: KeySpec) => {
      const pair = await pool.take(spec);
      const csr = await createCsr({ key: pair, commonName: "burst.example", names: ["burst.example"] });
      const wrapped = wrapPrivateKey(pair, wrappingKey);
      return { pair, csr, wrapped };
    };
    const resolution = 5;
    const histogram = monitorEventLoopDelay({ resolution });
    histogram.enable();
    let bursting = true;
    const burst = Promise.all(Array.from({ length: 10 }, () => application(RSA))).finally(() => {
      bursting = false;
    });
    // Meanwhile an ECC customer every 25 ms: with RSA capped they find a free thread instead of queueing behind it.
    const eccMs: number[] = [];
    const ecc: Promise<unknown>[] = [];
    while (bursting) {
      const start = performance.now();
      ecc.push(application(ECC).then(() => eccMs.push(performance.now() - start)));
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const results = await burst;
    await Promise.all(ecc);
    histogram.disable();

    const p99 = histogram.percentile(99) / 1e6 - resolution;
    // One stall is one sample however long it lasts, so the maximum is what shows keys parsed back to back.
    const max = histogram.max / 1e6 - resolution;
    const sorted = [...eccMs].sort((a, b) => a - b);
    const eccMedian = sorted[Math.floor(sorted.length / 2)]!;
    const stats = pool.stats();
    await pool.close();

    expect(results.map((r) => unwrapPrivateKey(r.wrapped, wrappingKey))).toEqual(
      results.map((r) => r.pair.privateKeyPem),
    );
    expect(stats["RSA-2048"]).toMatchObject({ generated: 10, peakGenerating: 2, waiting: 0 });
    // Generous bounds for a shared, loaded machine; a parse per key (or RSA on every thread) breaks them.
    expect(p99, `event-loop delay p99 ${p99.toFixed(1)} ms`).toBeLessThan(50);
    expect(max, `event-loop delay max ${max.toFixed(1)} ms`).toBeLessThan(500);
    expect(eccMs.length).toBeGreaterThan(3);
    expect(eccMedian, `ECC applications during the burst: median ${eccMedian.toFixed(1)} ms`).toBeLessThan(150);
  }, 120_000);
});
