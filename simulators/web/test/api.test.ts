import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWebHost, type WebHost } from "../src";
import { api, curl } from "./support";

const SITE = "www.example.com";
const FILE = "/.well-known/pki-validation/fileauth.txt";

describe("management API", () => {
  let web: WebHost;
  let send: ReturnType<typeof api>["send"];
  beforeAll(async () => {
    process.env.CERTSIM_LOG_ERRORS = "0";
    web = await startWebHost();
    send = api(web.apiUrl).send;
  });
  afterAll(() => web.close());

  it("serves /healthz and an OpenAPI document with every verb", async () => {
    expect((await send("GET", "/healthz")).json).toEqual({ ok: true, service: "web" });
    const doc = (await send("GET", "/openapi.json")).json;
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/hosts", "/hosts/{host}", "/files", "/redirects", "/faults", "/history"]),
    );
    expect(Object.keys(doc.paths["/files"])).toEqual(["put", "delete"]);
  });

  it("DCV-5: a file put through the API is what curl gets from the site, until it is deleted", async () => {
    expect((await send("POST", "/hosts", { host: "WWW.Example.com." })).json).toEqual({ host: SITE });
    expect((await send("GET", "/hosts")).json.hosts).toContain(SITE);
    const put = await send("PUT", "/files", { host: SITE, path: FILE, body: "abc123" });
    expect(put).toEqual({
      status: 200,
      json: { host: SITE, path: FILE, status: 200, contentType: "text/plain; charset=utf-8", size: 6 },
    });
    expect((await curl(web.port, SITE, FILE)).body).toBe("abc123");
    expect((await send("GET", `/hosts/${SITE}`)).json.files).toEqual([
      { path: FILE, status: 200, contentType: "text/plain; charset=utf-8" },
    ]);
    expect((await send("DELETE", "/files", { host: SITE, path: FILE })).status).toBe(204);
    expect((await curl(web.port, SITE, FILE)).status).toBe(404);
    expect((await send("DELETE", "/files", { host: SITE, path: FILE })).status).toBe(404);
  });

  it("puts and deletes redirects and faults, and deletes hosts", async () => {
    const redirect = { host: "example.com", path: FILE, location: "https://www.example.com/x", status: 302 };
    expect((await send("PUT", "/redirects", redirect)).json).toEqual(redirect);
    expect((await curl(web.port, "example.com", FILE)).headers.location).toBe("https://www.example.com/x");
    expect((await send("DELETE", "/redirects", { host: "example.com", path: FILE })).status).toBe(204);
    expect((await curl(web.port, "example.com", FILE)).status).toBe(404);

    expect((await send("PUT", "/faults", { host: "example.com", kind: "status", status: 500 })).json).toEqual({
      host: "example.com",
      kind: "status",
      status: 500,
    });
    await send("PUT", "/faults", { host: "example.com", path: "/r", kind: "reset" });
    expect((await send("GET", "/hosts/example.com")).json.faults).toEqual([
      { kind: "status", status: 500 },
      { path: "/r", kind: "reset" },
    ]);
    expect((await curl(web.port, "example.com", "/")).status).toBe(500);
    expect((await send("DELETE", "/faults", { host: "example.com" })).status).toBe(204);
    expect((await send("DELETE", "/faults", { host: "example.com" })).status).toBe(404);
    expect((await curl(web.port, "example.com", "/")).status).toBe(404);

    expect((await send("DELETE", "/hosts/example.com")).status).toBe(204);
    expect((await send("GET", "/hosts/example.com")).status).toBe(404);
    expect((await send("DELETE", "/hosts/example.com")).status).toBe(404);
    expect((await send("GET", "/hosts")).json.hosts).not.toContain("example.com");
  });

  it("lists the request history by host and clears it", async () => {
    await send("DELETE", "/history");
    await send("PUT", "/files", { host: "a.example", path: "/x", body: "x" });
    await curl(web.port, "a.example", "/x");
    await curl(web.port, "b.example", "/y");
    const all = (await send("GET", "/history")).json.requests;
    expect(all.map((r: { host: string; status: number }) => [r.host, r.status])).toEqual([
      ["a.example", 200],
      ["b.example", 404],
    ]);
    const mine = (await send("GET", "/history?host=a.example")).json.requests;
    expect(mine).toEqual([expect.objectContaining({ method: "GET", path: "/x", remoteAddress: "127.0.0.1" })]);
    expect((await send("DELETE", "/history?host=b.example")).json).toEqual({ cleared: 1 });
    expect((await send("DELETE", "/history")).json).toEqual({ cleared: 1 });
    expect((await send("GET", "/history")).json.requests).toEqual([]);
  });

  it.each([
    ["POST", "/hosts", {}, 400, "host"],
    ["POST", "/hosts", { host: "*.example.com" }, 400, "host"],
    ["POST", "/hosts", { host: "a b.example" }, 400, "host"],
    ["POST", "/hosts", { host: "example.com", extra: 1 }, 400, "extra"],
    ["PUT", "/files", { host: SITE, path: "no-slash", body: "x" }, 400, "path"],
    ["PUT", "/files", { host: SITE, path: "/a/../b", body: "x" }, 400, "path"],
    ["PUT", "/files", { host: SITE, path: "/a\\b", body: "x" }, 400, "path"],
    ["PUT", "/files", { host: SITE, path: "/a", body: 5 }, 400, "body"],
    ["PUT", "/files", { host: SITE, path: "/a", body: "x", status: 99 }, 400, "status"],
    ["PUT", "/files", { host: SITE, path: "/a", body: "x", contentType: "text/plain\r\nX: y" }, 400, "contentType"],
    ["PUT", "/files", { path: "/a", body: "x" }, 400, "host"],
    ["PUT", "/redirects", { host: SITE, path: "/a", location: "/b", status: 303 }, 400, "status"],
    ["PUT", "/redirects", { host: SITE, path: "/a", location: "/b c", status: 301 }, 400, "location"],
    ["PUT", "/redirects", { host: SITE, path: "/a", status: 301 }, 400, "location"],
    ["PUT", "/faults", { host: SITE, kind: "status", status: 404 }, 400, "status"],
    ["PUT", "/faults", { host: SITE, kind: "hang", status: 500 }, 400, "status"],
    ["PUT", "/faults", { host: SITE, kind: "explode" }, 400, "kind"],
    ["PUT", "/faults", { host: SITE, path: "x", kind: "hang" }, 400, "path"],
    ["DELETE", "/files", { host: SITE }, 400, "path"],
    ["DELETE", "/hosts/*.bad", undefined, 400, "host"],
    ["GET", "/history?colour=red", undefined, 400, "colour"],
    ["GET", "/history?limit=0", undefined, 400, "limit"],
  ])("refuses %s %s %j with a 4xx naming the field", async (method, path, body, status, field) => {
    const res = await send(method, path, body);
    expect(res.status).toBe(status);
    expect(res.json.error.field).toBe(field);
    expect(res.json.error.message).toContain(field);
  });
});
