// The platform's command line (`src/main.ts` under tsx, as `pnpm --filter @certsim/platform start` runs it) against
// the real GlobalSign and DNSPod simulators: their connections come from --<brand>-url/--<brand>-api-key or from
// PLATFORM_<BRAND>_URL/_API_KEY, and a paid order of each brand is committed at that CA with that key.
import { type ChildProcess, spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { type JsonClient, jsonClient } from "@certsim/ca-kit/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrandCa, type BrandEcosystem, startBrandEcosystem } from "./brands";

const PLATFORM_DIR = join(dirname(fileURLToPath(import.meta.url)), "..");
const ADMIN_TOKEN = "cli-admin-token";
const ADMIN = { Name: "Han Meimei", Position: "Operations", Phone: "+86 139 0000 1111", Email: "han@cli.example" };

let eco: BrandEcosystem;
let child: ChildProcess;
let exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }>;
let platformUrl: string;
/** This platform's reseller at each CA (not the harness platform's), so its orders are told apart. */
const resellers: Record<"dnspod" | "globalsign", { id: string; key: string }> = {
  dnspod: { id: "", key: "" },
  globalsign: { id: "", key: "" },
};

async function signUp(brand: BrandCa) {
  const answer = await brand.operator.post("/operator/resellers", { name: "platform-cli" });
  expect(answer.status).toBe(201);
  return { id: answer.body.reseller_id as string, key: answer.body.api_key as string };
}

beforeAll(async () => {
  eco = await startBrandEcosystem({ dnspod: true, globalsign: true });
  resellers.dnspod = await signUp(eco.dnspod!);
  resellers.globalsign = await signUp(eco.globalsign!);
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith("PLATFORM_")));
  child = spawn(
    process.execPath,
    [
      "--import",
      "tsx",
      "src/main.ts",
      "--",
      "--memory",
      "--port",
      "0",
      "--admin-token",
      ADMIN_TOKEN,
      "--trustasia-url",
      eco.ca.url,
      "--trustasia-api-key",
      eco.platformOptions.trustAsia.apiKey,
      "--dns-api-url",
      eco.world.dns.apiUrl!,
      "--world-url",
      eco.people.url,
      "--key-pool",
      "0",
      "--rsa-key-nice",
      "0",
      "--dnspod-url",
      eco.dnspod!.ca.url,
      "--dnspod-api-key",
      resellers.dnspod.key,
    ],
    {
      cwd: PLATFORM_DIR,
      // GlobalSign from the environment, as PLATFORM_<OPTION> promises.
      env: {
        ...env,
        PLATFORM_GLOBALSIGN_URL: eco.globalsign!.ca.url,
        PLATFORM_GLOBALSIGN_API_KEY: resellers.globalsign.key,
        CERTSIM_LOG_ERRORS: "0",
      },
    },
  );
  let stdout = "";
  let stderr = "";
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    stderr += chunk;
  });
  exited = new Promise((resolve) =>
    child.on("exit", (code, signal) => setImmediate(() => resolve({ code, signal, stderr }))),
  );
  platformUrl = await new Promise<string>((resolve, reject) => {
    child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const url = /platform API on (http:\/\/127\.0\.0\.1:\d+)/.exec(stdout)?.[1];
      if (url) resolve(url);
    });
    void exited.then(({ code }) => reject(new Error(`the platform exited (${code}) before listening: ${stderr}`)));
  });
}, 120_000);

afterAll(async () => {
  child?.kill("SIGKILL");
  await eco?.close();
});

let accounts = 0;
async function customer(): Promise<JsonClient> {
  const n = ++accounts;
  const admin = jsonClient(platformUrl, { "x-admin-token": ADMIN_TOKEN });
  const answer = await admin.post("/admin/accounts", {
    Type: "individual",
    Email: `cli${n}@mail.example`,
    Phone: `+86138000000${String(n).padStart(2, "0")}`,
  });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return jsonClient(platformUrl, { authorization: `Bearer ${answer.body.ApiKey}` });
}

/** Buys a one-year single-domain DV certificate of `brand`, fills it in and commits it; the commit's answer. */
async function commitDv(api: JsonClient, brand: string, domain: string) {
  const bought = await api.post("/v1/certificates", { Brand: brand, Type: "DV", DomainType: "single", Period: 1 });
  expect(bought.status, JSON.stringify(bought.body)).toBe(200);
  const id = bought.body.CertificateIds[0] as string;
  const submitted = await api.post(`/v1/certificates/${id}/submit`, {
    CertificateDomain: domain,
    CsrType: "online",
    CsrEncryptAlgo: "ECC",
    VerifyType: "DNS",
    Admin: ADMIN,
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return { id, answer: await api.post(`/v1/certificates/${id}/commit`, {}) };
}

describe("platform CLI: the GlobalSign and DNSPod connections", () => {
  it("places a DNSPod order with --dnspod-url/--dnspod-api-key and a GlobalSign one with PLATFORM_GLOBALSIGN_*", async () => {
    const api = await customer();
    for (const [brand, name, domain] of [
      ["dnspod", "DNSPod", "cli-dnspod.com"],
      ["globalsign", "GlobalSign", "cli-globalsign.com"],
    ] as const) {
      const { answer } = await commitDv(api, name, domain);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      expect(answer.body).toMatchObject({ Status: 0 });
      // The order is at that CA, under this platform's reseller: the URL and the key were the ones given.
      const orders = (await eco[brand]!.operator.get("/operator/orders")).body.orders as {
        reseller_id: string;
        domains?: string[];
      }[];
      const mine = orders.filter((order) => order.reseller_id === resellers[brand].id);
      expect(mine, `${brand} orders: ${JSON.stringify(orders)}`).toHaveLength(1);
      expect(JSON.stringify(mine[0])).toContain(domain);
    }
  }, 60_000);

  it("a brand given no key stays unconnected (WoTrus here): 503 BrandNotConnected at commit", async () => {
    const api = await customer();
    const { answer } = await commitDv(api, "WoTrus", "cli-wotrus.com");
    expect(answer.status).toBe(503);
    expect(answer.body.error.code).toBe("FailedOperation.BrandNotConnected");
  });

  it("stops on SIGTERM with exit code 0", async () => {
    child.kill("SIGTERM");
    const exit = await exited;
    expect(exit.code, exit.stderr).toBe(0);
  });
});
