// Paid certificates through the platform's HTTP API: the catalogue (PAID-1), the submission wizard (PAID-3, CSR-1,
// CSR-2, CSR-4, DOM-1…DOM-4), My Profile, and the series of one-year certificates (PAID-2), against the real
// TrustAsia and WoTrus simulators, DNS server and world on one manual clock.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { days, hours, minutes } from "@certsim/clock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { PRODUCTS } from "../src/catalogue/products";
import { type Customer, type Ecosystem, type Json, openssl, opensslCsr, startEcosystem } from "./harness";

const run = promisify(execFile);
let eco: Ecosystem;
let alice: Customer;

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem({ wotrus: true });
  alice = await eco.customer({ Type: "enterprise" });
});
afterAll(() => eco?.close());

const ADMIN = { Name: "Li Lei", Position: "IT manager", Phone: "+86 138 0013 8000", Email: "li.lei@paid.example" };
const ORG = {
  Name: "Paid Example Co., Ltd.",
  City: "Beijing",
  Address: "1 Chang'an Avenue",
  Phone: "+86 10 6500 0000",
  RegistrationNumber: "91110000MA00PAID1X",
};

async function buy(customer: Customer, body: Record<string, unknown>): Promise<string> {
  const answer = await customer.api.post("/v1/certificates", { Period: 1, ...body });
  if (answer.status !== 200) throw new Error(`purchase: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body.CertificateIds[0];
}

const submit = (customer: Customer, id: string, body: Record<string, unknown>) =>
  customer.api.post(`/v1/certificates/${id}/submit`, body);

async function submitted(customer: Customer, id: string, body: Record<string, unknown>): Promise<Json> {
  const answer = await submit(customer, id, body);
  if (answer.status !== 200) throw new Error(`submit: ${answer.status} ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** An openssl RSA key and CSR of the given size (CSR-4's weak-key case). */
async function opensslRsaCsr(bits: number, name: string): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "platform-rsa-csr-"));
  try {
    await run("openssl", [
      "req",
      "-new",
      "-newkey",
      `rsa:${bits}`,
      "-nodes",
      "-keyout",
      join(dir, "key.pem"),
      "-out",
      join(dir, "csr.pem"),
      "-subj",
      `/CN=${name}`,
    ]);
    return readFileSync(join(dir, "csr.pem"), "utf8");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe("PAID-1: the catalogue", () => {
  it("PAID-1: GET /v1/products lists every product with its brand, type, domain type, algorithms, DCV methods and price", async () => {
    const all = (await alice.api.get("/v1/products")).body;
    expect(all.TotalCount).toBe(PRODUCTS.length);
    const brands = new Set(all.Products.map((p: Json) => p.Brand));
    for (const brand of ["TrustAsia", "WoTrus", "GlobalSign", "DNSPod", "Sectigo", "GeoTrust"]) {
      expect(brands.has(brand)).toBe(true);
    }
    expect(all.Products.filter((p: Json) => !p.Orderable).every((p: Json) => !p.Simulated)).toBe(true);
    expect(all.Products.find((p: Json) => p.Brand === "Sectigo")).toMatchObject({ Orderable: false });
    const national = all.Products.filter((p: Json) => p.Standard === "national");
    expect(national.length).toBeGreaterThan(0);
    expect(national.every((p: Json) => JSON.stringify(p.Algorithms) === '["SM2"]')).toBe(true);
    const wildcards = all.Products.filter((p: Json) => p.DomainType === "wildcard");
    expect(wildcards.every((p: Json) => !p.VerifyTypes.includes("FILE"))).toBe(true);

    const wotrusEv = (await alice.api.get("/v1/products?Brand=WoTrus&Type=EV")).body.Products;
    expect(wotrusEv.map((p: Json) => p.DomainType).sort()).toEqual(["multi", "single"]);
    expect((await alice.api.get("/v1/products/wotrus-dv-multi")).body).toMatchObject({
      Brand: "WoTrus",
      Type: "DV",
      DomainType: "multi",
      Algorithms: ["RSA", "ECC"],
      IpBinding: false,
      Periods: [1, 2, 3],
      Price: { Currency: "CNY", PerYear: 1600, PerExtraDomainPerYear: 500 },
    });
  });

  it("PAID-1: a purchase is one certificate in status 5, priced by years and domain slots", async () => {
    const answer = await alice.api.post("/v1/certificates", { ProductId: "wotrus-dv-multi", DomainNum: 4, Period: 2 });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ Period: 2, DomainNum: 4, Price: { Currency: "CNY", Amount: 5200 } });
    expect(answer.body.CertificateIds).toHaveLength(1);
    const detail = await eco.detail(alice, answer.body.CertificateIds[0]);
    expect(detail).toMatchObject({
      Status: 5,
      StatusName: "Information to submit",
      ProductId: "wotrus-dv-multi",
      Period: 2,
      Series: { Year: 1, Years: 2, YearsRemaining: 1, NextApplyTime: null },
    });
    const byTuple = await alice.api.post("/v1/certificates", {
      Brand: "trustasia",
      Type: "ov pro",
      DomainType: "wildcard",
      Period: 1,
    });
    expect(byTuple.body.ProductId).toBe("trustasia-ov-pro-wildcard");
  });

  it("PAID-1: combinations a brand does not sell are refused naming the field", async () => {
    const cases: [Record<string, unknown>, string, string][] = [
      [{ Brand: "WoTrus", Type: "EV", DomainType: "wildcard" }, "DomainType", "InvalidParameter.PackageInvalid"],
      [{ Brand: "WoTrus", Type: "OV_PRO", DomainType: "single" }, "Type", "InvalidParameter.PackageInvalid"],
      [
        { Brand: "WoTrus", Type: "DV", DomainType: "single", Standard: "national" },
        "Standard",
        "InvalidParameter.PackageInvalid",
      ],
      [{ Brand: "Comodo", Type: "DV", DomainType: "single" }, "Brand", "InvalidParameter.PackageInvalid"],
      [{ Brand: "Sectigo", Type: "DV", DomainType: "single" }, "Brand", "FailedOperation.PackageNotOrderable"],
      [{ ProductId: "wotrus-dv-single", Period: 4 }, "Period", "InvalidParameter.PackageInvalid"],
      [{ ProductId: "wotrus-dv-multi", DomainNum: 1 }, "DomainNum", "InvalidParameter.PackageInvalid"],
      [{ ProductId: "wotrus-dv-single", DomainNum: 2 }, "DomainNum", "InvalidParameter.PackageInvalid"],
      [{ ProductId: "wotrus-ev-wildcard" }, "ProductId", "InvalidParameter.PackageInvalid"],
      [{ ProductId: "wotrus-dv-single", Type: "OV" }, "Type", "InvalidParameter.PackageInvalid"],
    ];
    for (const [body, field, code] of cases) {
      const answer = await alice.api.post("/v1/certificates", { Period: 1, ...body });
      expect(answer.status, JSON.stringify(body)).toBe(400);
      expect(answer.body.error, JSON.stringify(body)).toMatchObject({ code, field, rule: "PAID-1" });
    }
    const ev = await alice.api.post("/v1/certificates", {
      Brand: "WoTrus",
      Type: "EV",
      DomainType: "wildcard",
      Period: 1,
    });
    expect(ev.body.error.message).toContain("single, multi");
    // nothing was bought by the refusals
    const list = (await alice.api.get("/v1/certificates?Status=5&Limit=100")).body;
    expect(list.Certificates.every((c: Json) => c.ProductId !== "wotrus-ev-wildcard")).toBe(true);
  });

  it("PAID-1, DOM-4: IP addresses only where the product binds them; wildcards only on wildcard products; slots as bought", async () => {
    const gs = await buy(alice, { Brand: "GlobalSign", Type: "OV", DomainType: "single" });
    const ip = await submitted(alice, gs, { CertificateDomain: "203.0.113.10" });
    expect(ip.SubmittedData.CertificateDomain).toBe("203.0.113.10");
    expect((await eco.detail(alice, gs)).SubjectAltName).toEqual(["203.0.113.10"]);

    const wt = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "single" });
    const refusedIp = await submit(alice, wt, { CertificateDomain: "203.0.113.10" });
    expect(refusedIp.status).toBe(400);
    expect(refusedIp.body.error).toMatchObject({
      code: "InvalidParameter.DomainInvalid",
      field: "CertificateDomain",
      rule: "DOM-4",
    });
    expect(refusedIp.body.error.message).toMatch(/IP/);
    const wildcardOnSingle = await submit(alice, wt, { CertificateDomain: "*.paid-one.com" });
    expect(wildcardOnSingle.body.error).toMatchObject({ field: "CertificateDomain", rule: "DOM-4" });
    // DOM-3 before any rule: upper case and a trailing dot are normalised
    const normalised = await submitted(alice, wt, { CertificateDomain: "WWW.Paid-One.COM." });
    expect(normalised.SubmittedData.CertificateDomain).toBe("www.paid-one.com");
    expect((await eco.detail(alice, wt)).SubjectAltName).toEqual(["www.paid-one.com", "paid-one.com"]);

    const wild = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "wildcard" });
    const plain = await submit(alice, wild, { CertificateDomain: "paid-one.com" });
    expect(plain.body.error).toMatchObject({ rule: "DOM-4" });
    await submitted(alice, wild, { CertificateDomain: "*.paid-one.com" });
    const file = await submit(alice, wild, { VerifyType: "FILE" });
    expect(file.body.error).toMatchObject({
      code: "InvalidParameter.VerifyTypeInvalid",
      field: "VerifyType",
      rule: "DCV-1",
    });

    const multi = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "multi", DomainNum: 2 });
    // a DOM-2 pair takes one slot
    const pair = await submitted(alice, multi, {
      CertificateDomain: "paid-one.com",
      DomainList: ["www.paid-one.com", "paid-two.com"],
    });
    expect(pair.SubmittedData.DomainList).toEqual(["www.paid-one.com", "paid-two.com"]);
    const third = await submit(alice, multi, {
      CertificateDomain: "paid-one.com",
      DomainList: ["paid-two.com", "paid-three.com"],
    });
    expect(third.body.error).toMatchObject({ field: "DomainList[1]", rule: "DOM-4" });
    const suffix = await submit(alice, multi, { CertificateDomain: "com.cn" });
    expect(suffix.body.error).toMatchObject({ field: "CertificateDomain", rule: "DOM-5" });
  });

  it("PAID-1: a brand that is sold but whose CA is not connected cannot be committed yet; nothing changes", async () => {
    const gs = await buy(alice, { Brand: "GlobalSign", Type: "DV", DomainType: "single" });
    await submitted(alice, gs, {
      CertificateDomain: "gs-paid.com",
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS",
      Admin: ADMIN,
    });
    const commit = await alice.api.post(`/v1/certificates/${gs}/commit`, {});
    expect(commit.status).toBe(503);
    expect(commit.body.error).toMatchObject({ code: "FailedOperation.BrandNotConnected", rule: "PAID-1" });
    expect((await eco.detail(alice, gs)).Status).toBe(5);
  });
});

