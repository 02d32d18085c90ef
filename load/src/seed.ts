// Prepares a load run against a running ecosystem through its public interfaces only: accounts and API keys
// (platform admin API), hosted zones (the DNS service's management API), registrar domains (platform admin API).
import { randomBytes } from "node:crypto";
import { JsonHttp, PlatformAdminClient } from "@certsim/client";
import { mapConcurrent } from "./concurrent";
import type { LoadTarget } from "./endpoints";
import type { SeedAccount, SeedFile } from "./seed-file";

export interface SeedOptions {
  /** Accounts for the order mix. Default 20. */
  accounts?: number;
  /** Member level of those accounts; V2 individuals hold 50 any-domain certificates each (FREE-4). Default V2. */
  memberLevel?: "standard" | "V1" | "V2";
  /** Primary domains per order-mix account (FREE-3: 20 certificates per primary domain). Default 3. */
  zonesPerAccount?: number;
  /** Host the order-mix zones at the platform's DNS service so DNS_AUTO works. Default: when the DNS API is known. */
  hostZones?: boolean;
  /** Enterprise accounts (10 any-domain units) for the quota race. Default 6. */
  raceEnterprise?: number;
  /** Standard individual accounts racing on registrar domains (platform-domain units first, FREE-5). Default 2. */
  raceRegistered?: number;
  /** Units each race account is left with before the race. Default 3. */
  raceRemaining?: number;
  /** Tag in every name; default random. */
  runId?: string;
  /** Requests in flight while seeding. Default 8. */
  concurrency?: number;
}

const TLDS = ["com", "cn", "net"] as const;

/** A fresh lower-case tag: a letter then alphanumerics (valid as the start of a DNS label). */
export function newRunId(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(5);
  return `r${[...bytes].map((b) => alphabet[b % alphabet.length]).join("")}`;
}

const pad = (n: number, width = 3) => String(n).padStart(width, "0");

/** Creates accounts, keys, zones and registrar domains for a load run, and returns the seed file's content. */
export async function seedLoadRun(target: LoadTarget, options: SeedOptions = {}): Promise<SeedFile> {
  const runId = options.runId ?? newRunId();
  const accounts = options.accounts ?? 20;
  const zonesPerAccount = options.zonesPerAccount ?? 3;
  const hostZones = options.hostZones ?? target.dnsApiUrl !== undefined;
  if (hostZones && !target.dnsApiUrl) throw new Error("hosting zones needs the DNS API URL (dns.api in the endpoints)");
  const concurrency = options.concurrency ?? 8;

  const admin = new PlatformAdminClient({ url: target.platformUrl, adminToken: target.adminToken });
  const dns = target.dnsApiUrl ? new JsonHttp(target.dnsApiUrl, {}, concurrency) : undefined;
  try {
    const create = async (
      label: string,
      kind: { type: "individual" | "enterprise"; memberLevel: "standard" | "V1" | "V2" },
      zones: string[],
      registeredZones: string[],
      hosted: boolean,
    ): Promise<SeedAccount> => {
      const created = await admin.createAccount({
        Type: kind.type,
        ...(kind.type === "individual" ? { MemberLevel: kind.memberLevel } : {}),
        Email: `${label}@${runId}.load.example`,
        Phone: "+86 138 0000 0000",
      });
      for (const zone of registeredZones) await admin.addRegistrarDomain(zone);
      if (hosted && dns) {
        for (const zone of [...zones, ...registeredZones]) {
          await dns.call("POST", "/zones", { zone, hostedAtPlatform: true });
        }
      }
      return {
        accountId: created.AccountId,
        apiKey: created.ApiKey,
        type: kind.type,
        memberLevel: kind.memberLevel,
        zones,
        registeredZones,
        hosted,
      };
    };

    const memberLevel = options.memberLevel ?? "V2";
    const mix = await mapConcurrent(
      Array.from({ length: accounts }, (_, i) => i),
      concurrency,
      (i) =>
        create(
          `load${pad(i)}`,
          { type: "individual", memberLevel },
          Array.from({ length: zonesPerAccount }, (_, k) => `${runId}-a${pad(i)}-${k}.${TLDS[(i + k) % TLDS.length]}`),
          [],
          hostZones,
        ),
    );

    // Race accounts: two primary domains each, so the top-up and the race stay under FREE-3's 20 per domain.
    const enterprise = Array.from({ length: options.raceEnterprise ?? 6 }, (_, i) => i);
    const registered = Array.from({ length: options.raceRegistered ?? 2 }, (_, i) => i);
    const race = [
      ...(await mapConcurrent(enterprise, concurrency, (i) =>
        create(
          `race-e${pad(i)}`,
          { type: "enterprise", memberLevel: "standard" },
          [`${runId}-e${pad(i)}-0.cn`, `${runId}-e${pad(i)}-1.com`],
          [],
          false,
        ),
      )),
      ...(await mapConcurrent(registered, concurrency, (i) =>
        create(
          `race-p${pad(i)}`,
          { type: "individual", memberLevel: "standard" },
          [`${runId}-p${pad(i)}-0.com`, `${runId}-p${pad(i)}-1.net`],
          [`${runId}-p${pad(i)}-r0.cn`, `${runId}-p${pad(i)}-r1.com`],
          false,
        ),
      )),
    ];

    return {
      version: 1,
      createdAt: new Date().toISOString(),
      runId,
      platformUrl: target.platformUrl,
      ...(target.clockUrl ? { clockUrl: target.clockUrl } : {}),
      accounts: mix,
      race: { remaining: options.raceRemaining ?? 3, accounts: race },
    };
  } finally {
    await admin.close();
    await dns?.close();
  }
}
