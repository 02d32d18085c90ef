import { defineScenario } from "../src/scenario";
import { ACME, ADMIN, buyAndSubmit, registerOrganisation, runReview, waitForDcvInstructions } from "./paid-steps";
import { hostZone, publishDnsRecords, signUp } from "./steps";

export default defineScenario({
  name: "ov-wotrus-registry-mismatch",
  summary:
    "WoTrus OV: the address given differs from the business registry's, so the review fails naming the field (OV-5)",
  start: "2026-12-03T09:30:00+08:00",
  async run(ctx) {
    await registerOrganisation(ctx, "confirm");
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
          Address: "1 Old Factory Lane, Bao'an District",
          City: ACME.city,
          Phone: ACME.phone,
        },
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    await publishDnsRecords(ctx, await waitForDcvInstructions(ctx, customer.client, id));
    const done = await runReview(ctx, customer.client, id, { number: ACME.phone });
    ctx.expect(done.Status === 2, `the review failed (status ${done.Status} ${done.StatusName})`);
    ctx.expect(/address/i.test(done.StatusMsg ?? ""), `the reason names the address (${done.StatusMsg})`);
  },
});
