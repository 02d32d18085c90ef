// Paid WoTrus certificates end to end against the real WoTrus simulator, DNS server, web host and world (registry,
// phone line): DV multi-domain over CNAME records (DCV-3, DCV-10), OV with an organisation from My Profile and the
// verification call answered (WT-1…WT-3, PAID-3, PAID-4), failures with their reason, cancel and revoke (PAID-7).
import { days, hours, minutes } from "@certsim/clock";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { wotrusProgress } from "../src/adapters/wotrus";
import { type Customer, type Ecosystem, type Json, openssl, startEcosystem } from "./harness";

let eco: Ecosystem;
let roots: { root: string; intermediate: string };

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem({ wotrus: true });
  roots = (await eco.wotrus!.operator.get("/operator/roots")).body;
});
afterAll(() => eco?.close());

const ADMIN = { Name: "Han Meimei", Position: "Operations", Phone: "+86 139 0000 1111", Email: "han@acme-wt.com" };

async function buy(customer: Customer, body: Record<string, unknown>): Promise<string> {
  const answer = await customer.api.post("/v1/certificates", { Brand: "WoTrus", Period: 1, ...body });
  if (answer.status !== 200) throw new Error(`purchase: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.CertificateIds[0];
}

async function submit(customer: Customer, id: string, body: Record<string, unknown>): Promise<Json> {
  const answer = await customer.api.post(`/v1/certificates/${id}/submit`, body);
  if (answer.status !== 200) throw new Error(`submit: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function commit(customer: Customer, id: string): Promise<Json> {
  const answer = await customer.api.post(`/v1/certificates/${id}/commit`, {});
  if (answer.status !== 200) throw new Error(`commit: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

async function check(customer: Customer, id: string): Promise<Json[]> {
  await eco.world.clock.advance(11_000); // DCV-10 answers a check within 10 s from the last one
  const answer = await customer.api.post(`/v1/certificates/${id}/domain-verification`, {});
  if (answer.status !== 200) throw new Error(`check: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.VerificationResults;
}

async function publishCnames(detail: Json): Promise<void> {
  for (const auth of detail.DvAuthDetail.DvAuths) {
    await eco.world.setRecords(auth.DvAuthKey, "CNAME", [auth.DvAuthValue]);
  }
}

const leafOf = (bundle: string) => bundle.slice(0, bundle.indexOf("-----END CERTIFICATE-----") + 25);

describe("WoTrus DV multi-domain over CNAME", () => {
  let dora: Customer;
  let id: string;

  beforeAll(async () => {
    dora = await eco.customer();
    await eco.zone("wt-multi.com");
    id = await buy(dora, { Type: "DV", DomainType: "multi", DomainNum: 3 });
    await submit(dora, id, {
      CertificateDomain: "wt-multi.com",
      DomainList: ["shop.wt-multi.com", "API.wt-multi.com."],
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS",
      Admin: ADMIN,
    });
  });

  it("PAID-4: commit places the order with WoTrus: status 0, PENDING-DCV, CNAME instructions in DvAuthDetail (DCV-3)", async () => {
    const committed = await commit(dora, id);
    expect(committed).toMatchObject({ CertificateId: id, Status: 0, StatusMsg: "PENDING-DCV" });
    expect(committed.OrderId).toMatch(/^WT/);
    const detail = await eco.detail(dora, id);
    expect(detail).toMatchObject({
      Brand: "WoTrus",
      ProductId: "wotrus-dv-multi",
      Domain: "wt-multi.com",
      SubjectAltName: ["wt-multi.com", "www.wt-multi.com", "shop.wt-multi.com", "api.wt-multi.com"],
      VerifyType: "DNS",
    });
    const auths = detail.DvAuthDetail.DvAuths;
    expect(auths.map((a: Json) => a.DvAuthDomain).sort()).toEqual([
      "api.wt-multi.com",
      "shop.wt-multi.com",
      "wt-multi.com",
    ]);
    for (const auth of auths) {
      expect(auth.DvAuthVerifyType).toBe("CNAME");
      expect(auth.DvAuthKey).toMatch(new RegExp(`^_[0-9a-f]{32}\\.${auth.DvAuthDomain.replace(/\./g, "\\.")}$`));
      expect(auth.DvAuthValue).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}\.[a-z2-7]{20}\.sectigo\.com$/i);
      expect(auth.DvAuthSubDomain).toBe(auth.DvAuthKey.slice(0, -".wt-multi.com".length));
    }
    // every record derives from the one CSR: the same MD5 label everywhere
    expect(new Set(auths.map((a: Json) => a.DvAuthKey.split(".")[0])).size).toBe(1);
  });

  it("DCV-10: the check reports CNAME not found (-6), then not matching (-7), then passed (1)", async () => {
    const missing = await check(dora, id);
    expect(missing).toHaveLength(3);
    expect(missing.every((r: Json) => r.LocalCheck === -6 && r.VerifyType === "DNS")).toBe(true);
    expect(missing[0].LocalCheckFailReason).toBe("CNAME record not found");

    const detail = await eco.detail(dora, id);
    const [first, ...rest] = detail.DvAuthDetail.DvAuths;
    await eco.world.setRecords(first.DvAuthKey, "CNAME", ["wrong.target.example.net"]);
    const mismatch = await check(dora, id);
    const firstResult = mismatch.find((r: Json) => r.Domain === first.DvAuthDomain);
    expect(firstResult).toMatchObject({ LocalCheck: -7, LocalCheckFailReason: "CNAME record not match" });
    expect(firstResult.CheckValue.join(" ")).toContain("wrong.target.example.net");

    await publishCnames({ DvAuthDetail: { DvAuths: [first, ...rest] } });
    const passed = await check(dora, id);
    expect(passed.map((r: Json) => r.LocalCheck)).toEqual([1, 1, 1]);
  });

  it("PAID-4: the certificate is issued (1) and verifies against WoTrus's root with every bound name", async () => {
    await eco.world.clock.advance(hours(2));
    const detail = await eco.detail(dora, id);
    expect(detail).toMatchObject({ Status: 1, StatusName: "Issued" });
    const download = (await dora.api.get(`/v1/certificates/${id}/download?ServiceType=nginx`)).body;
    const files = unzipSync(new Uint8Array(Buffer.from(download.Content, "base64")));
    const leaf = leafOf(strFromU8(files["wt-multi.com_bundle.crt"]!));
    const verified = await openssl(
      (d) => [
        "verify",
        "-attime",
        String(Math.floor(eco.world.clock.nowMs() / 1000)),
        "-CAfile",
        `${d}/root.pem`,
        "-untrusted",
        `${d}/intermediate.pem`,
        `${d}/leaf.pem`,
      ],
      { "root.pem": roots.root, "intermediate.pem": roots.intermediate, "leaf.pem": leaf },
    );
    expect(verified).toContain("OK");
    const text = await openssl((d) => ["x509", "-in", `${d}/leaf.pem`, "-noout", "-text"], { "leaf.pem": leaf });
    for (const name of detail.SubjectAltName) expect(text).toContain(`DNS:${name}`);
    expect(text).toMatch(/Issuer:.*WoTrus/);
  });

  it("PAID-7: revoking the issued certificate makes WoTrus record it", async () => {
    const serial = (await eco.detail(dora, id)).SerialNumber;
    const revoked = await dora.api.post(`/v1/certificates/${id}/revoke`, { Reason: "key compromise" });
    expect(revoked.body).toMatchObject({ Status: 10 });
    const atCa = await eco.wotrus!.operator.get(`/operator/certificates/${serial}`);
    expect(atCa.body.status).toBe("revoked");
  });
});

/** An organisation as the world's business registry has it (OV-5), with its registered phone (OV-3). */
const ACME = {
  name: "Acme Widgets (Shanghai) Co., Ltd.",
  registrationNumber: "91310000MA1FL8XQ2K",
  address: "88 Century Avenue, Pudong New Area",
  city: "Shanghai",
  phone: "+86 21 6666 0000",
};
const ACME_PHONE = "+862166660000";
/** The same organisation as the customer keeps it in My Profile. */
const ACME_PROFILE = {
  Name: ACME.name,
  Division: "IT department",
  Country: "CN",
  Province: "Shanghai",
  City: ACME.city,
  Address: ACME.address,
  Phone: "+86 21-6666-0000",
  RegistrationNumber: ACME.registrationNumber,
};

describe("WoTrus OV: organisation from My Profile, pre-review, DCV and the verification call", () => {
  let erin: Customer;
  let id: string;
  let orderNo: string;
  let orgId: string;
  let adminId: string;

  beforeAll(async () => {
    const registry = eco.people.url;
    const world = (path: string, method: string, body: unknown) =>
      fetch(`${registry}${path}`, {
        method,
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      }).then(async (r) => {
        if (!r.ok) throw new Error(`${path}: ${r.status} ${await r.text()}`);
      });
    await world("/registry/organisations", "POST", ACME);
    // The registered phone rings until someone answers it (the test does, below).
    await world(`/phones/${encodeURIComponent(ACME.phone)}`, "PUT", { policy: "manual" });
    await eco.zone("acme-wt.com");
    erin = await eco.customer({ Type: "enterprise" });
    orgId = (await erin.api.post("/v1/profile/organizations", ACME_PROFILE)).body.OrganizationId;
    adminId = (await erin.api.post("/v1/profile/admins", ADMIN)).body.AdminId;
    id = await buy(erin, { Type: "OV", DomainType: "single" });
  });

  it("PAID-3: a profile entry under review cannot fill an application; once approved it can", async () => {
    const pending = await erin.api.post(`/v1/certificates/${id}/submit`, { OrganizationId: orgId });
    expect(pending.status).toBe(400);
    expect(pending.body.error).toMatchObject({
      code: "FailedOperation.ProfileNotApproved",
      field: "OrganizationId",
      rule: "PAID-3",
    });
    for (const [kind, entry] of [
      ["organizations", orgId],
      ["admins", adminId],
    ]) {
      const reviewed = await eco.admin.post(`/admin/profile/${kind}/${entry}/review`, { Result: "approved" });
      expect(reviewed.body.ReviewState).toBe("approved");
    }
    const saved = await submit(erin, id, {
      ApplicationType: "organisation",
      OrganizationId: orgId,
      AdminId: adminId,
      ContactSameAsAdmin: true,
      CertificateDomain: "www.acme-wt.com",
      CsrType: "online",
      CsrEncryptAlgo: "RSA",
      VerifyType: "DNS",
    });
    expect(saved.SubmittedData).toMatchObject({
      ApplicationType: "organisation",
      OrganizationId: orgId,
      Organization: { Name: ACME.name, RegistrationNumber: ACME.registrationNumber, Division: "IT department" },
      AdminId: adminId,
      Admin: ADMIN,
      ContactSameAsAdmin: true,
      Contact: null,
      FromProfile: { Organization: true, Admin: true },
    });
  });

  it("WT-2: commit leaves the order in pre-review (0, PRE-REVIEWING) with no DCV instructions yet", async () => {
    const committed = await commit(erin, id);
    expect(committed).toMatchObject({ Status: 0, StatusMsg: "PRE-REVIEWING" });
    orderNo = committed.OrderId;
    const detail = await eco.detail(erin, id);
    expect(detail.DvAuthDetail.DvAuths).toEqual([]);
    const early = await erin.api.post(`/v1/certificates/${id}/domain-verification`, {});
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "FailedOperation.DcvNotReleased", rule: "WT-2" });
    // WoTrus holds the organisation, the administrator and (same as administrator) the applicant
    const atCa = (await eco.wotrus!.reseller.get(`/wotrus/api/v1/orders/${orderNo}`)).body;
    expect(atCa).toMatchObject({
      status: "PRE_REVIEW",
      validationType: "OV",
      organization: { name: ACME.name, registrationNumber: ACME.registrationNumber, city: "Shanghai" },
      administrator: { name: ADMIN.Name, email: ADMIN.Email, position: ADMIN.Position },
      applicant: { name: ADMIN.Name, email: ADMIN.Email },
    });
  });

  it("PAID-4: pre-review → PENDING-DCV → CA-REVIEWING → WAIT-ISSUE → 1 issued, once the call is answered and DCV passed (WT-1, WT-3)", async () => {
    await eco.world.clock.advance(hours(72) + minutes(1));
    const released = await eco.detail(erin, id);
    expect(released).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    expect(released.DvAuthDetail.DvAuths.length).toBeGreaterThan(0);
    expect(released.DvAuthDetail.DvAuths[0].DvAuthVerifyType).toBe("CNAME");
    await publishCnames(released);

    // The manual review called the organisation's registered phone (not the one on the application).
    const calls = (await (await fetch(`${eco.people.url}/calls?to=${encodeURIComponent(ACME_PHONE)}`)).json()) as Json;
    expect(calls.calls.length).toBeGreaterThan(0);
    const ringing = calls.calls.at(-1); // the latest call: the reviewer looks whether it was answered
    const answered = await fetch(`${eco.people.url}/calls/${ringing.id}/answer`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ outcome: "confirmed" }),
    });
    expect(answered.ok).toBe(true);

    await eco.world.clock.advance(days(12));
    const issued = await eco.detail(erin, id);
    expect(issued).toMatchObject({ Status: 1, StatusName: "Issued" });
    const logs = (await erin.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs as Json[];
    const subStatuses = logs.map((l) => l.Detail).filter((d: string) => /^[A-Z-]+$/.test(d));
    expect(subStatuses[0]).toBe("PENDING-DCV");
    expect(logs.find((l) => l.Action === "commit")).toMatchObject({ StatusFrom: 5, StatusTo: 0 });
    expect(logs.at(-1)).toMatchObject({ Action: "issued", StatusTo: 1 });
    expect(subStatuses).toContain("CA-REVIEWING");
    expect(subStatuses.indexOf("WAIT-ISSUE")).toBeGreaterThan(subStatuses.indexOf("CA-REVIEWING"));

    const leaf = issued.CertificatePublicKey as string;
    const subject = await openssl(
      (d) => ["x509", "-in", `${d}/leaf.pem`, "-noout", "-subject", "-nameopt", "multiline,utf8"],
      { "leaf.pem": leaf },
    );
    expect(subject).toMatch(/organizationName\s*=\s*Acme Widgets \(Shanghai\) Co\., Ltd\./);
    const verified = await openssl(
      (d) => [
        "verify",
        "-attime",
        String(Math.floor(eco.world.clock.nowMs() / 1000)),
        "-CAfile",
        `${d}/root.pem`,
        "-untrusted",
        `${d}/intermediate.pem`,
        `${d}/leaf.pem`,
      ],
      { "root.pem": roots.root, "intermediate.pem": roots.intermediate, "leaf.pem": leaf },
    );
    expect(verified).toContain("OK");
  });
});

