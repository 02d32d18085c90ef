// Paid GlobalSign OV/EV certificates through the platform against the real GlobalSign simulator, DNS server and
// world (registry, phone line, mailbox): the international confirmation letter judged by content and size and
// replaceable during the review (OV-1), required even with reviewed My Profile entries (OV-2), and the EV
// documents request answered by mail shown as LEGAL-REVIEWING (GS-1).

import { type JsonClient, jsonClient } from "@certsim/ca-kit/testing";
import { days, minutes } from "@certsim/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
// The typed client, from its source (the platform does not depend on it): its letter calls against this platform.
import { PlatformClient, PlatformError } from "../../client/src";
import { type BrandEcosystem, startBrandEcosystem } from "./brands";
import type { Customer, Json } from "./harness";

let eco: BrandEcosystem;
/** GlobalSign's reseller API with the platform's key: what GlobalSign itself holds. */
let gs: JsonClient;

/** An organisation as the world's business registry has it (OV-5), whose registered phone confirms (OV-3). */
const ORG = {
  name: "Acme Widgets (Beijing) Co., Ltd.",
  registrationNumber: "91110105MA01ABCD1X",
  address: "1 Jianguomen Outer Street",
  city: "Beijing",
  phone: "+86 10 8888 0000",
};
const ORGANIZATION = {
  Name: ORG.name,
  City: ORG.city,
  Address: ORG.address,
  Phone: ORG.phone,
  RegistrationNumber: ORG.registrationNumber,
};
const ADMIN = { Name: "Li Lei", Position: "IT manager", Phone: "+86 138 0013 8000", Email: "li.lei@acme-gs.com" };

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startBrandEcosystem({ globalsign: true });
  gs = jsonClient(eco.globalsign!.ca.url, { "x-gs-api-key": eco.globalsign!.apiKey });
  await eco.worldCall("POST", "/registry/organisations", ORG);
  await eco.worldCall("PUT", `/phones/${encodeURIComponent(ORG.phone)}`, { policy: "confirm" });
}, 60_000);
afterAll(() => eco?.close());

/** A file of `size` bytes that starts with `magic`. */
const fileOf = (magic: number[] | string, size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  (typeof magic === "string" ? Buffer.from(magic, "latin1") : Buffer.from(magic)).copy(bytes);
  return bytes.toString("base64");
};
const PNG = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];
const LETTER_MAX = 1_468_006;

async function place(cust: Customer, productId: string, body: Record<string, unknown>): Promise<string> {
  const bought = await cust.api.post("/v1/certificates", { ProductId: productId, Period: 1 });
  expect(bought.status, JSON.stringify(bought.body)).toBe(200);
  const id = bought.body.CertificateIds[0] as string;
  const submitted = await cust.api.post(`/v1/certificates/${id}/submit`, {
    CsrType: "online",
    CsrEncryptAlgo: "ECC",
    VerifyType: "DNS",
    ContactSameAsAdmin: true,
    ...body,
  });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
  return id;
}

async function commit(cust: Customer, id: string): Promise<Json> {
  const committed = await cust.api.post(`/v1/certificates/${id}/commit`, {});
  expect(committed.status, JSON.stringify(committed.body)).toBe(200);
  return committed.body;
}

const upload = (cust: Customer, id: string, content: string, fileName: string) =>
  cust.api.post(`/v1/certificates/${id}/confirm-letter`, { LetterContent: content, FileName: fileName });

async function publishTxt(cust: Customer, id: string): Promise<void> {
  const auths = (await eco.detail(cust, id)).DvAuthDetail.DvAuths as Json[];
  expect(auths.length).toBeGreaterThan(0);
  for (const auth of auths) {
    expect(auth.DvAuthVerifyType).toBe("TXT");
    expect(auth.DvAuthValue).toMatch(/^_globalsign-domain-verification=[a-z2-7]{32}$/);
    await eco.world.setRecords(auth.DvAuthKey, "TXT", [auth.DvAuthValue]);
  }
}

