// The platform keeps everything in its store: a restart on the same SQLite file loses nothing, and an application
// a crash left half-placed is undone (quota back).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { jsonClient } from "@certsim/ca-kit/testing";
import { hours } from "@certsim/clock";
import { afterAll, beforeAll, expect, it } from "vitest";
import { SqlitePlatformStore, startPlatform } from "../src";
import { draft } from "./fixtures";
import { type Ecosystem, startEcosystem } from "./harness";

let eco: Ecosystem;
let dir: string;
beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  dir = mkdtempSync(join(tmpdir(), "platform-restart-"));
  eco = await startEcosystem({ platform: { dbPath: join(dir, "platform.db") } });
});
afterAll(async () => {
  await eco?.close();
  rmSync(dir, { recursive: true, force: true });
});

it("FREE-6: a restart keeps certificates, quota, keys and API keys; a half-placed application is undone", async () => {
  const nina = await eco.customer({ Type: "enterprise" });
  await eco.zone("nina-restart.com", true);
  const id = await eco.apply(nina, { DomainName: "nina-restart.com", DvAuthMethod: "DNS_AUTO" });
  await eco.platform.close();

  // A crash in the middle of an application leaves a row in status 13 holding quota.
  const store = new SqlitePlatformStore(eco.platformOptions.dbPath);
  const begun = await store.beginApplication({
    certificate: draft("Crashed1", nina.accountId),
    limits: { platform: 0, any: 10 },
    registeredWithPlatform: false,
    at: eco.world.clock.now(),
  });
  expect(begun.ok).toBe(true);
  expect((await store.quotaUsage(nina.accountId, eco.world.clock.now())).any).toBe(2);
  await store.close();

  eco.platform = await startPlatform(eco.platformOptions);
  nina.api = jsonClient(eco.platform.url, { authorization: `Bearer ${nina.apiKey}` });
  expect((await nina.api.get("/v1/quota")).body.Used).toBe(1);
  expect((await nina.api.get("/v1/certificates/Crashed1")).status).toBe(404);
  // The callback URL TrustAsia holds still points at the old port; reads catch up with the CA instead.
  await eco.world.clock.advance(hours(25));
  expect((await nina.api.get(`/v1/certificates/${id}`)).body.Status).toBe(1);
  const download = await nina.api.get(`/v1/certificates/${id}/download?ServiceType=pem`);
  expect(download.status).toBe(200);
});
