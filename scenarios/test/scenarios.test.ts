import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { scenarios } from "../library";
import { runScenario } from "../src/runner";

const out = mkdtempSync(join(tmpdir(), "certsim-scenarios-"));
const scenario = (name: string) => scenarios.find((s) => s.name === name)!;

describe("every scenario replays end to end", () => {
  it.each(scenarios.map((s) => [s.name, s] as const))("%s", { timeout: 120_000 }, async (name, s) => {
    const result = await runScenario(s, { seed: 1, out: join(out, name) });
    expect(result.error).toBeUndefined();
    expect(result.ok).toBe(true);
    expect(result.timeline.filter((e) => e.text.startsWith("✓")).length).toBeGreaterThan(0);
  });
});

describe("TIME-2: a replay is deterministic", () => {
  it("TIME-2: the same seed gives the same normalised transcript; another seed a different one", {
    timeout: 120_000,
  }, async () => {
    const s = scenario("dv-trustasia-free");
    const first = await runScenario(s, { seed: 7, out: join(out, "a") });
    const again = await runScenario(s, { seed: 7, out: join(out, "b") });
    const other = await runScenario(s, { seed: 8, out: join(out, "c") });
    expect(first.ok && again.ok && other.ok).toBe(true);
    expect(again.normalised).toEqual(first.normalised);
    expect(other.normalised).not.toEqual(first.normalised);
    // The simulated durations themselves change with the seed, not only the DCV values.
    const issuedAt = (r: typeof first) => r.timeline.find((e) => e.text.includes("status 1"))?.at;
    expect(issuedAt(other)).not.toEqual(issuedAt(first));
  });

  it("TIME-2: an OV review replays the same business-day timeline for the same seed, another for another seed", {
    timeout: 120_000,
  }, async () => {
    const s = scenario("ov-wotrus");
    const [first, again, other] = [
      await runScenario(s, { seed: 3, out: join(out, "d") }),
      await runScenario(s, { seed: 3, out: join(out, "e") }),
      await runScenario(s, { seed: 4, out: join(out, "f") }),
    ];
    expect(first.ok && again.ok && other.ok).toBe(true);
    expect(again.normalised).toEqual(first.normalised);
    const at = (r: typeof first) => r.timeline.filter((e) => e.actor === "clock").map((e) => e.at);
    expect(at(other)).not.toEqual(at(first));
  });
});
