// The command line the four CA simulators share: parsing in-process against two small brands, and the real CLIs
// (`simulators/<brand>/src/main.ts` under tsx) as child processes: listening, answering, stopping on SIGTERM, and
// refusing a bad flag with exit code 2 and the usage.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { describe, expect, it } from "vitest";
import { type BrandDefinition, CaCliError, type CaCliSpec, type CaCliWorldSpec, caCliUsage, parseCaCli } from "../src";

const product = (validation: "DV" | "OV") => ({
  code: `X-${validation}`,
  title: `Example ${validation}`,
  validation,
  standard: "international" as const,
  free: false,
  domainTypes: ["single" as const],
  ip: false,
  maxNames: 1,
  years: [1],
  dcvMethods: { dns: "any" as const },
  validityDays: 365,
});

const baseBrand = {
  displayName: "Example CA",
  caaIdentities: ["example-ca.test"],
  hierarchyAlgorithm: "RSA" as const,
  dcvFormat: {
    instruction: () => ({ recordType: "TXT" as const, host: "_x.example.test", value: "v" }),
  },
  orderIdPrefix: "EX",
};

/** The default flow: DCV, security review, issuance (TrustAsia's shape). */
const dvBrand: BrandDefinition = { ...baseBrand, id: "dvca", products: [product("DV")] };

/** Pre-review and a manual review beside DCV (WoTrus's shape), with its own issuance delay. */
const ovBrand: BrandDefinition = {
  ...baseBrand,
  id: "ovca",
  products: [product("DV"), product("OV")],
  flows: { DV: ["dcv", "issue"], OV: ["pre-review", ["dcv", "manual-review"], "issue"] },
  timings: { issuanceDelay: [MINUTE, 15 * MINUTE] },
};

const unused = () => Promise.reject(new Error("not started in these tests"));
const dvSpec: CaCliSpec = {
  brand: dvBrand,
  port: 8790,
  apiPath: "/api",
  flags: { "free-limit": { type: "string", value: "N", help: "free certificates" } },
  start: unused,
};
const ovSpec: CaCliWorldSpec = { brand: ovBrand, port: 8791, apiPath: "/api", world: true, start: unused };

function configOf(spec: CaCliSpec | CaCliWorldSpec, argv: string[], env: NodeJS.ProcessEnv = {}) {
  const parsed = parseCaCli(spec, argv, env);
  if (parsed.help) throw new Error("expected settings, got --help");
  return parsed;
}

function refusal(spec: CaCliSpec | CaCliWorldSpec, argv: string[], env: NodeJS.ProcessEnv = {}): CaCliError {
  try {
    parseCaCli(spec, argv, env);
  } catch (error) {
    if (error instanceof CaCliError) return error;
    throw error;
  }
  throw new Error(`${argv.join(" ")} was accepted`);
}

