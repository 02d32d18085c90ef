// DNSPod GM (SM2) DV end to end through the platform against the real DNSPod simulator, DNS server and clock: the
// SM2 key and CSR made online, the CNAME published at the world's DNS, issuance on the clock, and the download's
// signing and encryption pairs checked with openssl (SM-4, PAID-6).
import { hours } from "@certsim/clock";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type BrandEcosystem, startBrandEcosystem } from "./brands";
import { type Customer, openssl } from "./harness";

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
