import { defineScenario } from "../src/scenario";
import { scannedLetterPng } from "./letter";
import { ACME, ADMIN, buyAndSubmit, registerOrganisation, runReview, waitForDcvInstructions } from "./paid-steps";
import { downloadAndVerify, hostZone, publishDnsRecords, signUp } from "./steps";

export default defineScenario({
  name: "ov-globalsign",
  summary:
    "GlobalSign OV: the confirmation letter (always required, OV-1/OV-2), TXT DCV, the verification call, review",
  start: "2026-12-03T09:30:00+08:00",
  async run(ctx) {
    await registerOrganisation(ctx, "manual");
    const customer = await signUp(ctx, { Type: "enterprise", Email: ADMIN.Email, Phone: ADMIN.Phone });
    await hostZone(ctx, "acme-global.com");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "GlobalSign", Type: "OV", DomainType: "single", Period: 1 },
      {
        CsrType: "online",
        CsrEncryptAlgo: "RSA",
        CsrKeyParameter: "2048",
        CertificateDomain: "acme-global.com",
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
    const waiting = await customer.client.describeCertificate(id);
    ctx.expect(
      waiting.Status === 8,
      `the order waits for the confirmation letter (status ${waiting.Status} ${waiting.StatusName})`,
    );
    const template = await customer.client.confirmLetterTemplate(id);
    ctx.say("customer", `downloads the letter template ${template.FileName}, prints, signs and seals it`);
    const letter = scannedLetterPng();
    const uploaded = await customer.client.uploadConfirmLetter(id, { content: letter, fileName: "letter.png" });
    ctx.say("customer", `uploads the scanned letter (${uploaded.LetterType}, ${uploaded.LetterSize} bytes)`);

    const released = await waitForDcvInstructions(ctx, customer.client, id);
    ctx.expect(
      released.DvAuthDetail?.DvAuths.every((a) => a.DvAuthValue.startsWith("_globalsign-domain-verification=")),
      "GlobalSign asks for a _globalsign-domain-verification TXT record (DCV-3)",
    );
    await publishDnsRecords(ctx, released);
    const done = await runReview(ctx, customer.client, id, { number: ACME.phone, answer: "confirmed" });
    ctx.expect(done.Status === 1, `the certificate is issued (status ${done.Status} ${done.StatusName})`);
    await downloadAndVerify(ctx, customer.client, id, {
      brand: "globalsign",
      names: ["acme-global.com", "www.acme-global.com"],
      organisation: ACME.name,
    });
  },
});
