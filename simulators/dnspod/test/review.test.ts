// DNSPod GM OV/EV: the steps and the confirmation-letter gate (SM-1, SM-2 as the CA enforces it) and the manual
// review skipped for information approved before (SM-3), over the real DNS server, web host and world.
import { callbackSink as sink } from "@certsim/ca-kit/test-support";
import { DAY, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { ACME, ACME_CLAIM, ACME_PHONE, API, type DnsPodWorld, type Json, letterOf, startDnsPodWorld } from "./helpers";

const worlds: DnsPodWorld[] = [];
const sinks: { close(): Promise<void> }[] = [];

async function world() {
  const t = await startDnsPodWorld();
  worlds.push(t);
  return t;
}

afterEach(async () => {
  for (const t of worlds.splice(0)) {
    expect(t.world.clock.errors()).toEqual([]);
    await t.close();
  }
  for (const s of sinks.splice(0)) await s.close();
});

/** A reseller's callback endpoint: collects every status DNSPod reports. */
async function callbackSink(): Promise<{ url: string; bodies: Json[] }> {
  const s = await sink("/dnspod-callback");
  sinks.push(s);
  return s;
}

const steps = (order: Json) => Object.fromEntries(order.cert_steps.map((s: Json) => [s.step, s.state]));
const stageOf = (detail: Json, name: string) => detail.review.stages.find((s: { name: string }) => s.name === name);

describe("SM-1: the steps of a DNSPod GM OV order", () => {
  it("SM-1: information → DCV method → confirmation letter → DCV → manual review after DCV → issuance; nothing moves without the letter", async () => {
    const t = await world();
    const sink = await callbackSink();
    const order = await t.gmOvOrder({ cert_notify_url: sink.url });
    expect(order).toMatchObject({
      cert_standard: "GM",
      cert_validation: "OV",
      cert_status: "CONFIRM_LETTER_PENDING",
      cert_dcv_method: "DNS",
      cert_dcv_released: false,
      cert_dcv: [],
      cert_confirm_letter: { required: true, uploaded: false },
    });
    expect(order.cert_steps.map((s: Json) => s.step)).toEqual([
      "information",
      "dcv_method",
      "confirm_letter",
      "dcv",
      "manual_review",
      "issue",
    ]);
    expect(steps(order)).toEqual({
      information: "DONE",
      dcv_method: "DONE",
      confirm_letter: "IN_PROGRESS",
      dcv: "WAITING",
      manual_review: "WAITING",
      issue: "WAITING",
    });
    // Before the letter there are no DCV instructions to check.
    const early = await t.reseller.post(`${API}/orders/${order.cert_order_id}/dcv-check`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "cert_dcv_not_ready", rule: "SM-1" });
    // Days pass: without the letter nothing happens (no DCV, no call to the organisation).
    await t.world.clock.advance(3 * DAY);
    expect((await t.get(order.cert_order_id)).cert_status).toBe("CONFIRM_LETTER_PENDING");
    expect(await t.people.calls(ACME_PHONE)).toEqual([]);

    const withLetter = await t.uploadLetter(order.cert_order_id);
    expect(withLetter).toMatchObject({
      cert_status: "DCV_PENDING",
      cert_dcv_released: true,
      cert_confirm_letter: { required: true, uploaded: true, type: "PDF", bytes: 4096 },
    });
    expect(withLetter.cert_dcv).toHaveLength(1);
    expect(steps(withLetter)).toMatchObject({ confirm_letter: "DONE", dcv: "IN_PROGRESS", manual_review: "WAITING" });
    // The manual review waits for DCV (SM-1), unlike WoTrus's side-by-side review.
    expect(stageOf(await t.inspect(order.cert_order_id), "manual-review").state).toBe("waiting");

    await t.publishCnames(withLetter);
    await t.world.clock.runUntilIdle();
    const issued = await t.get(order.cert_order_id);
    expect(issued.cert_status).toBe("ISSUED");
    expect(Object.values(steps(issued))).toEqual(["DONE", "DONE", "DONE", "DONE", "DONE", "DONE"]);

    const log = await t.log(order.cert_order_id);
    const at = (pattern: RegExp) => {
      const index = log.findIndex((line) => pattern.test(line));
      expect(index, String(pattern)).toBeGreaterThanOrEqual(0);
      return index;
    };
    const order_ = [
      at(/^order placed$/),
      at(/^confirmation letter received: PDF, 4096 bytes \(SM-2\)$/),
      at(/^DCV instructions released$/),
      at(/^domain control validated$/),
      at(/^manual review started/),
      at(/registered phone \+8675588880000 confirmed/),
      at(/^manual review passed/),
      at(/^certificate [0-9a-f]+ issued$/),
    ];
    expect(order_).toEqual([...order_].sort((a, b) => a - b));
    const detail = await t.inspect(order.cert_order_id);
    expect(Date.parse(stageOf(detail, "manual-review").started_at)).toBeGreaterThanOrEqual(
      Date.parse(stageOf(detail, "dcv").passed_at),
    );
    expect(sink.bodies.map((body) => body.cert_status)).toEqual([
      "DCV_PENDING",
      "CA_REVIEWING",
      "ISSUE_PENDING",
      "ISSUED",
    ]);
    expect(sink.bodies[0]).toMatchObject({
      cert_order_id: order.cert_order_id,
      cert_partner_order_id: order.cert_partner_order_id,
    });
  });

  it("SM-1: the letter is JPG, GIF or PDF judged by its content, at most 1.4 MB, and the CA takes it only once", async () => {
    const t = await world();
    const order = await t.gmOvOrder();
    const upload = (base64: string, name = "letter.pdf") =>
      t.reseller.post(`${API}/orders/${order.cert_order_id}/confirm-letter`, {
        cert_letter_base64: base64,
        cert_letter_file_name: name,
      });
    // A PNG is a fine scan elsewhere, not at DNSPod; a text file named .pdf is not a PDF.
    for (const [content, pattern] of [
      [letterOf("png"), /PNG file: only JPG, GIF, PDF/],
      [letterOf("text"), /not a JPG, GIF, PDF file/],
      [letterOf("pdf", 1_468_007), /1468007 bytes: at most 1468006 \(1\.4 MB\)/],
    ] as const) {
      const refused = await upload(content);
      expect(refused.status).toBe(400);
      expect(refused.body.error).toMatchObject({
        code: "cert_letter_invalid",
        field: "cert_letter_base64",
        rule: "SM-2",
      });
      expect(refused.body.error.message).toMatch(pattern);
    }
    expect((await t.get(order.cert_order_id)).cert_status).toBe("CONFIRM_LETTER_PENDING");
    // Exactly 1.4 MB is accepted; a second letter is refused and the first one stays.
    const first = await upload(letterOf("pdf", 1_468_006));
    expect(first.status).toBe(200);
    expect(first.body.cert_confirm_letter).toMatchObject({ uploaded: true, type: "PDF", bytes: 1_468_006 });
    const second = await upload(letterOf("jpg"), "again.jpg");
    expect(second.status).toBe(409);
    expect(second.body.error).toMatchObject({ code: "cert_letter_already_uploaded", rule: "SM-2" });
    const kept = await t.get(order.cert_order_id);
    expect(kept.cert_confirm_letter).toMatchObject({ type: "PDF", bytes: 1_468_006 });
    // The CA keeps the letter as it was sent.
    const stored = await t.operator.get(`/operator/orders/${order.cert_order_id}/letters/1`);
    expect(stored.body).toMatchObject({ type: "pdf", content_base64: letterOf("pdf", 1_468_006) });
    expect((await t.operator.get(`/operator/orders/${order.cert_order_id}/letters/2`)).status).toBe(404);

    // JPG and GIF are accepted as well (judged by content, whatever the name says).
    for (const type of ["jpg", "gif"] as const) {
      const other = await t.gmOvOrder({ cert_domains: [`${type}.example.com`] });
      const answer = await t.reseller.post(`${API}/orders/${other.cert_order_id}/confirm-letter`, {
        cert_letter_base64: letterOf(type),
        cert_letter_file_name: "scan.pdf",
      });
      expect(answer.status).toBe(200);
      expect(answer.body.cert_confirm_letter.type).toBe(type.toUpperCase());
    }
    // A DV order has no letter to take.
    const dv = await t.order({ cert_domains: ["dv.example.com"] });
    const notNeeded = await t.reseller.post(`${API}/orders/${dv.cert_order_id}/confirm-letter`, {
      cert_letter_base64: letterOf("pdf"),
    });
    expect(notNeeded.status).toBe(409);
    expect(notNeeded.body.error.code).toBe("cert_letter_not_required");
  });
});

