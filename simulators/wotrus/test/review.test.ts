// WoTrus OV/EV review: pre-review (WT-2), DCV and the manual review side by side (WT-1, WT-3), the registry check
// (OV-5), the call to the registered phone (OV-3) and the review's business days (OV-4).
import { join } from "node:path";
import { callbackSink as sink } from "@certsim/ca-kit/test-support";
import { tempDir } from "@certsim/ca-kit/testing";
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { ACME, ACME_CLAIM, ACME_PHONE, API, APPLICANT, startWoTrusWorld, type WoTrusWorld } from "./helpers";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
type Json = any;

const worlds: WoTrusWorld[] = [];
const sinks: { close(): Promise<void> }[] = [];
const cleanups: (() => void)[] = [];

async function world(options: Parameters<typeof startWoTrusWorld>[0] = {}) {
  const t = await startWoTrusWorld(options);
  worlds.push(t);
  return t;
}

afterEach(async () => {
  for (const t of worlds.splice(0)) {
    expect(t.world.clock.errors()).toEqual([]);
    await t.close();
  }
  for (const s of sinks.splice(0)) await s.close();
  for (const cleanup of cleanups.splice(0)) cleanup();
});

const ms = (iso: string) => Date.parse(iso);
const stage = (detail: Json, name: string) => detail.review.stages.find((s: { name: string }) => s.name === name);
const logOf = async (t: WoTrusWorld, orderNo: string): Promise<string[]> =>
  (await t.inspect(orderNo)).log.map((entry: { detail: string }) => entry.detail);

/** A reseller's callback endpoint: collects every status WoTrus reports. */
async function callbackSink(): Promise<{ url: string; statuses: string[]; bodies: Json[] }> {
  const s = await sink("/wotrus-callback");
  sinks.push(s);
  return {
    url: s.url,
    bodies: s.bodies,
    get statuses() {
      return s.bodies.map((body: Json) => body.status);
    },
  };
}

/** GMT+8 calendar date and weekday (0 = Sunday) of an instant, computed by hand. */
function gmt8Day(at: number): { date: string; weekday: number } {
  const shifted = new Date(at + 8 * HOUR);
  return { date: shifted.toISOString().slice(0, 10), weekday: shifted.getUTCDay() };
}

/** Monday–Friday dates after `from`'s date up to `to`'s date (no public holiday falls in the weeks tested). */
function weekdaysAfter(from: number, to: number): number {
  let count = 0;
  for (let day = from + DAY; gmt8Day(day).date <= gmt8Day(to).date; day += DAY) {
    const { weekday } = gmt8Day(day);
    if (weekday >= 1 && weekday <= 5) count++;
  }
  return count;
}

describe("WT-1: the steps of a WoTrus OV order", () => {
  it("WT-1: information and DCV method → pre-review → DCV → manual review with a phone call → issuance; no confirmation letter", async () => {
    const t = await world();
    const sink = await callbackSink();
    // Information and the DCV method arrive together, with the order.
    const order = await t.ovOrder({ notifyUrl: sink.url });
    expect(order).toMatchObject({
      status: "PRE_REVIEW",
      validationType: "OV",
      dcvMethod: "CNAME",
      organization: { name: ACME.name, registrationNumber: ACME.registrationNumber },
      applicant: { email: APPLICANT.email },
      progress: { preReview: "IN_PROGRESS", dcv: "WAITING", manualReview: "WAITING", issuance: "WAITING" },
    });
    // The flow has no confirmation-letter step, and the API no place to upload one.
    expect(Object.keys(order.progress)).toEqual(["preReview", "dcv", "manualReview", "issuance"]);
    const letter = await t.reseller.post(`${API}/orders/${order.orderNo}/confirmation-letter`, {});
    expect(letter.status).toBe(404);

    const released = await t.untilReleased(order.orderNo);
    expect(released.status).toBe("WAIT_DCV");
    await t.publishCnames(released);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.orderNo);
    expect(issued.status).toBe("ISSUED");
    expect(issued.certificate.serialNumber).toMatch(/^[0-9a-f]+$/);

    const log = await logOf(t, order.orderNo);
    const at = (pattern: RegExp) => {
      const index = log.findIndex((line) => pattern.test(line));
      expect(index, String(pattern)).toBeGreaterThanOrEqual(0);
      return index;
    };
    const steps = [
      at(/^order placed$/),
      at(/^pre-review until /),
      at(/^pre-review passed$/),
      at(/^DCV instructions released$/),
      at(/^domain control validated$/),
      at(/^manual review passed/),
      at(/^certificate [0-9a-f]+ issued$/),
    ];
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    // The manual review made its phone call (OV-3), to the organisation's registered number.
    const phoned = at(/registered phone \+861088880000 confirmed/);
    expect(phoned).toBeGreaterThan(at(/^manual review started/));
    expect(phoned).toBeLessThan(at(/^manual review passed/));
    expect((await t.people.calls(ACME_PHONE)).map((call: Json) => call.from)).toEqual(["WoTrus"]);
    // The reseller heard of each step in order.
    expect(sink.statuses).toEqual(["WAIT_DCV", "REVIEWING", "WAIT_ISSUE", "ISSUED"]);
    expect(sink.bodies[0]).toMatchObject({ orderNo: order.orderNo, resellerOrderNo: order.resellerOrderNo });
  });
});

