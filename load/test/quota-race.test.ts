// FREE-6 under load, the Node twin of quota-race.js: many applications race for the last units of the same
// accounts on a real ecosystem; exactly the units left are taken, every other racer gets ExceedsFreeLimit.
import { PlatformClient, PlatformError } from "@certsim/client";
import { type Ecosystem, startEcosystem } from "@certsim/ecosystem";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { targetFromEndpoints } from "../src/endpoints";
import { raceZones, racingUnits, topUp } from "../src/race";
import { seedLoadRun } from "../src/seed";
import type { SeedFile } from "../src/seed-file";

const RACERS = 200;
const LEAVE = 3;

let ecosystem: Ecosystem;
let seed: SeedFile;

beforeAll(async () => {
  ecosystem = await startEcosystem({ seed: 6, start: "2026-11-27T10:00:00+08:00", ports: "ephemeral" });
  seed = await seedLoadRun(targetFromEndpoints(ecosystem.endpoints), {
    accounts: 0,
    hostZones: false,
    raceEnterprise: 4,
    raceRegistered: 2,
    raceRemaining: LEAVE,
  });
}, 60_000);

afterAll(async () => {
  await ecosystem?.close();
});

type Outcome = { account: number; ok: true; id: string } | { account: number; ok: false; error: unknown };

describe("quota race", () => {
  it(`FREE-6: ${RACERS} racing applications take exactly the ${LEAVE} units left on each account, the rest are refused with ExceedsFreeLimit`, async () => {
    const { accounts } = seed.race;
    const clients = accounts.map(
      (a) =>
        new PlatformClient({
          url: seed.platformUrl,
          apiKey: a.apiKey,
          connections: Math.ceil(RACERS / accounts.length),
        }),
    );
    try {
      const before = await Promise.all(accounts.map((a, i) => topUp(clients[i]!, a, LEAVE, "fill")));
      const listedBefore = await Promise.all(clients.map((c) => c.describeCertificates({ Limit: 1 })));
      for (const [i, quota] of before.entries()) expect(racingUnits(accounts[i]!, quota)).toBe(LEAVE);

      // Every racer is on the wire before the first answer comes back: one connection per racer.
      const outcomes = await Promise.all(
        Array.from({ length: RACERS }, async (_, n): Promise<Outcome> => {
          const account = n % accounts.length;
          const zones = raceZones(accounts[account]!);
          const DomainName = `race${n}.${zones[n % zones.length]}`;
          try {
            const { CertificateId } = await clients[account]!.applyFreeCertificate({
              DomainName,
              DvAuthMethod: "DNS",
              CsrEncryptAlgo: "ECC",
            });
            return { account, ok: true, id: CertificateId };
          } catch (error) {
            return { account, ok: false, error };
          }
        }),
      );

      for (const outcome of outcomes) {
        if (outcome.ok) continue;
        expect(outcome.error).toBeInstanceOf(PlatformError);
        const refusal = outcome.error as PlatformError;
        expect({ status: refusal.status, code: refusal.code }).toEqual({
          status: 400,
          code: "FailedOperation.ExceedsFreeLimit",
        });
      }
      const accepted = accounts.map((_, i) => outcomes.filter((o) => o.account === i && o.ok).length);
      expect(accepted).toEqual(accounts.map(() => LEAVE));
      expect(outcomes.filter((o) => !o.ok)).toHaveLength(RACERS - LEAVE * accounts.length);

      // The platform's own books agree: quota used grew by exactly what was accepted, and no refused racer left
      // a certificate behind.
      const after = await Promise.all(clients.map((c) => c.quota()));
      const listedAfter = await Promise.all(clients.map((c) => c.describeCertificates({ Limit: 1 })));
      for (const [i, quota] of after.entries()) {
        expect(racingUnits(accounts[i]!, quota)).toBe(0);
        expect(quota.Used - before[i]!.Used).toBe(LEAVE);
        expect(quota.Used).toBeLessThanOrEqual(quota.Total);
        expect(quota.PlatformDomain.Used).toBeLessThanOrEqual(quota.PlatformDomain.Total);
        expect(quota.AnyDomain.Used).toBeLessThanOrEqual(quota.AnyDomain.Total);
        expect(listedAfter[i]!.TotalCount - listedBefore[i]!.TotalCount).toBe(LEAVE);
      }
    } finally {
      await Promise.all(clients.map((c) => c.close()));
    }
  }, 60_000);
});
