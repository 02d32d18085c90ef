import { defineScenario } from "../src/scenario";
import { applyFree, days, downloadAndVerify, hostZone, publishDnsRecords, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dv-trustasia-free",
  summary: "free TrustAsia DV certificate for an apex domain, validated by a DNS TXT record the customer adds",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.com");

    const { CertificateId } = await applyFree(ctx, customer.client, {
      DomainName: "example.com",
      DvAuthMethod: "DNS",
      CsrEncryptAlgo: "RSA",
      CsrKeyParameter: "2048",
    });
    const applied = await customer.client.describeCertificate(CertificateId);
    ctx.say(
      "customer",
      `applies for a free certificate for example.com (${CertificateId}): status ${applied.Status} ${applied.StatusName}`,
    );
    ctx.expect(applied.DvAuthDetail?.DvAuths.length, "DCV instructions are shown");
    const quota = await customer.client.quota();
    ctx.expect(quota.AnyDomain.Used === 1, "one any-domain free certificate is taken from the quota (FREE-6)");

    await publishDnsRecords(ctx, applied);
    const check = await customer.client.checkDomainVerification(CertificateId);
    for (const r of check.VerificationResults) ctx.say("customer", `checks ${r.Domain}: LocalCheck ${r.LocalCheck}`);
    ctx.expect(
      check.VerificationResults.every((r) => r.LocalCheck === 1),
      "the platform's own check finds the record",
    );

    const issued = await waitForStatus(ctx, customer.client, CertificateId, [1, 2], days(2));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);
    await downloadAndVerify(ctx, customer.client, CertificateId, {
      brand: "trustasia",
      names: ["example.com", "www.example.com"],
    });

    const queries = await ctx.dns.history({ name: "_dnsauth.example.com" });
    ctx.expect(
      queries.queries.length > 0,
      "TrustAsia looked up the TXT record at the DNS server over the network (DCV-4)",
    );
    const mail = await ctx.inbox.mail(customer.Email);
    const sms = await ctx.inbox.sms(customer.Phone);
    const box = await customer.client.messages();
    ctx.expect(
      mail.length > 0 && sms.length > 0 && box.Messages.length > 0,
      "the customer is told by email, text and in-site message (PAID-5)",
    );
  },
});