describe("WT-2: pre-review before the DCV instructions", () => {
  it("WT-2: the pre-review takes 10 minutes–72 hours drawn from the seed; the DCV instructions appear only after it passes", async () => {
    const t = await world();
    const order = await t.ovOrder();
    expect(order).toMatchObject({ status: "PRE_REVIEW", dcvReleased: false, dcvList: [], dcvDeadline: null });
    const early = await t.reseller.post(`${API}/orders/${order.orderNo}/dcv/verify`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "DCV_NOT_READY", rule: "WT-2" });
    expect((await t.reseller.get(`${API}/orders/${order.orderNo}/dcv`)).body).toMatchObject({
      dcvReleased: false,
      dcvList: [],
    });

    const due = ms(stage(await t.inspect(order.orderNo), "pre-review").due_at);
    const delay = due - ms(order.createdAt);
    expect(delay).toBeGreaterThanOrEqual(10 * MINUTE);
    expect(delay).toBeLessThanOrEqual(72 * HOUR);
    await t.world.clock.advanceTo(due - 1000);
    expect(await t.get(order.orderNo)).toMatchObject({ status: "PRE_REVIEW", dcvList: [] });
    // Nobody could have published a record before this: the CA never looked either.
    expect((await t.world.dnsQueries()).filter((q) => q.type === "CNAME")).toEqual([]);

    await t.world.clock.advanceTo(due);
    const released = await t.get(order.orderNo);
    expect(released).toMatchObject({ status: "WAIT_DCV", dcvReleased: true });
    expect(released.dcvList).toHaveLength(1);
    expect(released.dcvList[0]).toMatchObject({ dnsType: "CNAME", verified: false });
    // DCV-2: the 7 days count from the release, not from the order.
    expect(ms(released.dcvDeadline)).toBe(due + 7 * DAY);
    expect((await t.reseller.post(`${API}/orders/${order.orderNo}/dcv/verify`)).status).toBe(200);
  });

  it("WT-2: every delay lies within 10 minutes–72 hours, and the same seed draws the same delays", async () => {
    const delays = async (seed: string) => {
      const t = await world({ seed });
      const drawn: number[] = [];
      for (let i = 0; i < 8; i++) {
        const order = await t.ovOrder();
        drawn.push(ms(stage(await t.inspect(order.orderNo), "pre-review").due_at) - ms(order.createdAt));
      }
      return drawn;
    };
    const first = await delays("seed-a");
    for (const delay of first) {
      expect(delay).toBeGreaterThanOrEqual(10 * MINUTE);
      expect(delay).toBeLessThanOrEqual(72 * HOUR);
    }
    expect(new Set(first).size).toBeGreaterThan(1);
    expect(await delays("seed-a")).toEqual(first);
    expect(await delays("seed-b")).not.toEqual(first);
  });
});

