import { defineScenario } from "../src/scenario";
import { ACME, ADMIN, buyAndSubmit, registerOrganisation, runReview, waitForDcvInstructions } from "./paid-steps";
import { downloadAndVerify, hostZone, publishDnsRecords, signUp } from "./steps";

export default defineScenario({
  name: "ev-wotrus",
  summary: "WoTrus EV: like OV, with 5–7 business days of review and the registration number in the subject",
  start: "2026-12-03T09:30:00+08:00",
  async run(ctx) {
    await registerOrganisation(ctx, "confirm");
    const customer = await signUp(ctx, { Type: "enterprise", Email: ADMIN.Email, Phone: ADMIN.Phone });
    await hostZone(ctx, "acme-bank.cn");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "WoTrus", Type: "EV", DomainType: "single", Period: 1 },
      {
        CsrType: "online",
        CsrEncryptAlgo: "ECC",
        CsrKeyParameter: "prime256v1",
        CertificateDomain: "pay.acme-bank.cn",
        ApplicationType: "organisation",
        Organization: {
          Name: ACME.name,
          RegistrationNumber: ACME.registrationNumber,
          Address: ACME.address,
          City: ACME.city,
          Province: ACME.province,
          Country: "CN",
          Phone: ACME.phone,
        },
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    await publishDnsRecords(ctx, await waitForDcvInstructions(ctx, customer.client, id));
    const done = await runReview(ctx, customer.client, id, { number: ACME.phone });
    ctx.expect(done.Status === 1, `the certificate is issued (status ${done.Status} ${done.StatusName})`);
    const elapsedDays =
      (new Date(ctx.clock.now()).getTime() - new Date("2026-12-03T09:30:00+08:00").getTime()) / 86_400_000;
    ctx.expect(elapsedDays >= 7, `EV review took 5–7 business days (${elapsedDays.toFixed(1)} calendar days)`);
    const saved = await downloadAndVerify(ctx, customer.client, id, {
      brand: "wotrus",
      names: ["pay.acme-bank.cn"],
      organisation: ACME.name,
    });
    const { subject } = await import("../src/verify");
    ctx.expect(
      subject(saved.certificate).includes(ACME.registrationNumber),
      "the EV subject carries the registration number",
    );
  },
});
