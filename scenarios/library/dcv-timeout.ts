import { defineScenario } from "../src/scenario";
import { applyFree, days, hostZone, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dcv-timeout",
  summary:
    "the customer never adds the DNS record: after 7 days the review fails and the quota comes back (DCV-2, FREE-6)",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.com");
    const { CertificateId } = await applyFree(ctx, customer.client, {
      DomainName: "lazy.example.com",
      DvAuthMethod: "DNS",
    });
    ctx.say("customer", `applies for lazy.example.com (${CertificateId}) and forgets about it`);
    ctx.expect((await customer.client.quota()).Used === 1, "the application took one free certificate from the quota");

    const failed = await waitForStatus(ctx, customer.client, CertificateId, [1, 2], days(9));
    ctx.expect(failed.Status === 2, `the review failed (status ${failed.Status} ${failed.StatusName})`);
    const elapsed = new Date(ctx.clock.now()).getTime() - new Date("2026-11-27T10:00:00+08:00").getTime();
    ctx.expect(elapsed >= days(7), "not before 7 days had passed");
    ctx.expect((await customer.client.quota()).Used === 0, "the quota is given back");
  },
});