describe("WT-3: issued only when DCV and the manual review have both passed", () => {
  it("WT-3: DCV first, review later: the certificate waits for the review and is issued when it passes", async () => {
    const t = await world();
    const order = await t.ovOrder();
    await t.publishCnames(await t.untilReleased(order.orderNo));
    await t.world.clock.advance(10 * MINUTE);
    const validated = await t.get(order.orderNo);
    expect(validated).toMatchObject({
      status: "REVIEWING",
      progress: { dcv: "PASSED", manualReview: "IN_PROGRESS", issuance: "WAITING" },
      certificate: null,
    });
    const reviewDue = ms(stage(await t.inspect(order.orderNo), "manual-review").due_at);
    await t.world.clock.advanceTo(reviewDue - 1000);
    expect(await t.get(order.orderNo)).toMatchObject({ status: "REVIEWING", certificate: null });

    await t.world.clock.advanceTo(reviewDue);
    const issued = await t.get(order.orderNo);
    expect(issued.status).toBe("ISSUED");
    expect(Math.abs(ms(issued.certificate.notBefore) - reviewDue)).toBeLessThan(1000);
  });

  it("WT-3: review first, DCV later: the certificate waits for DCV and is issued after it passes", async () => {
    // The DCV deadline is stretched so the records can come after even the longest review.
    const t = await world({ timings: { dcvDeadline: 14 * DAY } });
    const order = await t.ovOrder();
    const released = await t.untilReleased(order.orderNo);
    const reviewDue = ms(stage(await t.inspect(order.orderNo), "manual-review").due_at);
    await t.world.clock.advanceTo(reviewDue);
    const reviewed = await t.get(order.orderNo);
    expect(reviewed).toMatchObject({
      status: "WAIT_DCV",
      progress: { dcv: "IN_PROGRESS", manualReview: "PASSED", issuance: "WAITING" },
      certificate: null,
    });
    await t.world.clock.advance(DAY);
    expect((await t.get(order.orderNo)).certificate).toBeNull();

    await t.publishCnames(released);
    const check = await t.reseller.post(`${API}/orders/${order.orderNo}/dcv/verify`);
    expect(check.body).toMatchObject({ status: "WAIT_ISSUE", results: [{ result: "PASS", localCheck: 1 }] });
    const dcvPassed = ms(stage(await t.inspect(order.orderNo), "dcv").passed_at);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.orderNo);
    expect(issued.status).toBe("ISSUED");
    expect(ms(issued.certificate.notBefore)).toBeGreaterThanOrEqual(dcvPassed);
    expect(ms(issued.certificate.notBefore)).toBeGreaterThan(reviewDue + DAY);
  });
});

describe("OV-3: the call to the registered phone", () => {
  it("OV-3: a refusal on the registered phone fails the order", async () => {
    const t = await world();
    await t.people.setPhonePolicy(ACME.phone, "decline");
    const order = await t.ovOrder();
    await t.untilReleased(order.orderNo);
    const failed = await t.get(order.orderNo);
    expect(failed).toMatchObject({ status: "FAILED", failReason: { code: "PHONE_VERIFY_DECLINED" } });
    expect(failed.failReason.message).toContain("+861088880000");
    const calls = await t.people.calls(ACME_PHONE);
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({ from: "WoTrus", state: "declined" });
    expect(calls[0].purpose).toContain(order.orderNo);
  });

  it("OV-3: the registered number is called, not the applicant's; an unanswered call is tried again the next business day at 10:00 GMT+8; a confirmation passes", async () => {
    // Released on a Friday afternoon: the retry skips the weekend.
    const t = await world({ start: "2026-05-15T09:00:00+08:00", timings: { preReviewDelay: [5 * HOUR, 5 * HOUR] } });
    await t.people.setPhonePolicy(ACME.phone, "no-answer");
    const order = await t.ovOrder();
    const released = await t.untilReleased(order.orderNo);
    await t.publishCnames(released);
    const releasedAt = ms("2026-05-15T14:00:00+08:00");
    expect(ms(stage(await t.inspect(order.orderNo), "dcv").started_at)).toBe(releasedAt);
    const first = await t.people.calls(ACME_PHONE);
    expect(first).toMatchObject([{ state: "no-answer", from: "WoTrus" }]);
    expect(ms(first[0].placedAt)).toBe(releasedAt);
    expect(await t.people.calls(APPLICANT.phone)).toEqual([]);
    // OV-3's e-mail went to the applicant.
    const [notice] = await t.people.mail(APPLICANT.email);
    expect(notice).toMatchObject({ from: "validation@wotrus.com" });
    expect(notice.subject).toContain(order.orderNo);

    const retry = ms("2026-05-18T10:00:00+08:00"); // Monday
    await t.world.clock.advanceTo(retry - 1000);
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(1);
    expect((await t.get(order.orderNo)).status).toBe("REVIEWING");
    await t.people.setPhonePolicy(ACME.phone, "manual"); // the next call rings until someone answers
    await t.world.clock.advanceTo(retry);
    const second = await t.people.calls(ACME_PHONE);
    expect(second).toHaveLength(2);
    expect(second[1]).toMatchObject({ state: "ringing" });
    expect(ms(second[1].placedAt)).toBe(retry);
    const review = (await t.operator.get(`/operator/orders/${order.orderNo}/review`)).body;
    expect(review.manual_review).toMatchObject({
      phone: "pending",
      registered_phone: ACME_PHONE,
      next_call_at: "2026-05-19T10:00:00+08:00",
    });

    // Someone at Acme picks up and confirms; the reviewer sees it at the next look and the review goes on.
    await t.people.answer(second[1].id, "confirmed");
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.orderNo);
    expect(issued.status).toBe("ISSUED");
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(2);
    const log = await logOf(t, order.orderNo);
    expect(log.filter((line) => /calling again at/.test(line))).toEqual([
      expect.stringContaining("was not answered; calling again at 2026-05-18T10:00:00+08:00"),
      expect.stringContaining("is ringing; calling again at 2026-05-19T10:00:00+08:00"),
    ]);
  });
});