describe("parseCaCli", () => {
  it("takes the defaults named after the brand, and a flag over its variable over the default", () => {
    const { config } = configOf(dvSpec, []);
    expect(config).toMatchObject({
      port: 8790,
      dbPath: join(".data/dvca", "dvca.sqlite"),
      seed: "dvca",
      scale: 60,
      start: "2026-03-02T09:00:00+08:00",
      dns: { host: "127.0.0.1", port: 5300 },
      webPort: 8080,
      timings: {},
    });
    expect(config.worldUrl).toBeUndefined();

    const env = { DVCA_PORT: "9001", DVCA_SEED: "from-env", DVCA_MEMORY: "1", DVCA_DNS_PORT: "5399" };
    // pnpm passes its own "--" through; it is not an argument.
    const { config: over } = configOf(dvSpec, ["--", "--port", "0", "--operator-token", "t0ken"], env);
    expect(over).toMatchObject({ port: 0, seed: "from-env", dbPath: ":memory:", operatorToken: "t0ken" });
    expect(over.dns.port).toBe(5399);
  });

  it("offers the timing flags of the stages the brand's flows have, and only those", () => {
    const { config } = configOf(dvSpec, [
      "--security-review-delay",
      "2m-40m",
      "--issuance-delay",
      "1h",
      "--dcv-deadline",
      "3d",
      "--manual-review",
    ]);
    expect(config.timings).toEqual({
      securityReviewDelay: [2 * MINUTE, 40 * MINUTE],
      issuanceDelay: [HOUR, HOUR],
      dcvDeadline: 3 * DAY,
      manualReview: true,
    });
    expect(refusal(dvSpec, ["--ov-review-days", "3-5"]).message).toBe("unknown option --ov-review-days");
    expect(refusal(dvSpec, ["--world-url", "http://127.0.0.1:1"]).message).toBe("unknown option --world-url");

    const ov = configOf(ovSpec, ["--pre-review-delay", "10m-1h", "--ev-review-days", "6", "--world-url", "http://w"], {
      OVCA_OV_REVIEW_DAYS: "1-2",
      OVCA_CALL_RETRY_TIME: "11:30",
    });
    expect(ov.config.worldUrl).toBe("http://w");
    expect(ov.config.timings).toEqual({
      preReviewDelay: [10 * MINUTE, HOUR],
      manualReviewDays: { OV: [1, 2], EV: [6, 6] },
      callRetryTime: "11:30",
    });
    expect(configOf(ovSpec, []).config.worldUrl).toBe("http://127.0.0.1:8082");
    expect(refusal(ovSpec, ["--security-review-delay", "1m-2m"]).message).toBe(
      "unknown option --security-review-delay",
    );
  });

  it("refuses what it cannot start from, naming the flag or the variable", () => {
    expect(refusal(dvSpec, ["--bogus"]).message).toBe("unknown option --bogus");
    expect(refusal(dvSpec, ["stray"]).message).toBe("unexpected argument stray");
    expect(refusal(dvSpec, ["--port", "70000"]).message).toBe('--port: "70000" is not a port number');
    expect(refusal(dvSpec, [], { DVCA_WEB_PORT: "x" }).message).toBe('DVCA_WEB_PORT: "x" is not a port number');
    expect(refusal(dvSpec, ["--dcv-deadline", "soon"]).message).toMatch(/^--dcv-deadline: "soon" is not a duration/);
    expect(refusal(dvSpec, ["--start", "2026-03-02T09:00:00"]).message).toMatch(/^--start: .*explicit offset/);
    expect(refusal(dvSpec, ["--scale", "0"]).message).toBe('--scale: "0" is not a positive number');
    expect(refusal(dvSpec, ["--issuance-delay", "1h-2h-3h"]).message).toMatch(/is not a range/);
    expect(refusal(dvSpec, ["--issuance-delay", "2h-1h"]).message).toMatch(/timings do not fit: .*issuanceDelay/);
    expect(refusal(ovSpec, ["--ov-review-days", "three"]).message).toMatch(/number of business days/);
    expect(refusal(ovSpec, ["--call-retry-time", "25:00"]).message).toMatch(/callRetryTime must be HH:mm/);
    // The brand's own timings count: its issuance delay (1m–15m) against a deadline shorter than its minimum.
    expect(refusal(ovSpec, ["--issuance-deadline", "30s"]).message).toMatch(/issuance deadline/);
  });

  it("reads the brand's own flags through the same reader", () => {
    const { read } = configOf(dvSpec, [], { DVCA_FREE_LIMIT: "7" });
    expect(read.count("free-limit")).toBe(7);
    const bad = configOf(dvSpec, ["--free-limit", "many"]);
    expect(() => bad.read.count("free-limit")).toThrow(new CaCliError('--free-limit: "many" is not a whole number'));
  });

  it("--help, and a usage that shows the brand's own defaults", () => {
    expect(parseCaCli(dvSpec, ["--help"])).toEqual({ help: true });
    const usage = caCliUsage(ovSpec);
    expect(usage).toMatch(/^usage: pnpm --filter @certsim\/ovca start -- \[options\]/);
    expect(usage).toMatch(/--issuance-delay R .*\(default 1m-15m\)/);
    expect(usage).toMatch(/--pre-review-delay R .*\(default 10m-3d\)/);
    expect(usage).toMatch(/--world-url URL .*\(default http:\/\/127\.0\.0\.1:8082\)/);
    expect(usage).toContain("OVCA_<OPTION>");
    expect(caCliUsage(dvSpec)).toMatch(/--free-limit N +free certificates/);
  });
});

// The real CLIs, each started as `node --import tsx simulators/<brand>/src/main.ts` (what `pnpm start` runs).
const SIMULATORS = join(dirname(fileURLToPath(import.meta.url)), "../..");

interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

