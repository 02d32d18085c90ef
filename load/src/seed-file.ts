// The seed file: what `pnpm load:seed` writes and the k6 scripts (lib/seed.js), the benchmark and the tests read.
// Plain JSON, so k6 can `open()` it; keep lib/seed.js's JSDoc in step with these types.

/** One customer account prepared for a load run. */
export interface SeedAccount {
  accountId: string;
  apiKey: string;
  type: "individual" | "enterprise";
  memberLevel: "standard" | "V1" | "V2";
  /** Primary domains the account applies under (any-domain quota). FREE-3 allows 20 certificates per primary domain. */
  zones: string[];
  /** Primary domains recorded with the platform's registrar (platform-domain quota first, FREE-5). */
  registeredZones: string[];
  /** The zones are hosted at the platform's DNS service, so DNS_AUTO works (DCV-1). */
  hosted: boolean;
}

export interface SeedFile {
  version: 1;
  createdAt: string;
  /** Short random tag in every name of this seed, so runs against one long-lived ecosystem never collide. */
  runId: string;
  platformUrl: string;
  /** The simulated clock's API, when known (to advance a manual clock). */
  clockUrl?: string;
  /** Accounts for the order mix (order-api.js, smoke.js). */
  accounts: SeedAccount[];
  /** Accounts for the quota race (quota-race.js): the race tops each up to leave `race.remaining` units. */
  race: { remaining: number; accounts: SeedAccount[] };
}