describe("OV-4: the review takes business days", () => {
  it("OV-4: OV takes 3–5 business days and EV 5–7; a review begun on a Friday skips the weekend", async () => {
    const t = await world({ start: "2026-05-15T09:00:00+08:00", timings: { preReviewDelay: [HOUR, HOUR] } });
    const ov = await t.ovOrder();
    const ev = await t.ovOrder({ productCode: "WOTRUS-EV-SSL", domains: ["shop.example.com"] });
    await t.world.clock.advance(HOUR);
    for (const order of [ov, ev]) await t.publishCnames(await t.get(order.orderNo));
    await t.world.clock.runUntilIdle();

    const begun = ms("2026-05-15T10:00:00+08:00"); // Friday
    for (const [order, min, max] of [
      [ov, 3, 5],
      [ev, 5, 7],
    ] as const) {
      const detail = await t.inspect(order.orderNo);
      expect(ms(stage(detail, "manual-review").started_at)).toBe(begun);
      expect(detail.review.manual_review.business_days).toEqual([min, max]);
      const issued = await t.get(order.orderNo);
      expect(issued.status).toBe("ISSUED");
      const at = ms(issued.certificate.notBefore);
      // Issued on a business day, min–max business days after the Friday it began, at the end of the review.
      expect([1, 2, 3, 4, 5]).toContain(gmt8Day(at).weekday);
      const counted = weekdaysAfter(begun, at);
      expect(counted).toBeGreaterThanOrEqual(min);
      expect(counted).toBeLessThanOrEqual(max);
      // The weekend did not count: min business days from Friday 10:00 is the following week, min + 2 days later.
      expect(at).toBeGreaterThanOrEqual(begun + (min + 2) * DAY - 1000);
      expect(Math.abs(at - ms(stage(detail, "manual-review").due_at))).toBeLessThan(1000);
    }
    // The OV review ends within the week after (Wed 10:00 – Fri 10:00), the EV one from the Friday after.
    const ovAt = ms((await t.get(ov.orderNo)).certificate.notBefore);
    expect(ovAt).toBeGreaterThanOrEqual(ms("2026-05-20T10:00:00+08:00") - 1000);
    expect(ovAt).toBeLessThanOrEqual(ms("2026-05-22T10:00:00+08:00"));
    const evAt = ms((await t.get(ev.orderNo)).certificate.notBefore);
    expect(evAt).toBeGreaterThanOrEqual(ms("2026-05-22T10:00:00+08:00") - 1000);
    expect(evAt).toBeLessThanOrEqual(ms("2026-05-26T10:00:00+08:00"));
  });
});

