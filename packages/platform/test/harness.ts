// A small ecosystem for the platform's tests: the real DNS server and web host, the real TrustAsia simulator, the
// world's mailbox and phone line and the platform, all on loopback with one manual clock.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { RunningCa } from "@certsim/ca-kit";
import { type JsonClient, jsonClient, startTestWorld, type TestWorld, testHierarchy } from "@certsim/ca-kit/testing";
import { startTrustAsia } from "@certsim/trustasia";
import { startWorld, type World } from "@certsim/world";
import { startWoTrus } from "@certsim/wotrus";
import { type Platform, type PlatformOptions, startPlatform } from "../src";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
export type Json = any;

export const ADMIN_TOKEN = "admin-token-for-tests";
const run = promisify(execFile);

export interface Customer {
  accountId: string;
  apiKey: string;
  api: JsonClient;
  email: string;
  phone: string;
}

export interface Ecosystem {
  world: TestWorld;
  ca: RunningCa;
  caOperator: JsonClient;
  /** WoTrus, when started with `wotrus: true`: the CA, its operator API and its reseller API with the platform's key. */
  wotrus?: { ca: RunningCa; operator: JsonClient; reseller: JsonClient; apiKey: string };
  people: World;
  platform: Platform;
  /** The options the platform was started with (to restart it). */
  platformOptions: PlatformOptions;
  admin: JsonClient;
  customer(
    over?: Partial<{
      Type: "individual" | "enterprise";
      MemberLevel: "standard" | "V1" | "V2";
      HeldFreeCertOn20230320: boolean;
    }>,
  ): Promise<Customer>;
  /** A zone whose apex and www resolve to the web host; hosted at the platform's DNS when asked. */
  zone(name: string, hostedAtPlatform?: boolean): Promise<void>;
  /** Applies and expects a CertificateId. */
  apply(customer: Customer, body: Record<string, unknown>): Promise<string>;
  detail(customer: Customer, id: string): Promise<Json>;
  close(): Promise<void>;
}

let accounts = 0;

export async function startEcosystem(
  options: { start?: string; platform?: Partial<PlatformOptions>; sharedHierarchy?: boolean; wotrus?: boolean } = {},
): Promise<Ecosystem> {
  const world = await startTestWorld({ start: options.start ?? "2026-05-11T10:00:00+08:00", seed: "platform-test" });
  const ca = await startTrustAsia({
    clock: world.clock,
    rng: world.rng,
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: world.dns.dnsPort },
    webPort: world.web.port,
    // The shared test hierarchy starts in 2025; a world that starts earlier needs its own.
    ...(options.sharedHierarchy === false
      ? { hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } } }
      : { hierarchy: await testHierarchy() }),
  });
  const caOperator = jsonClient(ca.operatorUrl);
  const reseller = await caOperator.post("/operator/resellers", { name: "platform" });
  const people = await startWorld({ time: world.clock });
  let wotrus: Ecosystem["wotrus"];
  if (options.wotrus) {
    const wotrusCa = await startWoTrus({
      clock: world.clock,
      rng: world.rng.fork("wotrus"),
      dbPath: ":memory:",
      dns: { host: "127.0.0.1", port: world.dns.dnsPort },
      webPort: world.web.port,
      worldUrl: people.url,
      // its own root, so a WoTrus certificate verifies against WoTrus's root and nothing else
      hierarchyKeys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
    });
    const operator = jsonClient(wotrusCa.operatorUrl);
    const key = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key as string;
    wotrus = { ca: wotrusCa, operator, reseller: jsonClient(wotrusCa.url, { "x-wotrus-key": key }), apiKey: key };
  }
  const platformOptions: PlatformOptions = {
    dbPath: ":memory:",
    clock: world.clock,
    trustAsia: { url: ca.url, apiKey: reseller.body.api_key, backoffMs: 1, maxBackoffMs: 5, timeoutMs: 5_000 },
    dnsApiUrl: world.dns.apiUrl!,
    worldUrl: people.url,
    adminToken: ADMIN_TOKEN,
    keyPoolSize: 0,
    // Tests check what RSA keys are, not how their threads are scheduled: no lower priority on a busy machine.
    rsaKeyNice: 0,
    partnerBackoffMs: 1,
    ...(wotrus
      ? {
          wotrus: {
            url: wotrus.ca.url,
            apiKey: wotrus.apiKey,
            backoffMs: 1,
            maxBackoffMs: 5,
          },
        }
      : {}),
    ...options.platform,
  };
  const platform = await startPlatform(platformOptions);
  const admin = jsonClient(platform.url, { "x-admin-token": ADMIN_TOKEN });

  const eco: Ecosystem = {
    world,
    ca,
    caOperator,
    ...(wotrus ? { wotrus } : {}),
    people,
    platform,
    platformOptions,
    admin,
    async customer(over = {}) {
      const n = ++accounts;
      const email = `customer${n}@mail.example`;
      const phone = `+86138${String(n).padStart(8, "0")}`;
      const answer = await eco.admin.post("/admin/accounts", {
        Type: "individual",
        Email: email,
        Phone: phone,
        ...over,
      });
      if (answer.status !== 200) throw new Error(`account: ${answer.status} ${JSON.stringify(answer.body)}`);
      const { AccountId, ApiKey } = answer.body;
      return {
        accountId: AccountId,
        apiKey: ApiKey,
        api: jsonClient(eco.platform.url, { authorization: `Bearer ${ApiKey}` }),
        email,
        phone,
      };
    },
    async zone(name, hostedAtPlatform = false) {
      await world.addZone(name);
      if (hostedAtPlatform) {
        const answer = await world.dnsApi.call("PATCH", `/zones/${name}`, { hostedAtPlatform: true });
        if (answer.status !== 200) throw new Error(`zone ${name}: ${answer.status} ${JSON.stringify(answer.body)}`);
      }
    },
    async apply(customer, body) {
      const answer = await customer.api.post("/v1/free-certificates", {
        DvAuthMethod: "DNS",
        CsrEncryptAlgo: "ECC",
        ...body,
      });
      if (answer.status !== 200) throw new Error(`apply: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.CertificateId;
    },
    async detail(customer, id) {
      const answer = await customer.api.get(`/v1/certificates/${id}`);
      if (answer.status !== 200) throw new Error(`detail ${id}: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body;
    },
    async close() {
      await eco.platform.close();
      await wotrus?.ca.close();
      await ca.close();
      await people.close();
      await world.close();
    },
  };
  return eco;
}

/** Runs openssl with files written to a temporary folder; returns stdout, throws with stderr when it fails. */
export async function openssl(
  args: (dir: string) => string[],
  files: Record<string, string | Uint8Array>,
): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "platform-openssl-"));
  try {
    for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
    const { stdout, stderr } = await run("openssl", args(dir));
    return stdout + stderr;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A customer's own P-256 key and CSR made by openssl (the "paste" way of CSR-1). */
export async function opensslCsr(commonName: string, names: string[]): Promise<{ csr: string; key: string }> {
  const dir = mkdtempSync(join(tmpdir(), "platform-csr-"));
  try {
    await run("openssl", [
      "req",
      "-new",
      "-newkey",
      "ec",
      "-pkeyopt",
      "ec_paramgen_curve:P-256",
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "csr.pem"),
      "-subj",
      `/CN=${commonName}`,
      "-addext",
      `subjectAltName=${names.map((n) => `DNS:${n}`).join(",")}`,
    ]);
    return { csr: readFileSync(join(dir, "csr.pem"), "utf8"), key: readFileSync(join(dir, "key.pem"), "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