const logsOf = async (cust: Customer, id: string) =>
  ((await cust.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs as Json[]).map((l) => ({
    action: l.Action as string,
    from: l.StatusFrom as number,
    to: l.StatusTo as number,
    detail: l.Detail as string,
  }));

describe("OV-1: the international confirmation letter with GlobalSign OV", () => {
  let cust: Customer;
  let id: string;
  let orderId: string;

  beforeAll(async () => {
    cust = await eco.customer({ Type: "enterprise" });
    await eco.zone("acme-gs.com");
    id = await place(cust, "globalsign-ov-single", {
      CertificateDomain: "www.acme-gs.com",
      Organization: ORGANIZATION,
      Admin: ADMIN,
    });
    const committed = await commit(cust, id);
    expect(committed).toMatchObject({ Status: 8, StatusName: "Confirmation letter to upload" });
    orderId = committed.OrderId;
    expect(orderId).toMatch(/^GS/);
  });

  it("OV-1: the template names the organisation, the domain and GlobalSign's order", async () => {
    const template = await cust.api.get(`/v1/certificates/${id}/confirm-letter/template`);
    expect(template.status).toBe(200);
    expect(template.body).toMatchObject({ CertificateId: id, ContentType: "text/plain; charset=utf-8" });
    const text = Buffer.from(template.body.LetterTemplate, "base64").toString("utf8");
    for (const part of [ORG.name, ORG.registrationNumber, "www.acme-gs.com", orderId, "GlobalSign"]) {
      expect(text).toContain(part);
    }
  });

  it("OV-1: the type is judged by content — a text file named .pdf and a GIF are refused, nothing reaches GlobalSign", async () => {
    const text = Buffer.from("This is not a PDF, only its name says so.\n".repeat(50)).toString("base64");
    for (const [content, name, seen] of [
      [text, "letter.pdf", "of no accepted type"],
      [fileOf("GIF89a", 4096), "letter.png", "GIF"],
    ] as const) {
      const refused = await upload(cust, id, content, name);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "InvalidParameter.LetterInvalid",
        field: "LetterContent",
        rule: "OV-1",
      });
      expect(refused.body.error.message).toContain(seen);
      expect(refused.body.error.message).toContain("JPG, PNG, PDF");
    }
    expect((await eco.detail(cust, id)).Status).toBe(8);
    expect((await gs.get(`/gs/api/v2/orders/${orderId}/letter`)).body.Letters).toEqual([]);
  });

  it("OV-1: under 1 KB and over 1.4 MB are refused naming the field; exactly 1.4 MB is accepted", async () => {
    for (const [size, words] of [
      [1023, "at least 1024"],
      [LETTER_MAX + 1, `at most ${LETTER_MAX}`],
    ] as const) {
      const refused = await upload(cust, id, fileOf(PNG, size), "letter.png");
      expect(refused.status, `${size} bytes`).toBe(400);
      expect(refused.body.error).toMatchObject({ field: "LetterContent", rule: "OV-1" });
      expect(refused.body.error.message).toContain(words);
    }
    expect((await eco.detail(cust, id)).Status).toBe(8);
    // the largest letter allowed is accepted (by the platform and by GlobalSign) and moves the order on
    const largest = await upload(cust, id, fileOf(PNG, LETTER_MAX), "scan.pdf");
    expect(largest.status, JSON.stringify(largest.body)).toBe(200);
    expect(largest.body).toMatchObject({ LetterType: "PNG", LetterSize: LETTER_MAX, Uploads: 1 });
    expect(largest.body).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    const atGs = (await gs.get(`/gs/api/v2/orders/${orderId}/letter`)).body.Letters as Json[];
    expect(atGs).toHaveLength(1);
    // GlobalSign judged it by content too: a PNG named .pdf
    expect(atGs[0]).toMatchObject({ ContentType: "image/png", Size: LETTER_MAX });
  });

  it("OV-1: during the review a new letter (exactly 1 KB) is accepted and replaces the last one at GlobalSign", async () => {
    await publishTxt(cust, id);
    await eco.world.clock.advance(minutes(20)); // GlobalSign checks every 10 minutes in the first hour
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 0, StatusMsg: "CA-REVIEWING" });
    const again = await upload(cust, id, fileOf(PNG, 1024), "letter-v2.png");
    expect(again.status, JSON.stringify(again.body)).toBe(200);
    expect(again.body).toMatchObject({ LetterType: "PNG", LetterSize: 1024, Uploads: 2, Status: 0 });
    const atGs = (await gs.get(`/gs/api/v2/orders/${orderId}/letter`)).body.Letters as Json[];
    expect(atGs.map((l) => l.Size)).toEqual([LETTER_MAX, 1024]);
    expect((await gs.get(`/gs/api/v2/orders/${orderId}`)).body.ConfirmationLetter).toMatchObject({
      Uploads: 2,
      Latest: { Version: 2, FileName: "letter-v2.png" },
    });
    const letters = (await logsOf(cust, id)).filter((l) => l.action === "confirm-letter");
    expect(letters).toHaveLength(2);
    expect(letters[0]!.detail).toContain(`PNG, ${LETTER_MAX} bytes`);
  });
});

