import { defineScenario } from "../src/scenario";
import { applyFree, days, downloadAndVerify, hostZone, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dv-trustasia-free-auto-dns",
  summary:
    "free TrustAsia DV certificate for a zone hosted at the platform's DNS: the platform adds the record (status 4)",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.cn", { hostedAtPlatform: true });

    const { CertificateId } = await applyFree(ctx, customer.client, {
      DomainName: "shop.example.cn",
      DvAuthMethod: "DNS_AUTO",
    });
    const applied = await customer.client.describeCertificate(CertificateId);
    ctx.say("customer", `applies for shop.example.cn with automatic DNS validation (${CertificateId})`);
    ctx.expect(
      applied.Status === 4,
      `status 4 "DNS record added automatically" (got ${applied.Status} ${applied.StatusName})`,
    );

    const issued = await waitForStatus(ctx, customer.client, CertificateId, [1, 2], days(2));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);
    await downloadAndVerify(ctx, customer.client, CertificateId, { brand: "trustasia", names: ["shop.example.cn"] });
  },
});
