// Accounts for a run: from the seed file, or (without one) created in setup() through the platform's admin API
// (ADMIN_TOKEN), with hosted zones when the DNS API is given (DNS_API_URL).
import http from "k6/http";
import { env, trimSlash } from "./config.js";

/** @typedef {import("./seed.js").SeedAccount} SeedAccount */

/**
 * Creates `count` individual accounts of `memberLevel` with `zonesPerAccount` primary domains each.
 * @param {string} baseUrl
 * @param {{ count: number, memberLevel?: "standard" | "V1" | "V2", zonesPerAccount?: number, tag: string }} options
 * @returns {SeedAccount[]}
 */
export function createAccounts(baseUrl, options) {
  const adminToken = env("ADMIN_TOKEN", "");
  if (!adminToken) throw new Error("set SEED_FILE (pnpm load:seed writes one) or ADMIN_TOKEN to create accounts");
  const dnsApi = trimSlash(env("DNS_API_URL", ""));
  const memberLevel = options.memberLevel || "V2";
  const zonesPerAccount = options.zonesPerAccount === undefined ? 3 : options.zonesPerAccount;
  const headers = { "content-type": "application/json", "x-admin-token": adminToken };
  /** @type {SeedAccount[]} */
  const accounts = [];
  for (let i = 0; i < options.count; i++) {
    const res = http.post(
      `${baseUrl}/admin/accounts`,
      JSON.stringify({
        Type: "individual",
        MemberLevel: memberLevel,
        Email: `k6-${options.tag}-${i}@load.example`,
        Phone: "+86 138 0000 0000",
      }),
      { headers, tags: { name: "admin-create-account" } },
    );
    if (res.status !== 200) throw new Error(`creating account ${i} failed: ${res.status} ${String(res.body)}`);
    const created = /** @type {{ AccountId: string, ApiKey: string }} */ (res.json());
    const zones = Array.from({ length: zonesPerAccount }, (_, k) => `k6-${options.tag}-a${i}-${k}.com`);
    if (dnsApi) {
      for (const zone of zones) {
        const z = http.post(`${dnsApi}/zones`, JSON.stringify({ zone, hostedAtPlatform: true }), {
          headers: { "content-type": "application/json" },
          tags: { name: "dns-create-zone" },
        });
        if (z.status !== 201) throw new Error(`creating zone ${zone} failed: ${z.status} ${String(z.body)}`);
      }
    }
    accounts.push({
      accountId: created.AccountId,
      apiKey: created.ApiKey,
      type: "individual",
      memberLevel,
      zones,
      registeredZones: [],
      hosted: dnsApi !== "",
    });
  }
  return accounts;
}

/** A short tag, fixed in setup() and handed to every VU, that makes this run's names unique. */
export function runTag() {
  return `t${Date.now().toString(36).slice(-6)}`;
}