function startCli(brand: string, args: string[]) {
  const cwd = join(SIMULATORS, brand);
  // Only this test's settings: no <BRAND>_* variables from the surroundings.
  const env = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !name.startsWith(`${brand.toUpperCase()}_`)),
  );
  const child: ChildProcess = spawn(process.execPath, ["--import", "tsx", "src/main.ts", ...args], { cwd, env });
  let stdout = "";
  let stderr = "";
  child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
    stdout += chunk;
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  const exit = new Promise<Exit>((resolve) =>
    child.on("exit", (code, signal) => {
      // Let the pipes drain before reading what was written.
      setImmediate(() => resolve({ code, signal, stdout, stderr }));
    }),
  );
  /** The reseller API's server URL, from the start-up line. */
  const listening = new Promise<string>((resolve, reject) => {
    const look = () => {
      const url = /reseller API at (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    };
    child.stdout?.on("data", look);
    void exit.then((e) => reject(new Error(`${brand} exited (${e.code ?? e.signal}) before listening: ${e.stderr}`)));
  });
  // A test that expects no start-up never awaits this: not an unhandled rejection.
  listening.catch(() => {});
  return { child, exit, listening };
}

describe("a CA's command line", () => {
  it("listens on a free loopback port, answers /healthz, honours a shared flag, and exits 0 on SIGTERM", async () => {
    const cli = startCli("trustasia", ["--memory", "--port", "0", "--operator-token", "op-secret"]);
    try {
      const url = await cli.listening;
      const health = await fetch(`${url}/healthz`);
      expect(health.status).toBe(200);
      // --operator-token reached the CA: the operator API wants it.
      expect((await fetch(`${url}/operator/resellers`)).status).toBe(401);
      const withToken = await fetch(`${url}/operator/resellers`, { headers: { "x-operator-token": "op-secret" } });
      expect(withToken.status).toBe(200);
      cli.child.kill("SIGTERM");
      const exit = await cli.exit;
      expect(exit).toMatchObject({ code: 0, signal: null, stderr: "" });
      // Closed: nothing listens there any more.
      await expect(fetch(`${url}/healthz`)).rejects.toThrow();
    } finally {
      cli.child.kill("SIGKILL");
    }
  }, 60_000);

  it("a CA with the world and brand flags starts from them and stops cleanly on SIGINT", async () => {
    const cli = startCli("globalsign", [
      "--memory",
      "--port",
      "0",
      "--world-url",
      "http://127.0.0.1:9",
      "--documents-after",
      "1-2",
      "--ov-review-days",
      "2",
    ]);
    try {
      const url = await cli.listening;
      expect((await fetch(`${url}/healthz`)).status).toBe(200);
      cli.child.kill("SIGINT");
      expect(await cli.exit).toMatchObject({ code: 0, signal: null, stderr: "" });
    } finally {
      cli.child.kill("SIGKILL");
    }
  }, 60_000);

  it("refuses a bad flag with the usage and exit code 2, for every brand, without a stack trace", async () => {
    const brands = {
      trustasia: "--lookalike",
      wotrus: "--pre-review-delay",
      globalsign: "--documents-after",
      dnspod: "--ov-review-days",
    };
    const exits = await Promise.all(
      Object.keys(brands).map((brand) => startCli(brand, ["--memory", "--bogus-flag", "1"]).exit),
    );
    Object.entries(brands).forEach(([brand, own], index) => {
      const exit = exits[index]!;
      expect(exit.code, exit.stderr).toBe(2);
      expect(exit.stdout).toBe("");
      expect(exit.stderr).toMatch(new RegExp(`^${brand}: unknown option --bogus-flag\\n`));
      expect(exit.stderr).toContain(`usage: pnpm --filter @certsim/${brand} start -- [options]`);
      expect(exit.stderr).toContain(own);
      expect(exit.stderr).not.toMatch(/\n\s+at /);
    });
  }, 60_000);

  it("a CA that cannot start says why and exits 1, without the usage or a stack trace", async () => {
    // The data folder would have to live under a file.
    const exit = await startCli("dnspod", ["--data", join(SIMULATORS, "dnspod/package.json/data")]).exit;
    expect(exit.code, exit.stderr).toBe(1);
    expect(exit.stderr).toMatch(/^dnspod: .+/);
    expect(exit.stderr).not.toContain("usage:");
    expect(exit.stderr).not.toMatch(/\n\s+at /);
  }, 60_000);
});
