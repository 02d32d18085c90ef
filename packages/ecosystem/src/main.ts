// `pnpm start`: the whole world on fixed loopback ports with a scaled clock, a demo account, and its endpoints.
import { writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { startEcosystem } from "./ecosystem";

const { values } = parseArgs({
  args: process.argv.slice(2).filter((arg) => arg !== "--"),
  options: {
    seed: { type: "string", default: "1" },
    start: { type: "string", default: "2026-11-27T09:00:00+08:00" },
    scale: { type: "string", default: "3600" },
    manual: { type: "boolean", default: false },
    data: { type: "string", default: ".data" },
    memory: { type: "boolean", default: false },
    ephemeral: { type: "boolean", default: false },
    "endpoints-file": { type: "string" },
    help: { type: "boolean", default: false },
  },
});

if (values.help) {
  console.log(`pnpm start [-- options]
  --seed N               seed of every random choice in the world (default 1)
  --start ISO            simulated start instant, with offset (default 2026-11-27T09:00:00+08:00)
  --scale N              simulated seconds per real second (default 3600: an hour a second)
  --manual               manual clock: time moves only through the clock API
  --data DIR             folder for every service's SQLite state (default .data)
  --memory               keep state in memory only
  --ephemeral            let the OS pick the ports
  --endpoints-file FILE  write every endpoint as JSON to FILE`);
  process.exit(0);
}

const seed = Number(values.seed);
const scale = Number(values.scale);
if (!Number.isSafeInteger(seed) || !(scale > 0)) {
  console.error("--seed must be an integer and --scale a positive number");
  process.exit(2);
}

const ecosystem = await startEcosystem({
  seed,
  start: values.start,
  clock: values.manual ? { mode: "manual" } : { mode: "scaled", scale },
  ports: values.ephemeral ? "ephemeral" : "default",
  dataDir: values.memory ? undefined : values.data,
});
const { endpoints } = ecosystem;

// A demo customer, so the API can be tried at once.
const res = await fetch(`${endpoints.platform.url}/admin/accounts`, {
  method: "POST",
  headers: { "content-type": "application/json", "x-admin-token": endpoints.platform.adminToken },
  body: JSON.stringify({
    Type: "individual",
    MemberLevel: "standard",
    Email: "demo@customer.example",
    Phone: "+86 138 0000 0000",
  }),
});
const demo = (await res.json()) as { AccountId: string; ApiKey: string };

const summary = { ...endpoints, demoAccount: demo, seed, clock: { ...endpoints.clock, mode: ecosystem.clock.mode } };
if (values["endpoints-file"]) writeFileSync(values["endpoints-file"], `${JSON.stringify(summary, null, 2)}\n`);

console.log(`certsim is running (seed ${seed}, simulated time from ${values.start}, ${values.manual ? "manual clock" : `${scale}× real time`})
  platform API     ${endpoints.platform.url}   (admin token ${endpoints.platform.adminToken})
  demo account     ${demo.AccountId}   Authorization: Bearer ${demo.ApiKey}
  clock            ${endpoints.clock.url}/clock
  DNS server       ${endpoints.dns.host}:${endpoints.dns.port} (udp+tcp)   management ${endpoints.dns.api}
  web host         http://${endpoints.web.host}:${endpoints.web.port}   management ${endpoints.web.api}
  mail and phone   ${endpoints.world.url}
${Object.entries(endpoints.cas)
  .map(([brand, ca]) => `  ${brand.padEnd(16)} ${ca.api}   operator ${ca.operator}/operator`)
  .join("\n")}
Ctrl-C stops it; state is ${values.memory ? "in memory" : `kept in ${values.data}`}.`);

let stopping = false;
const stop = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping…`);
  await ecosystem.close();
  process.exit(0);
};
process.on("SIGINT", () => void stop("SIGINT"));
process.on("SIGTERM", () => void stop("SIGTERM"));
