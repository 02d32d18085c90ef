// DNSPod GM (SM2) DV end to end through the platform against the real DNSPod simulator, DNS server and clock: the
// SM2 key and CSR made online, the CNAME published at the world's DNS, issuance on the clock, and the download's
// signing and encryption pairs checked with openssl (SM-4, PAID-6).
import { days, hours, minutes } from "@certsim/clock";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dnspodProgress } from "../src/adapters/dnspod";
import { type BrandEcosystem, startBrandEcosystem } from "./brands";
import { type Customer, type Json, openssl } from "./harness";

let eco: BrandEcosystem;

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startBrandEcosystem({ dnspod: true });
}, 60_000);
afterAll(() => eco?.close());

const ADMIN = { Name: "Li Lei", Position: "Operations", Phone: "+86 139 0000 2222", Email: "li@gm-dv.com" };
const DISTID = "distid:1234567812345678";
const PEMS = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g;

describe("SM-4: a DNSPod GM DV certificate end to end", () => {
  let cust: Customer;
  let id: string;
  let files: Record<string, string>;
  let sm2Roots: { root: string; intermediate: string };

  beforeAll(async () => {
    cust = await eco.customer();
    await eco.zone("gm-dv.com");
    sm2Roots = (await eco.dnspod!.operator.get("/operator/roots")).body.sm2;
  });

  it("SM-4: an SM2 DV order is placed with DNSPod, its CNAME published at the DNS server, issued on the clock; the zip holds both pairs", async () => {
    const bought = await cust.api.post("/v1/certificates", { ProductId: "dnspod-dv-single-sm2", Period: 1 });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    id = bought.body.CertificateIds[0];
    const submitted = await cust.api.post(`/v1/certificates/${id}/submit`, {
      CertificateDomain: "www.gm-dv.com",
      CsrType: "online",
      CsrEncryptAlgo: "SM2",
      VerifyType: "DNS",
      Admin: ADMIN,
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const committed = await cust.api.post(`/v1/certificates/${id}/commit`, {});
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect(committed.body).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    expect(committed.body.OrderId).toMatch(/^DP/);

    const pending = await eco.detail(cust, id);
    const auths = pending.DvAuthDetail.DvAuths;
    expect(auths).toHaveLength(1); // www.<apex> and the apex are proven by one record at the apex (DOM-2)
    expect(auths[0]).toMatchObject({ DvAuthVerifyType: "CNAME" });
    expect(auths[0].DvAuthValue).toMatch(/^[0-9a-f]{32}\.[0-9a-f]{32}\.[a-z2-7]{20}\.trust-provider\.com$/i);
    await eco.world.setRecords(auths[0].DvAuthKey, "CNAME", [auths[0].DvAuthValue]);

    await eco.world.clock.advance(hours(2));
    const issued = await eco.detail(cust, id);
    expect(issued).toMatchObject({ Status: 1, StatusName: "Issued" });

    const download = await cust.api.get(`/v1/certificates/${id}/download?ServiceType=pem`);
    expect(download.status, JSON.stringify(download.body)).toBe(200);
    const zip = unzipSync(new Uint8Array(Buffer.from(download.body.Content, "base64")));
    files = Object.fromEntries(Object.entries(zip).map(([name, data]) => [name, strFromU8(data)]));
    expect(Object.keys(files).sort()).toEqual([
      "www.gm-dv.com.key",
      "www.gm-dv.com.pem",
      "www.gm-dv.com_chain.pem",
      "www.gm-dv.com_encrypt.crt",
      "www.gm-dv.com_encrypt.key",
    ]);
    expect(files["www.gm-dv.com_encrypt.key"]).toContain("PRIVATE KEY");
    // the signing certificate the platform delivers is the one it shows in the detail
    expect(files["www.gm-dv.com.pem"]!.trim()).toBe(String(issued.CertificatePublicKey).match(PEMS)![0]!.trim());
  });

  it("SM-4: openssl x509 shows SM2-with-SM3 on both leaves; each key matches its certificate", async () => {
    const sign = files["www.gm-dv.com.pem"]!;
    const enc = files["www.gm-dv.com_encrypt.crt"]!;
    for (const [pem, usage] of [
      [sign, "Digital Signature"],
      [enc, "Key Encipherment"],
    ] as const) {
      const text = await openssl((d) => ["x509", "-in", `${d}/c.pem`, "-noout", "-text"], { "c.pem": pem });
      expect(text).toContain("Signature Algorithm: SM2-with-SM3");
      expect(text).toContain("ASN1 OID: SM2");
      expect(text).toContain("DNS:www.gm-dv.com");
      expect(text).toContain(usage);
      expect(text).toMatch(/Issuer:.*DNSPod/);
    }
    const pubOfCert = (pem: string) =>
      openssl((d) => ["x509", "-in", `${d}/c.pem`, "-pubkey", "-noout"], { "c.pem": pem });
    const pubOfKey = (pem: string) => openssl((d) => ["pkey", "-in", `${d}/k.pem`, "-pubout"], { "k.pem": pem });
    expect(await pubOfKey(files["www.gm-dv.com.key"]!)).toBe(await pubOfCert(sign));
    expect(await pubOfKey(files["www.gm-dv.com_encrypt.key"]!)).toBe(await pubOfCert(enc));
    expect(await pubOfCert(enc)).not.toBe(await pubOfCert(sign));
  });

  it("SM-4: each SM2 link passes openssl verify -vfyopt distid at the simulated instant, and fails without the ID", async () => {
    const chain = files["www.gm-dv.com_chain.pem"]!.match(PEMS)!;
    expect(chain).toHaveLength(2);
    const [intermediate, root] = chain as [string, string];
    // the chain in the zip is DNSPod's own SM2 hierarchy
    expect(intermediate.trim()).toBe(sm2Roots.intermediate.trim());
    expect(root.trim()).toBe(sm2Roots.root.trim());
    const at = String(Math.floor(eco.world.clock.nowMs() / 1000));
    const verify = (ca: string, target: string, ...extra: string[]) =>
      openssl((d) => ["verify", "-attime", at, ...extra, "-CAfile", `${d}/ca.pem`, `${d}/target.pem`], {
        "ca.pem": ca,
        "target.pem": target,
      });
    expect(await verify(sm2Roots.root, intermediate, "-vfyopt", DISTID)).toContain("target.pem: OK");
    for (const leaf of [files["www.gm-dv.com.pem"]!, files["www.gm-dv.com_encrypt.crt"]!]) {
      expect(await verify(sm2Roots.intermediate, leaf, "-vfyopt", DISTID, "-partial_chain")).toContain(
        "target.pem: OK",
      );
    }
    // OpenSSL 3.0's default ID is empty: without the GM/T 0009 ID the same links fail
    await expect(verify(sm2Roots.root, intermediate)).rejects.toThrow();
    await expect(verify(sm2Roots.intermediate, files["www.gm-dv.com.pem"]!, "-partial_chain")).rejects.toThrow();
    // a year and a day later the leaf has expired (GM keeps the product's 365 days, CERT-4 does not cap it)
    const later = String(Math.floor(eco.world.clock.nowMs() / 1000) + 366 * 86_400);
    await expect(
      openssl(
        (d) => [
          "verify",
          "-attime",
          later,
          "-vfyopt",
          DISTID,
          "-partial_chain",
          "-CAfile",
          `${d}/ca.pem`,
          `${d}/target.pem`,
        ],
        { "ca.pem": sm2Roots.intermediate, "target.pem": files["www.gm-dv.com.pem"]! },
      ),
    ).rejects.toThrow(/expired/);
  });
});

/** Organisations as the world's business registry has them (OV-5), with registered phones that confirm (OV-3). */
const ORG = {
  name: "Acme Widgets (Shenzhen) Co., Ltd.",
  registrationNumber: "91440300MA5ABCDE1X",
  address: "1 Keji Road, Nanshan District",
  city: "Shenzhen",
  phone: "+86 755 8888 0000",
};
/** Another organisation, so SM-3 (the same information approved before) does not skip its review. */
const BETA = {
  name: "Beta Tools (Guangzhou) Co., Ltd.",
  registrationNumber: "91440101MA5CDEFG2Y",
  address: "8 Tianhe Road, Tianhe District",
  city: "Guangzhou",
  phone: "+86 20 8888 1234",
};
const orgOnApplication = (o: typeof ORG, address = o.address) => ({
  Name: o.name,
  City: o.city,
  Address: address,
  Phone: o.phone,
  RegistrationNumber: o.registrationNumber,
});
const OV_ADMIN = { Name: "Han Meimei", Position: "IT manager", Phone: "+86 139 0000 1111", Email: "han@acme-gm.com" };

const gif = (size: number) => {
  const bytes = Buffer.alloc(size, 0x20);
  bytes.write("GIF89a", 0, "latin1");
  return bytes.toString("base64");
};

describe("PAID-4: DNSPod's statuses as the vendor's codes", () => {
  let cust: Customer;

  beforeAll(async () => {
    for (const org of [ORG, BETA]) {
      await eco.worldCall("POST", "/registry/organisations", org);
      await eco.worldCall("PUT", `/phones/${encodeURIComponent(org.phone)}`, { policy: "confirm" });
    }
    await eco.zone("acme-gm.com");
    cust = await eco.customer({ Type: "enterprise" });
  });

  async function placeOv(domain: string, org = ORG, address?: string): Promise<string> {
    const bought = await cust.api.post("/v1/certificates", { ProductId: "dnspod-ov-single-sm2", Period: 1 });
    expect(bought.status, JSON.stringify(bought.body)).toBe(200);
    const id = bought.body.CertificateIds[0] as string;
    const submitted = await cust.api.post(`/v1/certificates/${id}/submit`, {
      CertificateDomain: domain,
      CsrType: "online",
      CsrEncryptAlgo: "SM2",
      Organization: orgOnApplication(org, address),
      Admin: OV_ADMIN,
      ContactSameAsAdmin: true,
      VerifyType: "DNS",
    });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(200);
    const committed = await cust.api.post(`/v1/certificates/${id}/commit`, {});
    expect(committed.status, JSON.stringify(committed.body)).toBe(200);
    expect(committed.body).toMatchObject({ Status: 8, StatusName: "Confirmation letter to upload" });
    return id;
  }

  async function letterAndCname(id: string): Promise<void> {
    const uploaded = await cust.api.post(`/v1/certificates/${id}/confirm-letter`, {
      LetterContent: gif(4096),
      FileName: "letter.gif",
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(200);
    expect(uploaded.body).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    const auth = (await eco.detail(cust, id)).DvAuthDetail.DvAuths[0];
    await eco.world.setRecords(auth.DvAuthKey, "CNAME", [auth.DvAuthValue]);
  }

  const subStatuses = async (id: string) =>
    ((await cust.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs as Json[]).map((l) => ({
      from: l.StatusFrom,
      to: l.StatusTo,
      detail: l.Detail,
    }));

  it("PAID-4: a GM OV order is 8 until its letter, then 0 PENDING-DCV, 0 CA-REVIEWING after DCV, then 1 issued", async () => {
    const id = await placeOv("www.acme-gm.com");
    const waiting = await eco.detail(cust, id);
    expect(waiting).toMatchObject({ Status: 8, StatusMsg: "" });
    expect(waiting.DvAuthDetail.DvAuths).toEqual([]);
    // nothing moves while the letter is missing
    await eco.world.clock.advance(hours(24));
    expect((await eco.detail(cust, id)).Status).toBe(8);

    await letterAndCname(id);
    expect(await eco.detail(cust, id)).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    await eco.world.clock.advance(minutes(20)); // DNSPod checks every 10 minutes in the first hour
    const reviewing = await eco.detail(cust, id);
    expect(reviewing).toMatchObject({ Status: 0, StatusMsg: "CA-REVIEWING" });

    await eco.world.clock.advance(days(10)); // OV-4: 3–5 business days, then issuance within minutes
    const issued = await eco.detail(cust, id);
    expect(issued).toMatchObject({ Status: 1, StatusName: "Issued", StatusMsg: "" });
    const logs = await subStatuses(id);
    const path = logs.map((l) => `${l.to}${/^[A-Z-]+$/.test(l.detail) ? ` ${l.detail}` : ""}`);
    expect(logs.find((l) => l.to === 8)).toMatchObject({ from: 5 });
    expect(logs.some((l) => l.from === 8 && l.to === 0 && l.detail === "PENDING-DCV")).toBe(true);
    expect(path.indexOf("0 CA-REVIEWING")).toBeGreaterThan(path.indexOf("0 PENDING-DCV"));
    expect(logs.at(-1)).toMatchObject({ from: 0, to: 1 });
  });

  it("PAID-4: an organisation whose address differs from the registry fails review: 2 with the reason and the field", async () => {
    const id = await placeOv("shop.acme-gm.com", BETA, "99 Wrong Street");
    await letterAndCname(id);
    await eco.world.clock.advance(hours(2));
    const failed = await eco.detail(cust, id);
    expect(failed).toMatchObject({ Status: 2, StatusName: "Review failed" });
    expect(failed.FailureReason).toMatch(/organisation does not match the business registry/);
    expect(failed.FailureReason).toMatch(/address/);
    expect(failed.FailureReason).toContain("99 Wrong Street");
    const logs = await subStatuses(id);
    expect(logs.at(-1)).toMatchObject({ from: 0, to: 2 });
  });

  it("PAID-4: every DNSPod status has its code and sub-status", () => {
    expect(dnspodProgress("CONFIRM_LETTER_PENDING")).toEqual({ state: "letter_pending", progress: null });
    expect(dnspodProgress("DCV_PENDING")).toEqual({ state: "pending_dcv", progress: "PENDING-DCV" });
    expect(dnspodProgress("CA_REVIEWING")).toEqual({ state: "reviewing", progress: "CA-REVIEWING" });
    expect(dnspodProgress("ISSUE_PENDING")).toEqual({ state: "reviewing", progress: "WAIT-ISSUE" });
    expect(dnspodProgress("ISSUED").state).toBe("issued");
    expect(dnspodProgress("FAILED").state).toBe("failed");
    expect(dnspodProgress("CANCELLED").state).toBe("cancelled");
    expect(dnspodProgress("REVOKED").state).toBe("revoked");
  });
});
