// What the platform does under load that a customer can see: reads of pending certificates served from the
// platform's own record between syncs with the CA, and online RSA generation queued with a bound and refused
// (503 ResourceBusy, nothing changed) beyond it while ECC keeps flowing.
import diagnostics from "node:diagnostics_channel";
import { readdirSync, readFileSync } from "node:fs";
import type { ClientRequest } from "node:http";
import os from "node:os";
import { minutes, seconds } from "@certsim/clock";
import { generateKeyPair, type KeyPairPem, type KeySpec } from "@certsim/pki";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { FIRST_GENERATION_GUESS_MS, KEY_GENERATION_CAPS } from "../src/orders/keys";
import { type Ecosystem, type Json, startEcosystem } from "./harness";

describe("reads of pending certificates (callbacks lost)", () => {
  let eco: Ecosystem;

  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    // The CA's callbacks go to a port where nothing listens: only reads can bring the platform up to date.
    eco = await startEcosystem({ platform: { publicUrl: "http://127.0.0.1:9", readSyncIntervalMs: 60_000 } });
  });
  afterAll(() => eco?.close());

  it("PAID-4: a read answers from the platform's record within readSyncIntervalMs and follows the CA after it", async () => {
    const hana = await eco.customer();
    await eco.zone("hana-sync.com");
    const id = await eco.apply(hana, { DomainName: "hana-sync.com" });
    const first = await eco.detail(hana, id); // asks the CA: the interval starts now
    expect(first).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });

    const caOrderId = (await eco.caOperator.get("/operator/orders")).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    ).order_id;
    const rejected = await eco.caOperator.post(`/operator/orders/${caOrderId}/reject`, { reason: "not this time" });
    expect(rejected.status).toBe(200);
    await eco.world.clock.runUntilIdle({ until: eco.world.clock.nowMs() });

    // Same simulated instant: the platform's record, as the lost callback left it.
    expect(await eco.detail(hana, id)).toMatchObject({ Status: 0, StatusMsg: "PENDING-DCV" });
    await eco.world.clock.advance(seconds(59));
    expect((await eco.detail(hana, id)).Status).toBe(0);
    // The interval has passed: the read asks the CA again and follows it (quota back, FREE-6).
    await eco.world.clock.advance(seconds(1));
    const failed = await eco.detail(hana, id);
    expect(failed).toMatchObject({ Status: 2, StatusName: "Review failed" });
    expect(failed.StatusMsg).toContain("not this time");
    expect((await hana.api.get("/v1/quota")).body.Used).toBe(0);
  });

  it("PAID-4: concurrent reads of one pending certificate share one question to the CA", async () => {
    const ivan = await eco.customer();
    await eco.zone("ivan-sync.com");
    const id = await eco.apply(ivan, { DomainName: "ivan-sync.com" });
    const caOrderId = (await eco.caOperator.get("/operator/orders")).body.orders.find(
      (o: Json) => o.partner_order_id === id,
    ).order_id;
    // Count the platform's reads of this order as its HTTP client sends them.
    let asked = 0;
    const onRequest = (message: unknown) => {
      const { request } = message as { request: ClientRequest };
      if (request.method === "GET" && request.path.endsWith(`/api/v2/orders/${caOrderId}`)) asked++;
    };
    diagnostics.subscribe("http.client.request.start", onRequest);
    try {
      const read = () => ivan.api.get(`/v1/certificates/${id}`);
      const answers = await Promise.all(Array.from({ length: 20 }, read));
      expect(answers.every((a) => a.status === 200 && a.body.Status === 0)).toBe(true);
      expect(asked).toBe(1);
      await read();
      expect(asked).toBe(1); // within the interval
      await eco.world.clock.advance(minutes(1));
      await Promise.all(Array.from({ length: 5 }, read));
      expect(asked).toBe(2);
    } finally {
      diagnostics.unsubscribe("http.client.request.start", onRequest);
    }
  });
});

/** A key generator that finishes only when the test says so. */
function gatedGenerator() {
  const started: { spec: KeySpec; finish: () => void }[] = [];
  const generate = (spec: KeySpec) =>
    new Promise<KeyPairPem>((resolve, reject) => {
      started.push({ spec, finish: () => generateKeyPair(spec).then(resolve, reject) });
    });
  return { started, generate };
}

