// Realistic load on the order API: many customers applying for free certificates (mostly ECC with an online
// CSR), polling status, listing, checking DCV and downloading what was issued. Run with `pnpm load order-api`
// (starts and seeds an ecosystem if none answers), or: k6 run -e SEED_FILE=/abs/seed.json load/order-api.js
//
// Settings (-e NAME=value): SEED_FILE or ADMIN_TOKEN (+ DNS_API_URL), BASE_URL (default: the seed's platform URL,
// else http://127.0.0.1:8700), VUS (50), RAMP (30s), HOLD (1m), APPLY_RATIO (0.5: share of sessions that apply),
// ECC_RATIO (0.85), ACCOUNTS (20, without a seed file), THINK (1: mean think time, s), P95_MS (100: status reads and
// ECC applications), MAX_ERROR_RATE (0.01).
import { check, group, sleep } from "k6";
import exec from "k6/execution";
import { Counter, Rate } from "k6/metrics";
import { createAccounts, runTag } from "./lib/accounts.js";
import { env, envNumber, trimSlash } from "./lib/config.js";
import { bodyOf, dcvCheckRefusal, documentedRefusal, Platform } from "./lib/platform.js";
import { readSeed } from "./lib/seed.js";

const seed = readSeed();
const BASE_URL = trimSlash(env("BASE_URL", seed ? seed.platformUrl : "http://127.0.0.1:8700"));
const VUS = envNumber("VUS", 50);
const APPLY_RATIO = envNumber("APPLY_RATIO", 0.5);
const ECC_RATIO = envNumber("ECC_RATIO", 0.85);
const THINK = envNumber("THINK", 1);
const P95_MS = envNumber("P95_MS", 100);
const MAX_ERROR_RATE = envNumber("MAX_ERROR_RATE", 0.01);

/** Answers that are neither a success nor a refusal the API documents for the call. */
const unexpected = new Rate("unexpected_responses");
const refusals = new Counter("application_refusals");
const issuedSeen = new Counter("issued_certificates_seen");

/** @type {import("k6/options").Options} */
export const options = {
  stages: [
    { duration: env("RAMP", "30s"), target: VUS },
    { duration: env("HOLD", "1m"), target: VUS },
    { duration: env("RAMP", "30s"), target: 0 },
  ],
  thresholds: {
    "http_req_duration{name:status}": [`p(95)<${P95_MS}`],
    "http_req_duration{name:apply,algo:ECC}": [`p(95)<${P95_MS}`],
    "http_req_duration{name:list}": [`p(95)<${P95_MS * 2}`],
    http_req_failed: [`rate<${MAX_ERROR_RATE}`],
    unexpected_responses: [`rate<${MAX_ERROR_RATE}`],
    checks: [`rate>${1 - MAX_ERROR_RATE}`],
  },
  summaryTrendStats: ["avg", "med", "p(95)", "p(99)", "max"],
};

/**
 * @typedef {object} RunData
 * @property {import("./lib/seed.js").SeedAccount[]} accounts
 * @property {string} tag
 */

/** @returns {RunData} */
export function setup() {
  const tag = runTag();
  const accounts = seed
    ? seed.accounts
    : createAccounts(BASE_URL, { count: envNumber("ACCOUNTS", 20), tag, memberLevel: "V2" });
  if (accounts.length === 0) throw new Error("the seed has no accounts for the order mix");
  return { accounts, tag };
}

/** @param {number} mean */
const think = (mean) => sleep(mean * (0.5 + Math.random()));

