// Paid DNSPod GM certificates through the platform against the real DNSPod simulator: the GM OV order waits in
// status 8 for its confirmation letter (SM-1), the letter is judged by content and taken once (SM-2).

import type { RunningCa } from "@certsim/ca-kit";
import { jsonClient } from "@certsim/ca-kit/testing";
import { startDnsPod } from "@certsim/dnspod";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startPlatform } from "../src";
import { ADMIN_TOKEN, type Customer, type Ecosystem, startEcosystem } from "./harness";

let eco: Ecosystem;
let dnspod: RunningCa;

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem();
  dnspod = await startDnsPod({
    clock: eco.world.clock,
    rng: eco.world.rng.fork("dnspod"),
    dbPath: ":memory:",
    dns: { host: "127.0.0.1", port: eco.world.dns.dnsPort },
    webPort: eco.world.web.port,
    worldUrl: eco.people.url,
  });
  const key = (await jsonClient(dnspod.operatorUrl).post("/operator/resellers", { name: "platform" })).body.api_key;
  // The harness's platform knows no DNSPod: start one that does, on the same world.
  await eco.platform.close();
  eco.platformOptions = {
    ...eco.platformOptions,
    dnspod: { url: dnspod.url, apiKey: key, backoffMs: 1, maxBackoffMs: 5 },
  };
  eco.platform = await startPlatform(eco.platformOptions);
  eco.admin = jsonClient(eco.platform.url, { "x-admin-token": ADMIN_TOKEN });
}, 60_000);
afterAll(async () => {
  await eco?.close();
  await dnspod?.close();
});

const ADMIN = { Name: "Han Meimei", Position: "Operations", Phone: "+86 139 0000 1111", Email: "han@acme-gm.com" };
const ORG = {
  Name: "Acme Widgets (Shenzhen) Co., Ltd.",
  City: "Shenzhen",
  Address: "1 Keji Road",
  Phone: "+86 755 8888 0000",
  RegistrationNumber: "91440300MA5ABCDE1X",
};

const gif = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write("GIF89a", 0, "latin1");
  return bytes.toString("base64");
};
const png = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(bytes);
  return bytes.toString("base64");
};

describe("DNSPod GM OV: the confirmation letter", () => {
  let cust: Customer;
  let id: string;

  beforeAll(async () => {
    cust = await eco.customer({ Type: "enterprise" });
    await eco.zone("acme-gm.com");
    const bought = await cust.api.post("/v1/certificates", { ProductId: "dnspod-ov-single-sm2", Period: 1 });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    id = bought.body.CertificateIds[0];
    const submitted = await cust.api.post(`/v1/certificates/${id}/submit`, {
      CertificateDomain: "www.acme-gm.com",
      CsrType: "online",
      CsrEncryptAlgo: "SM2",
      Organization: ORG,
      Admin: ADMIN,
      ContactSameAsAdmin: true,
      VerifyType: "DNS",
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  }, 60_000);

  it("SM-1: platform side: the committed GM OV order shows status 8 with no DCV instructions until the letter", async () => {
    const committed = await cust.api.post(`/v1/certificates/${id}/commit`, {});
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect(committed.body).toMatchObject({ Status: 8, StatusName: "Confirmation letter to upload" });
    expect(committed.body.OrderId).toMatch(/^DP/);
    const detail = await eco.detail(cust, id);
    expect(detail.Status).toBe(8);
    expect(detail.DvAuthDetail.DvAuths).toEqual([]);
    const template = await cust.api.get(`/v1/certificates/${id}/confirm-letter/template`);
    expect(template.status).toBe(200);
    const text = Buffer.from(template.body.LetterTemplate, "base64").toString("utf8");
    expect(text).toContain(ORG.Name);
    expect(text).toContain("www.acme-gm.com");
    expect(text).toContain(id);
  });

  it("SM-2: a PNG is refused by its content (named .gif); a GIF is accepted and moves the order on; a second upload is refused", async () => {
    const refused = await cust.api.post(`/v1/certificates/${id}/confirm-letter`, {
      LetterContent: png(4096),
      FileName: "letter.gif",
    });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: "InvalidParameter.LetterInvalid",
      field: "LetterContent",
      rule: "SM-2",
    });
    expect(refused.body.error.message).toContain("PNG");
    expect((await eco.detail(cust, id)).Status).toBe(8);

    const accepted = await cust.api.post(`/v1/certificates/${id}/confirm-letter`, {
      LetterContent: gif(4096),
      FileName: "letter.png",
    });
    expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
    expect(accepted.body).toMatchObject({ LetterType: "GIF", Status: 0, StatusMsg: "PENDING-DCV", Uploads: 1 });
    const detail = await eco.detail(cust, id);
    expect(detail.DvAuthDetail.DvAuths.length).toBeGreaterThan(0);
    expect(detail.DvAuthDetail.DvAuths[0].DvAuthValue).toMatch(/\.trust-provider\.com$/);

    const again = await cust.api.post(`/v1/certificates/${id}/confirm-letter`, {
      LetterContent: gif(4096),
      FileName: "letter2.gif",
    });
    expect(again.status).toBe(409);
    expect(again.body.error).toMatchObject({ code: "FailedOperation.LetterAlreadyUploaded", rule: "SM-2" });
  });
});