describe("online RSA generation under a burst", () => {
  let eco: Ecosystem;
  const gate = gatedGenerator();
  const maxWaitMs = 1_000;

  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    eco = await startEcosystem({
      platform: { keyPoolSize: 0, keyWaitMaxMs: maxWaitMs, generateKeyPair: gate.generate },
    });
  });
  afterAll(() => eco?.close());

  it("CSR-1, FREE-6: RSA applications beyond the bounded queue get 503 ResourceBusy at once, nothing changed; ECC is not held up", async () => {
    // No RSA key has been made yet, so the platform estimates each from its first guess: this many fit in line.
    const cap = KEY_GENERATION_CAPS["RSA-2048"]!;
    const inLine = Math.floor(maxWaitMs / FIRST_GENERATION_GUESS_MS["RSA-2048"]!) * cap;
    const burstSize = inLine + 6;
    const jun = await eco.customer({ MemberLevel: "V2" });
    await eco.zone("jun-burst.com");
    const apply = (i: number, algo: "RSA" | "ECC") =>
      jun.api.post("/v1/free-certificates", {
        DomainName: `r${i}.jun-burst.com`,
        DvAuthMethod: "DNS",
        CsrEncryptAlgo: algo,
      });
    const settled: Json[] = [];
    for (let i = 0; i < burstSize; i++) void apply(i, "RSA").then((a) => settled.push(a));
    const tick = () => new Promise((resolve) => setImmediate(resolve));

    // The refusals answer while every RSA generation is still held: they did not wait for a key.
    while (settled.length < burstSize - inLine) await tick();
    expect(settled).toHaveLength(burstSize - inLine);
    for (const answer of settled) {
      expect(answer.status).toBe(503);
      expect(answer.body.error).toMatchObject({ code: "FailedOperation.ResourceBusy", rule: "CSR-1" });
    }
    const rsaStarted = () => gate.started.filter((g) => g.spec.algorithm === "RSA").length;
    expect(rsaStarted()).toBe(cap);

    // An ECC application meanwhile gets its own generation (RSA is capped) and its answer while RSA still waits.
    const ecc = apply(100, "ECC");
    while (!gate.started.some((g) => g.spec.algorithm === "ECC")) await tick();
    gate.started.find((g) => g.spec.algorithm === "ECC")!.finish();
    expect((await ecc).status).toBe(200);
    expect(settled).toHaveLength(burstSize - inLine);

    // Release RSA generations one by one: each application in line gets its key and its certificate.
    const released = new Set<(typeof gate.started)[number]>();
    while (settled.length < burstSize) {
      const next = gate.started.find((g) => !released.has(g));
      if (next) {
        released.add(next);
        next.finish();
      }
      expect(gate.started.length - released.size).toBeLessThanOrEqual(cap);
      await tick();
    }
    const accepted = settled.filter((a) => a.status === 200).map((a) => a.body.CertificateId as string);
    expect(accepted).toHaveLength(inLine);

    // FREE-6: quota and certificates are exactly the accepted applications and the ECC one.
    expect((await jun.api.get("/v1/certificates?Limit=100")).body.TotalCount).toBe(inLine + 1);
    expect((await jun.api.get("/v1/quota")).body.Used).toBe(inLine + 1);
    for (const id of accepted) expect((await eco.detail(jun, id)).EncryptAlgorithm).toBe("RSA");
  });
});

describe("online RSA generation off the event loop", () => {
  let eco: Ecosystem;
  // Lower than this process (which may itself run niced): a thread may always be made nicer, never less nice.
  const eventLoopNice = os.getPriority();
  const rsaNice = Math.min(19, eventLoopNice + 7);

  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    eco = await startEcosystem({ platform: { keyPoolSize: 0, rsaKeyNice: rsaNice } });
  });
  afterAll(() => eco?.close());

  /** Threads of this process with the given nice value (Linux: the 19th field of /proc/self/task/<tid>/stat). */
  const threadsWithNice = (nice: number) =>
    readdirSync("/proc/self/task").filter((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
      return Number(stat.slice(stat.lastIndexOf(")") + 2).split(" ")[16]) === nice;
    });

  it.runIf(process.platform === "linux")(
    "CSR-1: RSA keys are made on a thread of their own at a lower priority than the event loop",
    async () => {
      expect(threadsWithNice(rsaNice)).toHaveLength(0);
      const kim = await eco.customer();
      await eco.zone("kim-rsa.com");
      const id = await eco.apply(kim, { DomainName: "kim-rsa.com", CsrEncryptAlgo: "RSA" });
      expect((await eco.detail(kim, id)).EncryptAlgorithm).toBe("RSA");
      expect(threadsWithNice(rsaNice)).toHaveLength(1); // RSA-2048's thread
      expect(os.getPriority()).toBe(eventLoopNice); // the event loop's is unchanged
    },
    60_000,
  );
});