describe("SM-3: the manual review skipped for information approved before", () => {
  it("SM-3: a second GM OV order with the same organisation, registration number and administrator skips the manual review; other information or another type does not", async () => {
    const t = await world();
    const admin = { name: "Li Lei", position: "CTO", phone: "+86 138 0013 8000", email: "li.lei@acme.example" };
    /** A GM order taken through the letter and DCV; returns it after the clock has run. */
    const through = async (body: Record<string, unknown>) => {
      const placed = await t.gmOvOrder({ cert_administrator: admin, ...body });
      await t.publishCnames(await t.uploadLetter(placed.cert_order_id));
      await t.world.clock.runUntilIdle();
      return t.get(placed.cert_order_id);
    };

    const first = await through({ cert_domains: ["www.example.com"] });
    expect(first.cert_status).toBe("ISSUED");
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(1);
    expect(steps(first).manual_review).toBe("DONE");

    // The same information (written with other spacing and case) for another GM OV certificate.
    const again = await through({
      cert_domains: ["shop.example.com"],
      cert_organization: { ...ACME_CLAIM, name: `  ${ACME.name.toUpperCase()} ` },
      cert_administrator: { ...admin, email: "LI.LEI@acme.example", phone: "+86-138-0013-8000" },
    });
    expect(again.cert_status).toBe("ISSUED");
    expect(steps(again).manual_review).toBe("SKIPPED");
    expect(await t.log(again.cert_order_id)).toContain(
      `manual review skipped: the same information was approved for order ${first.cert_order_id} (SM-3)`,
    );
    const review = (await t.inspect(again.cert_order_id)).review;
    expect(review.manual_review).toMatchObject({ approved_before: { order_id: first.cert_order_id }, calls: [] });
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(1); // nobody was called again
    // Issued within the issuance delay after DCV (at most 30 minutes), not business days later.
    const dcvPassed = Date.parse((await t.inspect(again.cert_order_id)).dcv_passed_at);
    expect(Date.parse(again.cert_certificate.not_before) - dcvPassed).toBeLessThanOrEqual(30 * MINUTE);

    // Another administrator: the review runs again, with its call.
    const otherAdmin = await through({
      cert_domains: ["api.example.com"],
      cert_administrator: { ...admin, name: "Wang Fang", email: "wang.fang@acme.example" },
    });
    expect(otherAdmin.cert_status).toBe("ISSUED");
    expect(steps(otherAdmin).manual_review).toBe("DONE");
    expect(await t.log(otherAdmin.cert_order_id)).toEqual(
      expect.arrayContaining([expect.stringMatching(/^manual review started/)]),
    );
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(2);

    // The same information for another type of certificate (GM EV): reviewed anew.
    const ev = await through({ cert_product_id: "DNSPOD-GM-EV", cert_domains: ["ev.example.com"] });
    expect(ev.cert_status).toBe("ISSUED");
    expect(steps(ev).manual_review).toBe("DONE");
    expect(await t.people.calls(ACME_PHONE)).toHaveLength(3);
  });
});