describe("PAID-3: application type, organisation, administrator and contact", () => {
  it("PAID-3: individual is refused for OV and EV, accepted for DV", async () => {
    const ov = await buy(alice, { Brand: "WoTrus", Type: "OV", DomainType: "single" });
    const refused = await submit(alice, ov, { ApplicationType: "individual" });
    expect(refused.status).toBe(400);
    expect(refused.body.error).toMatchObject({
      code: "InvalidParameter.ApplicationTypeInvalid",
      field: "ApplicationType",
      rule: "PAID-3",
    });
    const dv = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "single" });
    const ok = await submitted(alice, dv, { ApplicationType: "individual", Admin: ADMIN });
    expect(ok.SubmittedData).toMatchObject({ ApplicationType: "individual", Organization: null, Admin: ADMIN });
    const withOrg = await submit(alice, dv, { Organization: ORG });
    expect(withOrg.body.error).toMatchObject({ field: "Organization", rule: "PAID-3" });
  });

  it("PAID-3: commit names what is missing: organisation, administrator, contact (or same as administrator)", async () => {
    await eco.zone("paid-ov.com");
    const ov = await buy(alice, { Brand: "WoTrus", Type: "OV", DomainType: "single" });
    await submitted(alice, ov, {
      CertificateDomain: "paid-ov.com",
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS",
    });
    const commit = () => alice.api.post(`/v1/certificates/${ov}/commit`, {});
    expect((await commit()).body.error).toMatchObject({ code: "MissingParameter", field: "Organization" });
    await submitted(alice, ov, { Organization: ORG });
    expect((await commit()).body.error).toMatchObject({ code: "MissingParameter", field: "Admin" });
    await submitted(alice, ov, { Admin: ADMIN });
    expect((await commit()).body.error).toMatchObject({ code: "MissingParameter", field: "Contact" });
    const both = await submit(alice, ov, { Contact: ADMIN, ContactSameAsAdmin: true });
    expect(both.body.error).toMatchObject({ field: "Contact", rule: "PAID-3" });
    const same = await submitted(alice, ov, { ContactSameAsAdmin: true });
    expect(same.SubmittedData).toMatchObject({
      ContactSameAsAdmin: true,
      Contact: null,
      FromProfile: { Organization: false },
    });
    const placed = await commit();
    expect(placed.status).toBe(200);
    expect(placed.body).toMatchObject({ Status: 0, StatusMsg: "PRE-REVIEWING" });
  });

  it("PAID-3: My Profile entries are reviewed; new data goes back to review; a rejected entry or another account's cannot be used", async () => {
    const org = (await alice.api.post("/v1/profile/organizations", { ...ORG, Division: "Sales" })).body;
    expect(org).toMatchObject({ Name: ORG.Name, Division: "Sales", Country: "CN", ReviewState: "pending" });
    const admin = (await alice.api.post("/v1/profile/admins", ADMIN)).body;
    expect(admin.ReviewState).toBe("pending");
    await eco.admin.post(`/admin/profile/organizations/${org.OrganizationId}/review`, { Result: "approved" });
    await eco.admin.post(`/admin/profile/admins/${admin.AdminId}/review`, {
      Result: "rejected",
      Note: "no such person",
    });
    const listed = (await alice.api.get("/v1/profile/organizations")).body;
    expect(listed.Items.find((e: Json) => e.OrganizationId === org.OrganizationId).ReviewState).toBe("approved");

    const dv = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "single" });
    const rejected = await submit(alice, dv, { AdminId: admin.AdminId });
    expect(rejected.body.error).toMatchObject({ code: "FailedOperation.ProfileNotApproved", field: "AdminId" });
    expect(rejected.body.error.message).toMatch(/rejected/);
    const fromProfile = await submitted(alice, dv, {
      ApplicationType: "organisation",
      OrganizationId: org.OrganizationId,
    });
    expect(fromProfile.SubmittedData).toMatchObject({
      OrganizationId: org.OrganizationId,
      Organization: { Name: ORG.Name, Division: "Sales" },
      FromProfile: { Organization: true, Admin: false },
    });

    const changed = (
      await alice.api.put(`/v1/profile/organizations/${org.OrganizationId}`, { ...ORG, Name: "Renamed Co." })
    ).body;
    expect(changed).toMatchObject({ Name: "Renamed Co.", ReviewState: "pending" });
    expect((await submit(alice, dv, { OrganizationId: org.OrganizationId })).body.error.code).toBe(
      "FailedOperation.ProfileNotApproved",
    );
    // the application kept its copy
    expect((await eco.detail(alice, dv)).SubmittedData.Organization.Name).toBe(ORG.Name);

    const bob = await eco.customer();
    expect((await bob.api.get(`/v1/profile/organizations/${org.OrganizationId}`)).status).toBe(404);
    const bobs = await buy(bob, { Brand: "WoTrus", Type: "DV", DomainType: "single" });
    expect((await submit(bob, bobs, { OrganizationId: org.OrganizationId })).status).toBe(404);
    expect((await alice.api.delete(`/v1/profile/admins/${admin.AdminId}`)).status).toBe(200);
    expect((await alice.api.get(`/v1/profile/admins/${admin.AdminId}`)).status).toBe(404);
  });
});