describe("DCV-1: automatic DNS with WoTrus", () => {
  it("DCV-1: the platform adds WoTrus's CNAME itself once the pre-review releases it (0 PRE-REVIEWING → 4 PENDING-DCV)", async () => {
    await eco.zone("auto-wt.com", true);
    const hana = await eco.customer({ Type: "enterprise" });
    const cert = await buy(hana, { Type: "OV", DomainType: "single" });
    await submit(hana, cert, {
      Organization: ACME_PROFILE,
      Admin: ADMIN,
      ContactSameAsAdmin: true,
      CertificateDomain: "auto-wt.com",
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS_AUTO",
    });
    expect(await commit(hana, cert)).toMatchObject({ Status: 0, StatusMsg: "PRE-REVIEWING" });
    await eco.world.clock.advance(hours(73));
    const detail = await eco.detail(hana, cert);
    const auth = detail.DvAuthDetail.DvAuths[0];
    expect(auth.DvAuthVerifyType).toBe("CNAME");
    const records = (await eco.world.dnsApi.get(`/records?name=${auth.DvAuthKey}&type=CNAME`)).body.records;
    expect(JSON.stringify(records)).toContain(auth.DvAuthValue);
    const logs = (await hana.api.get(`/v1/certificates/${cert}/operation-logs`)).body.OperateLogs as Json[];
    expect(logs.some((l) => l.StatusFrom === 0 && l.StatusTo === 4 && l.Detail === "PENDING-DCV")).toBe(true);
  });
});

