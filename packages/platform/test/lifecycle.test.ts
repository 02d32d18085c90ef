// Free certificates end to end against the real TrustAsia simulator, DNS server, web host and world.
import { hours, minutes } from "@certsim/clock";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { SqlitePlatformStore } from "../src";
import { type Customer, type Ecosystem, type Json, openssl, opensslCsr, startEcosystem } from "./harness";

let eco: Ecosystem;
let roots: { root: string; intermediate: string };

beforeAll(async () => {
  process.env.CERTSIM_LOG_ERRORS = "0";
  eco = await startEcosystem();
  roots = (await eco.caOperator.get("/operator/roots")).body;
});
afterAll(() => eco?.close());

const unzip = (download: Json) => {
  const files = unzipSync(new Uint8Array(Buffer.from(download.Content, "base64")));
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, data]));
};
const text = (bytes: Uint8Array | undefined) => strFromU8(bytes ?? new Uint8Array());

async function issueByClock(customer: Customer, id: string): Promise<Json> {
  await eco.world.clock.advance(hours(25));
  return eco.detail(customer, id);
}

describe("automatic DNS validation, issuance and download", () => {
  let carol: Customer;
  let id: string;

  beforeAll(async () => {
    carol = await eco.customer();
    await eco.zone("carol-auto.com", true);
    id = await eco.apply(carol, { DomainName: "carol-auto.com", DvAuthMethod: "DNS_AUTO", CsrEncryptAlgo: "RSA" });
  });

  it("PAID-4: DNS_AUTO adds the TXT record itself and shows status 4, sub-status PENDING-DCV", async () => {
    const detail = await eco.detail(carol, id);
    expect(detail).toMatchObject({
      Domain: "carol-auto.com",
      SubjectAltName: ["carol-auto.com", "www.carol-auto.com"],
      Status: 4,
      StatusName: "DNS record added automatically",
      StatusMsg: "PENDING-DCV",
      VerifyType: "DNS_AUTO",
      IsDNSPODResolve: true,
      Deployable: true,
    });
    const auth = detail.DvAuthDetail;
    expect(auth.DvAuths.length).toBeGreaterThan(0);
    expect(auth.DvAuthKey).toBe("_dnsauth.carol-auto.com");
    expect(auth.DvAuthKeySubDomain).toBe("_dnsauth");
    expect(auth.DvAuths[0].DvAuthVerifyType).toBe("TXT");
    // the record is really at the DNS server
    const records = (await eco.world.dnsApi.get("/records?name=_dnsauth.carol-auto.com&type=TXT")).body.records;
    expect(JSON.stringify(records)).toContain(auth.DvAuthValue);
  });

  it("DNS_AUTO is refused for a zone the platform does not host", async () => {
    await eco.zone("carol-elsewhere.com", false);
    for (const name of ["carol-elsewhere.com", "carol-nowhere.com"]) {
      const answer = await carol.api.post("/v1/free-certificates", { DomainName: name, DvAuthMethod: "DNS_AUTO" });
      expect(answer.status).toBe(400);
      expect(answer.body.error).toMatchObject({
        code: "InvalidParameter.DvAuthMethodUnsupported",
        field: "DvAuthMethod",
      });
    }
  });

  it("PAID-4: as the clock runs the certificate is issued (status 1) and every transition is logged", async () => {
    const detail = await issueByClock(carol, id);
    expect(detail).toMatchObject({ Status: 1, StatusName: "Issued", StatusMsg: "" });
    expect(detail.CertBeginTime).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(detail.CertEndTimeIso).toMatch(/\+08:00$/);
    const logs = (await carol.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs;
    const path = logs.map((l: Json) => [l.StatusFrom, l.StatusTo]);
    expect(path[0]).toEqual([null, 13]);
    expect(path[1]).toEqual([13, 4]);
    expect(path.at(-1)).toEqual([expect.any(Number), 1]);
    // each step starts where the previous ended
    for (let i = 1; i < path.length; i++) expect(path[i][0]).toBe(path[i - 1][1]);
    expect(logs.every((l: Json) => /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(l.Time))).toBe(true);
  });

  it("PAID-6: the nginx download holds the chain and the key, and openssl verifies the certificate", async () => {
    const download = (await carol.api.get(`/v1/certificates/${id}/download?ServiceType=nginx`)).body;
    expect(download.ContentType).toBe("application/zip");
    expect(download.Password).toBeUndefined();
    const files = unzip(download);
    const bundle = text(files["carol-auto.com_bundle.crt"]);
    const key = text(files["carol-auto.com.key"]);
    expect(bundle.match(/BEGIN CERTIFICATE/g)?.length).toBeGreaterThanOrEqual(2);
    const leaf = bundle.slice(0, bundle.indexOf("-----END CERTIFICATE-----") + 25);
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
    // DOM-2 in the issued certificate, and the key in the zip is the certificate's
    const textOut = await openssl((d) => ["x509", "-in", `${d}/leaf.pem`, "-noout", "-ext", "subjectAltName"], {
      "leaf.pem": leaf,
    });
    expect(textOut).toContain("DNS:carol-auto.com");
    expect(textOut).toContain("DNS:www.carol-auto.com");
    const certKey = await openssl((d) => ["x509", "-in", `${d}/leaf.pem`, "-noout", "-pubkey"], { "leaf.pem": leaf });
    const zipKey = await openssl((d) => ["pkey", "-in", `${d}/key.pem`, "-pubout"], { "key.pem": key });
    expect(zipKey).toBe(certKey);
  });

  it("PAID-6: apache, pem, iis and tomcat bundles", async () => {
    const get = async (type: string) =>
      (await carol.api.get(`/v1/certificates/${id}/download?ServiceType=${type}`)).body;
    expect(Object.keys(unzip(await get("apache"))).sort()).toEqual([
      "carol-auto.com.crt",
      "carol-auto.com.key",
      "root_bundle.crt",
    ]);
    expect(Object.keys(unzip(await get("pem"))).sort()).toEqual([
      "carol-auto.com.key",
      "carol-auto.com.pem",
      "carol-auto.com_chain.pem",
    ]);
    const iis = await get("iis");
    expect(iis.Password).toMatch(/^\S{12,}$/);
    const pfx = unzip(iis)["carol-auto.com.pfx"]!;
    const info = await openssl(
      (d) => ["pkcs12", "-in", `${d}/c.pfx`, "-passin", `pass:${iis.Password}`, "-nokeys", "-info"],
      { "c.pfx": pfx },
    );
    expect(info).toContain("BEGIN CERTIFICATE");
    const tomcat = await get("tomcat");
    expect(Object.keys(unzip(tomcat))).toContain("carol-auto.com.p12");
  });

  it("PAID-5: the issuance reached the message box, the mailbox and the phone", async () => {
    await eco.platform.flushNotifications();
    const box = (await carol.api.get("/v1/messages")).body;
    expect(box.TotalCount).toBe(1);
    expect(box.Messages[0]).toMatchObject({ CertificateId: id, Title: "Certificate issued" });
    const mail = (await fetch(`${eco.people.url}/mail?to=${encodeURIComponent(carol.email)}`).then((r) =>
      r.json(),
    )) as Json;
    expect(mail.messages).toHaveLength(1);
    expect(mail.messages[0].subject).toBe("Certificate issued");
    expect(mail.messages[0].body).toContain(id);
    const sms = (await fetch(`${eco.people.url}/sms?to=${encodeURIComponent(carol.phone)}`).then((r) =>
      r.json(),
    )) as Json;
    expect(sms.messages).toHaveLength(1);
    expect(sms.messages[0].body).toContain("carol-auto.com");
  });

  it("the automatically added record is removed after issuance (DCV-9 allows it then)", async () => {
    const records = (await eco.world.dnsApi.get("/records?name=_dnsauth.carol-auto.com&type=TXT")).body.records;
    expect(records).toEqual([]);
  });

  it("PAID-7: an issued certificate cannot be cancelled; revoking it ends its quota use", async () => {
    const before = (await carol.api.get("/v1/quota")).body;
    expect(before.Used).toBe(1);
    const cancel = await carol.api.post(`/v1/certificates/${id}/cancel`, {});
    expect(cancel.status).toBe(409);
    expect(cancel.body.error.code).toBe("FailedOperation.InvalidCertificateStatusCode");
    const revoke = await carol.api.post(`/v1/certificates/${id}/revoke`, { Reason: "key compromise" });
    expect(revoke.body).toEqual({ CertificateId: id, Status: 10 });
    expect((await carol.api.get("/v1/quota")).body.Used).toBe(0);
    const serial = (await eco.detail(carol, id)).SerialNumber;
    expect((await eco.caOperator.get(`/operator/certificates/${serial}`)).body.status).toBe("revoked");
    const logs = (await carol.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs;
    expect(logs.slice(-2).map((l: Json) => [l.Action, l.StatusFrom, l.StatusTo])).toEqual([
      ["revoke-requested", 1, 9],
      ["revoked", 9, 10],
    ]);
    expect((await carol.api.get(`/v1/certificates/${id}/download?ServiceType=nginx`)).status).toBe(409);
  });
});

describe("manual DNS and file validation", () => {
  let dave: Customer;
  beforeAll(async () => {
    dave = await eco.customer();
  });

  it("DCV-10: check now reports missing (-1), mismatch (-2) with the value seen, then passed (1)", async () => {
    await eco.zone("dave-dns.com");
    const id = await eco.apply(dave, { DomainName: "dave-dns.com", DvAuthMethod: "DNS" });
    const detail = await eco.detail(dave, id);
    expect(detail).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV", VerifyType: "DNS" });
    const { DvAuthKey: host, DvAuthValue: value } = detail.DvAuthDetail;
    const check = async () =>
      (await dave.api.post(`/v1/certificates/${id}/domain-verification`, {})).body.VerificationResults;

    const missing = await check();
    expect(missing[0]).toMatchObject({
      Domain: "dave-dns.com",
      VerifyType: "DNS",
      LocalCheck: -1,
      CaCheck: 0,
      CheckValue: [],
    });
    expect(missing[0].LocalCheckFailReason).not.toBe("");

    await eco.world.clock.advance(minutes(1)); // past the "too frequently" window
    await eco.world.setRecords(host, "TXT", ["not-the-value"]);
    const wrong = await check();
    expect(wrong[0]).toMatchObject({ LocalCheck: -2, CaCheck: 0, CheckValue: ["not-the-value"], Frequently: false });

    // a second check at once answers from the last one
    const again = await check();
    expect(again[0]).toMatchObject({ LocalCheck: -2, Frequently: true });

    await eco.world.clock.advance(minutes(1));
    await eco.world.setRecords(host, "TXT", [value]);
    const good = await check();
    expect(good[0]).toMatchObject({ LocalCheck: 1, CaCheck: 1, CheckValue: [value], LocalCheckFailReason: "" });
    const after = await issueByClock(dave, id);
    expect(after.Status).toBe(1);
  });

  it("PAID-4: the sub-status follows the CA: PENDING-DCV, CA-REVIEWING, WAIT-ISSUE, each change logged", async () => {
    await eco.zone("dave-steps.com");
    const id = await eco.apply(dave, { DomainName: "dave-steps.com" });
    const { DvAuthKey, DvAuthValue } = (await eco.detail(dave, id)).DvAuthDetail;
    await eco.world.setRecords(DvAuthKey, "TXT", [DvAuthValue]);
    expect(
      (await dave.api.post(`/v1/certificates/${id}/domain-verification`, {})).body.VerificationResults[0].LocalCheck,
    ).toBe(1);
    expect(await eco.detail(dave, id)).toMatchObject({ Status: 0, StatusMsg: "CA-REVIEWING" });
    const caId = (await eco.caOperator.get("/operator/orders")).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    ).order_id;
    const plan = (await eco.caOperator.get(`/operator/orders/${caId}`)).body;
    const reviewAt = Date.parse(plan.review_at);
    const issueAt = Date.parse(plan.issue_at);
    expect(reviewAt).toBeLessThan(issueAt);
    await eco.world.clock.advanceTo(reviewAt + 1000);
    expect(await eco.detail(dave, id)).toMatchObject({ Status: 0, StatusMsg: "WAIT-ISSUE" });
    await eco.world.clock.advanceTo(issueAt + 1000);
    expect(await eco.detail(dave, id)).toMatchObject({ Status: 1, StatusMsg: "" });
    const logs = (await dave.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs;
    expect(logs.map((l: Json) => [l.StatusFrom, l.StatusTo, l.Detail.split(",")[0]])).toEqual([
      [null, 13, "quota: any"],
      [13, 0, expect.stringContaining("placed with TrustAsia")],
      [0, 0, "CA-REVIEWING"],
      [0, 0, "WAIT-ISSUE"],
      [0, 1, expect.stringMatching(/^serial /)],
    ]);
  });

  it("DCV-10: file validation reports -4 (not found) and -5 (not match)", async () => {
    await eco.zone("dave-file.com");
    const id = await eco.apply(dave, { DomainName: "dave-file.com", DvAuthMethod: "FILE" });
    const auth = (await eco.detail(dave, id)).DvAuthDetail;
    expect(auth.DvAuthPath).toBe("/.well-known/pki-validation/fileauth.txt");
    expect(auth.DvAuthKey).toBe("fileauth.txt");
    const check = async () => {
      await eco.world.clock.advance(minutes(1));
      return (await dave.api.post(`/v1/certificates/${id}/domain-verification`, {})).body.VerificationResults;
    };
    expect((await check())[0]).toMatchObject({ VerifyType: "FILE", LocalCheck: -4 });
    for (const host of ["dave-file.com", "www.dave-file.com"]) await eco.world.putFile(host, auth.DvAuthPath, "wrong");
    expect((await check())[0]).toMatchObject({ LocalCheck: -5, CheckValue: ["wrong"] });
    for (const host of ["dave-file.com", "www.dave-file.com"])
      await eco.world.putFile(host, auth.DvAuthPath, auth.DvAuthValue);
    expect((await check())[0]).toMatchObject({ VerifyType: "FILE", LocalCheck: 1, CaCheck: 1 });
  });

  it("PAID-7, FREE-6: cancelling before issuance gives the quota back", async () => {
    const erin = await eco.customer();
    const id = await eco.apply(erin, { DomainName: "erin-cancel.com" });
    expect((await erin.api.get("/v1/quota")).body.Used).toBe(1);
    const cancelled = await erin.api.post(`/v1/certificates/${id}/cancel`, {});
    expect(cancelled.body).toEqual({ CertificateId: id, Status: 7 });
    expect((await erin.api.get("/v1/quota")).body.Used).toBe(0);
    const caOrder = (await eco.caOperator.get(`/operator/orders?status=cancelled`)).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    );
    expect(caOrder).toBeDefined();
    const logs = (await erin.api.get(`/v1/certificates/${id}/operation-logs`)).body.OperateLogs;
    expect(logs.slice(-2).map((l: Json) => [l.StatusFrom, l.StatusTo])).toEqual([
      [0, 6],
      [6, 7],
    ]);
    expect((await erin.api.post(`/v1/certificates/${id}/cancel`, {})).status).toBe(409);
  });

  it("PAID-5, FREE-6: a review failure is notified three ways and gives the quota back", async () => {
    const frank = await eco.customer();
    await eco.zone("frank-reject.com");
    const id = await eco.apply(frank, { DomainName: "frank-reject.com", ContactEmail: "ops@frank.example" });
    const { DvAuthKey, DvAuthValue } = (await eco.detail(frank, id)).DvAuthDetail;
    await eco.world.setRecords(DvAuthKey, "TXT", [DvAuthValue]);
    // hold the order in review so the operator can reject it
    await eco.world.clock.advance(minutes(11));
    const detail = await eco.detail(frank, id);
    if (detail.Status === 1) throw new Error("issued before the operator could reject it");
    const caOrderId = (await eco.caOperator.get("/operator/orders")).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    ).order_id;
    const rejected = await eco.caOperator.post(`/operator/orders/${caOrderId}/reject`, { reason: "documents unclear" });
    expect(rejected.status).toBe(200);
    await eco.world.clock.runUntilIdle({ until: eco.world.clock.nowMs() });
    const failed = await eco.detail(frank, id);
    expect(failed).toMatchObject({ Status: 2, StatusName: "Review failed" });
    expect(failed.StatusMsg).toContain("documents unclear");
    expect((await frank.api.get("/v1/quota")).body.Used).toBe(0);
    await eco.platform.flushNotifications();
    expect((await frank.api.get("/v1/messages")).body.Messages[0]).toMatchObject({
      Title: "Certificate review failed",
    });
    const mail = (await fetch(`${eco.people.url}/mail?to=ops@frank.example`).then((r) => r.json())) as Json;
    expect(mail.messages[0].body).toContain("documents unclear");
    const sms = (await fetch(`${eco.people.url}/sms?to=${encodeURIComponent(frank.phone)}`).then((r) =>
      r.json(),
    )) as Json;
    expect(sms.messages).toHaveLength(1);
  });
});

