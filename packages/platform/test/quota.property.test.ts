// FREE-4/5/6 over random sequences of apply / cancel / fail / issue / expire / revoke, for every account type,
// checked against a deliberately simple model: a list of live applications and two counters.
import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { planTransition, type StatusPoint } from "../src/orders/status";
import { limitsFor } from "../src/quota/policy";
import { SqlitePlatformStore } from "../src/store/sqlite";
import type { AccountRecord } from "../src/store/types";
import { account, draft } from "./fixtures";

// The model's own table of FREE-4, written out rather than computed.
const KINDS = [
  {
    name: "individual standard",
    over: { type: "individual", memberLevel: "standard" },
    platform: 30,
    any: 20,
    legacy: false,
  },
  { name: "individual V1", over: { type: "individual", memberLevel: "V1" }, platform: 30, any: 20, legacy: false },
  { name: "individual V2", over: { type: "individual", memberLevel: "V2" }, platform: 0, any: 50, legacy: false },
  { name: "enterprise", over: { type: "enterprise", memberLevel: "standard" }, platform: 0, any: 10, legacy: false },
  {
    name: "enterprise legacy",
    over: { type: "enterprise", memberLevel: "standard" },
    platform: 0,
    any: 20,
    legacy: true,
  },
] as const;

type Op =
  | { op: "apply"; registered: boolean }
  | { op: "cancel" | "fail" | "issue" | "revoke"; pick: number }
  | { op: "expire"; hours: number };

// `churn` 0 fills the quota to the brim (only applications and issuance); higher values release more often.
const opsArb = (length: number) =>
  fc.integer({ min: 0, max: 3 }).chain((churn) =>
    fc.array(
      fc.oneof(
        { weight: 8, arbitrary: fc.record({ op: fc.constant("apply" as const), registered: fc.boolean() }) },
        { weight: churn, arbitrary: fc.record({ op: fc.constant("cancel" as const), pick: fc.nat() }) },
        { weight: churn, arbitrary: fc.record({ op: fc.constant("fail" as const), pick: fc.nat() }) },
        { weight: 2, arbitrary: fc.record({ op: fc.constant("issue" as const), pick: fc.nat() }) },
        { weight: churn, arbitrary: fc.record({ op: fc.constant("revoke" as const), pick: fc.nat() }) },
        {
          weight: churn,
          arbitrary: fc.record({ op: fc.constant("expire" as const), hours: fc.integer({ min: 1, max: 72 }) }),
        },
      ) as fc.Arbitrary<Op>,
      { minLength: 1, maxLength: length, size: "max" },
    ),
  );

interface ModelApp {
  id: string;
  bucket: "platform" | "any";
  issuedUntil: number | null;
}

const PENDING: StatusPoint = { status: 0, subStatus: "PENDING-DCV" };
const ISSUED: StatusPoint = { status: 1, subStatus: null };

describe("quota under random histories", () => {
  for (const kind of KINDS) {
    test.prop([opsArb(2 * (kind.platform + kind.any) + 20), fc.integer({ min: 1, max: 48 })], { numRuns: 15 })(
      `FREE-4/FREE-5/FREE-6: ${kind.name}`,
      async (ops, lifetimeHours) => {
        const store = new SqlitePlatformStore(":memory:");
        try {
          const acc: AccountRecord = account("acc", { ...kind.over, heldFreeCertOn20230320: kind.legacy });
          await store.createAccount(acc, { keyId: "AKIDacc", accountId: "acc", secretHash: "00" });
          const limits = limitsFor({ type: acc.type, memberLevel: acc.memberLevel, legacy: kind.legacy });
          let now = Date.parse("2026-03-02T01:00:00Z");
          let seq = 0;
          const live: ModelApp[] = [];
          const counts = () => {
            const held = live.filter((a) => a.issuedUntil === null || a.issuedUntil > now);
            return {
              platform: held.filter((a) => a.bucket === "platform").length,
              any: held.filter((a) => a.bucket === "any").length,
            };
          };
          const pending = () => live.filter((a) => a.issuedUntil === null);
          const valid = () => live.filter((a) => a.issuedUntil !== null && a.issuedUntil > now);
          const drop = (app: ModelApp) => live.splice(live.indexOf(app), 1);
          const move = async (id: string, from: StatusPoint, to: StatusPoint, set = {}) => {
            const done = await store.applyChange(id, {
              expect: from,
              transition: planTransition(from, to),
              set,
              at: new Date(now),
            });
            expect(done?.status).toBe(to.status);
          };

          for (const op of ops) {
            switch (op.op) {
              case "apply": {
                const id = `C${seq++}`;
                const c = counts();
                // The model: platform part first for a registered name, else (or then) the any part.
                let bucket: ModelApp["bucket"] | undefined;
                if (op.registered && c.platform < kind.platform) bucket = "platform";
                else if (c.any < kind.any) bucket = "any";
                const result = await store.beginApplication({
                  certificate: draft(id, "acc"),
                  limits,
                  registeredWithPlatform: op.registered,
                  at: new Date(now),
                });
                expect(result.ok).toBe(bucket !== undefined);
                if (result.ok) {
                  expect(result.certificate.quotaBucket).toBe(bucket);
                  live.push({ id, bucket: bucket!, issuedUntil: null });
                  await move(id, { status: 13, subStatus: null }, PENDING);
                }
                break;
              }
              case "cancel": {
                const app = pending()[op.pick % Math.max(1, pending().length)];
                if (!app) break;
                await move(app.id, PENDING, { status: 6, subStatus: null });
                await move(app.id, { status: 6, subStatus: null }, { status: 7, subStatus: null });
                drop(app);
                break;
              }
              case "fail": {
                const app = pending()[op.pick % Math.max(1, pending().length)];
                if (!app) break;
                await move(app.id, PENDING, { status: 2, subStatus: null });
                drop(app);
                break;
              }
              case "issue": {
                const app = pending()[op.pick % Math.max(1, pending().length)];
                if (!app) break;
                app.issuedUntil = now + lifetimeHours * 3_600_000;
                await move(app.id, PENDING, ISSUED, { notBefore: new Date(now), notAfter: new Date(app.issuedUntil) });
                break;
              }
              case "revoke": {
                const app = valid()[op.pick % Math.max(1, valid().length)];
                if (!app) break;
                await move(app.id, ISSUED, { status: 9, subStatus: null });
                await move(app.id, { status: 9, subStatus: null }, { status: 10, subStatus: null });
                drop(app);
                break;
              }
              case "expire": {
                now += op.hours * 3_600_000;
                // Half the expired certificates are also moved to status 3, as a read would do; quota must not
                // depend on whether anyone looked.
                for (const app of live.filter((a) => a.issuedUntil !== null && a.issuedUntil <= now)) {
                  if (Number(app.id.slice(1)) % 2 === 0) await move(app.id, ISSUED, { status: 3, subStatus: null });
                  drop(app);
                }
                break;
              }
            }
            expect(await store.quotaUsage("acc", new Date(now))).toEqual(counts());
          }
        } finally {
          await store.close();
        }
      },
      30_000,
    );
  }
});
