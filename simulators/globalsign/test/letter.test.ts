// The confirmation letter at GlobalSign: the gate before DCV (OV-1), judged by content and size, replaceable while
// the order is open; and always required, even for an organisation from a reviewed profile (OV-2).
import { DAY, MINUTE } from "@certsim/clock";
import { afterEach, describe, expect, it } from "vitest";
import { API, base64, type GsWorld, type Json, letters, startGsWorld } from "./helpers";

let t: GsWorld | undefined;

afterEach(async () => {
  if (!t) return;
  expect(t.world.clock.errors()).toEqual([]);
  await t.close();
  t = undefined;
});

/** 1.4 MB as the console says it: 1.4 × 1024 × 1024 bytes, rounded down. */
const MAX = Math.floor(1.4 * 1024 * 1024);

describe("OV-1: the confirmation letter (GlobalSign)", () => {
  it("OV-1: an OV order waits for the letter before DCV; the letter is judged by its content and size", async () => {
    t = await startGsWorld();
    const order = await t.ovOrder();
    expect(order).toMatchObject({
      OrderStatus: 1,
      OrderStatusText: "WAITING_LETTER",
      DCVReleased: false,
      DCVList: [],
      ConfirmationLetter: { Required: true, Received: false, Uploads: 0, Latest: null },
      Progress: { ConfirmationLetter: "IN_PROGRESS", DomainValidation: "WAITING", Vetting: "WAITING" },
    });
    const early = await t.reseller.post(`${API}/orders/${order.OrderID}/dcv/verify`);
    expect(early.status).toBe(409);
    expect(early.body.error).toMatchObject({ code: "-4005", rule: "OV-1" });
    // The template to print, sign and seal names the order and the organisation.
    const template = await t.reseller.get(`${API}/orders/${order.OrderID}/letter/template`);
    const text = Buffer.from(template.body.ContentBase64, "base64").toString("utf8");
    expect(text).toContain(order.OrderID);
    expect(text).toContain("Acme Widgets (Beijing) Co., Ltd.");

    const refusals: [Buffer, string, RegExp][] = [
      [letters.text(), "letter.pdf", /not a JPG, PNG, PDF file \(judged by its content\)/],
      [letters.gif(), "letter.png", /GIF file: only JPG, PNG, PDF are accepted/],
      [letters.pdf(1023), "letter.pdf", /1023 bytes: at least 1024/],
      [letters.png(MAX + 1), "letter.png", new RegExp(`${MAX + 1} bytes: at most ${MAX}`)],
    ];
    for (const [bytes, name, message] of refusals) {
      const refused = await t.upload(order.OrderID, bytes, name);
      expect(refused.status, name).toBe(400);
      expect(refused.body.error).toMatchObject({ code: "-4101", field: "ContentBase64", rule: "OV-1" });
      expect(refused.body.error.message).toMatch(message);
    }
    const notBase64 = await t.reseller.post(`${API}/orders/${order.OrderID}/letter`, {
      ContentBase64: "this is not base64!",
      FileName: "letter.pdf",
    });
    expect(notBase64.body.error).toMatchObject({ code: "-101", field: "ContentBase64" });
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("WAITING_LETTER");

    // A PNG called letter.pdf is a PNG: accepted as one (1024 bytes, the smallest size allowed).
    const accepted = await t.upload(order.OrderID, letters.png(1024), "letter.pdf");
    expect(accepted.status).toBe(200);
    expect(accepted.body.Letters).toEqual([
      expect.objectContaining({ Version: 1, FileName: "letter.pdf", ContentType: "image/png", Size: 1024 }),
    ]);
    const released = await t.get(order.OrderID);
    expect(released).toMatchObject({
      OrderStatusText: "WAITING_DCV",
      DCVReleased: true,
      ConfirmationLetter: { Received: true, Uploads: 1, Latest: { ContentType: "image/png" } },
      Progress: { ConfirmationLetter: "COMPLETED", DomainValidation: "IN_PROGRESS" },
    });
    // DCV-2: the 7 days count from the release of the instructions.
    expect(Date.parse(released.DCVDeadline)).toBe(Date.parse(released.ModificationDate) + 7 * DAY);
    // A letter of the largest size allowed is taken too.
    expect((await t.upload(order.OrderID, letters.jpg(MAX), "scan.jpg")).status).toBe(200);
  });

  it("OV-1: the letter may be uploaded again while the manual review runs; after issuance it may not", async () => {
    t = await startGsWorld();
    const order = await t.ovOrder();
    expect((await t.upload(order.OrderID, letters.pdf(), "first.pdf")).status).toBe(200);
    await t.publishTxt(await t.get(order.OrderID));
    await t.world.clock.advance(10 * MINUTE);
    const vetting = await t.get(order.OrderID);
    expect(vetting).toMatchObject({ OrderStatusText: "VETTING", Progress: { Vetting: "IN_PROGRESS" } });

    const second = letters.jpg(8192);
    const again = await t.upload(order.OrderID, second, "second.jpg");
    expect(again.status).toBe(200);
    expect(again.body.Letters.map((letter: Json) => [letter.Version, letter.ContentType])).toEqual([
      [1, "application/pdf"],
      [2, "image/jpeg"],
    ]);
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("VETTING");
    expect(await t.log(order.OrderID)).toContainEqual(
      expect.stringMatching(/^confirmation letter replaced: JPG, 8192 bytes \(OV-1\)$/),
    );
    // The CA keeps what it received, byte for byte.
    const kept = await t.operator.get(`/operator/orders/${order.OrderID}/letters/2`);
    expect(kept.body).toMatchObject({ type: "jpg", content_base64: base64(second) });

    await t.world.clock.runUntilIdle();
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("ISSUED");
    const late = await t.upload(order.OrderID, letters.pdf(), "late.pdf");
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe("-4003");
  });

  it("OV-1: a DV order takes no letter", async () => {
    t = await startGsWorld();
    const order = await t.order({ CommonName: "shop.example.com" });
    expect(order).toMatchObject({ OrderStatusText: "WAITING_DCV", ConfirmationLetter: null });
    const refused = await t.upload(order.OrderID, letters.pdf());
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe("-4102");
  });
});

