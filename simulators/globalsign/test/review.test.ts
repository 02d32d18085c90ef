// GlobalSign's vetting: EV documents asked for by mail (GS-1), the registry check (OV-5), the call to the registered
// phone (OV-3) and the business days it takes (OV-4).
import { DAY, HOUR, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import {
  ACME,
  ACME_INFO,
  ACME_PHONE,
  API,
  callbackSink,
  DOCUMENTS_MAILBOX,
  type GsWorld,
  type Json,
  letters,
  REQUESTOR,
  startGsWorld,
} from "./helpers";

const worlds: GsWorld[] = [];
const closers: (() => Promise<void>)[] = [];

afterEach(async () => {
  for (const t of worlds.splice(0)) {
    expect(t.world.clock.errors()).toEqual([]);
    await t.close();
  }
  for (const close of closers.splice(0)) await close();
});

async function world(options: Parameters<typeof startGsWorld>[0] = {}) {
  const t = await startGsWorld(options);
  worlds.push(t);
  return t;
}

const ms = (iso: string) => Date.parse(iso);

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

/** An OV/EV order with its letter in and its TXT records published. */
async function readyOrder(t: GsWorld, body: Record<string, unknown> = {}, ev = false): Promise<Json> {
  const order = ev ? await t.evOrder(body) : await t.ovOrder(body);
  expect((await t.upload(order.OrderID, letters.pdf())).status).toBe(200);
  await t.publishTxt(await t.get(order.OrderID));
  return order;
}

const manualReview = (detail: Json) => detail.review.stages.find((stage: Json) => stage.name === "manual-review");

describe("GS-1: GlobalSign EV documents, asked for and answered by mail", () => {
  it("GS-1: 2–3 business days after submission the CA mails the list; the vetting waits until the applicant answers by mail", async () => {
    // Placed on a Thursday: the request falls after the weekend, which does not count.
    const t = await world({ start: "2026-05-14T10:00:00+08:00" });
    const sink = await callbackSink();
    closers.push(sink.close);
    const order = await readyOrder(t, { NotificationURL: sink.url }, true);
    const placed = ms(order.OrderDate);
    const planned = ms((await t.get(order.OrderID)).DocumentRequest.RequestPlannedAt);
    // 2–3 business days: Monday 10:00 to Tuesday 10:00, with Saturday and Sunday skipped.
    expect(planned).toBeGreaterThanOrEqual(ms("2026-05-18T10:00:00+08:00"));
    expect(planned).toBeLessThanOrEqual(ms("2026-05-19T10:00:00+08:00"));
    expect(weekdaysAfter(placed, planned)).toBeGreaterThanOrEqual(2);
    expect(weekdaysAfter(placed, planned)).toBeLessThanOrEqual(3);

    // DCV passes meanwhile; the vetting does not begin: no call, no notice.
    await t.world.clock.advanceTo(planned - 1000);
    const before = await t.get(order.OrderID);
    expect(before).toMatchObject({
      OrderStatusText: "VETTING",
      Progress: { DomainValidation: "COMPLETED", Documents: "WAITING", Vetting: "WAITING" },
      DocumentRequest: { RequestedAt: null, ReplyTo: DOCUMENTS_MAILBOX },
    });
    expect(await t.people.mail(REQUESTOR.Email)).toEqual([]);

    await t.world.clock.advanceTo(planned);
    const mails = await t.people.mail(REQUESTOR.Email);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ from: DOCUMENTS_MAILBOX, at: new Date(planned).toISOString() });
    expect(mails[0].subject).toContain(order.OrderID);
    expect(mails[0].body).toContain("business licence");
    expect(mails[0].body).toContain(DOCUMENTS_MAILBOX);
    const requested = await t.get(order.OrderID);
    expect(requested).toMatchObject({
      OrderStatus: 4,
      OrderStatusText: "WAITING_DOCUMENTS",
      Progress: { Documents: "IN_PROGRESS", Vetting: "WAITING" },
      DocumentRequest: { RequestedFrom: REQUESTOR.Email, AnsweredAt: null },
    });

    // Days pass; mail that is not the answer changes nothing: another sender, or no order number in the subject.
    await t.world.clock.advance(2 * DAY);
    await t.people.api.post("/mail", {
      to: DOCUMENTS_MAILBOX,
      from: "someone@elsewhere.example",
      subject: `Re: ${mails[0].subject}`,
      body: "not the applicant",
    });
    await t.people.api.post("/mail", {
      to: DOCUMENTS_MAILBOX,
      from: REQUESTOR.Email,
      subject: "our documents",
      body: "no order number",
    });
    await t.world.clock.advance(2 * HOUR);
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("WAITING_DOCUMENTS");
    expect(await t.people.calls()).toEqual([]);

    // The applicant answers the mail; the CA notices at its next look (hourly) and the vetting begins.
    const reply = await t.people.api.post("/mail", {
      to: DOCUMENTS_MAILBOX,
      from: REQUESTOR.Email,
      subject: `Re: ${mails[0].subject}`,
      body: "Attached: business licence, request form, subscriber agreement, bank letter.",
    });
    const answeredAt = ms(reply.body.at);
    await t.world.clock.advance(HOUR);
    const answered = await t.get(order.OrderID);
    expect(answered).toMatchObject({
      OrderStatusText: "VETTING",
      Progress: { Documents: "COMPLETED", Vetting: "IN_PROGRESS" },
      DocumentRequest: { AnsweredBy: "MAIL" },
    });
    expect(ms(answered.DocumentRequest.AnsweredAt) - answeredAt).toBeLessThanOrEqual(HOUR);
    const detail = await t.inspect(order.OrderID);
    expect(detail.review.documents.answer).toMatchObject({ from: REQUESTOR.Email, mail_id: String(reply.body.id) });
    expect(ms(manualReview(detail).started_at)).toBe(ms(answered.DocumentRequest.AnsweredAt));
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(1);

    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.OrderID);
    expect(issued.OrderStatusText).toBe("ISSUED");
    const log = await t.log(order.OrderID);
    const at = (pattern: RegExp) => log.findIndex((line) => pattern.test(line));
    expect(at(/^documents requested by mail/)).toBeGreaterThan(at(/^domain control validated$/));
    expect(at(/^documents answered by mail/)).toBeGreaterThan(at(/^documents requested by mail/));
    expect(at(/^manual review started/)).toBeGreaterThan(at(/^documents answered by mail/));
    expect(sink.bodies.map((body) => body.OrderStatusText)).toEqual([
      "WAITING_DCV",
      "VETTING",
      "WAITING_DOCUMENTS",
      "VETTING",
      "WAITING_ISSUE",
      "ISSUED",
    ]);
  });

  it("GS-1: an operator may mark the documents received; no answer within the patience fails the order; OV is never asked", async () => {
    // A shorter patience and a slower look at the mailbox than the defaults (30 days, hourly), to keep the test quick.
    const t = await world({ documents: { patience: 10 * DAY, pollInterval: 6 * HOUR } });
    const ov = await readyOrder(t);
    const byOperator = await readyOrder(t, { CommonName: "shop.example.com" }, true);
    const silent = await readyOrder(t, { CommonName: "api.example.com" }, true);
    expect((await t.get(ov.OrderID)).DocumentRequest).toBeNull();
    // An OV order waits for no documents.
    expect((await t.operator.post(`/operator/orders/${ov.OrderID}/documents/received`)).status).toBe(409);
    await t.world.clock.advance(3 * DAY);
    expect((await t.get(byOperator.OrderID)).OrderStatusText).toBe("WAITING_DOCUMENTS");
    // The operator cannot approve the vetting past the documents, but may mark them received.
    expect((await t.operator.post(`/operator/orders/${byOperator.OrderID}/approve`)).status).toBe(409);
    const marked = await t.operator.post(`/operator/orders/${byOperator.OrderID}/documents/received`);
    expect(marked.status).toBe(200);
    expect((await t.get(byOperator.OrderID)).DocumentRequest.AnsweredBy).toBe("GLOBALSIGN");

    await t.world.clock.runUntilIdle();
    expect((await t.get(ov.OrderID)).OrderStatusText).toBe("ISSUED");
    expect((await t.get(byOperator.OrderID)).OrderStatusText).toBe("ISSUED");
    const failed = await t.get(silent.OrderID);
    expect(failed).toMatchObject({ OrderStatusText: "FAILED", FailureReason: { Code: "VETTING_REJECTED" } });
    expect(failed.FailureReason.Message).toMatch(/not received by mail within 10 days \(GS-1\)/);
    expect(ms(failed.ModificationDate) - ms(failed.DocumentRequest.RequestedAt)).toBe(10 * DAY);
  });
});