describe("PAID-4: WoTrus failures reach status 2 with their reason", () => {
  it("PAID-4: an organisation that differs from the registry fails naming the field; a declined call fails too", async () => {
    const frank = await eco.customer({ Type: "enterprise" });
    const other = {
      name: "Beta Tools (Hangzhou) Co., Ltd.",
      registrationNumber: "91330100MA2H3K4L5M",
      address: "9 Wensan Road, Xihu District",
      city: "Hangzhou",
      phone: "+86 571 8888 1234",
    };
    await fetch(`${eco.people.url}/registry/organisations`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(other),
    });
    await fetch(`${eco.people.url}/phones/${encodeURIComponent(other.phone)}`, {
      method: "PUT",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ policy: "decline" }),
    });
    await eco.zone("beta-wt.com");
    const orgOf = (o: typeof other, number = o.registrationNumber) => ({
      Name: o.name,
      City: o.city,
      Address: o.address,
      Phone: o.phone,
      RegistrationNumber: number,
    });
    const wrongNumber = await buy(frank, { Type: "OV", DomainType: "single" });
    const declined = await buy(frank, { Type: "OV", DomainType: "single" });
    for (const [cert, org, name] of [
      [wrongNumber, orgOf(ACME, "91310000MA1FL8XQ9Z"), "mismatch.beta-wt.com"],
      [declined, orgOf(other), "declined.beta-wt.com"],
    ] as const) {
      // new information entered on the application, not from My Profile
      const saved = await submit(frank, cert, {
        Organization: org,
        Admin: ADMIN,
        Contact: { ...ADMIN, Name: "Wang Wu", Email: "wang@beta-wt.com" },
        CertificateDomain: name,
        CsrType: "online",
        CsrEncryptAlgo: "ECC",
        VerifyType: "DNS",
      });
      expect(saved.SubmittedData.FromProfile).toEqual({ Organization: false, Admin: false });
      await commit(frank, cert);
    }
    await eco.world.clock.advance(hours(73));
    await eco.world.clock.advance(days(3));
    const mismatch = await eco.detail(frank, wrongNumber);
    expect(mismatch).toMatchObject({ Status: 2, StatusName: "Review failed" });
    expect(mismatch.FailureReason).toMatch(/organisation does not match the business registry/);
    expect(mismatch.FailureReason).toMatch(/registrationNumber/);
    const refused = await eco.detail(frank, declined);
    expect(refused).toMatchObject({ Status: 2 });
    expect(refused.FailureReason).toMatch(/declined WoTrus's verification call/);
    // PAID-5: the customer hears of it in the message box
    const box = (await frank.api.get("/v1/messages")).body.Messages as Json[];
    expect(box.map((m) => m.Content).join("\n")).toContain(wrongNumber);
  });

  it("PAID-7: an OV order in pre-review can be cancelled; WoTrus records the cancellation", async () => {
    const gail = await eco.customer({ Type: "enterprise" });
    await eco.zone("gail-wt.com");
    const cert = await buy(gail, { Type: "OV", DomainType: "single" });
    await submit(gail, cert, {
      Organization: { ...ACME_PROFILE },
      Admin: ADMIN,
      ContactSameAsAdmin: true,
      CertificateDomain: "gail-wt.com",
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS",
    });
    const committed = await commit(gail, cert);
    expect(committed.StatusMsg).toBe("PRE-REVIEWING");
    const cancelled = await gail.api.post(`/v1/certificates/${cert}/cancel`, {});
    expect(cancelled.body).toMatchObject({ Status: 7 });
    const atCa = (await eco.wotrus!.reseller.get(`/wotrus/api/v1/orders/${committed.OrderId}`)).body;
    expect(atCa.status).toBe("CANCELLED");
  });
});

describe("PAID-4: WoTrus stages as the vendor's codes", () => {
  it("PAID-4: PRE_REVIEW → 0 PRE-REVIEWING, WAIT_DCV → PENDING-DCV, REVIEWING → CA-REVIEWING, WAIT_ISSUE → WAIT-ISSUE", () => {
    expect(wotrusProgress("PRE_REVIEW")).toEqual({ state: "reviewing", progress: "PRE-REVIEWING" });
    expect(wotrusProgress("WAIT_DCV")).toEqual({ state: "pending_dcv", progress: "PENDING-DCV" });
    expect(wotrusProgress("REVIEWING")).toEqual({ state: "reviewing", progress: "CA-REVIEWING" });
    expect(wotrusProgress("WAIT_ISSUE")).toEqual({ state: "reviewing", progress: "WAIT-ISSUE" });
    expect(wotrusProgress("ISSUED").state).toBe("issued");
    expect(wotrusProgress("FAILED").state).toBe("failed");
  });
});
