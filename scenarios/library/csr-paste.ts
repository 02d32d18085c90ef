import { execFileSync } from "node:child_process";
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { defineScenario } from "../src/scenario";
import { ADMIN, buyAndSubmit, waitForDcvInstructions } from "./paid-steps";
import { days, downloadAndVerify, hostZone, publishDnsRecords, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "csr-paste",
  summary:
    "the customer makes their own key and CSR with openssl and pastes the CSR: the download holds no private key",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const own = join(ctx.out, "customer-side");
    mkdirSync(own, { recursive: true });
    const key = join(own, "paste.example.com.key");
    const csr = join(own, "paste.example.com.csr");
    execFileSync(
      "openssl",
      [
        "req",
        "-new",
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:P-256",
        "-nodes",
        "-keyout",
        key,
        "-out",
        csr,
        "-subj",
        "/CN=paste.example.com",
        "-addext",
        "subjectAltName=DNS:paste.example.com",
      ],
      { stdio: "ignore" },
    );
    ctx.say("customer", "makes a P-256 key and CSR with openssl req; the key never leaves the customer");

    const customer = await signUp(ctx);
    await hostZone(ctx, "example.com");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "WoTrus", Type: "DV", DomainType: "single", Period: 1 },
      {
        CsrType: "parse",
        CsrContent: readFileSync(csr, "utf8"),
        CertificateDomain: "paste.example.com",
        ApplicationType: "individual",
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    await publishDnsRecords(ctx, await waitForDcvInstructions(ctx, customer.client, id));
    const issued = await waitForStatus(ctx, customer.client, id, [1, 2], days(3));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);
    const saved = await downloadAndVerify(ctx, customer.client, id, {
      brand: "wotrus",
      names: ["paste.example.com"],
      expectKey: false,
    });
    const certKey = execFileSync("openssl", ["x509", "-in", saved.certificate, "-noout", "-pubkey"], {
      encoding: "utf8",
    });
    const ownKey = execFileSync("openssl", ["pkey", "-in", key, "-pubout"], { encoding: "utf8" });
    ctx.expect(certKey.trim() === ownKey.trim(), "the certificate carries the customer's own public key");
  },
});