describe("OV-3: the call to the registered phone (GlobalSign)", () => {
  it("OV-3: GlobalSign mails the applicant and calls the organisation's registered phone; a refusal fails the order", async () => {
    const t = await world();
    await t.people.setPhonePolicy(ACME.phone, "decline");
    const order = await readyOrder(t);
    await t.world.clock.advance(10 * MINUTE);
    const failed = await t.get(order.OrderID);
    expect(failed).toMatchObject({
      OrderStatusText: "FAILED",
      FailureReason: { Code: "PHONE_VERIFICATION_DECLINED" },
    });
    const calls = await t.people.calls();
    expect(calls.map((call: Json) => [call.to, call.from])).toEqual([[ACME_PHONE, "GlobalSign"]]);
    const notice = await t.people.mail(REQUESTOR.Email);
    expect(notice[0]).toMatchObject({ from: "validation@globalsign.com" });
    expect(notice[0].subject).toContain(order.OrderID);
  });

  it("OV-3: an unanswered call leaves the vetting waiting and is retried the next business day at 10:00; the answer lets it pass", async () => {
    // Friday afternoon: the retry is on Monday.
    const t = await world({ start: "2026-05-15T15:00:00+08:00" });
    await t.people.setPhonePolicy(ACME.phone, "no-answer");
    const order = await readyOrder(t);
    await t.world.clock.advance(10 * MINUTE);
    const review = (await t.operator.get(`/operator/orders/${order.OrderID}/review`)).body.manual_review;
    expect(review.calls.map((call: Json) => call.state)).toEqual(["no-answer"]);
    expect(review.next_call_at).toBe("2026-05-18T10:00:00+08:00");
    // Over the weekend the vetting waits for a confirmed call.
    await t.world.clock.advanceTo(ms("2026-05-18T09:59:00+08:00"));
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("VETTING");
    await t.people.setPhonePolicy(ACME.phone, "confirm");
    await t.world.clock.advanceTo(ms("2026-05-18T10:00:00+08:00"));
    const calls = await t.people.calls(ACME_PHONE);
    expect(calls.map((call: Json) => [call.state, call.placedAt])).toEqual([
      ["no-answer", "2026-05-15T07:10:00.000Z"],
      ["confirmed", "2026-05-18T02:00:00.000Z"],
    ]);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("ISSUED");
  });
});

