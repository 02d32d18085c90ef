// Model-based test of the order state machine (PAID-4) across the whole ecosystem: random sequences of customer,
// organisation, CA-operator and clock actions, each checked against a model (see order-model/model.ts). One
// ecosystem serves the whole file; each run gets its own account, organisation, phone number and domain names, so
// runs do not interfere (the clock only moves forward, which the model does not mind).
import { writeFileSync } from "node:fs";
import { PlatformAdminClient, PlatformClient } from "@certsim/client";
import { Status } from "@certsim/platform";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Ecosystem, startEcosystem } from "../src";
import { allCommands, buyWoTrus, checkAgainstCa, initialPhone, opening } from "./order-model/commands";
import {
  checkOperationLog,
  DAY,
  HOUR,
  instructionsOf,
  type Model,
  observe,
  type Real,
  type Shared,
} from "./order-model/model";
import { CaOperator, ClockApi, DnsProvider, OrganisationDesk } from "./order-model/world";

const NUM_RUNS = Number(process.env.ORDER_MODEL_RUNS ?? 200);
const MAX_COMMANDS = Number(process.env.ORDER_MODEL_COMMANDS ?? 16);
/** ORDER_MODEL_STATS=<file> writes what the runs reached there (each order's observed statuses, commands run). */
const STATS = process.env.ORDER_MODEL_STATS;
const reached = new Map<string, number>();
const count = (key: string) => reached.set(key, (reached.get(key) ?? 0) + 1);

let ecosystem: Ecosystem;
let shared: Shared;
let admin: PlatformAdminClient;
const customers: PlatformClient[] = [];
let runs = 0;

beforeAll(async () => {
  // A Monday: OV reviews count business days (OV-4), the calendar's weekends come up within a run.
  ecosystem = await startEcosystem({ seed: 4242, start: "2026-06-01T09:00:00+08:00", ports: "ephemeral" });
  const { endpoints } = ecosystem;
  admin = new PlatformAdminClient({ url: endpoints.platform.url, adminToken: endpoints.platform.adminToken });
  shared = {
    ecosystem,
    clock: new ClockApi(endpoints.clock.url),
    dns: new DnsProvider(endpoints.dns.api),
    organisations: new OrganisationDesk(endpoints.world.url),
    operators: {
      trustasia: new CaOperator(endpoints.cas.trustasia!.operator),
      wotrus: new CaOperator(endpoints.cas.wotrus!.operator),
    },
    async newCustomer(run) {
      const { ApiKey } = await admin.createAccount({
        Type: "individual",
        MemberLevel: "standard",
        Email: `customer${run}@model.example`,
        Phone: `+86 139 ${String(10_000_000 + run)}`,
      });
      const client = new PlatformClient({ url: endpoints.platform.url, apiKey: ApiKey, connections: 4 });
      customers.push(client);
      return client;
    },
  };
}, 60_000);

afterAll(async () => {
  await Promise.allSettled([
    ...customers.map((c) => c.close()),
    admin?.close(),
    shared?.clock.close(),
    shared?.dns.close(),
    shared?.organisations.close(),
    shared?.operators.trustasia.close(),
    shared?.operators.wotrus.close(),
  ]);
  await ecosystem?.close();
});

/** A fresh corner of the world: an account, an organisation in the registry with its own phone, own names. */
async function newRun(): Promise<Real> {
  const run = ++runs;
  const client = await shared.newCustomer(run);
  const organisation = {
    name: `Model Test Org ${run} Co., Ltd.`,
    registrationNumber: `91440300MA${String(run).padStart(8, "0")}`,
    address: `${run} Keji South Road, Nanshan District`,
    city: "Shenzhen",
    phone: `+86 755 ${String(60_000_000 + run)}`,
  };
  await shared.organisations.register(organisation);
  return { shared, run, client, organisation, domain: (slot) => `r${run}o${slot}-mbt.cn` };
}

/** After the commands: one more read, then the operation logs and the CA's side of every order. */
async function finalChecks(model: Model, real: Real): Promise<void> {
  if (model.orders.length === 0) return;
  await observe(model, real, "final read");
  for (const order of model.orders) {
    const { OperateLogs } = await real.client.operationLogs(order.id);
    checkOperationLog(model, order, OperateLogs);
  }
  await checkAgainstCa(model, real);
}

