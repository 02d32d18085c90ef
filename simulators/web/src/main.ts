import { join } from "node:path";
import { parseArgs } from "node:util";
import { startWebHost } from "./webHost";

// pnpm passes a literal "--" through to the script; parseArgs would treat everything after it as positionals.
const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
const { values } = parseArgs({
  args,
  options: {
    port: { type: "string", default: "8080" },
    "api-port": { type: "string", default: "8081" },
    host: { type: "string", default: "127.0.0.1" },
    data: { type: "string", default: ".data/web" },
  },
});

const port = Number(values.port);
const apiPort = Number(values["api-port"]);
if (!Number.isInteger(port) || !Number.isInteger(apiPort)) {
  console.error("usage: main.ts [--port 8080] [--api-port 8081] [--host 127.0.0.1] [--data .data/web]");
  process.exit(2);
}

const web = await startWebHost({ port, apiPort, host: values.host, dbPath: join(values.data, "web.sqlite") });
console.log(`web host: sites on ${web.url}, management API on ${web.apiUrl}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void web.close().then(() => process.exit(0));
  });
}
