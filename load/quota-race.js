// FREE-6 under load: RACERS virtual users fire one application each, at once, at the last few quota units of the
// same accounts. Every answer must be a success or FailedOperation.ExceedsFreeLimit (never a 5xx), exactly the
// units left must be taken, and teardown reads every account's quota and certificate list back to prove it.
// Run with `pnpm load quota-race`, or: k6 run -e SEED_FILE=/abs/seed.json load/quota-race.js
//
// Settings: SEED_FILE (required: its race accounts), BASE_URL (default: the seed's), RACERS (200),
// LEAVE (default: the seed's race.remaining, 3).
import { check } from "k6";
import exec from "k6/execution";
import { Counter } from "k6/metrics";
import { runTag } from "./lib/accounts.js";
import { env, envNumber, trimSlash } from "./lib/config.js";
import { bodyOf, errorCode, Platform } from "./lib/platform.js";
import { raceBucket, raceZones, racingUnits, readQuota, topUp } from "./lib/race.js";
import { readSeed } from "./lib/seed.js";

const seed = readSeed();
if (!seed || seed.race.accounts.length === 0) {
  throw new Error("quota-race.js needs SEED_FILE with race accounts (pnpm load:seed writes one)");
}
const BASE_URL = trimSlash(env("BASE_URL", seed.platformUrl));
const RACERS = envNumber("RACERS", 200);
const LEAVE = envNumber("LEAVE", seed.race.remaining);
const ACCOUNTS = seed.race.accounts;

/** Racer n goes for account n mod ACCOUNTS.length: how many racers each account gets, and so what it must accept. */
const attempts = ACCOUNTS.map((_, i) => Math.floor(RACERS / ACCOUNTS.length) + (i < RACERS % ACCOUNTS.length ? 1 : 0));
const expectedAccepted = attempts.map((a) => Math.min(a, LEAVE));
const EXPECTED = expectedAccepted.reduce((a, b) => a + b, 0);

const accepted = new Counter("race_accepted");
const refused = new Counter("race_refused");
const unexpected = new Counter("race_unexpected");
const booksWrong = new Counter("race_books_mismatch");

/** @type {import("k6/options").Options} */
export const options = {
  scenarios: {
    race: { executor: "per-vu-iterations", vus: RACERS, iterations: 1, maxDuration: "2m" },
  },
  thresholds: {
    race_accepted: [`count==${EXPECTED}`],
    race_refused: [`count==${RACERS - EXPECTED}`],
    race_unexpected: ["count==0"],
    race_books_mismatch: ["count==0"],
    checks: ["rate==1"],
  },
  setupTimeout: "5m",
};

/**
 * @typedef {object} Before
 * @property {import("./lib/race.js").Quota} quota
 * @property {number} listed
 */

/** @param {Platform} api */
function listedCount(api) {
  const res = api.list({ Limit: 1 });
  if (res.status !== 200) throw new Error(`listing failed: ${res.status} ${String(res.body)}`);
  return /** @type {number} */ (bodyOf(res).TotalCount);
}

/** Tops every race account up to LEAVE racing units and records its books before the race. */
export function setup() {
  const tag = runTag();
  /** @type {Before[]} */
  const before = [];
  for (const account of ACCOUNTS) {
    const api = new Platform(BASE_URL, account.apiKey);
    const done = topUp(api, account, LEAVE, tag);
    if ("error" in done) exec.test.abort(`${done.error}; run pnpm load:seed again for fresh race accounts`);
    else before.push({ quota: done.quota, listed: listedCount(api) });
  }
  console.log(
    `${RACERS} racers for ${ACCOUNTS.length} accounts with ${LEAVE} units each: ${EXPECTED} must be accepted, ${RACERS - EXPECTED} refused`,
  );
  return { tag, before };
}

/** One racer: one application, all racers at once. */
export default function (/** @type {{ tag: string }} */ data) {
  const n = exec.scenario.iterationInTest;
  const account = ACCOUNTS[n % ACCOUNTS.length];
  if (!account) return;
  const zones = raceZones(account);
  const api = new Platform(BASE_URL, account.apiKey);
  const res = api.apply(
    { DomainName: `race${n}-${data.tag}.${zones[n % zones.length]}`, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" },
    { bucket: raceBucket(account) },
  );
  const code = errorCode(res);
  const ok = res.status === 200 && typeof bodyOf(res).CertificateId === "string";
  const quotaRefusal = res.status === 400 && code === "FailedOperation.ExceedsFreeLimit";
  check(res, {
    "race: accepted, or refused with FailedOperation.ExceedsFreeLimit": () => ok || quotaRefusal,
    "race: never 5xx": (r) => r.status < 500,
  });
  accepted.add(ok ? 1 : 0);
  refused.add(quotaRefusal ? 1 : 0);
  unexpected.add(ok || quotaRefusal ? 0 : 1);
  if (!ok && !quotaRefusal) console.error(`racer ${n}: ${res.status} ${String(res.body)}`);
}

/**
 * The account's certificates from this race (by their names), read back from the platform.
 * @param {Platform} api
 * @param {string} tag
 */
function raceCertificates(api, tag) {
  const res = api.list({ Limit: 1000 });
  if (res.status !== 200) throw new Error(`listing failed: ${res.status} ${String(res.body)}`);
  /** @type {{ Domain: string }[]} */
  const certificates = bodyOf(res).Certificates;
  const pattern = new RegExp(`^race\\d+-${tag}\\.`);
  return certificates.filter((c) => pattern.test(c.Domain)).length;
}

/**
 * Reads every account's books back: exactly the expected number of racers' certificates, every unit taken since
 * setup taken by one of them, nothing over any limit.
 */
export function teardown(/** @type {{ tag: string, before: Before[] }} */ data) {
  const problems = [];
  for (const [i, account] of ACCOUNTS.entries()) {
    const before = data.before[i];
    if (!before) continue;
    const api = new Platform(BASE_URL, account.apiKey);
    const quota = readQuota(api);
    const taken = quota.Used - before.quota.Used;
    const listed = listedCount(api) - before.listed;
    const won = raceCertificates(api, data.tag);
    const want = expectedAccepted[i] || 0;
    const line = `${account.accountId} (${raceBucket(account)}): ${attempts[i]} racers, ${won} won, ${taken} units taken, ${listed} certificates added, ${want} expected; used ${quota.Used}/${quota.Total}`;
    const wrong =
      won !== want ||
      taken !== want ||
      listed !== want ||
      racingUnits(account, quota) !== LEAVE - want ||
      quota.Used > quota.Total ||
      quota.PlatformDomain.Used > quota.PlatformDomain.Total ||
      quota.AnyDomain.Used > quota.AnyDomain.Total;
    booksWrong.add(wrong ? 1 : 0);
    console.log(`${wrong ? "WRONG" : "ok   "} ${line}`);
    if (wrong) problems.push(line);
  }
  if (problems.length === 0) return;
  const message = `FREE-6: quota books disagree with the race:\n${problems.join("\n")}`;
  // exec.test.fail exists from k6 v0.59; before it, the race_books_mismatch threshold alone fails the run.
  if (typeof exec.test.fail === "function") exec.test.fail(message);
  else console.error(message);
}
