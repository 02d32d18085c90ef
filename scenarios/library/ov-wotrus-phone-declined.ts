import { defineScenario } from "../src/scenario";
import { ACME, ADMIN, buyAndSubmit, registerOrganisation, runReview, waitForDcvInstructions } from "./paid-steps";
import { hostZone, publishDnsRecords, signUp } from "./steps";

export default defineScenario({
  name: "ov-wotrus-phone-declined",
  summary: "WoTrus OV: the organisation declines the verification call, so the review fails (OV-3)",
  start: "2026-12-03T09:30:00+08:00",
  async run(ctx) {
    await registerOrganisation(ctx, "manual");
    const customer = await signUp(ctx, { Type: "enterprise", Email: ADMIN.Email, Phone: ADMIN.Phone });
    await hostZone(ctx, "acme-shop.cn");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "WoTrus", Type: "OV", DomainType: "single", Period: 1 },
      {
        CsrType: "online",
        CsrEncryptAlgo: "ECC",
        CsrKeyParameter: "prime256v1",
        CertificateDomain: "acme-shop.cn",
        ApplicationType: "organisation",
        Organization: {
          Name: ACME.name,
          RegistrationNumber: ACME.registrationNumber,
          Address: ACME.address,
          City: ACME.city,
          Phone: ACME.phone,
        },
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    await publishDnsRecords(ctx, await waitForDcvInstructions(ctx, customer.client, id));
    const done = await runReview(ctx, customer.client, id, { number: ACME.phone, answer: "declined" });
    ctx.expect(done.Status === 2, `the review failed (status ${done.Status} ${done.StatusName})`);
    ctx.expect(
      /phone|call|declin/i.test(done.StatusMsg ?? ""),
      `the reason names the declined call (${done.StatusMsg})`,
    );
  },
});