describe("CSR-1, CSR-2, CSR-4 on the paid path", () => {
  let id: string;

  beforeAll(async () => {
    id = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "single" });
    await submitted(alice, id, { CertificateDomain: "csr-paid.com" });
  });

  it("CSR-1: a pasted openssl CSR with its private key is kept with the key (deployable); without it there is no key", async () => {
    const own = await opensslCsr("csr-paid.com", ["csr-paid.com", "www.csr-paid.com"]);
    const withKey = await submitted(alice, id, { CsrType: "parse", CsrContent: own.csr, PrivateKey: own.key });
    expect(withKey.SubmittedData).toMatchObject({
      CsrType: "parse",
      CsrEncryptAlgo: "ECC",
      CsrKeyParameter: "prime256v1",
    });
    expect(await eco.detail(alice, id)).toMatchObject({ HasPrivateKey: true, Deployable: true });
    const bare = await opensslCsr("csr-paid.com", ["csr-paid.com"]);
    await submitted(alice, id, { CsrType: "parse", CsrContent: bare.csr });
    const detail = await eco.detail(alice, id);
    expect(detail).toMatchObject({ HasPrivateKey: false, Deployable: false });
    expect(detail.SubmittedData.CsrContent.replace(/\s/g, "")).toBe(bare.csr.replace(/\s/g, ""));
  });

  it("CSR-4: each refusal names its reason: not PKCS#10, bad signature, weak key, names, key mismatch", async () => {
    const good = await opensslCsr("csr-paid.com", ["csr-paid.com"]);
    const der = Buffer.from(good.csr.replace(/-----[^-]+-----|\s/g, ""), "base64");
    der[der.length - 3]! ^= 0xff; // inside the signature
    const tampered = `-----BEGIN CERTIFICATE REQUEST-----\n${der.toString("base64")}\n-----END CERTIFICATE REQUEST-----\n`;
    const other = await opensslCsr("elsewhere.com", ["elsewhere.com"]);
    const weak = await opensslRsaCsr(1024, "csr-paid.com");
    const cases: [Record<string, unknown>, string, string, RegExp][] = [
      [{ CsrContent: "hello, I am not a CSR" }, "InvalidParameter.CsrInvalid", "CsrContent", /PEM or DER/],
      [{ CsrContent: tampered }, "InvalidParameter.CsrInvalid", "CsrContent", /self-signature does not verify/],
      [{ CsrContent: weak }, "InvalidParameter.CsrInvalid", "CsrContent", /RSA-1024 is too weak/],
      [{ CsrContent: other.csr }, "InvalidParameter.CsrInvalid", "CsrContent", /do not match the bound domains/],
      [
        { CsrContent: good.csr, PrivateKey: other.key },
        "InvalidParameter.PrivateKeyMismatch",
        "PrivateKey",
        /does not match the CSR's public key/,
      ],
    ];
    for (const [body, code, field, message] of cases) {
      const answer = await submit(alice, id, { CsrType: "parse", ...body });
      expect(answer.status, String(message)).toBe(400);
      expect(answer.body.error, String(message)).toMatchObject({ code, field, rule: "CSR-4" });
      expect(answer.body.error.message).toMatch(message);
    }
  });

  it("CSR-2: online generation signs with SHA-384 when asked: openssl req -verify passes and -text shows sha384", async () => {
    for (const [algo, parameter, signature] of [
      ["ECC", "secp384r1", "ecdsa-with-SHA384"],
      ["RSA", "2048", "sha384WithRSAEncryption"],
    ]) {
      const saved = await submitted(alice, id, {
        CsrType: "online",
        CsrEncryptAlgo: algo,
        CsrKeyParameter: parameter,
        SignAlgo: "SHA384",
      });
      expect(saved.SubmittedData).toMatchObject({ CsrType: "online", SignAlgo: "SHA384", CsrKeyParameter: parameter });
      const out = await openssl((d) => ["req", "-in", `${d}/csr.pem`, "-verify", "-noout", "-text"], {
        "csr.pem": saved.SubmittedData.CsrContent,
      });
      expect(out).toMatch(/verify OK/i);
      expect(out).toContain(`Signature Algorithm: ${signature}`);
      expect(out).toContain("DNS:csr-paid.com");
    }
    const sha256 = await submitted(alice, id, { CsrType: "online", CsrEncryptAlgo: "ECC" });
    const out = await openssl((d) => ["req", "-in", `${d}/csr.pem`, "-noout", "-text"], {
      "csr.pem": sha256.SubmittedData.CsrContent,
    });
    expect(out).toContain("ecdsa-with-SHA256");
    const sm3 = await submit(alice, id, { CsrType: "online", CsrEncryptAlgo: "ECC", SignAlgo: "SM3" });
    expect(sm3.body.error).toMatchObject({ field: "SignAlgo", rule: "CSR-2" });
    const sm2 = await submit(alice, id, { CsrType: "online", CsrEncryptAlgo: "SM2" });
    expect(sm2.body.error).toMatchObject({ field: "CsrEncryptAlgo", rule: "CSR-2" });
  });
});

