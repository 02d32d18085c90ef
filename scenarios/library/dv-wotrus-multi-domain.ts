import { defineScenario } from "../src/scenario";
import { ADMIN, buyAndSubmit, waitForDcvInstructions } from "./paid-steps";
import { days, downloadAndVerify, hostZone, publishDnsRecords, signUp, waitForStatus } from "./steps";

export default defineScenario({
  name: "dv-wotrus-multi-domain",
  summary: "WoTrus DV multi-domain certificate for three names in two zones, one CNAME record per name",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    await hostZone(ctx, "example.com");
    await hostZone(ctx, "example.net");
    const id = await buyAndSubmit(
      ctx,
      customer.client,
      { Brand: "WoTrus", Type: "DV", DomainType: "multi", DomainNum: 3, Period: 1 },
      {
        CsrType: "online",
        CsrEncryptAlgo: "ECC",
        CsrKeyParameter: "prime256v1",
        CertificateDomain: "example.com",
        DomainList: ["shop.example.com", "api.example.net"],
        ApplicationType: "individual",
        Admin: ADMIN,
        ContactSameAsAdmin: true,
        VerifyType: "DNS",
      },
    );
    const released = await waitForDcvInstructions(ctx, customer.client, id);
    await publishDnsRecords(ctx, released);
    const issued = await waitForStatus(ctx, customer.client, id, [1, 2], days(3));
    ctx.expect(issued.Status === 1, `the certificate is issued (status ${issued.Status} ${issued.StatusName})`);
    await downloadAndVerify(ctx, customer.client, id, {
      brand: "wotrus",
      names: ["example.com", "www.example.com", "shop.example.com", "api.example.net"],
    });
  },
});
