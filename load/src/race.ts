// FREE-6 race preparation: bring an account down to a few quota units in the bucket the race competes for.
// lib/race.js does the same for k6; keep the two in step.
import type { PlatformClient, Quota } from "@certsim/client";
import { mapConcurrent } from "./concurrent";
import type { SeedAccount } from "./seed-file";

/** Racing names under registrar domains compete for platform-domain units (FREE-5), others for any-domain units. */
export const raceBucket = (account: SeedAccount): "platform" | "any" =>
  account.registeredZones.length > 0 ? "platform" : "any";

/** The primary domains racing applications use. */
export const raceZones = (account: SeedAccount): string[] =>
  account.registeredZones.length > 0 ? account.registeredZones : account.zones;

/** Units a racing application of this account can still take. */
export function racingUnits(account: SeedAccount, quota: Quota): number {
  // A registered name falls back to any-domain units once platform-domain ones are gone (FREE-5).
  return raceBucket(account) === "platform"
    ? quota.PlatformDomain.Remaining + quota.AnyDomain.Remaining
    : quota.AnyDomain.Remaining;
}

export class TopUpError extends Error {
  override name = "TopUpError";
}

/**
 * Applies for ECC certificates (manual DNS validation, so they stay pending and keep their quota) until exactly
 * `leave` racing units are left: a registered-domain racer also has its any-domain units used up. `tag` makes the
 * names unique.
 */
export async function topUp(
  client: PlatformClient,
  account: SeedAccount,
  leave: number,
  tag: string,
  concurrency = 4,
): Promise<Quota> {
  const before = await client.quota();
  const names: string[] = [];
  const fill = (zones: string[], count: number, prefix: string) => {
    for (let i = 0; i < count; i++) names.push(`${prefix}${i}-${tag}.${zones[i % zones.length]}`);
  };
  if (raceBucket(account) === "platform") {
    if (before.PlatformDomain.Remaining < leave) {
      throw new TopUpError(
        `${account.accountId} has ${before.PlatformDomain.Remaining} platform-domain units left, fewer than ${leave}: seed again`,
      );
    }
    fill(account.zones, before.AnyDomain.Remaining, "fa");
    fill(account.registeredZones, before.PlatformDomain.Remaining - leave, "fp");
  } else {
    if (before.AnyDomain.Remaining < leave) {
      throw new TopUpError(
        `${account.accountId} has ${before.AnyDomain.Remaining} any-domain units left, fewer than ${leave}: seed again`,
      );
    }
    fill(account.zones, before.AnyDomain.Remaining - leave, "fa");
  }
  await mapConcurrent(names, concurrency, (DomainName) =>
    client.applyFreeCertificate({ DomainName, DvAuthMethod: "DNS", CsrEncryptAlgo: "ECC" }),
  );
  const after = await client.quota();
  if (racingUnits(account, after) !== leave) {
    throw new TopUpError(
      `${account.accountId}: expected ${leave} racing units after the top-up, got ${racingUnits(account, after)}`,
    );
  }
  return after;
}
