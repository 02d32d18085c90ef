// `pnpm load:seed`: accounts, API keys, hosted zones and race accounts for a load run against a running ecosystem.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PORTS } from "@certsim/ecosystem";
import { isAnswering, type LoadTarget, readEndpointsFile } from "./endpoints";
import { SEED_DIR, userPath } from "./paths";
import { seedLoadRun } from "./seed";

const USAGE = `pnpm load:seed [options]
  --endpoints-file F     the JSON \`pnpm start -- --endpoints-file F\` wrote (use an absolute path there: pnpm runs
                         \`start\` inside packages/ecosystem). Without it: the default ports and $ADMIN_TOKEN.
  --out F                where to write the seed (default load/.seed/<run id>.json)
  --accounts N           order-mix accounts (individual V2: 50 any-domain certificates each; default 20)
  --zones N              primary domains per order-mix account (FREE-3: 20 certificates each; default 3)
  --no-host              do not host the zones at the platform's DNS service (no DNS_AUTO)
  --race-enterprise N    enterprise race accounts (default 6)
  --race-registered N    standard race accounts racing on registrar domains (default 2)
  --race-remaining N     units left on each race account before the race (default 3)`;

const { values } = parseArgs({
  options: {
    "endpoints-file": { type: "string" },
    out: { type: "string" },
    accounts: { type: "string", default: "20" },
    zones: { type: "string", default: "3" },
    "no-host": { type: "boolean", default: false },
    "race-enterprise": { type: "string", default: "6" },
    "race-registered": { type: "string", default: "2" },
    "race-remaining": { type: "string", default: "3" },
    help: { type: "boolean", default: false },
  },
});
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}

const count = (name: keyof typeof values) => {
  const n = Number(values[name]);
  if (!Number.isSafeInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number\n\n${USAGE}`);
    process.exit(2);
  }
  return n;
};

let target: LoadTarget;
if (values["endpoints-file"]) {
  target = readEndpointsFile(userPath(values["endpoints-file"]));
} else {
  const adminToken = process.env.ADMIN_TOKEN;
  if (!adminToken) {
    console.error(`no --endpoints-file and no ADMIN_TOKEN: I cannot create accounts\n\n${USAGE}`);
    process.exit(2);
  }
  target = {
    platformUrl: `http://127.0.0.1:${DEFAULT_PORTS.platform}`,
    adminToken,
    dnsApiUrl: `http://127.0.0.1:${DEFAULT_PORTS.dnsApi}`,
    clockUrl: `http://127.0.0.1:${DEFAULT_PORTS.clock}`,
  };
}
if (!(await isAnswering(target.platformUrl))) {
  console.error(`the platform at ${target.platformUrl} does not answer /healthz: start it with pnpm start`);
  process.exit(1);
}

const seed = await seedLoadRun(target, {
  accounts: count("accounts"),
  zonesPerAccount: count("zones"),
  hostZones: !values["no-host"] && target.dnsApiUrl !== undefined,
  raceEnterprise: count("race-enterprise"),
  raceRegistered: count("race-registered"),
  raceRemaining: count("race-remaining"),
});
const out = values.out ? userPath(values.out) : join(SEED_DIR, `${seed.runId}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, `${JSON.stringify(seed, null, 2)}\n`, { mode: 0o600 });
console.log(
  `seeded run ${seed.runId}: ${seed.accounts.length} order-mix accounts, ${seed.race.accounts.length} race accounts → ${out}
  k6 run -e SEED_FILE=${out} load/order-api.js`,
);