describe("OV-2: GlobalSign always needs the letter", () => {
  it("OV-2: an organisation from a reviewed profile still waits for the letter; nothing moves the order on without it", async () => {
    t = await startGsWorld();
    const order = await t.ovOrder({ ReviewedProfile: true });
    expect(order).toMatchObject({
      OrderStatusText: "WAITING_LETTER",
      ReviewedProfile: true,
      ConfirmationLetter: { Required: true, Received: false },
    });
    // A month on the clock: no DCV instructions, no vetting, no call.
    await t.world.clock.advance(30 * DAY);
    await t.world.clock.runUntilIdle();
    const waiting = await t.get(order.OrderID);
    expect(waiting).toMatchObject({ OrderStatusText: "WAITING_LETTER", DCVReleased: false, DCVList: [] });
    expect(await t.people.calls()).toEqual([]);
    // GlobalSign's staff cannot wave it through either.
    const approve = await t.operator.post(`/operator/orders/${order.OrderID}/approve`);
    expect(approve.status).toBe(409);
    expect((await t.operator.get("/operator/reviews")).body.orders).toEqual([]);
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("WAITING_LETTER");

    expect((await t.upload(order.OrderID, letters.pdf())).status).toBe(200);
    const released = await t.get(order.OrderID);
    expect(released).toMatchObject({ OrderStatusText: "WAITING_DCV", DCVReleased: true });
    await t.publishTxt(released);
    await t.world.clock.runUntilIdle();
    expect((await t.get(order.OrderID)).OrderStatusText).toBe("ISSUED");
  });
});
