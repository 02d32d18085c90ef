import { defineScenario } from "../src/scenario";
import { applyFree, days, hostZone, publishDnsRecords, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "caa-forbids",
  summary: "the domain's CAA record names another CA: TrustAsia refuses to issue and says why (DCV-7)",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.com");
    await ctx.dns.setRecords("example.com", "CAA", ['0 issue "letsencrypt.org"']);
    ctx.say("dns", 'example.com has CAA 0 issue "letsencrypt.org"');

    const { CertificateId } = await applyFree(ctx, customer.client, {
      DomainName: "api.example.com",
      DvAuthMethod: "DNS",
    });
    await publishDnsRecords(ctx, await customer.client.describeCertificate(CertificateId));
    const failed = await waitForStatus(ctx, customer.client, CertificateId, [1, 2], days(3));
    ctx.expect(failed.Status === 2, `the review failed (status ${failed.Status} ${failed.StatusName})`);
    const logs = await customer.client.operationLogs(CertificateId);
    const reason = [failed.StatusMsg, ...logs.OperateLogs.map((l) => l.Detail ?? "")].join(" ");
    ctx.expect(/caa/i.test(reason), `the reason names CAA (${reason.slice(0, 160)})`);
    ctx.expect((await customer.client.quota()).Used === 0, "the quota is given back");
  },
});