describe("DOM-1: bound domains are frozen from commit on", () => {
  it("DOM-1: before commit a change of domains drops the CSR; after commit neither submit nor modify can change them", async () => {
    await eco.zone("frozen-paid.com");
    const id = await buy(alice, { Brand: "WoTrus", Type: "DV", DomainType: "multi", DomainNum: 2 });
    await submitted(alice, id, {
      CertificateDomain: "frozen-paid.com",
      CsrType: "online",
      CsrEncryptAlgo: "ECC",
      VerifyType: "DNS",
      Admin: ADMIN,
    });
    const changed = await submitted(alice, id, {
      CertificateDomain: "frozen-paid.com",
      DomainList: ["api.frozen-paid.com"],
    });
    expect(changed.CsrDiscarded).toBe(true);
    expect(changed.SubmittedData.CsrContent).toBeNull();
    const early = await alice.api.post(`/v1/certificates/${id}/commit`, {});
    expect(early.body.error).toMatchObject({ code: "MissingParameter", field: "CsrType" });
    await submitted(alice, id, { CsrType: "online", CsrEncryptAlgo: "ECC" });
    const committed = await alice.api.post(`/v1/certificates/${id}/commit`, {});
    expect(committed.status).toBe(200);

    const resubmit = await submit(alice, id, { CertificateDomain: "other-paid.com" });
    expect(resubmit.status).toBe(409);
    expect(resubmit.body.error).toMatchObject({ code: "FailedOperation.DomainCannotBeModified", rule: "DOM-1" });
    const modify = await alice.api.call("PATCH", `/v1/certificates/${id}`, { DomainName: "other-paid.com" });
    expect(modify.body.error).toMatchObject({ code: "FailedOperation.DomainCannotBeModified", rule: "DOM-1" });
    const info = await submit(alice, id, { Admin: { ...ADMIN, Name: "Someone Else" } });
    expect(info.body.error.code).toBe("FailedOperation.InvalidCertificateStatusCode");
    const detail = await eco.detail(alice, id);
    expect(detail.SubjectAltName).toEqual(["frozen-paid.com", "www.frozen-paid.com", "api.frozen-paid.com"]);
    expect(detail.SubmittedData.Admin.Name).toBe(ADMIN.Name);
    // the CA holds the same names
    const atCa = (await eco.wotrus!.reseller.get(`/wotrus/api/v1/orders/${committed.body.OrderId}`)).body;
    expect(atCa.certDomains).toEqual(detail.SubjectAltName);
  });
});