/** Orders left open stop costing clock events in later runs. */
async function cleanUp(model: Model, real: Real): Promise<void> {
  for (const order of model.orders) {
    if (order.status === Status.UnderReview || order.status === Status.InformationToSubmit) {
      await real.client.cancel(order.id).catch(() => undefined);
    }
  }
}

describe("order state machine, model-based", () => {
  it("PAID-4: model-based: random customer, CA and clock actions keep orders in legal states, never issue without DCV and review, and conserve quota", async () => {
    const cpuAtStart = process.cpuUsage();
    const wallAtStart = performance.now();
    await fc.assert(
      fc.asyncProperty(
        initialPhone,
        opening,
        fc.commands(allCommands, { maxCommands: MAX_COMMANDS, size: "max" }),
        async (phone, first, commands) => {
          const real = await newRun();
          await shared.organisations.answerCalls(real.organisation.phone, phone);
          const model: Model = {
            run: real.run,
            now: await shared.clock.now(),
            orders: [],
            phone,
            phoneDuringCommand: undefined,
            clockErrors: ecosystem.clock.errors().length,
            trace: [`phone(${phone})`],
          };
          try {
            await fc.asyncModelRun(() => ({ model, real }), [first, ...commands]);
            await finalChecks(model, real);
            if (STATS) {
              count(`commands ${model.trace.length}`);
              for (const o of model.orders) count(`${o.kind} ${o.path.join(" > ")}`);
            }
          } finally {
            await cleanUp(model, real);
          }
        },
      ),
      {
        numRuns: NUM_RUNS,
        // ORDER_MODEL_SEED and ORDER_MODEL_PATH (as fast-check prints them) replay the same command sequences; the
        // world's timing differs (its clock and random streams went on through every earlier run), so the trace in
        // the failure message is the record of what happened.
        ...(process.env.ORDER_MODEL_SEED ? { seed: Number(process.env.ORDER_MODEL_SEED) } : {}),
        ...(process.env.ORDER_MODEL_PATH ? { path: process.env.ORDER_MODEL_PATH } : {}),
      },
    );
    if (STATS) {
      const cpu = process.cpuUsage(cpuAtStart);
      count(`~ clock at ${new Date(await shared.clock.now()).toISOString()} after ${runs} runs`);
      count(
        `~ cpu ${Math.round((cpu.user + cpu.system) / 1000)} ms, wall ${Math.round(performance.now() - wallAtStart)} ms`,
      );
      const lines = [...reached].sort().map(([key, n]) => `${n}\t${key}`);
      writeFileSync(STATS, `${lines.join("\n")}\n`);
    }
  }, 600_000);
});