describe("OV-2: GlobalSign wants the letter even with reviewed My Profile entries", () => {
  it("OV-2: organisation and administrator from approved profile entries: the order still waits in 8 for the letter", async () => {
    const cust = await eco.customer({ Type: "enterprise" });
    await eco.zone("profile-gs.com");
    const orgId = (
      await cust.api.post("/v1/profile/organizations", {
        ...ORGANIZATION,
        Division: "IT department",
        Country: "CN",
        Province: "Beijing",
      })
    ).body.OrganizationId;
    const adminId = (await cust.api.post("/v1/profile/admins", ADMIN)).body.AdminId;
    for (const [kind, entry] of [
      ["organizations", orgId],
      ["admins", adminId],
    ]) {
      const reviewed = await eco.admin.post(`/admin/profile/${kind}/${entry}/review`, { Result: "approved" });
      expect(reviewed.body.ReviewState).toBe("approved");
    }
    const id = await place(cust, "globalsign-ov-single", {
      ApplicationType: "organisation",
      OrganizationId: orgId,
      AdminId: adminId,
      CertificateDomain: "profile-gs.com",
    });
    expect((await eco.detail(cust, id)).SubmittedData.FromProfile).toEqual({ Organization: true, Admin: true });
    const committed = await commit(cust, id);
    expect(committed).toMatchObject({ Status: 8, StatusName: "Confirmation letter to upload" });
    const detail = await eco.detail(cust, id);
    expect(detail.Status).toBe(8);
    expect(detail.DvAuthDetail.DvAuths).toEqual([]);
    // GlobalSign was told the information was reviewed, and asks for the letter all the same
    const atGs = (await gs.get(`/gs/api/v2/orders/${committed.OrderId}`)).body;
    expect(atGs).toMatchObject({
      ReviewedProfile: true,
      OrderStatusText: "WAITING_LETTER",
      ConfirmationLetter: { Required: true, Received: false },
    });
    // no DCV to check while the letter is missing
    const early = await cust.api.post(`/v1/certificates/${id}/domain-verification`, {});
    expect(early.status).toBe(409);
    expect(early.body.error.code).toBe("FailedOperation.InvalidCertificateStatusCode");
  });
});

