import { PlatformError } from "@certsim/client";
import { createCsr, generateKeyPair } from "@certsim/pki";
import { defineScenario } from "../src/scenario";
import { CaReseller } from "../src/world";
import { hostZone, signUp } from "./steps";

export default defineScenario({
  name: "trustasia-primary-domain-limit",
  summary:
    "another reseller already holds 20 TrustAsia free certificates on a primary domain: the platform's application is refused",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    await hostZone(ctx, "shared.com");
    const operator = ctx.ca("trustasia");
    const other = await operator.createReseller("another cloud");
    ctx.say("ca", `TrustAsia signs up another reseller (${other.reseller_id})`);
    const reseller = new CaReseller(ctx.endpoints.cas.trustasia!.api, other.api_key);
    const key = await generateKeyPair({ algorithm: "ECC", curve: "P-256" });
    for (let i = 1; i <= 20; i++) {
      const name = `app${i}.shared.com`;
      const csr = await createCsr({ key, commonName: name, names: [name] });
      await reseller.createOrder({
        product_code: "TA-DV-FREE",
        csr,
        domains: [name],
        dcv_method: "dns",
        partner_order_id: `other-${i}`,
      });
    }
    await reseller.close();
    ctx.say("ca", "the other reseller has placed 20 free orders under shared.com");

    const customer = await signUp(ctx);
    const refusal = await customer.client
      .applyFreeCertificate({ DomainName: "blog.shared.com", DvAuthMethod: "DNS" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    ctx.expect(
      refusal instanceof PlatformError && refusal.code === "FailedOperation.MainDomainCertificateCountLimit",
      `blog.shared.com is refused with FailedOperation.MainDomainCertificateCountLimit (FREE-3) (got ${refusal instanceof PlatformError ? refusal.code : String(refusal)})`,
    );
    const quota = await customer.client.quota();
    ctx.expect(quota.Used === 0, "the refused application took no quota");
  },
});
