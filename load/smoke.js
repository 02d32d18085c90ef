// A 10-second sanity run: a few customers apply (ECC, online CSR), read the status, list and read the quota.
// Run with `pnpm load smoke`, or: k6 run -e SEED_FILE=/abs/seed.json load/smoke.js
// Settings: SEED_FILE or ADMIN_TOKEN, BASE_URL, VUS (2), DURATION (10s).
import { check, sleep } from "k6";
import exec from "k6/execution";
import http from "k6/http";
import { createAccounts, runTag } from "./lib/accounts.js";
import { env, envNumber, trimSlash } from "./lib/config.js";
import { bodyOf, documentedRefusal, Platform } from "./lib/platform.js";
import { readSeed } from "./lib/seed.js";

const seed = readSeed();
const BASE_URL = trimSlash(env("BASE_URL", seed ? seed.platformUrl : "http://127.0.0.1:8700"));

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    smoke: { executor: "constant-vus", vus: envNumber("VUS", 2), duration: env("DURATION", "10s") },
  },
  thresholds: {
    checks: ["rate==1"],
    http_req_failed: ["rate==0"],
    "http_req_duration{name:status}": ["p(95)<500"],
  },
};

export function setup() {
  const health = http.get(`${BASE_URL}/healthz`, { tags: { name: "healthz" } });
  if (health.status !== 200) exec.test.abort(`the platform at ${BASE_URL} does not answer /healthz`);
  const tag = runTag();
  const accounts = seed ? seed.accounts : createAccounts(BASE_URL, { count: 2, tag });
  return { accounts, tag };
}

export default function (/** @type {{ accounts: import("./lib/seed.js").SeedAccount[], tag: string }} */ data) {
  const account = data.accounts[(exec.vu.idInTest - 1) % data.accounts.length];
  if (!account) return;
  const api = new Platform(BASE_URL, account.apiKey);
  const n = exec.scenario.iterationInTest;
  const zone = account.zones[n % account.zones.length];

  const applied = api.apply({
    DomainName: `smoke${n}-${data.tag}.${zone}`,
    DvAuthMethod: account.hosted ? "DNS_AUTO" : "DNS",
    CsrEncryptAlgo: "ECC",
    CsrKeyParameter: "prime256v1",
  });
  const refused = documentedRefusal(applied) !== "";
  check(applied, { "apply: accepted or a documented refusal": (r) => r.status === 200 || refused });
  const id = bodyOf(applied).CertificateId;
  if (typeof id === "string") {
    const status = api.status(id);
    check(status, {
      "status: 200 and the same certificate": (r) => r.status === 200 && bodyOf(r).CertificateId === id,
    });
  }
  check(api.list({ Limit: 10 }), { "list: 200": (r) => r.status === 200 && Array.isArray(bodyOf(r).Certificates) });
  check(api.quota(), { "quota: 200": (r) => r.status === 200 && typeof bodyOf(r).Total === "number" });
  sleep(1);
}