describe("OV-5: the organisation against the business registry", () => {
  it("OV-5: a claim that differs from the registry fails the review, naming the field; nobody is called", async () => {
    const t = await world();
    const order = await t.ovOrder({ organization: { ...ACME_CLAIM, address: "99 Fake Road, Haidian District" } });
    await t.untilReleased(order.orderNo);
    const failed = await t.get(order.orderNo);
    expect(failed).toMatchObject({ status: "FAILED", failReason: { code: "ORG_INFO_MISMATCH" } });
    expect(failed.failReason.message).toMatch(
      /address \(registered "1 Jianguomen Outer Street, Chaoyang District", claimed "99 Fake Road, Haidian District"\)/,
    );
    expect(failed.failReason.message).not.toMatch(/\bname \(/);
    const review = (await t.operator.get(`/operator/orders/${order.orderNo}/review`)).body;
    expect(review.manual_review).toMatchObject({
      registry: "mismatched",
      mismatches: [{ field: "address", claimed: "99 Fake Road, Haidian District" }],
    });
    expect(await t.people.calls()).toEqual([]);
  });

  it("OV-5: an organisation the registry does not know fails on its name and registration number", async () => {
    const t = await world();
    const order = await t.ovOrder({
      organization: { ...ACME_CLAIM, name: "Nobody Trading Co., Ltd.", registrationNumber: "91310000MA1FL0XX0X" },
    });
    await t.untilReleased(order.orderNo);
    const failed = await t.get(order.orderNo);
    expect(failed.failReason.code).toBe("ORG_INFO_MISMATCH");
    expect(failed.failReason.message).toMatch(/name \(registered "", claimed "Nobody Trading Co\., Ltd\."\)/);
    expect(failed.failReason.message).toMatch(/registrationNumber \(registered "", claimed "91310000MA1FL0XX0X"\)/);
  });
});

describe("the operator and the manual review", () => {
  it("the review queue lists orders under manual review; approve passes it, reject fails it, call rings again", async () => {
    const t = await world();
    await t.people.setPhonePolicy(ACME.phone, "manual");
    const a = await t.ovOrder();
    const b = await t.ovOrder({ domains: ["shop.example.com"] });
    // Pre-review passed by hand: the DCV instructions are out at once.
    for (const order of [a, b]) {
      const passed = await t.operator.post(`/operator/orders/${order.orderNo}/approve`);
      expect(passed.body).toMatchObject({ status: "pending_dcv", stage: "PENDING-DCV" });
    }
    const queue = (await t.operator.get("/operator/reviews")).body.orders.map((o: Json) => o.order_id);
    expect(queue).toEqual([a.orderNo, b.orderNo]);
    expect((await t.people.calls(ACME_PHONE)).map((c: Json) => c.state)).toEqual(["ringing", "ringing"]);

    await t.publishCnames(await t.get(a.orderNo));
    const approved = await t.operator.post(`/operator/orders/${a.orderNo}/review/approve`);
    expect(approved.status).toBe(200);
    expect(stage(approved.body, "manual-review")).toMatchObject({ state: "passed", passed_by: "operator" });
    const again = await t.operator.post(`/operator/orders/${b.orderNo}/review/call`);
    expect(again.status).toBe(200);
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(3);
    const rejected = await t.operator.post(`/operator/orders/${b.orderNo}/review/reject`, {
      reason: "the applicant could not explain the order",
    });
    expect(rejected.body).toMatchObject({ status: "failed", failure: { code: "Rejected" } });
    expect((await t.operator.post(`/operator/orders/${b.orderNo}/review/approve`)).status).toBe(409);

    await t.world.clock.runUntilIdle();
    expect((await t.get(a.orderNo)).status).toBe("ISSUED");
    expect((await t.get(b.orderNo)).failReason).toMatchObject({ code: "REJECTED" });
    expect((await t.operator.get("/operator/reviews")).body.orders).toEqual([]);
  });

  it("a restart during the manual review keeps its planned instants and its calls", async () => {
    const dir = tempDir("wotrus-");
    cleanups.push(dir.cleanup);
    const t = await world({ dbPath: join(dir.path, "wotrus.sqlite") });
    const order = await t.ovOrder();
    await t.publishCnames(await t.untilReleased(order.orderNo));
    await t.world.clock.advance(HOUR);
    const before = stage(await t.inspect(order.orderNo), "manual-review");
    await t.restart();
    expect(stage(await t.inspect(order.orderNo), "manual-review")).toEqual(before);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.orderNo);
    expect(issued.status).toBe("ISSUED");
    expect(Math.abs(ms(issued.certificate.notBefore) - ms(before.due_at))).toBeLessThan(1000);
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(1);
  });
});
