import { join } from "node:path";
import { parseArgs } from "node:util";
import { startWorld } from "./world";

// pnpm passes a literal "--" through to the script; parseArgs would treat everything after it as positionals.
const args = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
const { values } = parseArgs({
  args,
  options: {
    port: { type: "string", default: "8082" },
    host: { type: "string", default: "127.0.0.1" },
    data: { type: "string", default: ".data/world" },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port)) {
  console.error("usage: main.ts [--port 8082] [--host 127.0.0.1] [--data .data/world]");
  process.exit(2);
}

const world = await startWorld({ port, host: values.host, dbPath: join(values.data, "world.sqlite") });
console.log(`world (registry, mail, phone): ${world.url}`);

for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.once(signal, () => {
    void world.close().then(() => process.exit(0));
  });
}
