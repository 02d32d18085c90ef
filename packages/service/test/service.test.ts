import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { z } from "zod";

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
type Json = any;

import { ApiError, type Listening, listen, openDatabase, Service } from "../src";

describe("Service", () => {
  let server: Listening;
  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    const service = new Service({
      name: "test",
      bodyLimit: "1kb",
      largeBodies: [{ method: "post", path: "/uploads/:id", limit: "8kb" }],
    });
    service.route(
      "post",
      "/uploads/:id",
      { summary: "take an upload", body: z.strictObject({ content: z.string() }) },
      ({ body, params }) => ({ id: params.id, size: body.content.length }),
    );
    service.route(
      "post",
      "/things/:id",
      { summary: "make a thing", body: z.strictObject({ name: z.string().min(1), size: z.number().int().optional() }) },
      ({ body, params }) => ({ id: params.id, name: body.name }),
    );
    service.route("get", "/refuse", { summary: "always refuses" }, () => {
      throw new ApiError(409, "FailedOperation.Conflict", "no", { rule: "X-1" });
    });
    service.route("get", "/crash", { summary: "a bug" }, () => {
      throw new Error("secret internals");
    });
    server = await listen(service.finish());
  });
  afterAll(() => server.close());

  const post = (body: string, type = "application/json") =>
    fetch(`${server.url}/things/7`, { method: "POST", headers: { "content-type": type }, body });

  it("serves /healthz and an OpenAPI document listing its routes", async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true, service: "test" });
    const doc: Json = await (await fetch(`${server.url}/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(doc.paths["/things/{id}"].post.requestBody.content["application/json"].schema.required).toEqual(["name"]);
  });

  it("validates the body and answers with the handler's result", async () => {
    const res = await post(JSON.stringify({ name: "a" }));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ id: "7", name: "a" });
  });

  it.each([
    ["{not json", 400, "InvalidParameter.MalformedJson", "body"],
    [JSON.stringify({ name: "a", colour: "red" }), 400, "UnknownParameter", "colour"],
    [JSON.stringify({}), 400, "MissingParameter", "name"],
    [JSON.stringify({ name: "a", size: 1.5 }), 400, "InvalidParameter", "size"],
    [JSON.stringify({ name: "x".repeat(2000) }), 413, "InvalidParameter.RequestTooLarge", "body"],
  ])("refuses bad input %# with a 4xx naming the field", async (body, status, code, field) => {
    const res = await post(body);
    expect(res.status).toBe(status);
    const json: Json = await res.json();
    expect(json.error.code).toBe(code);
    expect(json.error.field).toBe(field);
  });

  it("lets a route named in largeBodies take a body up to its own limit, and no further", async () => {
    const upload = (size: number) =>
      fetch(`${server.url}/uploads/3`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ content: "x".repeat(size) }),
      });
    const fits = await upload(6000);
    expect(fits.status).toBe(200);
    expect(await fits.json()).toEqual({ id: "3", size: 6000 });
    const tooLarge = await upload(9000);
    expect(tooLarge.status).toBe(413);
    expect(((await tooLarge.json()) as Json).error).toMatchObject({
      code: "InvalidParameter.RequestTooLarge",
      field: "body",
    });
    // Other routes keep the general limit.
    expect((await post(JSON.stringify({ name: "x".repeat(2000) }))).status).toBe(413);
  });

  it("passes ApiErrors through and hides internal errors behind a bare 500", async () => {
    const refused = await fetch(`${server.url}/refuse`);
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as Json).error).toEqual({
      code: "FailedOperation.Conflict",
      message: "no",
      rule: "X-1",
    });
    const crash = await fetch(`${server.url}/crash`);
    expect(crash.status).toBe(500);
    const text = await crash.text();
    expect(text).not.toContain("secret");
    expect(JSON.parse(text).error.code).toBe("InternalError");
    const missing = await fetch(`${server.url}/nowhere`);
    expect(missing.status).toBe(404);
  });
});

describe("openDatabase", () => {
  it("applies migrations once and keeps data across reopening", () => {
    const file = join(mkdtempSync(join(tmpdir(), "certsim-db-")), "x.sqlite");
    const migrations = ["CREATE TABLE t (v TEXT)", "ALTER TABLE t ADD COLUMN n INTEGER"];
    const db = openDatabase(file, migrations);
    db.prepare("INSERT INTO t (v, n) VALUES ('a', 1)").run();
    expect(db.pragma("journal_mode", { simple: true })).toBe("wal");
    db.close();
    const again = openDatabase(file, migrations);
    expect(again.prepare("SELECT v, n FROM t").all()).toEqual([{ v: "a", n: 1 }]);
    expect(again.pragma("user_version", { simple: true })).toBe(2);
    again.close();
  });
});
