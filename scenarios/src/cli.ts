import { scenarios } from "../library";
import { runScenario } from "./runner";

const usage = `usage: pnpm scenario <name> [--seed N] [--json] [--out DIR]
       pnpm scenario --list`;

async function main(argv: string[]): Promise<number> {
  const args = argv.filter((a) => a !== "--");
  if (args.includes("--help") || args.includes("-h")) {
    console.log(usage);
    return 0;
  }
  if (args.includes("--list")) {
    for (const s of scenarios) console.log(`${s.name.padEnd(34)} ${s.summary}`);
    return 0;
  }
  const json = args.includes("--json");
  const seedAt = args.indexOf("--seed");
  const outAt = args.indexOf("--out");
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
  const flagValues = new Set([seedAt + 1, outAt + 1].filter((i) => i > 0));
  const name = args.find((a, i) => !a.startsWith("--") && !flagValues.has(i));
  if (!name || !Number.isSafeInteger(seed)) {
    console.error(usage);
    return 2;
  }
  const scenario = scenarios.find((s) => s.name === name);
  if (!scenario) {
    console.error(`unknown scenario '${name}'; pnpm scenario --list shows them`);
    return 2;
  }
  if (!json) console.log(`scenario ${scenario.name} (seed ${seed}): ${scenario.summary}\n`);
  const result = await runScenario(scenario, { seed, print: !json, out: outAt >= 0 ? args[outAt + 1] : undefined });
  const seconds = (ms: number) => (ms / 1000).toFixed(2);
  if (json) console.log(JSON.stringify(result, null, 2));
  else
    console.log(
      `\n${result.ok ? "PASSED" : `FAILED: ${result.error}`}: the scenario played in ${seconds(result.wallMs.play)} s ` +
        `wall time (starting the world took ${seconds(result.wallMs.start)} s); output in ${result.out}`,
    );
  return result.ok ? 0 : 1;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
