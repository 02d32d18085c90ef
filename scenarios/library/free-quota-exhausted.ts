import { PlatformError } from "@certsim/client";
import { defineScenario } from "../src/scenario";
import { hostZone, signUp } from "./steps";

export default defineScenario({
  name: "free-quota-exhausted",
  summary:
    "a standard individual account's 21st any-domain free certificate is refused; a platform-registered domain still draws on its own quota",
  start: "2026-11-27T10:00:00+08:00",
  async run(ctx) {
    const customer = await signUp(ctx);
    // Twenty names spread over two primary domains, so TrustAsia's per-primary-domain limit (FREE-3) is not reached.
    await hostZone(ctx, "example.com");
    await hostZone(ctx, "example.net");
    for (let i = 1; i <= 20; i++) {
      const zone = i % 2 ? "example.com" : "example.net";
      await customer.client.applyFreeCertificate({
        DomainName: `site${i}.${zone}`,
        DvAuthMethod: "DNS",
        CsrEncryptAlgo: "ECC",
      });
    }
    let quota = await customer.client.quota();
    ctx.say(
      "customer",
      `has applied for 20 free certificates: any-domain quota ${quota.AnyDomain.Used}/${quota.AnyDomain.Total}`,
    );
    ctx.expect(quota.AnyDomain.Remaining === 0, "the any-domain quota is used up (FREE-4: 20 for any domain)");

    const refusal = await customer.client
      .applyFreeCertificate({ DomainName: "site21.example.com", DvAuthMethod: "DNS" })
      .then(
        () => undefined,
        (e: unknown) => e,
      );
    ctx.expect(
      refusal instanceof PlatformError && refusal.code === "FailedOperation.ExceedsFreeLimit",
      `the 21st is refused with FailedOperation.ExceedsFreeLimit (got ${refusal instanceof PlatformError ? refusal.code : String(refusal)})`,
    );
    ctx.say("customer", `is told: ${(refusal as PlatformError).message}`);

    await ctx.admin.addRegistrarDomain("mine-registered.cn");
    await hostZone(ctx, "mine-registered.cn");
    ctx.say("platform", "mine-registered.cn is registered with the platform's registrar");
    await customer.client.applyFreeCertificate({
      DomainName: "mine-registered.cn",
      DvAuthMethod: "DNS",
      CsrEncryptAlgo: "ECC",
    });
    quota = await customer.client.quota();
    ctx.say(
      "customer",
      `platform-domain quota ${quota.PlatformDomain.Used}/${quota.PlatformDomain.Total}, total ${quota.Used}/${quota.Total}`,
    );
    ctx.expect(
      quota.PlatformDomain.Used === 1 && quota.AnyDomain.Used === 20,
      "a platform-registered domain draws on its own quota first (FREE-5)",
    );
  },
});
