import type { PersonInput, PlatformClient, PurchaseRequest, SubmitRequest } from "@certsim/client";
import type { ScenarioContext } from "../src/scenario";
import type { Organisation } from "../src/world";
import { days, waitForStatus } from "./steps";

/** An organisation as the world's business registry has it (OV-5), with its registered phone (OV-3). */
export const ACME: Organisation = {
  name: "Shenzhen Acme Network Technology Co., Ltd.",
  registrationNumber: "91440300MA5ACME01X",
  address: "8 Keji South Road, Nanshan District",
  city: "Shenzhen",
  province: "Guangdong",
  country: "CN",
  phone: "+86 755 8600 0001",
};

export const ADMIN: PersonInput = {
  Name: "Li Lei",
  Position: "IT Manager",
  Phone: "+86 138 0000 0002",
  Email: "lilei@acme.example",
};

/** The organisation exists in the business registry, and its registered phone answers as told. */
export async function registerOrganisation(
  ctx: ScenarioContext,
  phonePolicy: "confirm" | "decline" | "no-answer" | "manual",
  organisation = ACME,
) {
  await ctx.organisations.register(organisation);
  await ctx.organisations.answerCalls(organisation.phone, phonePolicy);
  ctx.say(
    "phone",
    `${organisation.name} is in the business registry (${organisation.registrationNumber}); its phone ${organisation.phone} will ${phonePolicy === "manual" ? "be answered by a person" : phonePolicy}`,
  );
}

/** Buys a paid certificate, fills in the wizard, and commits it to the CA. */
export async function buyAndSubmit(
  ctx: ScenarioContext,
  client: PlatformClient,
  purchase: PurchaseRequest,
  submission: SubmitRequest,
): Promise<string> {
  const bought = await client.purchase(purchase);
  const id = bought.CertificateIds[0]!;
  ctx.volatile(id, ...bought.DealIds);
  ctx.say(
    "customer",
    `buys ${bought.ProductId} for ${bought.Period} year(s), ${bought.Price.Amount} ${bought.Price.Currency}: certificate ${id} (status 5, information to submit)`,
  );
  await client.submit(id, submission);
  ctx.say(
    "customer",
    `submits the information: ${submission.CsrType ?? "?"} CSR, domains ${[submission.CertificateDomain, ...(submission.DomainList ?? [])].filter(Boolean).join(", ")}${submission.Organization ? `, organisation ${submission.Organization.Name}` : ""}`,
  );
  const committed = await client.commit(id);
  ctx.say(
    "platform",
    `order placed with the CA: status ${committed.Status} ${committed.StatusName}${committed.StatusMsg ? ` (${committed.StatusMsg})` : ""}`,
  );
  return id;
}

/** Runs the clock until the CA releases its DCV instructions (WoTrus does after its pre-review, WT-2). */
export async function waitForDcvInstructions(ctx: ScenarioContext, client: PlatformClient, id: string) {
  let detail = await client.describeCertificate(id);
  await ctx.clock.runUntil(async () => {
    detail = await client.describeCertificate(id);
    return (detail.DvAuthDetail?.DvAuths.length ?? 0) > 0 || detail.Status === 2;
  }, days(4));
  ctx.say("platform", `DCV instructions released (${detail.StatusMsg})`);
  return detail;
}

/** Runs the clock to a final status, answering the organisation's phone when the CA calls (OV-3). */
export async function runReview(
  ctx: ScenarioContext,
  client: PlatformClient,
  id: string,
  phone: { number: string; answer?: "confirmed" | "declined" },
) {
  const answered = new Set<number>();
  let shown = "";
  let status = 0;
  await ctx.clock.runUntil(async () => {
    for (const call of await ctx.organisations.calls(phone.number)) {
      if (answered.has(call.id)) continue;
      answered.add(call.id);
      if (call.state === "ringing" && phone.answer) {
        await ctx.organisations.answer(call.id, phone.answer);
        ctx.say("phone", `${call.from} calls ${phone.number} (${call.purpose}): ${phone.answer}`);
      } else {
        ctx.say("phone", `${call.from} calls ${phone.number} (${call.purpose}): ${call.state}`);
      }
    }
    const detail = await client.describeCertificate(id);
    const now = `${detail.Status}/${detail.StatusMsg}`;
    if (now !== shown) {
      shown = now;
      ctx.say(
        "platform",
        `certificate status ${detail.Status} ${detail.StatusName}${detail.StatusMsg ? ` (${detail.StatusMsg})` : ""}`,
      );
    }
    status = detail.Status;
    return status === 1 || status === 2;
  }, days(30));
  return client.describeCertificate(id);
}

export { waitForStatus };
