import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { planTransition } from "../src/orders/status";
import { SqlitePlatformStore } from "../src/store/sqlite";
import { account, draft } from "./fixtures";

const T0 = new Date("2026-03-02T01:00:00Z");
const limits = { platform: 1, any: 2 };
const stores: SqlitePlatformStore[] = [];
const open = (path = ":memory:") => {
  const store = new SqlitePlatformStore(path);
  stores.push(store);
  return store;
};
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function withAccount(store: SqlitePlatformStore, id = "acc1") {
  await store.createAccount(account(id), { keyId: `AKID${id}`, accountId: id, secretHash: "00" });
}

describe("SqlitePlatformStore", () => {
  it("FREE-6: quota is taken with the application and given back when it is abandoned", async () => {
    const store = open();
    await withAccount(store);
    const begin = (id: string, registered = false) =>
      store.beginApplication({ certificate: draft(id, "acc1"), limits, registeredWithPlatform: registered, at: T0 });
    expect((await begin("A", true)).ok).toBe(true);
    expect(await store.quotaUsage("acc1", T0)).toEqual({ platform: 1, any: 0 });
    expect((await begin("B", true)).ok).toBe(true); // platform part used up: falls back to any (FREE-5)
    expect((await begin("C")).ok).toBe(true);
    const refused = await begin("D");
    expect(refused).toEqual({ ok: false, usage: { platform: 1, any: 2 } });
    expect(await store.getCertificate("D")).toBeUndefined();
    expect(await store.abandonApplication("C")).toBe(true);
    expect(await store.getCertificate("C")).toBeUndefined();
    expect(await store.quotaUsage("acc1", T0)).toEqual({ platform: 1, any: 1 });
    expect((await begin("D")).ok).toBe(true);
  });

  it("FREE-6: an issued certificate holds quota until it expires; a failure releases at once", async () => {
    const store = open();
    await withAccount(store);
    await store.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    const pending = { status: 0, subStatus: "PENDING-DCV" } as const;
    await store.applyChange("A", {
      expect: { status: 13, subStatus: null },
      transition: planTransition({ status: 13, subStatus: null }, pending),
      at: T0,
    });
    const end = new Date(T0.getTime() + 86_400_000);
    const issued = await store.applyChange("A", {
      expect: pending,
      transition: planTransition(pending, { status: 1, subStatus: null }),
      set: { notBefore: T0, notAfter: end, serial: "01" },
      log: { action: "issued" },
      at: T0,
    });
    expect(issued?.status).toBe(1);
    expect(await store.quotaUsage("acc1", new Date(end.getTime() - 1))).toEqual({ platform: 0, any: 1 });
    expect(await store.quotaUsage("acc1", end)).toEqual({ platform: 0, any: 0 });
    // abandon only undoes an application still being placed
    expect(await store.abandonApplication("A")).toBe(false);
  });

  it("PAID-4: a change applies only from the expected status (compare-and-set) and is logged", async () => {
    const store = open();
    await withAccount(store);
    await store.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    const from = { status: 13, subStatus: null } as const;
    const to = { status: 0, subStatus: "PENDING-DCV" } as const;
    const change = { expect: from, transition: planTransition(from, to), log: { action: "submit" }, at: T0 };
    expect(await store.applyChange("A", change)).toBeDefined();
    expect(await store.applyChange("A", change)).toBeUndefined();
    const logs = await store.operationLogs("A");
    expect(logs.map((l) => [l.action, l.statusFrom, l.statusTo])).toEqual([
      ["apply", null, 13],
      ["submit", 13, 0],
    ]);
  });

  it("DOM-1: the bound domain cannot be changed in storage, whatever code tries", async () => {
    const store = open();
    await withAccount(store);
    await store.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    expect(() => store.db.prepare("UPDATE certificates SET domain = 'other.example.com' WHERE id = 'A'").run()).toThrow(
      /DOM-1/,
    );
    expect(() => store.db.prepare(`UPDATE certificates SET names = '["x.example"]' WHERE id = 'A'`).run()).toThrow(
      /DOM-1/,
    );
    // the change API has no way to say it
    await expect(
      store.applyChange("A", {
        expect: { status: 13, subStatus: null },
        set: { domain: "x.example" } as never,
        at: T0,
      }),
    ).rejects.toThrow(/unknown certificate field/);
    expect((await store.getCertificate("A"))?.domain).toBe("a.example.com");
  });

  it("DOM-1: a paid certificate's domains change only through the wizard while in status 5, never after commit", async () => {
    const store = open();
    await withAccount(store);
    const paid = { ...draft("P", "acc1", ""), names: [], status: 5 as const, productId: "wotrus-dv-single", period: 1 };
    await store.createPurchase([paid], T0, "test purchase");
    expect(await store.getCertificate("P")).toMatchObject({ quotaBucket: null, productId: "wotrus-dv-single" });
    const drafted = await store.updateDraft(
      "P",
      { domain: "p.example.com", names: ["p.example.com"] },
      { action: "submit" },
      T0,
    );
    expect(drafted?.domain).toBe("p.example.com");
    await store.applyChange("P", {
      expect: { status: 5, subStatus: null },
      transition: planTransition({ status: 5, subStatus: null }, { status: 0, subStatus: "PENDING-DCV" }),
      at: T0,
    });
    expect(await store.updateDraft("P", { domain: "q.example.com" }, { action: "submit" }, T0)).toBeUndefined();
    expect(() => store.db.prepare("UPDATE certificates SET domain = 'q.example.com' WHERE id = 'P'").run()).toThrow(
      /DOM-1/,
    );
    expect((await store.getCertificate("P"))?.domain).toBe("p.example.com");
    expect((await store.operationLogs("P")).map((l) => l.action)).toEqual(["purchase", "submit"]);
  });

  it("keeps everything in the file across a restart (WAL)", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "platform-store-")), "platform.db");
    const first = open(path);
    await withAccount(first);
    await first.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    const key = await first.setting("k", () => "one");
    await first.close();
    const second = open(path);
    expect(second.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect((await second.getCertificate("A"))?.accountId).toBe("acc1");
    expect(await second.quotaUsage("acc1", T0)).toEqual({ platform: 0, any: 1 });
    expect(await second.setting("k", () => "two")).toBe(key);
  });

  it("delivers each mail once: a claimed delivery is leased, a failed one is claimable again", async () => {
    const store = open();
    await withAccount(store);
    await store.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    await store.applyChange("A", {
      expect: { status: 13, subStatus: null },
      notify: { title: "t", content: "c", email: "a@example.test", phone: "+8613800000000" },
      at: T0,
    });
    const claimed = await store.claimDeliveries(10, 60_000);
    expect(claimed.map((d) => d.channel).sort()).toEqual(["mail", "sms"]);
    expect(await store.claimDeliveries(10, 60_000)).toEqual([]);
    await store.deliveryDone(claimed[0]!.id, T0);
    await store.deliveryFailed(claimed[1]!.id, "world down");
    const again = await store.claimDeliveries(10, 60_000);
    expect(again.map((d) => d.id)).toEqual([claimed[1]!.id]);
    expect((await store.listMessages("acc1", { offset: 0, limit: 10 })).items[0]).toMatchObject({
      title: "t",
      certificateId: "A",
    });
  });

  it("FREE-6: reads never serve a stale row: another store on the same file, and writes the store did not make", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "platform-store-")), "platform.db");
    const mine = open(path);
    const theirs = open(path);
    await withAccount(mine);
    await mine.beginApplication({ certificate: draft("A", "acc1"), limits, registeredWithPlatform: false, at: T0 });
    const placed = { status: 0, subStatus: "PENDING-DCV" } as const;
    expect((await mine.getCertificate("A"))?.status).toBe(13); // read (and kept) by this store
    expect(await theirs.findApiKey("AKIDacc1")).toBeDefined();

    // Another connection changes the row: the next read here shows it.
    await theirs.applyChange("A", {
      expect: { status: 13, subStatus: null },
      transition: planTransition({ status: 13, subStatus: null }, placed),
      set: { alias: "from the other instance" },
      at: T0,
    });
    expect(await mine.getCertificate("A")).toMatchObject({ ...placed, alias: "from the other instance" });

    // This store's own change, then one on its connection it did not make: each read shows the latest.
    await mine.applyChange("A", { expect: placed, set: { alias: "mine" }, at: T0 });
    expect((await theirs.getCertificate("A"))?.alias).toBe("mine");
    expect((await mine.getCertificate("A"))?.alias).toBe("mine");
    mine.db.prepare("UPDATE certificates SET alias = 'raw' WHERE id = 'A'").run();
    expect((await mine.getCertificate("A"))?.alias).toBe("raw");

    // A kept record is shared by every reader, so it cannot be changed in place.
    const kept = (await mine.getCertificate("A"))!;
    expect(() => {
      (kept as { alias: string }).alias = "changed";
    }).toThrow(TypeError);
    expect(() => (kept.names as string[]).push("x.example")).toThrow(TypeError);
  });
});
