// FREE-6 race preparation in k6 (src/race.ts is the Node twin; keep the two in step): bring an account down to a
// few units in the bucket the race competes for.
import http from "k6/http";
import { bodyOf } from "./platform.js";

/** @typedef {import("./seed.js").SeedAccount} SeedAccount */
/**
 * @typedef {object} Quota
 * @property {number} Total
 * @property {number} Used
 * @property {{ Total: number, Used: number, Remaining: number }} PlatformDomain
 * @property {{ Total: number, Used: number, Remaining: number }} AnyDomain
 */

/** @param {SeedAccount} account */
export const raceBucket = (account) => (account.registeredZones.length > 0 ? "platform" : "any");

/** @param {SeedAccount} account the primary domains racing applications use */
export const raceZones = (account) => (account.registeredZones.length > 0 ? account.registeredZones : account.zones);

/**
 * Units a racing application of this account can still take (a registered name falls back to any-domain units).
 * @param {SeedAccount} account
 * @param {Quota} quota
 */
export const racingUnits = (account, quota) =>
  raceBucket(account) === "platform"
    ? quota.PlatformDomain.Remaining + quota.AnyDomain.Remaining
    : quota.AnyDomain.Remaining;

/**
 * @param {import("./platform.js").Platform} api
 * @returns {Quota}
 */
export function readQuota(api) {
  const res = api.quota();
  if (res.status !== 200) throw new Error(`reading the quota failed: ${res.status} ${String(res.body)}`);
  return /** @type {Quota} */ (bodyOf(res));
}

/**
 * Applies (ECC, manual DNS: they stay pending and keep their quota) until exactly `leave` racing units are left.
 * Returns an error message instead of throwing when the account has too few units (seed again).
 * @param {import("./platform.js").Platform} api
 * @param {SeedAccount} account
 * @param {number} leave
 * @param {string} tag
 * @returns {{ quota: Quota } | { error: string }}
 */
export function topUp(api, account, leave, tag) {
  const before = readQuota(api);
  /** @type {string[]} */
  const names = [];
  /**
   * @param {string[]} zones
   * @param {number} count
   * @param {string} prefix
   */
  const fill = (zones, count, prefix) => {
    for (let i = 0; i < count; i++) names.push(`${prefix}${i}-${tag}.${zones[i % zones.length]}`);
  };
  if (raceBucket(account) === "platform") {
    if (before.PlatformDomain.Remaining < leave) {
      return {
        error: `${account.accountId}: ${before.PlatformDomain.Remaining} platform-domain units left (< ${leave})`,
      };
    }
    fill(account.zones, before.AnyDomain.Remaining, "fa");
    fill(account.registeredZones, before.PlatformDomain.Remaining - leave, "fp");
  } else {
    if (before.AnyDomain.Remaining < leave) {
      return { error: `${account.accountId}: ${before.AnyDomain.Remaining} any-domain units left (< ${leave})` };
    }
    fill(account.zones, before.AnyDomain.Remaining - leave, "fa");
  }
  const requests = names.map((DomainName) => ({
    method: "POST",
    url: `${api.baseUrl}/v1/free-certificates`,
    body: JSON.stringify({ DomainName, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" }),
    params: { headers: Object.assign({ "content-type": "application/json" }, api.auth), tags: { name: "top-up" } },
  }));
  // In slices, so a top-up of 47 does not open 47 connections at once.
  for (let i = 0; i < requests.length; i += 8) {
    for (const res of http.batch(requests.slice(i, i + 8))) {
      if (res.status !== 200) return { error: `top-up application refused: ${res.status} ${String(res.body)}` };
    }
  }
  const quota = readQuota(api);
  if (racingUnits(account, quota) !== leave) {
    return {
      error: `${account.accountId}: ${racingUnits(account, quota)} racing units after the top-up, not ${leave}`,
    };
  }
  return { quota };
}
