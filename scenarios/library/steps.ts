import { join } from "node:path";
import type { CertificateDetail, PlatformClient } from "@certsim/client";
import type { ScenarioContext } from "../src/scenario";
import { keyMatches, saveBundle, subject, verifyChain } from "../src/verify";

const HOUR = 3600_000;
const DAY = 24 * HOUR;

/** A new platform account for the scenario's customer, with mailbox and phone number in the world. */
export async function signUp(
  ctx: ScenarioContext,
  account: {
    Type?: "individual" | "enterprise";
    MemberLevel?: "standard" | "V1" | "V2";
    Email?: string;
    Phone?: string;
  } = {},
) {
  const Email = account.Email ?? "alice@customer.example";
  const Phone = account.Phone ?? "+86 138 0000 0001";
  const created = await ctx.admin.createAccount({
    Type: account.Type ?? "individual",
    MemberLevel: account.MemberLevel ?? "standard",
    Email,
    Phone,
  });
  ctx.volatile(created.AccountId, created.ApiKey);
  ctx.say(
    "customer",
    `signs up: ${account.Type ?? "individual"} ${account.MemberLevel ?? "standard"} account ${created.AccountId}`,
  );
  return { ...created, Email, Phone, client: ctx.customer(created.ApiKey) };
}

/** The customer's DNS provider serves a zone, with A records pointing the names at the web host. */
export async function hostZone(
  ctx: ScenarioContext,
  zone: string,
  options: { hostedAtPlatform?: boolean; web?: string[] } = {},
) {
  await ctx.dns.createZone(zone, { hostedAtPlatform: options.hostedAtPlatform ?? false });
  for (const name of options.web ?? []) await ctx.dns.addRecord(name, "A", "127.0.0.1");
  ctx.say("dns", `zone ${zone} served${options.hostedAtPlatform ? " (hosted at the platform's DNS service)" : ""}`);
}

export async function status(client: PlatformClient, id: string): Promise<CertificateDetail> {
  return client.describeCertificate(id);
}

/** Runs the clock until the certificate reaches one of `codes`, reporting each status change. */
export async function waitForStatus(
  ctx: ScenarioContext,
  client: PlatformClient,
  id: string,
  codes: number[],
  within = 8 * DAY,
): Promise<CertificateDetail> {
  let last = await client.describeCertificate(id);
  let shown = `${last.Status}/${last.StatusMsg}`;
  await ctx.clock.runUntil(async () => {
    last = await client.describeCertificate(id);
    const now = `${last.Status}/${last.StatusMsg}`;
    if (now !== shown) {
      shown = now;
      ctx.say(
        "platform",
        `certificate status ${last.Status} ${last.StatusName}${last.StatusMsg ? ` (${last.StatusMsg})` : ""}`,
      );
    }
    return codes.includes(last.Status);
  }, within);
  return last;
}

/** Downloads the Nginx bundle, saves it, and checks it the way a customer's ops team would, with openssl. */
export async function downloadAndVerify(
  ctx: ScenarioContext,
  client: PlatformClient,
  id: string,
  options: { brand: string; names: string[]; expectKey?: boolean; organisation?: string },
) {
  const download = await client.download(id, "nginx");
  const domain = options.names[0]!.replace(/^\*\./, "_.");
  const saved = saveBundle(download.Content, join(ctx.out, domain), domain);
  ctx.say("customer", `downloads the Nginx bundle into ${saved.folder}`);
  const { root } = await ctx.ca(options.brand).roots();
  const verdict = verifyChain(saved, root, ctx.clock.now());
  ctx.expect(
    verdict.endsWith(": OK"),
    `openssl verify against the ${options.brand} root: ${verdict.split(": ").pop()}`,
  );
  const expected = [...options.names].sort();
  ctx.expect(
    JSON.stringify(saved.sans) === JSON.stringify(expected),
    `SANs ${saved.sans.join(", ")} are exactly ${expected.join(", ")} (DOM-2)`,
  );
  if (options.expectKey ?? true) ctx.expect(keyMatches(saved), "the private key matches the certificate");
  else ctx.expect(saved.key === undefined, "the bundle holds no private key");
  if (options.organisation) {
    const dn = subject(saved.certificate).replace(/\\/g, "");
    ctx.expect(dn.includes(`O=${options.organisation}`), `the subject carries the organisation (${dn})`);
  }
  return saved;
}

export const hours = (n: number) => n * HOUR;
export const days = (n: number) => n * DAY;

type Auth = NonNullable<CertificateDetail["DvAuthDetail"]>["DvAuths"][number];

/** The full DNS name a DCV instruction asks for: the vendor gives a host record (`_dnsauth`) and its domain. */
export const recordName = (auth: Auth) =>
  auth.DvAuthKey.endsWith(auth.DvAuthDomain) ? auth.DvAuthKey : `${auth.DvAuthKey}.${auth.DvAuthDomain}`;

/** Follows the platform's DCV instructions at the customer's DNS provider. */
export async function publishDnsRecords(ctx: ScenarioContext, detail: CertificateDetail) {
  for (const auth of detail.DvAuthDetail?.DvAuths ?? []) {
    const type = auth.DvAuthVerifyType === "CNAME" ? "CNAME" : "TXT";
    // Sectigo-style CNAME records are hashes of the CSR, whose key is real randomness: not part of the replay.
    if (type === "CNAME") ctx.volatile(recordName(auth), auth.DvAuthValue);
    await ctx.dns.setRecords(recordName(auth), type, [auth.DvAuthValue]);
    ctx.say("dns", `customer adds ${type} ${recordName(auth)} = ${auth.DvAuthValue}`);
  }
}

/** Follows the platform's file-validation instructions on the customer's web host (both apex and www, DCV-5). */
export async function publishFiles(ctx: ScenarioContext, detail: CertificateDetail) {
  for (const auth of detail.DvAuthDetail?.DvAuths ?? []) {
    await ctx.web.putFile(auth.DvAuthDomain, auth.DvAuthPath, auth.DvAuthValue);
    ctx.say("web", `customer uploads http://${auth.DvAuthDomain}${auth.DvAuthPath}`);
  }
}

/** Applies for a free certificate; its id comes from real randomness, so transcripts mask it. */
export async function applyFree(
  ctx: ScenarioContext,
  client: PlatformClient,
  request: Parameters<PlatformClient["applyFreeCertificate"]>[0],
) {
  const answer = await client.applyFreeCertificate(request);
  ctx.volatile(answer.CertificateId);
  return answer;
}
