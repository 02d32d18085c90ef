// FREE-4, FREE-5, FREE-10: how many free certificates an account may hold, and which bucket an application
// takes from. Pure: the store calls `chooseBucket` inside its own transaction, so the decision and the take are
// one atomic step (FREE-6).

export type AccountType = "individual" | "enterprise";
export type MemberLevel = "standard" | "V1" | "V2";
/** `platform`: only for names registered with the platform's registrar; `any`: any name. */
export type QuotaBucket = "platform" | "any";

export interface QuotaLimits {
  platform: number;
  any: number;
}

export interface QuotaUsage {
  platform: number;
  any: number;
}

/** The instant that decides an enterprise's legacy allowance: 2023-03-20 00:00 in GMT+8 (FREE-4). */
export const LEGACY_CUTOFF = new Date("2023-03-20T00:00:00+08:00");

export interface QuotaSubject {
  type: AccountType;
  memberLevel: MemberLevel;
  /** Enterprise only: it held a valid free certificate at LEGACY_CUTOFF. */
  legacy: boolean;
}

/** FREE-4: the allowance of an account. */
export function limitsFor(subject: QuotaSubject): QuotaLimits {
  if (subject.type === "enterprise") return { platform: 0, any: subject.legacy ? 20 : 10 };
  if (subject.memberLevel === "V2") return { platform: 0, any: 50 };
  return { platform: 30, any: 20 };
}

/**
 * FREE-5: a name registered with the platform's registrar uses the platform-domain quota first and the
 * any-domain quota only when that is used up; any other name uses the any-domain quota. Undefined when nothing
 * is left (FREE-4: `FailedOperation.ExceedsFreeLimit`).
 */
export function chooseBucket(
  limits: QuotaLimits,
  usage: QuotaUsage,
  registeredWithPlatform: boolean,
): QuotaBucket | undefined {
  if (registeredWithPlatform && usage.platform < limits.platform) return "platform";
  if (usage.any < limits.any) return "any";
  return undefined;
}

export interface QuotaView {
  Total: number;
  Used: number;
  PlatformDomain: { Total: number; Used: number; Remaining: number };
  AnyDomain: { Total: number; Used: number; Remaining: number };
}

/** FREE-10: total used / total, platform-domain and any-domain used / remaining. */
export function quotaView(limits: QuotaLimits, usage: QuotaUsage): QuotaView {
  const bucket = (total: number, used: number) => ({ Total: total, Used: used, Remaining: Math.max(0, total - used) });
  return {
    Total: limits.platform + limits.any,
    Used: usage.platform + usage.any,
    PlatformDomain: bucket(limits.platform, usage.platform),
    AnyDomain: bucket(limits.any, usage.any),
  };
}
