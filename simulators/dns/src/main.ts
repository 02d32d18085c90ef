import { join } from "node:path";
import { parseArgs } from "node:util";
import { startDnsServer } from "./server";

const USAGE = `usage: pnpm --filter @certsim/dns start -- [options]
  --dns-port N               UDP and TCP port (default 5300; 0 = any free port)
  --api-port N               management API port (default 5301; 0 = any free port)
  --host ADDR                address to listen on (default 127.0.0.1)
  --data DIR                 data folder; the database is DIR/dns.sqlite (default .data/dns)
  --memory                   keep nothing: use an in-memory database
  --nameserver NAME          NS name for new zones (repeatable)
  --zone NAME                create this zone at start-up if it does not exist (repeatable)
Without a simulated clock, record changes apply at once (propagation delays need the ecosystem's clock).`;

async function main() {
  const { values } = parseArgs({
    args: process.argv.slice(2).filter((a) => a !== "--"),
    options: {
      "dns-port": { type: "string", default: "5300" },
      "api-port": { type: "string", default: "5301" },
      host: { type: "string", default: "127.0.0.1" },
      data: { type: "string", default: ".data/dns" },
      memory: { type: "boolean", default: false },
      nameserver: { type: "string", multiple: true },
      zone: { type: "string", multiple: true },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  const port = (flag: "dns-port" | "api-port") => {
    const n = Number(values[flag]);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`--${flag} must be a port number`);
    return n;
  };
  const server = await startDnsServer({
    dnsPort: port("dns-port"),
    apiPort: port("api-port"),
    host: values.host,
    dbPath: values.memory ? ":memory:" : join(values.data, "dns.sqlite"),
    nameservers: values.nameserver,
  });
  for (const zone of values.zone ?? []) if (!server.zones.zoneOf(zone)) server.zones.createZone({ zone });
  console.log(`dns: serving DNS on ${server.host}:${server.dnsPort} (udp, tcp), management API at ${server.apiUrl}`);
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once("SIGINT", stop);
  process.once("SIGTERM", stop);
}

main().catch((error: unknown) => {
  console.error(`dns: ${error instanceof Error ? error.message : String(error)}`);
  console.error(USAGE);
  process.exit(1);
});