describe("PAID-2: a multi-year purchase is a series of one-year certificates", () => {
  let renewing = "";

  it("PAID-2: the second year is applied for automatically 30 days before the first ends, issued before it expires", async () => {
    await eco.zone("series-paid.com", true);
    await eco.zone("series-renew.com", true);
    const plain = await buy(alice, { Brand: "TrustAsia", Type: "DV", DomainType: "single", Period: 2 });
    renewing = await buy(alice, {
      Brand: "TrustAsia",
      Type: "DV",
      DomainType: "single",
      Period: 2,
      AutoRenew: true,
    });
    for (const [id, domain] of [
      [plain, "series-paid.com"],
      [renewing, "series-renew.com"],
    ]) {
      await submitted(alice, id!, {
        CertificateDomain: domain,
        CsrType: "online",
        CsrEncryptAlgo: "ECC",
        VerifyType: "DNS_AUTO",
        Admin: ADMIN,
      });
      const committed = (await alice.api.post(`/v1/certificates/${id}/commit`, {})).body;
      expect(committed).toMatchObject({ Status: 4, StatusMsg: "PENDING-DCV" });
    }
    await eco.world.clock.advance(hours(25));
    const first = await eco.detail(alice, plain);
    expect(first).toMatchObject({
      Status: 1,
      Series: { Year: 1, Years: 2, YearsRemaining: 1, NextCertificateId: null },
    });
    const end = Date.parse(first.CertEndTimeIso);
    const due = Date.parse(`${first.Series.NextApplyTime.replace(" ", "T")}+08:00`);
    expect(end - due).toBe(days(30));

    await eco.world.clock.advanceTo(due - minutes(1));
    expect((await eco.detail(alice, plain)).Series.NextCertificateId).toBeNull();
    await eco.world.clock.advanceTo(due + minutes(1));
    const afterDue = await eco.detail(alice, plain);
    const secondId = afterDue.Series.NextCertificateId;
    expect(secondId).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(afterDue.Series.NextApplyTime).toBeNull();
    const second = await eco.detail(alice, secondId);
    expect(second).toMatchObject({
      Domain: "series-paid.com",
      ProductId: "trustasia-dv-single",
      VerifyType: "DNS_AUTO",
      Series: { SeriesId: plain, Year: 2, Years: 2, YearsRemaining: 0 },
    });
    expect([0, 4]).toContain(second.Status); // committed on its own: the same information, placed with TrustAsia
    expect(second.SubmittedData.Admin).toEqual(ADMIN);
    expect(second.SubmittedData.CsrContent).not.toBe(first.SubmittedData.CsrContent);
    const logs = (await alice.api.get(`/v1/certificates/${secondId}/operation-logs`)).body.OperateLogs;
    expect(logs.map((l: Json) => l.Action).slice(0, 2)).toEqual(["series-apply", "commit"]);

    await eco.world.clock.advance(hours(25));
    const issued = await eco.detail(alice, secondId);
    expect(issued.Status).toBe(1);
    expect(Date.parse(issued.CertBeginTimeIso)).toBeLessThan(end);
    expect((await eco.detail(alice, plain)).Status).toBe(1); // the first had not expired yet
    expect(issued.Series).toMatchObject({ YearsRemaining: 0, NextApplyTime: null });
  });

  it("CSR-5: with auto-renewal on, the next certificate of the series reuses the previous CSR and key", async () => {
    expect(renewing).not.toBe("");
    const renewed = await eco.detail(alice, renewing);
    const next = await eco.detail(alice, renewed.Series.NextCertificateId);
    expect(next.SubmittedData.CsrContent).toBe(renewed.SubmittedData.CsrContent);
    expect(next.Status).toBe(1);
  });
});
