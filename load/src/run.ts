// `pnpm load <script>`: finds or starts an ecosystem, seeds it, and runs the k6 script against it.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { DEFAULT_PORTS, type Ecosystem, startEcosystem } from "@certsim/ecosystem";
import { isAnswering, type LoadTarget, readEndpointsFile, targetFromEndpoints } from "./endpoints";
import { findK6, LOAD_DIR, SEED_DIR, userPath } from "./paths";
import { seedLoadRun } from "./seed";
import type { SeedFile } from "./seed-file";

const SCRIPTS = ["smoke", "order-api", "quota-race"] as const;

const USAGE = `pnpm load <script> [options] [-- k6 options]
  script                 ${SCRIPTS.join(" | ")} | a path to a k6 script
  --endpoints-file F     run against the ecosystem F describes (what \`pnpm start -- --endpoints-file F\` wrote)
                         Without it: a platform answering on :${DEFAULT_PORTS.platform} is used with $ADMIN_TOKEN; if none
                         answers, an in-memory ecosystem is started in this process on free ports.
  --seed-file F          use this seed instead of seeding now
  --accounts N           order-mix accounts to seed (default 20)
  --scale N              clock of the ecosystem started here: simulated seconds per real second (default 3600)
  --manual               clock of the ecosystem started here: manual (nothing is issued unless you advance it)
  --keep                 keep the ecosystem started here running after k6 (Ctrl-C stops it)
Everything after -- goes to k6, e.g. pnpm load order-api -- -e VUS=20 -e HOLD=2m`;

const separator = process.argv.indexOf("--", 2);
const ours = separator < 0 ? process.argv.slice(2) : process.argv.slice(2, separator);
const k6Extra = separator < 0 ? [] : process.argv.slice(separator + 1);
const { values, positionals } = parseArgs({
  args: ours,
  allowPositionals: true,
  options: {
    "endpoints-file": { type: "string" },
    "seed-file": { type: "string" },
    accounts: { type: "string", default: "20" },
    scale: { type: "string", default: "3600" },
    manual: { type: "boolean", default: false },
    keep: { type: "boolean", default: false },
    help: { type: "boolean", default: false },
  },
});

if (values.help || positionals.length !== 1) {
  console.log(USAGE);
  process.exit(values.help ? 0 : 2);
}
const name = positionals[0]!;
const script = (SCRIPTS as readonly string[]).includes(name) ? join(LOAD_DIR, `${name}.js`) : userPath(name);
if (!existsSync(script)) {
  console.error(`no k6 script at ${script}\n\n${USAGE}`);
  process.exit(2);
}

let ecosystem: Ecosystem | undefined;
/** A seed this process wrote for the in-memory ecosystem it started: worthless once that ecosystem is gone. */
let ownSeed: string | undefined;
const stop = async (code: number): Promise<never> => {
  await ecosystem?.close();
  if (ownSeed) rmSync(ownSeed, { force: true });
  process.exit(code);
};

async function findTarget(): Promise<LoadTarget> {
  if (values["endpoints-file"]) {
    const target = readEndpointsFile(userPath(values["endpoints-file"]));
    if (!(await isAnswering(target.platformUrl))) {
      console.error(`the platform at ${target.platformUrl} (from ${values["endpoints-file"]}) does not answer`);
      process.exit(1);
    }
    return target;
  }
  const platformUrl = `http://127.0.0.1:${DEFAULT_PORTS.platform}`;
  if (await isAnswering(platformUrl)) {
    const adminToken = process.env.ADMIN_TOKEN;
    if (!adminToken) {
      console.error(
        `a platform answers on ${platformUrl}, but I do not know its admin token: pass --endpoints-file (pnpm start -- --endpoints-file $PWD/endpoints.json) or set ADMIN_TOKEN`,
      );
      process.exit(2);
    }
    console.log(`using the platform on ${platformUrl}`);
    return {
      platformUrl,
      adminToken,
      dnsApiUrl: `http://127.0.0.1:${DEFAULT_PORTS.dnsApi}`,
      clockUrl: `http://127.0.0.1:${DEFAULT_PORTS.clock}`,
    };
  }
  const scale = Number(values.scale);
  if (!(scale > 0)) {
    console.error("--scale must be a positive number");
    process.exit(2);
  }
  ecosystem = await startEcosystem({
    seed: 1,
    start: "2026-11-27T09:00:00+08:00",
    ports: "ephemeral",
    clock: values.manual ? { mode: "manual" } : { mode: "scaled", scale },
  });
  console.log(
    `started an in-memory ecosystem (${values.manual ? "manual clock" : `clock ${scale}× real time`}): platform ${ecosystem.endpoints.platform.url}`,
  );
  return targetFromEndpoints(ecosystem.endpoints);
}

process.on("SIGINT", () => void stop(130));
process.on("SIGTERM", () => void stop(143));

const target = await findTarget();
let seedPath: string;
if (values["seed-file"]) {
  seedPath = userPath(values["seed-file"]);
} else {
  const accounts = Number(values.accounts);
  if (!Number.isSafeInteger(accounts) || accounts < 0) {
    console.error("--accounts must be a whole number");
    await stop(2);
  }
  const seed: SeedFile = await seedLoadRun(target, { accounts });
  mkdirSync(SEED_DIR, { recursive: true });
  seedPath = join(SEED_DIR, `${seed.runId}.json`);
  writeFileSync(seedPath, `${JSON.stringify(seed, null, 2)}\n`, { mode: 0o600 });
  if (ecosystem) ownSeed = seedPath;
  console.log(
    `seeded run ${seed.runId} (${seed.accounts.length} accounts, ${seed.race.accounts.length} race accounts): ${seedPath}`,
  );
}
const platformUrl = (JSON.parse(readFileSync(seedPath, "utf8")) as SeedFile).platformUrl;

const k6 = findK6();
const k6Args = ["run", "-e", `SEED_FILE=${seedPath}`, "-e", `BASE_URL=${platformUrl}`, ...k6Extra, script];
if (!k6) {
  console.log(`
k6 is not installed (no \`k6\` on PATH, no $K6), so the script was not run.
  Get k6 (one static binary): https://grafana.com/docs/k6/latest/set-up/install-k6/
    e.g. the release tarball from https://github.com/grafana/k6/releases, the deb/rpm repository,
    \`brew install k6\`, or \`go install go.k6.io/k6@latest\`; then run \`pnpm load ${name}\` again, or by hand:
    k6 ${k6Args.join(" ")}
  Without k6, \`pnpm bench:api\` measures the same endpoints (status reads, ECC and RSA applications at 50
  concurrent users, event-loop delay, quota exactness) with autocannon, and \`pnpm vitest run --project load\`
  runs the quota race (FREE-6) in Node.`);
  if (ecosystem && values.keep) {
    console.log(`\nThe ecosystem stays up for a manual k6 run (${platformUrl}); Ctrl-C stops it.`);
  } else {
    await stop(2);
  }
} else {
  console.log(`${k6} ${k6Args.join(" ")}`);
  const child = spawn(k6, k6Args, { stdio: "inherit" });
  child.on("exit", (code, signal) => {
    const exitCode = code ?? (signal ? 128 : 1);
    if (ecosystem && values.keep) {
      console.log(`k6 exited with ${exitCode}; the ecosystem stays up (${platformUrl}); Ctrl-C stops it.`);
    } else {
      void stop(exitCode);
    }
  });
}
