import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startWorld } from "../src";
import { api } from "./support";

const dir = mkdtempSync(join(tmpdir(), "certsim-world-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("keeps mail, texts, calls and answer policies across a restart", async () => {
  const dbPath = join(dir, "world.sqlite");
  const first = await startWorld({ dbPath });
  const { send } = api(first.url);
  await send("POST", "/mail", { to: "admin@example.com", from: "ca@example.net", subject: "verify", body: "b" });
  await send("POST", "/sms", { to: "+8613800001111", body: "issued" });
  const ringing = (await send("POST", "/calls", { to: "+861088880000", from: "CA", purpose: "OV-3" })).json;
  await send("PUT", "/phones/+861088881111", { policy: "decline" });
  await first.close();

  const second = await startWorld({ dbPath });
  try {
    const again = api(second.url).send;
    expect((await again("GET", "/mail?to=admin@example.com")).json.messages).toHaveLength(1);
    expect((await again("GET", "/sms?to=%2B8613800001111")).json.messages[0].body).toBe("issued");
    expect((await again("GET", `/calls/${ringing.id}`)).json.state).toBe("ringing");
    expect((await again("POST", `/calls/${ringing.id}/answer`, { outcome: "confirmed" })).json.state).toBe("confirmed");
    expect((await again("POST", "/calls", { to: "+861088881111", from: "CA", purpose: "OV-3" })).json.state).toBe(
      "declined",
    );
  } finally {
    await second.close();
  }
});

it("keeps the business registry across a restart", async () => {
  const dbPath = join(dir, "registry.sqlite");
  const org = {
    name: "深圳示例网络有限公司",
    registrationNumber: "91440300MA5F00001K",
    address: "深圳市南山区科技园 1 栋",
    city: "深圳市",
    province: "广东省",
    phone: "+86 755 8888 0000",
    registeredAt: "2019-03-15T00:00:00+08:00",
  };
  const claim = { name: org.name, registrationNumber: org.registrationNumber, address: org.address, phone: org.phone };
  const first = await startWorld({ dbPath });
  const { send } = api(first.url);
  const registered = (await send("POST", "/registry/organisations", org)).json;
  await send("PUT", `/registry/organisations/${org.registrationNumber}`, { status: "revoked" });
  await first.close();

  const second = await startWorld({ dbPath });
  try {
    const again = api(second.url).send;
    expect((await again("GET", `/registry/organisations/${org.registrationNumber}`)).json).toEqual({
      ...registered,
      status: "revoked",
      registeredAt: "2019-03-14T16:00:00.000Z",
    });
    expect((await again("POST", "/registry/verify", claim)).json).toEqual({
      ok: false,
      mismatches: [{ field: "status", registered: "revoked", claimed: "active" }],
    });
    expect((await again("POST", "/registry/organisations", { ...org, name: "另一家" })).status).toBe(409);
  } finally {
    await second.close();
  }
});
