import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../src";
import { api, manualTime } from "./support";

const ORG_PHONE = "+86 10-8888 0000";
const CA = "GlobalSign validation";

describe("phone line", () => {
  const time = manualTime();
  let world: World;
  let send: ReturnType<typeof api>["send"];
  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    world = await startWorld({ time });
    send = api(world.url).send;
  });
  afterAll(() => world.close());

  it("PAID-5: a text message is listed for the recipient's number, however the number is spelled", async () => {
    time.set(Date.parse("2030-03-01T10:00:00Z"));
    const sent = await send("POST", "/sms", { to: "+86 138-0000-1111", body: "Your certificate was issued." });
    expect(sent).toEqual({
      status: 201,
      json: {
        id: expect.any(Number),
        to: "+8613800001111",
        from: null,
        body: "Your certificate was issued.",
        at: "2030-03-01T10:00:00.000Z",
      },
    });
    await send("POST", "/sms", { to: "+8613800002222", body: "not yours", from: "Platform" });
    await send("POST", "/sms", { to: "+86 13800001111", body: "second", from: "Platform" });
    const listed = (await send("GET", `/sms?to=${encodeURIComponent("+86-138-0000-1111")}`)).json.messages;
    expect(listed.map((m: { body: string; from: string | null }) => [m.body, m.from])).toEqual([
      ["Your certificate was issued.", null],
      ["second", "Platform"],
    ]);
    expect((await send("DELETE", "/sms?to=%2B8613800002222")).json).toEqual({ cleared: 1 });
  });

  it("OV-3: a call rings until the organisation answers, and a confirmation ends it confirmed", async () => {
    time.set(Date.parse("2030-03-02T02:00:00Z"));
    const placed = await send("POST", "/calls", { to: ORG_PHONE, from: CA, purpose: "OV-3 verification of order 17" });
    expect(placed.status).toBe(201);
    expect(placed.json).toEqual({
      id: expect.any(Number),
      to: "+861088880000",
      from: CA,
      purpose: "OV-3 verification of order 17",
      state: "ringing",
      resolvedBy: null,
      placedAt: "2030-03-02T02:00:00.000Z",
      endedAt: null,
    });
    const id = placed.json.id;
    expect((await send("GET", `/calls/${id}`)).json.state).toBe("ringing");
    time.set(Date.parse("2030-03-02T02:01:00Z"));
    const answered = await send("POST", `/calls/${id}/answer`, { outcome: "confirmed" });
    expect(answered.json).toMatchObject({
      state: "confirmed",
      resolvedBy: "operator",
      endedAt: "2030-03-02T02:01:00.000Z",
    });
    const again = await send("POST", `/calls/${id}/answer`, { outcome: "declined" });
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "FailedOperation.CallNotRinging", rule: "OV-3" });
    expect((await send("GET", `/calls/${id}`)).json.state).toBe("confirmed");
  });

  it("OV-3: a declined call ends declined", async () => {
    const { id } = world.phone.placeCall({ to: "+1 555 000 1000", from: CA, purpose: "verify" });
    expect((await send("POST", `/calls/${id}/answer`, { outcome: "declined" })).json.state).toBe("declined");
  });

  it("OV-3: an unanswered call stays ringing, and ends no-answer when let ring out; it cannot be answered after", async () => {
    const { id } = world.phone.placeCall({ to: "+1 555 000 2000", from: CA, purpose: "verify" });
    time.set(Date.parse("2030-03-05T00:00:00Z"));
    expect((await send("GET", `/calls/${id}`)).json).toMatchObject({ state: "ringing", endedAt: null });
    const rungOut = await send("POST", `/calls/${id}/no-answer`);
    expect(rungOut.json).toMatchObject({
      state: "no-answer",
      resolvedBy: "operator",
      endedAt: "2030-03-05T00:00:00.000Z",
    });
    expect((await send("POST", `/calls/${id}/answer`, { outcome: "confirmed" })).status).toBe(409);
    expect((await send("POST", `/calls/${id}/no-answer`)).status).toBe(409);
  });

  it("OV-3: a number's standing policy answers a call the moment it rings; manual leaves it ringing", async () => {
    const number = "+44 20 7946 0000";
    expect((await send("GET", `/phones/${encodeURIComponent(number)}`)).json).toEqual({
      number: "+442079460000",
      policy: "manual",
    });
    const outcomes: Record<string, string> = {};
    for (const policy of ["confirm", "decline", "no-answer", "manual"]) {
      expect((await send("PUT", `/phones/${encodeURIComponent(number)}`, { policy })).json).toEqual({
        number: "+442079460000",
        policy,
      });
      const call = (await send("POST", "/calls", { to: "+442079460000", from: CA, purpose: policy })).json;
      outcomes[policy] = `${call.state}/${call.resolvedBy}`;
    }
    expect(outcomes).toEqual({
      confirm: "confirmed/policy",
      decline: "declined/policy",
      "no-answer": "no-answer/policy",
      manual: "ringing/null",
    });
    const calls = (await send("GET", `/calls?to=${encodeURIComponent("+44-20-7946-0000")}`)).json.calls;
    expect(calls.map((c: { purpose: string }) => c.purpose)).toEqual(["confirm", "decline", "no-answer", "manual"]);
  });

  it("a policy set while a call rings leaves that call to be answered by hand", async () => {
    const number = "+1 555 000 3000";
    const ringing = world.phone.placeCall({ to: number, from: CA, purpose: "first" });
    world.phone.setPolicy(number, "decline");
    expect(world.phone.call(ringing.id).state).toBe("ringing");
    expect(world.phone.answer(ringing.id, "confirmed").state).toBe("confirmed");
  });

  it.each([
    ["POST", "/sms", { body: "x" }, 400, "to"],
    ["POST", "/sms", { to: "1234", body: "x" }, 400, "to"],
    ["POST", "/sms", { to: "+86 (10) 8888 0000", body: "x" }, 400, "to"],
    ["POST", "/sms", { to: "123456789012345678901", body: "x" }, 400, "to"],
    ["POST", "/sms", { to: "12+345678", body: "x" }, 400, "to"],
    ["POST", "/sms", { to: "+8613800001111", body: "" }, 400, "body"],
    ["POST", "/calls", { to: "abc", from: CA, purpose: "p" }, 400, "to"],
    ["POST", "/calls", { to: "+8613800001111", purpose: "p" }, 400, "from"],
    ["POST", "/calls", { to: "+8613800001111", from: CA, purpose: "" }, 400, "purpose"],
    ["POST", "/calls/1/answer", { outcome: "maybe" }, 400, "outcome"],
    ["POST", "/calls/x/no-answer", undefined, 400, "id"],
    ["PUT", "/phones/12", { policy: "confirm" }, 400, "number"],
    ["PUT", "/phones/+8613800001111", { policy: "always" }, 400, "policy"],
    ["GET", "/calls?to=%2B1", undefined, 400, "to"],
  ])("refuses %s %s %j with a 4xx naming the field", async (method, path, body, status, field) => {
    const res = await send(method, path, body);
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
    expect(res.json.error.message).toContain(field);
  });

  it("answers 404 for a call that does not exist", async () => {
    expect((await send("GET", "/calls/424242")).status).toBe(404);
    expect((await send("POST", "/calls/424242/no-answer")).status).toBe(404);
  });

  it("serves /healthz and an OpenAPI document listing mail, sms, calls and phones", async () => {
    expect((await send("GET", "/healthz")).json).toEqual({ ok: true, service: "world" });
    const doc = (await send("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/mail",
        "/mail/{id}",
        "/sms",
        "/calls",
        "/calls/{id}",
        "/calls/{id}/answer",
        "/calls/{id}/no-answer",
        "/phones/{number}",
      ]),
    );
  });
});