describe("OV-4: how long GlobalSign's vetting takes", () => {
  it("OV-4: OV takes 3–5 business days and EV 5–7 from the start of the vetting, weekends skipped", async () => {
    // Friday 10:00: every range crosses at least one weekend.
    const t = await world({ start: "2026-05-15T10:00:00+08:00" });
    const ov = await readyOrder(t);
    const ev = await readyOrder(t, { CommonName: "shop.example.com" }, true);
    await t.world.clock.advance(10 * MINUTE);
    await t.operator.post(`/operator/orders/${ev.OrderID}/documents/received`);
    for (const [order, [min, max]] of [
      [ov, [3, 5]],
      [ev, [5, 7]],
    ] as const) {
      const stage = manualReview(await t.inspect(order.OrderID));
      const begun = ms(stage.started_at);
      const due = ms(stage.due_at);
      const days = weekdaysAfter(begun, due);
      expect(days, order.OrderID).toBeGreaterThanOrEqual(min);
      expect(days, order.OrderID).toBeLessThanOrEqual(max);
      // The weekend did not count: min business days from Friday is the week after, two more calendar days.
      expect(due).toBeGreaterThanOrEqual(begun + (min + 2) * DAY - 1000);
      expect((await t.get(order.OrderID)).OrderStatusText).toBe("VETTING");
      await t.world.clock.advanceTo(due - 1000);
      expect((await t.get(order.OrderID)).OrderStatusText).toBe("VETTING");
      await t.world.clock.advanceTo(due);
      const after = await t.get(order.OrderID);
      expect(["WAITING_ISSUE", "ISSUED"]).toContain(after.OrderStatusText);
    }
    await t.world.clock.runUntilIdle();
    expect((await t.get(ov.OrderID)).OrderStatusText).toBe("ISSUED");
    expect((await t.get(ev.OrderID)).OrderStatusText).toBe("ISSUED");
  });
});