describe("WT-3 by hand", () => {
  /** The CA's view of an order: when DCV and the manual review passed, and each move into `issued`. */
  async function caSide(caOrderId: string) {
    const order = await shared.operators.wotrus.order(caOrderId);
    const stages = order.review?.stages as { name: string; passed_at?: string; passed_by?: string }[] | undefined;
    const passedAt = (name: string) => {
      const at = stages?.find((stage) => stage.name === name)?.passed_at;
      return at === undefined ? undefined : Date.parse(at);
    };
    const log = order.log ?? [];
    const issuances = log.filter((entry, i) => entry.status === "issued" && log[i - 1]?.status !== "issued");
    return {
      status: order.status,
      dcvPassedAt: passedAt("dcv"),
      reviewPassedAt: passedAt("manual-review"),
      reviewPassedBy: stages?.find((stage) => stage.name === "manual-review")?.passed_by,
      issuedAt: issuances.map((entry) => Date.parse(entry.at)),
      serial: (order as { certificate?: { serial: string } }).certificate?.serial,
    };
  }

  it("WT-3: an OV order is issued exactly once, whether DCV passes before the manual review, after it, or at the same instant", async () => {
    const real = await newRun();
    const { client } = real;
    const wotrus = shared.operators.wotrus;
    await shared.organisations.answerCalls(real.organisation.phone, "confirm");

    // Three OV orders of one organisation; the operator passes their pre-reviews (WT-2), which releases the DCV
    // instructions and starts the manual review: registry check, a call the phone confirms, 3–5 business days.
    const cases = ["dcv-first", "review-first", "same-instant"] as const;
    const orders = new Map<(typeof cases)[number], { id: string; caOrderId: string }>();
    for (const [slot, name] of cases.entries()) {
      const id = await buyWoTrus(real, "OV", real.domain(slot));
      const { OrderId } = await client.commit(id);
      await wotrus.approve(OrderId!);
      orders.set(name, { id, caOrderId: OrderId! });
    }
    const publish = async (id: string) => {
      for (const record of instructionsOf(await client.describeCertificate(id))) {
        await shared.dns.setRecords(record.name, record.type, [record.value]);
      }
    };
    const at = (name: (typeof cases)[number]) => orders.get(name)!;

    // DCV first: the records pass at once, the review is still at work.
    await publish(at("dcv-first").id);
    await client.checkDomainVerification(at("dcv-first").id);
    expect((await client.describeCertificate(at("dcv-first").id)).StatusMsg).toBe("CA-REVIEWING");

    // Review first: the operator passes the manual review while no record is published.
    await wotrus.approveManualReview(at("review-first").caOrderId);
    const waiting = await client.describeCertificate(at("review-first").id);
    expect([waiting.Status, waiting.StatusMsg]).toEqual([Status.UnderReview, "PENDING-DCV"]);

    // Same instant: DCV passes, then the review, with no simulated time between them.
    await publish(at("same-instant").id);
    await client.checkDomainVerification(at("same-instant").id);
    await wotrus.approveManualReview(at("same-instant").caOrderId);

    // An hour on, the review-first order's records go up and pass; nothing is issued without them meanwhile.
    await shared.clock.advance(HOUR);
    expect((await client.describeCertificate(at("review-first").id)).Status).toBe(Status.UnderReview);
    await publish(at("review-first").id);
    await client.checkDomainVerification(at("review-first").id);

    // Day by day until all three are issued (the reviewer's 3–5 business days for dcv-first, longer over a public
    // holiday; the phone confirmed, so well within the review's 30 days of patience), then some more.
    for (let day = 0; day < 30; day++) {
      const statuses = await Promise.all(
        cases.map(async (name) => (await client.describeCertificate(at(name).id)).Status),
      );
      if (statuses.every((status) => status === Status.Issued)) break;
      await shared.clock.advance(DAY);
    }
    await shared.clock.advance(2 * DAY);

    for (const name of cases) {
      const { id, caOrderId } = at(name);
      const detail = await client.describeCertificate(id);
      const ca = await caSide(caOrderId);
      expect({ name, status: detail.Status, ca: ca.status }).toEqual({ name, status: Status.Issued, ca: "issued" });
      // Exactly one issuance at the CA and one at the platform, of the same certificate.
      expect({ name, issuances: ca.issuedAt.length }).toEqual({ name, issuances: 1 });
      const { OperateLogs } = await client.operationLogs(id);
      const intoIssued = OperateLogs.filter((e) => e.StatusTo === Status.Issued && e.StatusFrom !== Status.Issued);
      expect({ name, platformIssuances: intoIssued.length }).toEqual({ name, platformIssuances: 1 });
      expect(detail.SerialNumber).toBe(ca.serial);
      // Issued only once both had passed, in whichever order they did.
      expect(ca.dcvPassedAt).toBeDefined();
      expect(ca.reviewPassedAt).toBeDefined();
      expect(ca.issuedAt[0]!).toBeGreaterThanOrEqual(Math.max(ca.dcvPassedAt!, ca.reviewPassedAt!));
      if (name === "dcv-first") {
        expect(ca.dcvPassedAt!).toBeLessThan(ca.reviewPassedAt!);
        expect(ca.reviewPassedBy).toBe("reviewer");
      }
      if (name === "review-first") expect(ca.reviewPassedAt!).toBeLessThan(ca.dcvPassedAt!);
      if (name === "same-instant") expect(ca.reviewPassedAt).toBe(ca.dcvPassedAt);
    }
  }, 120_000);
});
