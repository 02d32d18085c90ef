// PAID-5: mail and SMS wait in the outbox while the world is down and go out once it is back; each goes once.
import { startWorld } from "@certsim/world";
import { expect, it } from "vitest";
import { WorldClient } from "../src/integrations/world";
import { Notifier } from "../src/notify/notifier";
import { SqlitePlatformStore } from "../src/store/sqlite";
import { account, draft } from "./fixtures";

const T0 = new Date("2026-05-11T02:00:00Z");

it("PAID-5: a notification written while the world is down is delivered when it is back, exactly once", async () => {
  const store = new SqlitePlatformStore(":memory:");
  let world = await startWorld();
  const port = world.port;
  await world.close();
  try {
    await store.createAccount(account("acc"), { keyId: "AKIDacc", accountId: "acc", secretHash: "00" });
    await store.beginApplication({
      certificate: draft("C1", "acc"),
      limits: { platform: 0, any: 1 },
      registeredWithPlatform: false,
      at: T0,
    });
    await store.applyChange("C1", {
      expect: { status: 13, subStatus: null },
      notify: {
        title: "Certificate issued",
        content: "it is done",
        email: "acc@example.test",
        phone: "+8613800000000",
      },
      at: T0,
    });
    const notifier = new Notifier({
      store,
      world: new WorldClient(`http://127.0.0.1:${port}`, {
        attempts: 2,
        timeoutMs: 500,
        backoffMs: 1,
        maxBackoffMs: 2,
      }),
      mailFrom: "notifications@platform.certsim.test",
      now: () => T0,
    });
    await notifier.flush();
    expect((await store.listMessages("acc", { offset: 0, limit: 10 })).total).toBe(1); // the in-site box has it already

    world = await startWorld({ port });
    await Promise.all([notifier.flush(), notifier.flush()]);
    await notifier.flush();
    expect(world.mail.list("acc@example.test")).toHaveLength(1);
    expect(world.mail.list("acc@example.test")[0]).toMatchObject({ subject: "Certificate issued", body: "it is done" });
    expect(world.phone.listSms("+8613800000000")).toHaveLength(1);
  } finally {
    await world.close();
    await store.close();
  }
});
