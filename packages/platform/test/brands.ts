// The harness's ecosystem with DNSPod and GlobalSign beside it: both real simulators on the same world (clock, DNS,
// web host, registry, phone line, mailbox) and a platform restarted with connections to them.
import type { RunningCa } from "@certsim/ca-kit";
import { type JsonClient, jsonClient } from "@certsim/ca-kit/testing";
import { startDnsPod } from "@certsim/dnspod";
import { startGlobalSign } from "@certsim/globalsign";
import { startPlatform } from "../src";
import { ADMIN_TOKEN, type Ecosystem, startEcosystem } from "./harness";

export interface BrandCa {
  ca: RunningCa;
  operator: JsonClient;
  /** The platform's key at this CA. */
  apiKey: string;
}

export interface BrandEcosystem extends Ecosystem {
  dnspod?: BrandCa;
  globalsign?: BrandCa;
  /** A call to the world's API (registry, phones, mail) that must succeed. */
  worldCall(method: string, path: string, body?: unknown): Promise<unknown>;
}

export async function startBrandEcosystem(which: { dnspod?: boolean; globalsign?: boolean }): Promise<BrandEcosystem> {
  const eco = (await startEcosystem()) as BrandEcosystem;
  const shared = {
    clock: eco.world.clock,
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: eco.world.dns.dnsPort },
    webPort: eco.world.web.port,
    worldUrl: eco.people.url,
  };
  const signUp = async (ca: RunningCa): Promise<BrandCa> => {
    const operator = jsonClient(ca.operatorUrl);
    const apiKey = (await operator.post("/operator/resellers", { name: "platform" })).body.api_key as string;
    return { ca, operator, apiKey };
  };
  if (which.dnspod) eco.dnspod = await signUp(await startDnsPod({ ...shared, rng: eco.world.rng.fork("dnspod") }));
  if (which.globalsign) {
    eco.globalsign = await signUp(await startGlobalSign({ ...shared, rng: eco.world.rng.fork("globalsign") }));
  }
  const connection = (b: BrandCa) => ({ url: b.ca.url, apiKey: b.apiKey, backoffMs: 1, maxBackoffMs: 5 });
  // The harness's platform knows neither brand: start one that does, on the same world.
  await eco.platform.close();
  eco.platformOptions = {
    ...eco.platformOptions,
    ...(eco.dnspod ? { dnspod: connection(eco.dnspod) } : {}),
    ...(eco.globalsign ? { globalsign: connection(eco.globalsign) } : {}),
  };
  eco.platform = await startPlatform(eco.platformOptions);
  eco.admin = jsonClient(eco.platform.url, { "x-admin-token": ADMIN_TOKEN });
  const close = eco.close.bind(eco);
  eco.close = async () => {
    await close();
    await eco.dnspod?.ca.close();
    await eco.globalsign?.ca.close();
  };
  eco.worldCall = async (method, path, body) => {
    const answer = await fetch(`${eco.people.url}${path}`, {
      method,
      headers: { "content-type": "application/json" },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await answer.text();
    if (!answer.ok) throw new Error(`world ${method} ${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };
  return eco;
}