describe("OV-5: the organisation against the business registry (GlobalSign)", () => {
  it("OV-5: an address that differs from the registry fails the vetting, naming the field; nobody is called", async () => {
    const t = await world();
    const order = await readyOrder(t, {
      OrganizationInfo: {
        ...ACME_INFO,
        OrganizationAddress: { ...ACME_INFO.OrganizationAddress, AddressLine1: "99 Fake Road, Haidian District" },
      },
    });
    await t.world.clock.advance(10 * MINUTE);
    const failed = await t.get(order.OrderID);
    expect(failed).toMatchObject({ OrderStatusText: "FAILED", FailureReason: { Code: "ORGANIZATION_MISMATCH" } });
    expect(failed.FailureReason.Message).toMatch(
      /address \(registered "1 Jianguomen Outer Street, Chaoyang District", claimed "99 Fake Road, Haidian District"\)/,
    );
    expect(failed.FailureReason.Message).not.toMatch(/\bname \(/);
    expect(await t.people.calls()).toEqual([]);
    // The reseller's copy of the organisation is as it was sent.
    expect(failed.OrganizationInfo.OrganizationAddress.AddressLine1).toBe("99 Fake Road, Haidian District");
  });

  it("OV-5: an organisation the registry does not know fails on its name and registration number", async () => {
    const t = await world();
    const order = await readyOrder(t, {
      OrganizationInfo: {
        ...ACME_INFO,
        OrganizationName: "Nobody Trading Co., Ltd.",
        RegistrationNumber: "91310000MA1FL0XX0X",
      },
    });
    await t.world.clock.advance(10 * MINUTE);
    const failed = await t.get(order.OrderID);
    expect(failed.FailureReason.Code).toBe("ORGANIZATION_MISMATCH");
    expect(failed.FailureReason.Message).toMatch(/name \(registered "", claimed "Nobody Trading Co\., Ltd\."\)/);
    expect(failed.FailureReason.Message).toMatch(/registrationNumber \(registered "", claimed "91310000MA1FL0XX0X"\)/);
    const review = (await t.operator.get(`/operator/orders/${order.OrderID}/review`)).body.manual_review;
    expect(review.registry).toBe("mismatched");
  });
});

describe("the reseller's view of the vetting", () => {
  it("lists orders by status", async () => {
    const t = await world();
    const waiting = await t.ovOrder();
    const dv = await t.order({ CommonName: "shop.example.com" });
    const list = await t.reseller.get(`${API}/orders?OrderStatus=WAITING_LETTER`);
    expect(list.body.Orders.map((o: Json) => o.OrderID)).toEqual([waiting.OrderID]);
    const dcv = await t.reseller.get(`${API}/orders?OrderStatus=WAITING_DCV`);
    expect(dcv.body.Orders.map((o: Json) => o.OrderID)).toEqual([dv.OrderID]);
  });
});
