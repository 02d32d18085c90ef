import type { PlatformAdminClient, PlatformClient } from "@certsim/client";
import type { Endpoints } from "@certsim/ecosystem";
import type { ClockControl } from "./clock";
import type { TimelineEntry } from "./timeline";
import type { CaOperator, DnsProvider, Inbox, Organisations, Website } from "./world";

/** What a scenario may touch: only public interfaces of the running world. */
export interface ScenarioContext {
  seed: number;
  endpoints: Endpoints;
  /** Folder for what the scenario saves (certificates, keys). */
  out: string;
  admin: PlatformAdminClient;
  /** A platform client for an account's API key. */
  customer(apiKey: string): PlatformClient;
  dns: DnsProvider;
  web: Website;
  inbox: Inbox;
  /** The business registry and organisations' phones. */
  organisations: Organisations;
  ca(brand: string): CaOperator;
  clock: ClockControl;
  /** Adds a line to the timeline at the current simulated instant. */
  say(actor: TimelineEntry["actor"], text: string): void;
  /** Marks ids that come from real randomness, so transcripts of the same seed compare equal. */
  volatile(...values: string[]): void;
  /** Fails the scenario (non-zero exit) unless `condition` holds. */
  expect(condition: unknown, what: string): void;
}

export interface Scenario {
  name: string;
  summary: string;
  /** TIME-2: every scenario pins its own start instant. */
  start: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export class ExpectationFailed extends Error {
  override name = "ExpectationFailed";
}

export const defineScenario = (scenario: Scenario): Scenario => scenario;
