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
import { ADMIN_TOKEN, type Ecosystem, startEcosystem } from "./harness";

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

it("PAID-2: a series' next year survives a restart: the new instance re-arms it from the store", async () => {
  const pia = await eco.customer({ Type: "enterprise" });
  await eco.zone("pia-series.com", true);
  const id = (await pia.api.post("/v1/certificates", { ProductId: "trustasia-dv-single", Period: 2 })).body
    .CertificateIds[0];
  const submitted = await pia.api.post(`/v1/certificates/${id}/submit`, {
    CertificateDomain: "pia-series.com",
    CsrType: "online",
    CsrEncryptAlgo: "ECC",
    VerifyType: "DNS_AUTO",
    Admin: { Name: "Pia", Position: "Owner", Phone: "+86 138 0000 9999", Email: "pia@pia-series.com" },
  });
  expect(submitted.status).toBe(200);
  expect((await pia.api.post(`/v1/certificates/${id}/commit`, {})).status).toBe(200);
  await eco.world.clock.advance(hours(25));
  const issued = (await pia.api.get(`/v1/certificates/${id}`)).body;
  expect(issued.Status).toBe(1);
  expect(issued.Series.NextApplyTime).not.toBeNull();

  await eco.platform.close();
  eco.platform = await startPlatform(eco.platformOptions);
  eco.admin = jsonClient(eco.platform.url, { "x-admin-token": ADMIN_TOKEN });
  pia.api = jsonClient(eco.platform.url, { authorization: `Bearer ${pia.apiKey}` });
  const due = Date.parse(`${issued.Series.NextApplyTime.replace(" ", "T")}+08:00`);
  const failuresBefore = eco.world.clock.errors().length;
  await eco.world.clock.advanceTo(due + 60_000);
  const after = (await pia.api.get(`/v1/certificates/${id}`)).body;
  expect(after.Series.NextCertificateId).toMatch(/^[A-Za-z0-9]{8}$/);
  const next = (await pia.api.get(`/v1/certificates/${after.Series.NextCertificateId}`)).body;
  expect(next).toMatchObject({ Domain: "pia-series.com", Series: { SeriesId: id, Year: 2 } });
  expect([0, 4]).toContain(next.Status);
  // the closed instance's event did nothing (no failure on the clock, one successor only)
  expect(eco.world.clock.errors().length).toBe(failuresBefore);
  const series = (await pia.api.get("/v1/certificates?SearchKey=pia-series.com")).body.Certificates;
  expect(series).toHaveLength(2);
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
  eco.admin = jsonClient(eco.platform.url, { "x-admin-token": ADMIN_TOKEN });
  nina.api = jsonClient(eco.platform.url, { authorization: `Bearer ${nina.apiKey}` });
  expect((await nina.api.get("/v1/quota")).body.Used).toBe(1);
  expect((await nina.api.get("/v1/certificates/Crashed1")).status).toBe(404);
  // The callback URL TrustAsia holds still points at the old port; reads catch up with the CA instead.
  await eco.world.clock.advance(hours(25));
  expect((await nina.api.get(`/v1/certificates/${id}`)).body.Status).toBe(1);
  const download = await nina.api.get(`/v1/certificates/${id}/download?ServiceType=pem`);
  expect(download.status).toBe(200);
});

it("FREE-6: two platform instances on one store share quota exactly and each other's keys", async () => {
  const second = await startPlatform({ ...eco.platformOptions, reapUnplacedOnStart: false });
  try {
    const olga = await eco.customer({ Type: "enterprise", HeldFreeCertOn20230320: true });
    const viaSecond = jsonClient(second.url, { authorization: `Bearer ${olga.apiKey}` });
    const apply = (client: typeof viaSecond, i: number) =>
      client.post("/v1/free-certificates", { DomainName: `olga-${i}.com`, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" });
    const answers = await Promise.all(Array.from({ length: 40 }, (_, i) => apply(i % 2 ? viaSecond : olga.api, i)));
    expect(answers.filter((a) => a.status === 200)).toHaveLength(20);
    expect((await viaSecond.get("/v1/quota")).body.Used).toBe(20);
    // a key wrapped by one instance is opened by the other (the wrapping key lives in the store)
    await eco.zone("olga-shared.com", true);
    const first = await eco
      .apply(olga, { DomainName: "olga-shared.com", DvAuthMethod: "DNS_AUTO" })
      .catch(() => undefined);
    expect(first).toBeUndefined(); // quota is full
    const cancelId = answers.find((a) => a.status === 200)!.body.CertificateId;
    expect((await viaSecond.post(`/v1/certificates/${cancelId}/cancel`, {})).body.Status).toBe(7);
    const id = await eco.apply(olga, { DomainName: "olga-shared.com", DvAuthMethod: "DNS_AUTO" });
    await eco.world.clock.advance(hours(25));
    expect((await viaSecond.get(`/v1/certificates/${id}`)).body.Status).toBe(1);
    expect((await viaSecond.get(`/v1/certificates/${id}/download?ServiceType=iis`)).status).toBe(200);
  } finally {
    await second.close();
  }
});
