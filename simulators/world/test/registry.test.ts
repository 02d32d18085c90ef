import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseRegistrationNumber, REGISTRATION_NUMBER_CHARS, startWorld, type World } from "../src";
import { api, manualTime } from "./support";

const ORG = {
  name: "北京示例(ABC)科技 有限公司",
  registrationNumber: "91110105MA01ABCD1X",
  address: "北京市朝阳区建国路 1 号 A 座 1201 室",
  city: "北京市",
  province: "北京市",
  phone: "+86 10-8888 0000",
  legalRepresentative: "张三",
};
const CLAIM = { name: ORG.name, registrationNumber: ORG.registrationNumber, address: ORG.address, phone: ORG.phone };
const OTHER = {
  ...ORG,
  name: "上海另一家贸易有限公司",
  registrationNumber: "91310000MA1FL0001Y",
  phone: "+86 21 6666 0000",
};
const path = (number: string) => `/registry/organisations/${encodeURIComponent(number)}`;

describe("business registry", () => {
  const time = manualTime(Date.parse("2030-04-01T08:00:00Z"));
  let world: World;
  let send: ReturnType<typeof api>["send"];
  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    world = await startWorld({ time });
    send = api(world.url).send;
  });
  afterAll(() => world.close());
  beforeEach(() => {
    for (const org of world.registry.search()) world.registry.remove(org.registrationNumber);
  });

  it("registers an organisation with defaults, files its phone and number, and finds it by number and by name", async () => {
    const created = await send("POST", "/registry/organisations", { ...ORG, registrationNumber: "91110105ma01abcd1x" });
    expect(created).toEqual({
      status: 201,
      json: {
        ...ORG,
        phone: "+861088880000",
        country: "CN",
        status: "active",
        registeredAt: "2030-04-01T08:00:00.000Z",
      },
    });
    await send("POST", "/registry/organisations", {
      ...OTHER,
      province: undefined,
      legalRepresentative: undefined,
      country: "cn",
      registeredAt: "2015-06-30",
    });
    expect((await send("GET", path(OTHER.registrationNumber))).json).toMatchObject({
      province: null,
      legalRepresentative: null,
      country: "CN",
      registeredAt: "2015-06-30T00:00:00.000Z",
    });
    expect((await send("GET", path(" 91110105MA01ABCD1x "))).json).toEqual(created.json);

    const names = async (query: string) =>
      (await send("GET", `/registry/organisations${query}`)).json.organisations.map((o: { name: string }) => o.name);
    expect(await names("")).toEqual([OTHER.name, ORG.name].sort());
    expect(await names("?name=&registrationNumber=")).toHaveLength(2);
    expect(await names(`?name=${encodeURIComponent("（ａｂｃ）")}`)).toEqual([ORG.name]); // full-width, ASCII case
    expect(await names(`?name=${encodeURIComponent("有限公司")}`)).toHaveLength(2);
    expect(await names(`?registrationNumber=${OTHER.registrationNumber}`)).toEqual([OTHER.name]);
    expect(await names(`?name=${encodeURIComponent("贸易")}&registrationNumber=${ORG.registrationNumber}`)).toEqual([]);
    expect(await names("?name=%25")).toEqual([]); // LIKE wildcards are literal
  });

  it("OV-5: a matching organisation passes, however its phone, address and number are spelled", async () => {
    world.registry.register(ORG);
    expect((await send("POST", "/registry/verify", CLAIM)).json).toEqual({ ok: true });
    const respelled = {
      name: ORG.name,
      registrationNumber: "91110105ma01abcd1x",
      address: "北京市 朝阳区 建国路1号 a座 １２０１室",
      phone: "+8610 8888-0000",
    };
    expect((await send("POST", "/registry/verify", respelled)).json).toEqual({ ok: true });
  });

  it("OV-5: full-width and spacing variants of the name match; a change of case or a dropped space does not", async () => {
    world.registry.register(ORG);
    for (const name of [
      "北京示例（ＡＢＣ）科技　有限公司",
      "  北京示例(ABC)科技   有限公司 ",
      "北京示例(ABC)科技\t有限公司",
    ]) {
      expect(world.registry.verify({ ...CLAIM, name })).toEqual({ ok: true });
    }
    for (const name of ["北京示例(abc)科技 有限公司", "北京示例(ABC)科技有限公司"]) {
      expect(world.registry.verify({ ...CLAIM, name })).toEqual({
        ok: false,
        mismatches: [{ field: "name", registered: ORG.name, claimed: name }],
      });
    }
  });

  it.each([
    ["name", "北京示例(ABC)网络科技 有限公司"],
    ["registrationNumber", "91110105MA01ABCD20"],
    ["address", "北京市朝阳区建国路 2 号"],
    ["phone", "+86 10 8888 0001"],
  ] as const)("OV-5: a claim differing in %s fails with that field named", async (field, claimed) => {
    const registered = world.registry.register(ORG); // the registry's values as filed (phone "+861088880000")
    const res = await send("POST", "/registry/verify", { ...CLAIM, [field]: claimed });
    expect(res).toEqual({
      status: 200,
      json: { ok: false, mismatches: [{ field, registered: registered[field], claimed }] },
    });
  });

  it("OV-5: every mismatching field is named, in a fixed order", () => {
    world.registry.register(ORG);
    const claim = { name: ORG.name, registrationNumber: ORG.registrationNumber, address: "elsewhere", phone: "x" };
    world.registry.update(ORG.registrationNumber, { status: "cancelled" });
    const result = world.registry.verify(claim);
    expect(result.ok || result.mismatches.map((m) => m.field)).toEqual(["address", "phone", "status"]);
  });

  it("OV-5: a revoked or cancelled organisation fails on status; reinstated, it passes again", async () => {
    world.registry.register(ORG);
    for (const status of ["revoked", "cancelled"]) {
      expect((await send("PUT", path(ORG.registrationNumber), { status })).json.status).toBe(status);
      expect((await send("POST", "/registry/verify", CLAIM)).json).toEqual({
        ok: false,
        mismatches: [{ field: "status", registered: status, claimed: "active" }],
      });
    }
    await send("PUT", path(ORG.registrationNumber), { status: "active" });
    expect((await send("POST", "/registry/verify", CLAIM)).json).toEqual({ ok: true });
  });

  it("OV-5: a claim under no registered number or name fails on both", async () => {
    world.registry.register(ORG);
    const claim = { ...CLAIM, name: "不存在的公司", registrationNumber: "not a number" };
    expect((await send("POST", "/registry/verify", claim)).json).toEqual({
      ok: false,
      mismatches: [
        { field: "name", registered: "", claimed: "不存在的公司" },
        { field: "registrationNumber", registered: "", claimed: "not a number" },
      ],
    });
  });

  it("updates only the given fields, clears optional ones with null, and keeps the registration number", async () => {
    world.registry.register(ORG);
    time.set(Date.parse("2030-05-01T00:00:00Z"));
    const updated = await send("PUT", path(ORG.registrationNumber.toLowerCase()), {
      address: "北京市海淀区中关村大街 27 号",
      phone: "+86 10 6666 1234",
      legalRepresentative: null,
      registrationNumber: ORG.registrationNumber,
    });
    expect(updated).toEqual({
      status: 200,
      json: {
        ...ORG,
        address: "北京市海淀区中关村大街 27 号",
        phone: "+861066661234",
        legalRepresentative: null,
        country: "CN",
        status: "active",
        registeredAt: "2030-04-01T08:00:00.000Z",
      },
    });
    expect((await send("GET", path(ORG.registrationNumber))).json).toEqual(updated.json);
    expect(world.registry.verify({ ...CLAIM, address: updated.json.address, phone: "+861066661234" })).toEqual({
      ok: true,
    });

    const moved = await send("PUT", path(ORG.registrationNumber), { registrationNumber: OTHER.registrationNumber });
    expect(moved.status).toBe(400);
    expect(moved.json.error).toMatchObject({ code: "InvalidParameter.RegistrationNumberImmutable" });
    expect((await send("PUT", path(OTHER.registrationNumber), { city: "上海市" })).status).toBe(404);
  });

  it("refuses duplicates with 409: the same number, or a name that compares equal to a registered one", async () => {
    world.registry.register(ORG);
    world.registry.register(OTHER);
    const sameNumber = await send("POST", "/registry/organisations", { ...ORG, name: "又一家公司" });
    expect(sameNumber.status).toBe(409);
    expect(sameNumber.json.error).toMatchObject({
      code: "ResourceInUse.RegistrationNumber",
      field: "registrationNumber",
    });
    const sameName = await send("POST", "/registry/organisations", {
      ...ORG,
      name: "北京示例（ＡＢＣ）科技　　有限公司",
      registrationNumber: "91110105MA01ABCD30",
    });
    expect(sameName.status).toBe(409);
    expect(sameName.json.error).toMatchObject({ code: "ResourceInUse.OrganisationName", field: "name" });
    const renamed = await send("PUT", path(OTHER.registrationNumber), { name: ORG.name });
    expect(renamed.status).toBe(409);
    expect(renamed.json.error.field).toBe("name");
    // Renaming to its own name in another spelling is no conflict.
    expect((await send("PUT", path(ORG.registrationNumber), { name: "北京示例（ABC）科技 有限公司" })).status).toBe(
      200,
    );
    expect(world.registry.search()).toHaveLength(2);
  });

  it("removes an organisation: 204, then 404", async () => {
    world.registry.register(ORG);
    expect((await send("DELETE", path(ORG.registrationNumber))).status).toBe(204);
    expect((await send("GET", path(ORG.registrationNumber))).status).toBe(404);
    expect((await send("DELETE", path(ORG.registrationNumber))).json.error.code).toBe("ResourceNotFound");
    expect(world.registry.verify(CLAIM).ok).toBe(false);
  });

  it("takes exactly the 31 characters of a unified social credit code (no I, O, S, V, Z)", () => {
    expect(REGISTRATION_NUMBER_CHARS).toHaveLength(31);
    for (const c of REGISTRATION_NUMBER_CHARS) expect(parseRegistrationNumber(`${c.repeat(17)}0`)).toHaveLength(18);
    for (const c of "IOSVZ-_ ") expect(() => parseRegistrationNumber(`9111010${c}MA01ABCD1X`)).toThrow(/registration/);
  });

  it.each([
    ["POST", "/registry/organisations", { ...ORG, name: undefined }, 400, "name"],
    ["POST", "/registry/organisations", { ...ORG, name: "   " }, 400, "name"],
    ["POST", "/registry/organisations", { ...ORG, name: "a\nb" }, 400, "name"],
    ["POST", "/registry/organisations", { ...ORG, name: "n".repeat(201) }, 400, "name"],
    ["POST", "/registry/organisations", { ...ORG, registrationNumber: "91110105MA01ABCD1" }, 400, "registrationNumber"],
    [
      "POST",
      "/registry/organisations",
      { ...ORG, registrationNumber: "91110105MA01ABCD1XY" },
      400,
      "registrationNumber",
    ],
    [
      "POST",
      "/registry/organisations",
      { ...ORG, registrationNumber: "91110105MA01ABCDIX" },
      400,
      "registrationNumber",
    ],
    ["POST", "/registry/organisations", { ...ORG, registrationNumber: 91110105 }, 400, "registrationNumber"],
    ["POST", "/registry/organisations", { ...ORG, address: "" }, 400, "address"],
    ["POST", "/registry/organisations", { ...ORG, city: undefined }, 400, "city"],
    ["POST", "/registry/organisations", { ...ORG, province: "" }, 400, "province"],
    ["POST", "/registry/organisations", { ...ORG, country: "CHN" }, 400, "country"],
    ["POST", "/registry/organisations", { ...ORG, phone: "010-8888-000x" }, 400, "phone"],
    ["POST", "/registry/organisations", { ...ORG, phone: undefined }, 400, "phone"],
    ["POST", "/registry/organisations", { ...ORG, legalRepresentative: 7 }, 400, "legalRepresentative"],
    ["POST", "/registry/organisations", { ...ORG, status: "closed" }, 400, "status"],
    ["POST", "/registry/organisations", { ...ORG, registeredAt: "2020-02-30" }, 400, "registeredAt"],
    ["POST", "/registry/organisations", { ...ORG, registeredAt: "yesterday" }, 400, "registeredAt"],
    ["POST", "/registry/organisations", { ...ORG, capital: "1000000" }, 400, "capital"],
    ["GET", "/registry/organisations?registrationNumber=123", undefined, 400, "registrationNumber"],
    ["GET", "/registry/organisations?name=%20%20", undefined, 400, "name"],
    ["GET", "/registry/organisations?city=x", undefined, 400, "city"],
    ["GET", "/registry/organisations/9111", undefined, 400, "registrationNumber"],
    ["PUT", "/registry/organisations/9111", { city: "x" }, 400, "registrationNumber"],
    ["DELETE", "/registry/organisations/9111", undefined, 400, "registrationNumber"],
    ["PUT", path(ORG.registrationNumber), { status: "dormant" }, 400, "status"],
    ["PUT", path(ORG.registrationNumber), { phone: "12" }, 400, "phone"],
    ["PUT", path(ORG.registrationNumber), { name: null }, 400, "name"],
    ["POST", "/registry/verify", { ...CLAIM, phone: undefined }, 400, "phone"],
    ["POST", "/registry/verify", { ...CLAIM, name: "" }, 400, "name"],
    ["POST", "/registry/verify", { ...CLAIM, address: 12 }, 400, "address"],
    ["POST", "/registry/verify", { ...CLAIM, city: "北京" }, 400, "city"],
  ])("refuses %s %s %j with a 4xx naming the field", async (method, url, body, status, field) => {
    world.registry.register(ORG);
    const res = await send(method, url, body);
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
    expect(res.json.error.message).toContain(field);
    expect(world.registry.get(ORG.registrationNumber)).toMatchObject({ name: ORG.name, status: "active" });
  });

  it("lists the registry routes in the OpenAPI document", async () => {
    const doc = (await send("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/registry/organisations",
        "/registry/organisations/{registrationNumber}",
        "/registry/verify",
      ]),
    );
    expect(Object.keys(doc.paths["/registry/organisations/{registrationNumber}"])).toEqual(["get", "put", "delete"]);
  });
});
