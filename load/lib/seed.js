// The seed file `pnpm load:seed` writes (load/src/seed-file.ts has the same shape): accounts, keys, zones.
import { env } from "./config.js";

/**
 * @typedef {object} SeedAccount
 * @property {string} accountId
 * @property {string} apiKey
 * @property {"individual" | "enterprise"} type
 * @property {"standard" | "V1" | "V2"} memberLevel
 * @property {string[]} zones primary domains for any-domain applications (FREE-3: 20 certificates each)
 * @property {string[]} registeredZones primary domains recorded with the platform's registrar (FREE-5)
 * @property {boolean} hosted zones hosted at the platform's DNS service (DNS_AUTO works)
 */

/**
 * @typedef {object} SeedFile
 * @property {1} version
 * @property {string} runId
 * @property {string} platformUrl
 * @property {string} [clockUrl]
 * @property {SeedAccount[]} accounts
 * @property {{ remaining: number, accounts: SeedAccount[] }} race
 */

/**
 * Reads SEED_FILE (an absolute path is safest: k6 resolves relative paths against the script). Init context only.
 * @returns {SeedFile | undefined}
 */
export function readSeed() {
  const path = env("SEED_FILE", "");
  if (!path) return undefined;
  /** @type {SeedFile} */
  const seed = JSON.parse(open(path));
  if (seed.version !== 1 || !Array.isArray(seed.accounts)) throw new Error(`${path} is not a certsim load seed file`);
  return seed;
}
