// A small world for CA tests: the real DNS server and web host on loopback ports, one manual clock and one seed.
// Tests talk to them through their management APIs, as a customer's DNS provider and hosting panel would.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Rng, SimClock } from "@certsim/clock";
import { type DnsServer, startDnsServer } from "@certsim/dns";
import { type CaHierarchy, createCaHierarchy, createCsr, generateKeyPair, type KeyPairPem } from "@certsim/pki";
import { startWebHost, type WebHost } from "@certsim/web";
import { startWorld, type World } from "@certsim/world";

const run = promisify(execFile);

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
export type Json = any;

export interface JsonAnswer {
  status: number;
  body: Json;
}

/** A JSON client for one base URL with fixed headers. */
export function jsonClient(base: string, headers: Record<string, string> = {}) {
  const call = async (method: string, path: string, body?: unknown): Promise<JsonAnswer> => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { ...headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown = {}) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    delete: (path: string, body?: unknown) => call("DELETE", path, body),
  };
}

export type JsonClient = ReturnType<typeof jsonClient>;

export interface TestWorld {
  clock: SimClock;
  rng: Rng;
  dns: DnsServer;
  web: WebHost;
  dnsApi: JsonClient;
  webApi: JsonClient;
  /** A zone whose apex and www resolve to the web host. */
  addZone(zone: string): Promise<void>;
  setRecords(name: string, type: string, values: unknown[]): Promise<void>;
  removeRecords(name: string, type: string): Promise<void>;
  putFile(host: string, path: string, body: string, status?: number): Promise<void>;
  putRedirect(host: string, path: string, location: string, status?: 301 | 302): Promise<void>;
  deleteFile(host: string, path: string): Promise<void>;
  dnsQueries(name?: string): Promise<{ name: string; askedName: string; type: string; timeMs: number }[]>;
  webRequests(host?: string): Promise<{ host: string; path: string; status: number | null; at: string }[]>;
  /** The business registry, phone line and mailbox (with `world: true`). */
  people?: PeopleWorld;
  close(): Promise<void>;
}

/** The world's registry, phone and mail, used over their HTTP API as a scenario would. */
export interface PeopleWorld {
  server: World;
  url: string;
  api: JsonClient;
  /** Registers an organisation in the business registry (OV-5's reference). */
  register(organisation: Record<string, unknown>): Promise<Json>;
  /** How the number answers new calls: confirm, decline, no-answer or manual (left ringing). */
  setPhonePolicy(number: string, policy: "confirm" | "decline" | "no-answer" | "manual"): Promise<void>;
  calls(to?: string): Promise<Json[]>;
  answer(callId: string, outcome: "confirmed" | "declined"): Promise<Json>;
  mail(to?: string): Promise<Json[]>;
}

export async function startTestWorld(options: { start: string; seed?: string; world?: boolean }): Promise<TestWorld> {
  const clock = new SimClock({ start: options.start });
  const rng = new Rng(options.seed ?? "ca-test");
  const dns = await startDnsServer({ scheduler: clock, tracker: clock });
  const web = await startWebHost({ time: clock });
  const dnsApi = jsonClient(dns.apiUrl!);
  const webApi = jsonClient(web.apiUrl);
  const ok = (what: string, answer: JsonAnswer) => {
    if (answer.status >= 300) throw new Error(`${what}: HTTP ${answer.status} ${JSON.stringify(answer.body)}`);
  };
  const people = options.world ? await startPeople(clock, ok) : undefined;
  return {
    ...(people ? { people } : {}),
    clock,
    rng,
    dns,
    web,
    dnsApi,
    webApi,
    async addZone(zone) {
      ok("create zone", await dnsApi.post("/zones", { zone }));
      ok("apex A", await dnsApi.put("/records", { name: zone, type: "A", values: ["127.0.0.1"] }));
      ok("www A", await dnsApi.put("/records", { name: `www.${zone}`, type: "A", values: ["127.0.0.1"] }));
    },
    async setRecords(name, type, values) {
      ok(`set ${type} ${name}`, await dnsApi.put("/records", { name, type, values }));
    },
    async removeRecords(name, type) {
      ok(`remove ${type} ${name}`, await dnsApi.delete("/records", { name, type }));
    },
    async putFile(host, path, body, status) {
      ok(`file ${host}${path}`, await webApi.put("/files", { host, path, body, ...(status ? { status } : {}) }));
    },
    async putRedirect(host, path, location, status = 301) {
      ok(`redirect ${host}${path}`, await webApi.put("/redirects", { host, path, location, status }));
    },
    async deleteFile(host, path) {
      ok(`delete ${host}${path}`, await webApi.delete("/files", { host, path }));
    },
    async dnsQueries(name) {
      const answer = await dnsApi.get(`/history${name ? `?name=${encodeURIComponent(name)}` : ""}`);
      return answer.body.queries;
    },
    async webRequests(host) {
      const answer = await webApi.get(`/history${host ? `?host=${encodeURIComponent(host)}` : ""}`);
      return answer.body.requests;
    },
    async close() {
      await Promise.all([dns.close(), web.close(), people?.server.close()]);
    },
  };
}