describe("keys and CSRs", () => {
  it("CSR-1: online generation: the platform keeps the key, the CSR passes openssl req -verify", async () => {
    const gina = await eco.customer();
    for (const [algo, param, expectText] of [
      ["RSA", "2048", "2048 bit"],
      ["RSA", "4096", "4096 bit"],
      ["ECC", "prime256v1", "prime256v1"],
      ["ECC", "secp384r1", "secp384r1"],
    ] as const) {
      const domain = `gina-${param}.com`;
      const id = await eco.apply(gina, { DomainName: domain, CsrEncryptAlgo: algo, CsrKeyParameter: param });
      const record = await eco.platform.store.getCertificate(id);
      expect(record?.csrSource).toBe("online");
      expect(record?.privateKey).toContain("CERTSIM WRAPPED PRIVATE KEY");
      expect(record?.privateKey).not.toContain("BEGIN PRIVATE KEY");
      const out = await openssl((d) => ["req", "-in", `${d}/csr.pem`, "-noout", "-verify", "-text"], {
        "csr.pem": record!.csrPem!,
      });
      expect(out).toMatch(/verify OK|Certificate request self-signature verify OK/);
      expect(out).toContain(expectText);
      expect(out).toContain(`DNS:${domain}`);
      expect(out).toContain(`DNS:www.${domain}`);
      expect((await eco.detail(gina, id)).Deployable).toBe(true);
    }
  }, 30_000); // RSA-4096 generation alone can take seconds on a busy machine

  it("CSR-3: a key password encrypts the stored key (openssl pkey -passin opens it) and makes it not deployable", async () => {
    const hana = await eco.customer();
    await eco.zone("hana-secret.com", true);
    const password = "Correct Horse 9";
    const id = await eco.apply(hana, {
      DomainName: "hana-secret.com",
      DvAuthMethod: "DNS_AUTO",
      CsrKeyPassword: password,
    });
    const record = await eco.platform.store.getCertificate(id);
    expect(record?.privateKey).toContain("BEGIN ENCRYPTED PRIVATE KEY");
    const raw = JSON.stringify(
      (eco.platform.store as SqlitePlatformStore).db.prepare("SELECT * FROM certificates WHERE id = ?").get(id),
    );
    expect(raw).not.toContain(password);
    const opened = await openssl(
      (d) => ["pkey", "-in", `${d}/k.pem`, "-passin", `pass:${password}`, "-noout", "-text"],
      {
        "k.pem": record!.privateKey!,
      },
    );
    expect(opened).toContain("Private-Key");
    await expect(
      openssl((d) => ["pkey", "-in", `${d}/k.pem`, "-passin", "pass:wrong", "-noout"], {
        "k.pem": record!.privateKey!,
      }),
    ).rejects.toThrow();
    const detail = await issueByClock(hana, id);
    expect(detail).toMatchObject({ Status: 1, Deployable: false, KeyPasswordProtected: true });

    // nginx: the key stays encrypted; IIS: the customer's password opens the PFX and is not echoed back
    const nginx = unzip((await hana.api.get(`/v1/certificates/${id}/download?ServiceType=nginx`)).body);
    expect(text(nginx["hana-secret.com.key"])).toContain("ENCRYPTED PRIVATE KEY");
    const noPassword = await hana.api.get(`/v1/certificates/${id}/download?ServiceType=iis`);
    expect(noPassword.status).toBe(400);
    expect(noPassword.body.error.field).toBe("KeyPassword");
    const wrong = await fetch(`${eco.platform.url}/v1/certificates/${id}/download?ServiceType=iis`, {
      headers: { authorization: `Bearer ${hana.apiKey}`, "x-key-password": "nope" },
    });
    expect(((await wrong.json()) as Json).error.code).toBe("InvalidParameter.KeyPasswordWrong");
    const iis = (await fetch(`${eco.platform.url}/v1/certificates/${id}/download?ServiceType=iis`, {
      headers: { authorization: `Bearer ${hana.apiKey}`, "x-key-password": password },
    }).then((r) => r.json())) as Json;
    expect(iis.Password).toBeUndefined();
    const pfx = unzip(iis)["hana-secret.com.pfx"]!;
    const info = await openssl(
      (d) => ["pkcs12", "-in", `${d}/c.pfx`, "-passin", `pass:${password}`, "-nodes", "-info"],
      { "c.pfx": pfx },
    );
    expect(info).toContain("BEGIN PRIVATE KEY");
  });

  it("CSR-4: a pasted CSR (CSR-1) is checked against the bound name and its key; without its key there is no key to download", async () => {
    const ivan = await eco.customer();
    const { csr, key: privateKey } = await opensslCsr("ivan-paste.com", ["ivan-paste.com", "www.ivan-paste.com"]);
    const mismatch = await ivan.api.post("/v1/free-certificates", {
      DomainName: "ivan-other.com",
      DvAuthMethod: "DNS",
      Csr: csr,
    });
    expect(mismatch.status).toBe(400);
    expect(mismatch.body.error).toMatchObject({ code: "InvalidParameter.CsrInvalid", field: "Csr", rule: "CSR-4" });
    const otherKey = (await opensslCsr("ivan-paste.com", ["ivan-paste.com"])).key;
    const wrongKey = await ivan.api.post("/v1/free-certificates", {
      DomainName: "ivan-paste.com",
      DvAuthMethod: "DNS",
      Csr: csr,
      PrivateKey: otherKey,
    });
    expect(wrongKey.body.error).toMatchObject({ code: "InvalidParameter.PrivateKeyMismatch", field: "PrivateKey" });
    expect((await ivan.api.get("/v1/quota")).body.Used).toBe(0);

    await eco.zone("ivan-paste.com", true);
    const id = await eco.apply(ivan, {
      DomainName: "ivan-paste.com",
      DvAuthMethod: "DNS_AUTO",
      Csr: csr,
      CsrEncryptAlgo: undefined,
    });
    const detail = await issueByClock(ivan, id);
    expect(detail).toMatchObject({ Status: 1, CsrSource: "pasted", HasPrivateKey: false, Deployable: false });
    const nginx = unzip((await ivan.api.get(`/v1/certificates/${id}/download?ServiceType=nginx`)).body);
    expect(Object.keys(nginx)).toEqual(["ivan-paste.com_bundle.crt"]);
    const iis = await ivan.api.get(`/v1/certificates/${id}/download?ServiceType=iis`);
    expect(iis.status).toBe(400);
    expect(iis.body.error.code).toBe("FailedOperation.CertificateKeyUnavailable");

    // with its key uploaded, the same CSR gives a deployable certificate
    const withKey = await eco.apply(ivan, {
      DomainName: "www.ivan-paste.com",
      DvAuthMethod: "DNS_AUTO",
      Csr: csr,
      PrivateKey: privateKey,
      CsrEncryptAlgo: undefined,
    });
    expect((await eco.detail(ivan, withKey)).Deployable).toBe(true);
  });
});

