import { defineScenario } from "../src/scenario";
import { applyFree, days, downloadAndVerify, hostZone, publishFiles, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dv-trustasia-free-file",
  summary: "free TrustAsia DV certificate validated by a file on the customer's web host (apex and www, DCV-5)",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.net", { web: ["example.net", "www.example.net"] });
    await ctx.web.addHost("example.net");
    await ctx.web.addHost("www.example.net");
    ctx.say("web", "website example.net and www.example.net online");

    const { CertificateId } = await applyFree(ctx, customer.client, {
      DomainName: "example.net",
      DvAuthMethod: "FILE",
      CsrEncryptAlgo: "ECC",
      CsrKeyParameter: "prime256v1",
    });
    const applied = await customer.client.describeCertificate(CertificateId);
    ctx.say("customer", `applies for example.net with file validation (${CertificateId})`);
    await publishFiles(ctx, applied);

    const issued = await waitForStatus(ctx, customer.client, CertificateId, [1, 2], days(2));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);
    await downloadAndVerify(ctx, customer.client, CertificateId, {
      brand: "trustasia",
      names: ["example.net", "www.example.net"],
    });
  },
});
