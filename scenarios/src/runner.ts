import { resolve } from "node:path";
import { PlatformAdminClient, PlatformClient } from "@certsim/client";
import { startEcosystem } from "@certsim/ecosystem";
import { ClockControl } from "./clock";
import { ExpectationFailed, type Scenario, type ScenarioContext } from "./scenario";
import { Timeline, type TimelineEntry } from "./timeline";
import { CaOperator, DnsProvider, Inbox, Organisations, Website } from "./world";

export interface RunOptions {
  seed: number;
  /** Print the timeline as it happens. */
  print?: boolean;
  /** Where saved certificates go; default `out/<scenario>-seed<seed>` under the current folder. */
  out?: string;
}

export interface RunResult {
  scenario: string;
  seed: number;
  ok: boolean;
  error?: string;
  out: string;
  timeline: TimelineEntry[];
  normalised: string[];
  /** Real milliseconds: starting the world, and playing the scenario in it. */
  wallMs: { start: number; play: number };
}

/** Starts a fresh world (in-memory state, ephemeral loopback ports, manual clock), plays the scenario, stops. */
export async function runScenario(scenario: Scenario, options: RunOptions): Promise<RunResult> {
  const out = resolve(options.out ?? `out/${scenario.name}-seed${options.seed}`);
  const timeline = new Timeline(options.print ?? false);
  timeline.markVolatile(out);
  const started = performance.now();
  const world = await startEcosystem({ seed: options.seed, start: scenario.start, ports: "ephemeral" });
  const { endpoints } = world;
  const closers: { close(): Promise<void> }[] = [];
  const keep = <T extends { close(): Promise<void> }>(x: T) => {
    closers.push(x);
    return x;
  };
  const clock = keep(new ClockControl(endpoints.clock.url, timeline));
  await clock.init();
  const operators = new Map<string, CaOperator>();

  const ctx: ScenarioContext = {
    seed: options.seed,
    endpoints,
    out,
    admin: keep(new PlatformAdminClient({ url: endpoints.platform.url, adminToken: endpoints.platform.adminToken })),
    customer: (apiKey) => keep(new PlatformClient({ url: endpoints.platform.url, apiKey })),
    dns: keep(new DnsProvider(endpoints.dns.api)),
    web: keep(new Website(endpoints.web.api)),
    inbox: keep(new Inbox(endpoints.world.url)),
    organisations: keep(new Organisations(endpoints.world.url)),
    ca: (brand) => {
      let operator = operators.get(brand);
      if (!operator) {
        const ca = endpoints.cas[brand];
        if (!ca) throw new Error(`no CA '${brand}' in this world`);
        operator = keep(new CaOperator(ca.operator));
        operators.set(brand, operator);
      }
      return operator;
    },
    clock,
    volatile: (...values) => timeline.markVolatile(...values),
    say: (actor, text) => timeline.add({ at: clock.now(), actor, text }),
    expect(condition, what) {
      if (!condition) throw new ExpectationFailed(`expected ${what}`);
      timeline.add({ at: clock.now(), actor: "check", text: `✓ ${what}` });
    },
  };

  const playing = performance.now();
  let error: string | undefined;
  try {
    await scenario.run(ctx);
  } catch (e) {
    error = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    timeline.add({ at: clock.now(), actor: "check", text: `✗ ${error}` });
  }
  const played = performance.now();
  try {
    await Promise.allSettled(closers.map((c) => c.close()));
  } finally {
    await world.close();
  }
  return {
    scenario: scenario.name,
    seed: options.seed,
    ok: error === undefined,
    error,
    out,
    timeline: timeline.entries,
    normalised: timeline.normalised(),
    wallMs: { start: Math.round(playing - started), play: Math.round(played - playing) },
  };
}