describe("renewal", () => {
  it("FREE-9: a free certificate cannot be renewed, issued or not", async () => {
    const kate = await eco.customer();
    await eco.zone("kate-renew.com", true);
    const id = await eco.apply(kate, { DomainName: "kate-renew.com", DvAuthMethod: "DNS_AUTO" });
    const early = await kate.api.post(`/v1/certificates/${id}/renew`, {});
    expect(early.status).toBe(400);
    expect(early.body.error).toMatchObject({ code: "FailedOperation.RenewNotAllowed", rule: "FREE-9" });
    expect((await issueByClock(kate, id)).Status).toBe(1);
    const issued = await kate.api.post(`/v1/certificates/${id}/renew`, {});
    expect(issued.body.error).toMatchObject({ code: "FailedOperation.RenewNotAllowed", rule: "FREE-9" });
    expect((await kate.api.get("/v1/certificates")).body.TotalCount).toBe(1);
    const other = await eco.customer();
    expect((await other.api.post(`/v1/certificates/${id}/renew`, {})).status).toBe(404);
  });
});

describe("the bound domain", () => {
  it("DOM-1: the bound domain cannot be changed after submission; the alias can", async () => {
    const jack = await eco.customer();
    const id = await eco.apply(jack, { DomainName: "jack-fixed.com" });
    for (const body of [
      { DomainName: "jack-other.com" },
      { DomainName: "jack-fixed.com" },
      { Alias: "x", DomainName: "www.jack-fixed.com" },
    ]) {
      const answer = await jack.api.call("PATCH", `/v1/certificates/${id}`, body);
      expect(answer.status).toBe(409);
      expect(answer.body.error).toMatchObject({
        code: "FailedOperation.DomainCannotBeModified",
        rule: "DOM-1",
        field: "DomainName",
      });
    }
    // a re-application with the same ID is not a thing: the apply route takes no certificate ID
    const sneaky = await jack.api.post("/v1/free-certificates", {
      DomainName: "jack-other.com",
      DvAuthMethod: "DNS",
      CertificateId: id,
    });
    expect(sneaky.status).toBe(400);
    expect(sneaky.body.error.field).toBe("CertificateId");
    const renamed = await jack.api.call("PATCH", `/v1/certificates/${id}`, { Alias: "shop" });
    expect(renamed.body).toMatchObject({ Alias: "shop", Domain: "jack-fixed.com" });
    const caOrder = (await eco.caOperator.get("/operator/orders")).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    );
    expect(caOrder.domains).toEqual(["jack-fixed.com"]);
  });
});