async function startPeople(clock: SimClock, ok: (what: string, answer: JsonAnswer) => void): Promise<PeopleWorld> {
  const server = await startWorld({ port: 0, dbPath: ":memory:", time: clock });
  const api = jsonClient(server.url);
  return {
    server,
    url: server.url,
    api,
    async register(organisation) {
      const answer = await api.post("/registry/organisations", organisation);
      ok("register organisation", answer);
      return answer.body;
    },
    async setPhonePolicy(number, policy) {
      ok(`phone policy ${number}`, await api.put(`/phones/${encodeURIComponent(number)}`, { policy }));
    },
    async calls(to) {
      const answer = await api.get(`/calls${to ? `?to=${encodeURIComponent(to)}` : ""}`);
      ok("calls", answer);
      return answer.body.calls;
    },
    async answer(callId, outcome) {
      const answer = await api.post(`/calls/${callId}/answer`, { outcome });
      ok(`answer call ${callId}`, answer);
      return answer.body;
    },
    async mail(to) {
      const answer = await api.get(`/mail${to ? `?to=${encodeURIComponent(to)}` : ""}`);
      ok("mail", answer);
      return answer.body.messages;
    },
  };
}

let sharedHierarchy: Promise<CaHierarchy> | undefined;

/**
 * One RSA hierarchy per test process (key generation is the slow part), adopted by every CA started in tests; the
 * first caller's brand names it.
 */
export function testHierarchy(brand = "TrustAsia"): Promise<CaHierarchy> {
  sharedHierarchy ??= createCaHierarchy({
    brand,
    algorithm: "RSA",
    now: new Date("2025-01-01T00:00:00Z"),
    keys: { root: { algorithm: "RSA", bits: 2048 }, intermediate: { algorithm: "RSA", bits: 2048 } },
  });
  return sharedHierarchy;
}

let sharedKey: Promise<KeyPairPem> | undefined;

/** A CSR for the given names (one P-256 key per process: generation is cheap, but not free). */
export async function csrFor(...names: string[]): Promise<string> {
  sharedKey ??= generateKeyPair({ algorithm: "ECC", curve: "P-256" });
  return createCsr({ key: await sharedKey, commonName: names[0]!, names });
}

/** A temporary folder removed by `cleanup`. */
export function tempDir(prefix = "certsim-ca-"): { path: string; cleanup(): void } {
  const path = mkdtempSync(join(tmpdir(), prefix));
  return { path, cleanup: () => rmSync(path, { recursive: true, force: true }) };
}

/**
 * `openssl verify` of a leaf against a root and intermediate, at a simulated instant (`-attime`): returns
 * openssl's output; throws when it refuses.
 */
export async function opensslVerify(options: { root: string; intermediate: string; leaf: string; at: Date }) {
  const dir = tempDir("certsim-verify-");
  try {
    writeFileSync(join(dir.path, "root.pem"), options.root);
    writeFileSync(join(dir.path, "intermediate.pem"), options.intermediate);
    writeFileSync(join(dir.path, "leaf.pem"), options.leaf);
    const { stdout } = await run("openssl", [
      "verify",
      "-attime",
      String(Math.floor(options.at.getTime() / 1000)),
      "-purpose",
      "sslserver",
      "-CAfile",
      join(dir.path, "root.pem"),
      "-untrusted",
      join(dir.path, "intermediate.pem"),
      join(dir.path, "leaf.pem"),
    ]);
    return stdout;
  } finally {
    dir.cleanup();
  }
}

/** `openssl x509 -text` of a certificate. */
export async function opensslText(pem: string): Promise<string> {
  const dir = tempDir("certsim-x509-");
  try {
    writeFileSync(join(dir.path, "cert.pem"), pem);
    const { stdout } = await run("openssl", ["x509", "-in", join(dir.path, "cert.pem"), "-noout", "-text"]);
    return stdout;
  } finally {
    dir.cleanup();
  }
}