/** @param {import("./lib/seed.js").SeedAccount} account */
function applicationFor(account) {
  const ecc = Math.random() < ECC_RATIO;
  const roll = Math.random();
  /** @type {"DNS" | "FILE" | "DNS_AUTO"} */
  const method = account.hosted ? (roll < 0.7 ? "DNS_AUTO" : roll < 0.9 ? "DNS" : "FILE") : roll < 0.8 ? "DNS" : "FILE";
  return {
    method,
    ecc,
    /** @param {string} domain */
    body: (domain) =>
      /** @type {import("./lib/platform.js").ApplyRequest} */ ({
        DomainName: domain,
        DvAuthMethod: method,
        CsrEncryptAlgo: ecc ? "ECC" : "RSA",
        CsrKeyParameter: ecc ? (Math.random() < 0.9 ? "prime256v1" : "secp384r1") : "2048",
      }),
  };
}

/** One customer session: maybe apply, follow the application, look at the list, fetch what was issued. */
export default function (/** @type {RunData} */ data) {
  const account = data.accounts[(exec.vu.idInTest - 1) % data.accounts.length];
  if (!account) return;
  const api = new Platform(BASE_URL, account.apiKey);
  const n = exec.scenario.iterationInTest;

  /** @type {string | undefined} */
  let applied;
  if (Math.random() < APPLY_RATIO) {
    group("apply", () => {
      const plan = applicationFor(account);
      const zone = account.zones[n % account.zones.length];
      const res = api.apply(plan.body(`w${n}-${data.tag}.${zone}`));
      const code = documentedRefusal(res);
      const refused = code !== "";
      check(res, {
        "apply: accepted or a documented refusal": () => res.status === 200 || refused,
        "apply: no 5xx but ResourceBusy": (r) => r.status < 500 || refused,
      });
      unexpected.add(!(res.status === 200 || refused));
      if (refused) refusals.add(1, { code, call: "apply" });
      if (res.status === 200) applied = bodyOf(res).CertificateId;
    });
  }

  if (applied) {
    const id = applied;
    group("follow", () => {
      for (let poll = 0; poll < 3; poll++) {
        think(THINK);
        const res = api.status(id);
        const detail = bodyOf(res);
        check(res, { "status: 200 with a status code": (r) => r.status === 200 && typeof detail.Status === "number" });
        unexpected.add(res.status !== 200);
        if (typeof detail.Status !== "number") break;
        // Pending validation (0 or 4): the customer asks the platform to check the records now (DCV-10).
        if ((detail.Status === 0 || detail.Status === 4) && poll === 1) {
          // The certificate may move on between the status read and the check (the clock runs fast): a documented
          // 409 then, not a defect.
          const checked = api.checkDcv(id);
          const notNow = dcvCheckRefusal(checked);
          check(checked, {
            "check DCV: 200 with results, or a documented 409": (r) =>
              (r.status === 200 && !!bodyOf(r).VerificationResults) || notNow !== "",
          });
          unexpected.add(!(checked.status === 200 || notNow !== ""));
          if (notNow) refusals.add(1, { code: notNow, call: "check-dcv" });
        }
        if (detail.Status === 1 || detail.Status === 2) break;
      }
    });
  }

  group("browse", () => {
    think(THINK);
    const res = api.list({ Limit: 20 });
    const page = bodyOf(res);
    check(res, { "list: 200 with certificates": (r) => r.status === 200 && Array.isArray(page.Certificates) });
    unexpected.add(res.status !== 200);
    /** @type {{ CertificateId: string, Status: number }[]} */
    const certificates = Array.isArray(page.Certificates) ? page.Certificates : [];
    const issued = certificates.filter((c) => c.Status === 1);
    issuedSeen.add(issued.length);
    const pick = issued[Math.floor(Math.random() * issued.length)];
    if (pick) {
      const dl = api.download(pick.CertificateId, "nginx");
      check(dl, {
        "download: 200 with a zip": (r) =>
          r.status === 200 && bodyOf(r).ContentType === "application/zip" && !!bodyOf(r).Content,
      });
      unexpected.add(dl.status !== 200);
    }
    if (Math.random() < 0.3) {
      const q = api.quota();
      check(q, { "quota: 200": (r) => r.status === 200 && typeof bodyOf(r).Used === "number" });
      unexpected.add(q.status !== 200);
    }
  });
  think(THINK);
}
