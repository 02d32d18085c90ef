import { describe, expect, it } from "vitest";
import { startTrustAsiaWorld } from "./helpers";

describe("smoke", () => {
  it("issues a free certificate after DNS validation", { timeout: 60_000 }, async () => {
    const t = await startTrustAsiaWorld();
    try {
      await t.world.addZone("example.com");
      const order = await t.order({ domains: ["example.com"] });
      const record = order.dcv[0];
      await t.world.setRecords(record.host, "TXT", [record.value]);
      await t.world.clock.runUntilIdle();
      const got = await t.reseller.get(`/api/v2/orders/${order.order_id}`);
      console.log(JSON.stringify(got.body, null, 2));
      const log = await t.operator.get(`/operator/orders/${order.order_id}`);
      console.log(JSON.stringify(log.body.log, null, 2));
      console.log(JSON.stringify(await t.world.dnsQueries(), null, 1));
      expect(got.body.status).toBe("issued");
    } finally {
      await t.close();
    }
  });
});