describe("GS-1: GlobalSign EV documents answered by mail", () => {
  const EV_ADMIN = { ...ADMIN, Email: "li.lei@ev-gs.com" };

  it("GS-1: platform side: while GlobalSign waits for the mailed documents the order is LEGAL-REVIEWING; the answer by mail lets it proceed to 1", async () => {
    const cust = await eco.customer({ Type: "enterprise" });
    await eco.zone("ev-gs.com");
    const id = await place(cust, "globalsign-ev-single", {
      CertificateDomain: "www.ev-gs.com",
      Organization: ORGANIZATION,
      Admin: EV_ADMIN,
    });
    const { OrderId: orderId, Status } = await commit(cust, id);
    expect(Status).toBe(8);
    const letter = await upload(cust, id, fileOf([0xff, 0xd8, 0xff, 0xe0], 8192), "letter.jpg");
    expect(letter.body).toMatchObject({ LetterType: "JPG", Status: 0, StatusMsg: "PENDING-DCV" });
    await publishTxt(cust, id);
    await eco.world.clock.advance(minutes(20));
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 0, StatusMsg: "CA-REVIEWING" });

    // 2–3 business days after the order GlobalSign mails the requestor (the administrator, as the contact)
    const planned = (await gs.get(`/gs/api/v2/orders/${orderId}`)).body.DocumentRequest.RequestPlannedAt as string;
    await eco.world.clock.advance(Date.parse(planned) - eco.world.clock.nowMs() + minutes(1));
    const waiting = await eco.detail(cust, id);
    expect(waiting).toMatchObject({ Status: 0, StatusMsg: "LEGAL-REVIEWING" });
    const inbox = (await eco.worldCall("GET", `/mail?to=${encodeURIComponent(EV_ADMIN.Email)}`)) as Json;
    const request = (inbox.messages as Json[]).find((m) => String(m.subject).includes(orderId));
    expect(request, JSON.stringify(inbox)).toBeDefined();
    expect(request.from).toBe("documents@globalsign.example");
    // nothing moves without the answer: the vetting does not begin
    await eco.world.clock.advance(days(3));
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 0, StatusMsg: "LEGAL-REVIEWING" });

    // the applicant answers by mail, at the world, as GlobalSign's README describes
    await eco.worldCall("POST", "/mail", {
      to: request.from,
      from: EV_ADMIN.Email,
      subject: `Re: ${request.subject}`,
      body: "Attached: business licence, EV request form, subscriber agreement, bank confirmation.",
    });
    await eco.world.clock.advance(minutes(61)); // GlobalSign reads its mailbox hourly
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 0, StatusMsg: "CA-REVIEWING" });
    const atGs = (await gs.get(`/gs/api/v2/orders/${orderId}`)).body.DocumentRequest;
    expect(atGs).toMatchObject({ AnsweredBy: "MAIL" });

    await eco.world.clock.advance(days(14)); // OV-4: EV 5–7 business days
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 1, StatusName: "Issued" });
    const path = (await logsOf(cust, id)).filter((l) => /^[A-Z-]+$/.test(l.detail)).map((l) => l.detail);
    const legal = path.indexOf("LEGAL-REVIEWING");
    expect(legal).toBeGreaterThan(path.indexOf("CA-REVIEWING"));
    expect(path.slice(legal + 1)).toContain("CA-REVIEWING");
    expect((await logsOf(cust, id)).at(-1)).toMatchObject({ from: 0, to: 1 });
  });
});

describe("OV-1: the typed client's letter calls", () => {
  it("OV-1: confirmLetterTemplate and uploadConfirmLetter (bytes or base64) against a GlobalSign OV order; refusals as PlatformErrors", async () => {
    const cust = await eco.customer({ Type: "enterprise" });
    await eco.zone("client-gs.com");
    const id = await place(cust, "globalsign-ov-single", {
      CertificateDomain: "client-gs.com",
      Organization: ORGANIZATION,
      Admin: ADMIN,
    });
    await commit(cust, id);
    const client = new PlatformClient({ url: eco.platform.url, apiKey: cust.apiKey, connections: 2 });
    try {
      const template = await client.confirmLetterTemplate(id);
      expect(template).toMatchObject({ CertificateId: id, FileName: `confirmation-letter-${id}.txt` });
      expect(Buffer.from(template.LetterTemplate, "base64").toString("utf8")).toContain("client-gs.com");

      const refused = await client
        .uploadConfirmLetter(id, { content: new Uint8Array(512).fill(0x25), fileName: "letter.pdf" })
        .catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(PlatformError);
      expect(refused).toMatchObject({
        status: 400,
        code: "InvalidParameter.LetterInvalid",
        field: "LetterContent",
        rule: "OV-1",
      });

      const pdf = Buffer.alloc(2048, 0x20);
      pdf.write("%PDF-1.7\n", 0, "latin1");
      const first = await client.uploadConfirmLetter(id, { content: new Uint8Array(pdf), fileName: "letter.pdf" });
      expect(first).toMatchObject({ CertificateId: id, LetterType: "PDF", LetterSize: 2048, Uploads: 1, Status: 0 });
      const second = await client.uploadConfirmLetter(id, { LetterContent: fileOf(PNG, 3000), FileName: "scan.png" });
      expect(second).toMatchObject({ LetterType: "PNG", LetterSize: 3000, Uploads: 2 });
    } finally {
      await client.close();
    }
  });
});
