import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startWorld, type World } from "../src";
import { api, manualTime } from "./support";

describe("mailbox", () => {
  const time = manualTime();
  let world: World;
  let send: ReturnType<typeof api>["send"];
  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    world = await startWorld({ time });
    send = api(world.url).send;
  });
  afterAll(() => world.close());
  beforeEach(() => {
    world.mail.clear();
  });

  it("PAID-5: a delivered email is listed for its recipient, newest last, with ids and the time source's times", async () => {
    time.set(Date.parse("2030-03-01T09:00:00Z"));
    const first = await send("POST", "/mail", {
      to: "Admin@Example.com",
      from: "noreply@platform.example",
      subject: "Certificate review passed",
      body: "Your certificate for www.example.com has been issued.",
    });
    expect(first.status).toBe(201);
    expect(first.json).toEqual({
      id: expect.any(Number),
      to: "admin@example.com",
      from: "noreply@platform.example",
      subject: "Certificate review passed",
      body: "Your certificate for www.example.com has been issued.",
      at: "2030-03-01T09:00:00.000Z",
    });
    time.set(Date.parse("2030-03-01T09:05:00Z"));
    await send("POST", "/mail", { to: "someone@else.example", from: "a@b.example", subject: "other", body: "" });
    await send("POST", "/mail", {
      to: "admin@example.com",
      from: "ca@trustasia.example",
      subject: "second",
      body: "x",
    });

    const listed = (await send("GET", "/mail?to=ADMIN@example.com")).json.messages;
    expect(listed.map((m: { subject: string; at: string }) => [m.subject, m.at])).toEqual([
      ["Certificate review passed", "2030-03-01T09:00:00.000Z"],
      ["second", "2030-03-01T09:05:00.000Z"],
    ]);
    expect(listed[0].id).toBeLessThan(listed[1].id);
    expect((await send("GET", `/mail/${first.json.id}`)).json).toEqual(first.json);
    expect((await send("GET", "/mail")).json.messages).toHaveLength(3);
  });

  it("empties one mailbox, or all", async () => {
    world.mail.deliver({ to: "a@example.com", from: "x@example.com", subject: "1", body: "" });
    world.mail.deliver({ to: "b@example.com", from: "x@example.com", subject: "2", body: "" });
    expect((await send("DELETE", "/mail?to=a@example.com")).json).toEqual({ cleared: 1 });
    expect((await send("GET", "/mail?to=a@example.com")).json.messages).toEqual([]);
    expect((await send("GET", "/mail?to=b@example.com")).json.messages).toHaveLength(1);
    expect((await send("DELETE", "/mail")).json).toEqual({ cleared: 1 });
  });

  it.each([
    ["POST", "/mail", { from: "a@example.com", subject: "s", body: "b" }, 400, "to"],
    ["POST", "/mail", { to: "not-an-address", from: "a@example.com", subject: "s", body: "b" }, 400, "to"],
    ["POST", "/mail", { to: "a@example.com", from: "a@@example.com", subject: "s", body: "b" }, 400, "from"],
    ["POST", "/mail", { to: "a@example.com", from: "a@example.com", body: "b" }, 400, "subject"],
    [
      "POST",
      "/mail",
      { to: "a@example.com", from: "a@example.com", subject: "s\r\nBcc: x", body: "b" },
      400,
      "subject",
    ],
    ["POST", "/mail", { to: "a@example.com", from: "a@example.com", subject: "s", body: 1 }, 400, "body"],
    ["POST", "/mail", { to: "a@example.com", from: "a@example.com", subject: "s", body: "b", cc: "x" }, 400, "cc"],
    ["GET", "/mail?to=nobody", undefined, 400, "to"],
    ["GET", "/mail/abc", undefined, 400, "id"],
  ])("refuses %s %s %j with a 4xx naming the field", async (method, path, body, status, field) => {
    const res = await send(method, path, body);
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
    expect(res.json.error.message).toContain(field);
  });

  it("answers 404 for a message that does not exist", async () => {
    const res = await send("GET", "/mail/999999");
    expect(res.status).toBe(404);
    expect(res.json.error.code).toBe("ResourceNotFound");
  });
});
