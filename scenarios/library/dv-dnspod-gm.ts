import { join } from "node:path";
import { defineScenario } from "../src/scenario";
import { keyMatches, saveBundle, signatureAlgorithm, subjectAltNames, verifySm2Links } from "../src/verify";
import { ADMIN, buyAndSubmit, waitForDcvInstructions } from "./paid-steps";
import { days, hostZone, publishDnsRecords, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dv-dnspod-gm",
  summary:
    "DNSPod national (GM) DV: an SM2 key and SM3 CSR, CNAME DCV, a signing and an encryption certificate under an SM2 root",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.cn");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "DNSPod", Type: "DV", DomainType: "single", Standard: "national", Period: 1 },
      {
        CsrType: "online",
        CsrEncryptAlgo: "SM2",
        CsrKeyParameter: "sm2p256v1",
        SignAlgo: "SM3",
        CertificateDomain: "gm.example.cn",
        ApplicationType: "individual",
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    const released = await waitForDcvInstructions(ctx, customer.client, id);
    ctx.expect(
      released.DvAuthDetail?.DvAuths.every((a) => a.DvAuthValue.endsWith(".trust-provider.com")),
      "DNSPod asks for trust-provider.com CNAME records (DCV-3)",
    );
    await publishDnsRecords(ctx, released);
    const issued = await waitForStatus(ctx, customer.client, id, [1, 2], days(3));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);

    const download = await customer.client.download(id, "nginx");
    const saved = saveBundle(download.Content, join(ctx.out, "gm.example.cn"), "gm.example.cn");
    ctx.say("customer", `downloads the Nginx bundle into ${saved.folder}`);
    ctx.expect(
      saved.encryption,
      "the bundle holds the encryption certificate and its key besides the signing pair (SM-4)",
    );
    ctx.expect(signatureAlgorithm(saved.certificate) === "SM2-with-SM3", "the certificate is signed SM2-with-SM3");
    const roots = await ctx.ca("dnspod").roots();
    ctx.expect(roots.sm2, "DNSPod publishes its SM2 root");
    const verdicts = verifySm2Links(saved, roots.sm2!.root, ctx.clock.now());
    ctx.expect(
      verdicts.every((v) => v.endsWith(": OK")),
      "each SM2 link passes openssl verify -vfyopt distid:1234567812345678 (root → intermediate → signing and encryption)",
    );
    ctx.expect(JSON.stringify(subjectAltNames(saved.certificate)) === '["gm.example.cn"]', "the SAN is gm.example.cn");
    ctx.expect(keyMatches(saved), "the signing key matches the signing certificate");
  },
});
