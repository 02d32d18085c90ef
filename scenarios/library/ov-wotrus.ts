import { defineScenario } from "../src/scenario";
import { ACME, ADMIN, buyAndSubmit, registerOrganisation, runReview, waitForDcvInstructions } from "./paid-steps";
import { downloadAndVerify, hostZone, publishDnsRecords, signUp } from "./steps";

const GMT8 = 8 * 3600_000;
const weekday = (iso: string) => new Date(new Date(iso).getTime() + GMT8).getUTCDay();

export default defineScenario({
  name: "ov-wotrus",
  summary: "WoTrus OV: pre-review, CNAME DCV, a verification call to the registered phone, 3–5 business days of review",
  // A Thursday: the review's business days run over a weekend, which the timeline shows being skipped.
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
        CsrEncryptAlgo: "RSA",
        CsrKeyParameter: "2048",
        SignAlgo: "SHA256",
        CertificateDomain: "acme-shop.cn",
        ApplicationType: "organisation",
        Organization: {
          Name: ACME.name,
          RegistrationNumber: ACME.registrationNumber,
          Address: ACME.address,
          City: ACME.city,
          Province: ACME.province,
          Country: "CN",
          Phone: ACME.phone,
          Division: "IT department",
        },
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    const released = await waitForDcvInstructions(ctx, customer.client, id);
    ctx.expect(
      released.DvAuthDetail?.DvAuths.every(
        (a) => a.DvAuthVerifyType === "CNAME" && a.DvAuthValue.endsWith(".sectigo.com"),
      ),
      "WoTrus asks for Sectigo-style CNAME records (DCV-3)",
    );
    await publishDnsRecords(ctx, released);

    const done = await runReview(ctx, customer.client, id, { number: ACME.phone, answer: "confirmed" });
    ctx.expect(done.Status === 1, `the certificate is issued (status ${done.Status} ${done.StatusName})`);
    ctx.expect([1, 2, 3, 4, 5].includes(weekday(ctx.clock.now())), "it is issued on a weekday");
    const elapsedDays =
      (new Date(ctx.clock.now()).getTime() - new Date("2026-12-03T09:30:00+08:00").getTime()) / 86_400_000;
    ctx.expect(
      elapsedDays >= 3,
      `the review took business days, weekend skipped (${elapsedDays.toFixed(1)} calendar days)`,
    );
    await downloadAndVerify(ctx, customer.client, id, {
      brand: "wotrus",
      names: ["acme-shop.cn", "www.acme-shop.cn"],
      organisation: ACME.name,
    });
  },
});
