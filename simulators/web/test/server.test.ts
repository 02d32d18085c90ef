import { request } from "node:http";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_REQUEST_BODY, startWebHost, type WebHost } from "../src";
import { curl, manualTime, rawRequest } from "./support";

const SITE = "www.example.com";
const FILE = "/.well-known/pki-validation/fileauth.txt";

describe("web server", () => {
  const time = manualTime();
  let web: WebHost;
  beforeAll(async () => {
    web = await startWebHost({ time });
  });
  afterAll(() => web.close());
  beforeEach(() => {
    for (const host of web.sites.hosts()) web.sites.removeHost(host);
    web.sites.clearHistory();
  });

  it("DCV-5: serves the validation file of the site named by the Host header (curl --resolve)", async () => {
    web.sites.putFile({ host: SITE, path: FILE, body: "202401010000001z3gxfz8q9dn0f\n" });
    web.sites.putFile({ host: "example.com", path: FILE, body: "apex token\n" });
    const res = await curl(web.port, SITE, FILE);
    expect(res.status).toBe(200);
    expect(res.body).toBe("202401010000001z3gxfz8q9dn0f\n");
    expect(res.headers["content-type"]).toBe("text/plain; charset=utf-8");
    expect((await curl(web.port, "example.com", FILE)).body).toBe("apex token\n");
  });

  it("matches the Host header without port, case or trailing dot", async () => {
    web.sites.putFile({ host: SITE, path: "/index.html", body: "<h1>hi</h1>" });
    for (const host of ["WWW.Example.COM", "www.example.com.", "www.example.com.:8443", "www.example.com:1"]) {
      const res = await curl(web.port, SITE, "/index.html", ["-H", `Host: ${host}`]);
      expect(res.status, host).toBe(200);
      expect(res.headers["content-type"]).toBe("text/html; charset=utf-8");
    }
    expect((await curl(web.port, "other.example.com", "/index.html")).status).toBe(404);
    expect((await curl(web.port, SITE, "/missing.txt")).status).toBe(404);
  });

  it("serves a file's own status and content type, and HEAD without a body", async () => {
    web.sites.putFile({ host: SITE, path: "/gone", body: "bye", status: 410, contentType: "application/x-test" });
    const get = await curl(web.port, SITE, "/gone");
    expect([get.status, get.body, get.headers["content-type"]]).toEqual([410, "bye", "application/x-test"]);
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    // -I prints the answer's head as its output: the file's body must not follow it.
    const head = await curl(web.port, SITE, FILE, ["-I"]);
    expect([head.status, head.headers["content-length"]]).toEqual([200, "5"]);
    expect(head.body).toMatch(/^HTTP\/1.1 200 OK\r\n[\s\S]*\r\n\r\n$/);
  });

  it("answers only GET and HEAD", async () => {
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    for (const method of ["POST", "PUT", "DELETE", "OPTIONS"]) {
      const res = await curl(web.port, SITE, FILE, ["-X", method]);
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe("GET, HEAD");
    }
  });

  it("DCV-5: answers each redirect with its status and Location, and a client can follow a chain", async () => {
    for (const status of [301, 302, 307, 308] as const) {
      web.sites.putRedirect({
        host: "example.com",
        path: `/r${status}`,
        location: `https://x.example.com/${status}`,
        status,
      });
      const res = await curl(web.port, "example.com", `/r${status}`);
      expect([res.status, res.headers.location]).toEqual([status, `https://x.example.com/${status}`]);
    }
    const port = web.port;
    web.sites.putRedirect({
      host: "example.com",
      path: FILE,
      location: `http://www.example.com:${port}/hop`,
      status: 301,
    });
    web.sites.putRedirect({ host: SITE, path: "/hop", location: FILE, status: 302 });
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    const followed = await curl(port, "example.com", FILE, ["-L", "--resolve", `${SITE}:${port}:127.0.0.1`]);
    expect([followed.status, followed.body]).toEqual([200, "token"]);
    expect(web.sites.history().map((r) => [r.host, r.path, r.status])).toEqual(
      expect.arrayContaining([
        ["example.com", FILE, 301],
        [SITE, "/hop", 302],
        [SITE, FILE, 200],
      ]),
    );
  });

  it("a fault answers a 5xx, hangs or resets; a path fault beats the host fault; clearing restores the site", async () => {
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    web.sites.putFile({ host: SITE, path: "/other", body: "other" });
    web.sites.setFault({ host: SITE, kind: "status", status: 502 });
    expect((await curl(web.port, SITE, "/other")).status).toBe(502);
    web.sites.setFault({ host: SITE, path: FILE, kind: "hang" });
    const hung = await curl(web.port, SITE, FILE, ["-m", "1"]);
    expect([hung.status, hung.exitCode]).toEqual([0, 28]);
    web.sites.setFault({ host: SITE, path: FILE, kind: "reset" });
    const reset = await curl(web.port, SITE, FILE);
    expect(reset.status).toBe(0);
    expect([52, 56]).toContain(reset.exitCode);
    web.sites.clearFault(SITE, FILE);
    expect((await curl(web.port, SITE, FILE)).status).toBe(502);
    web.sites.clearFault(SITE);
    expect((await curl(web.port, SITE, FILE)).body).toBe("token");
    expect(web.sites.history({ host: SITE }).map((r) => [r.status, r.fault])).toEqual([
      [502, "status"],
      [null, "hang"],
      [null, "reset"],
      [502, "status"],
      [200, null],
    ]);
  });

  it("refuses path traversal with 400 before looking anything up", async () => {
    web.sites.putFile({ host: SITE, path: "/etc/passwd", body: "root:x:0:0" });
    const attempts = [
      "/a/../etc/passwd",
      "/a/%2e%2e/etc/passwd",
      "/a/%2E%2e/etc/passwd",
      "/a/.%2e/etc/passwd",
      "/a%2f..%2fetc/passwd",
      "/a/%252e%252e/etc/passwd",
      "/a\\..\\etc/passwd",
      "/a/%5c../etc/passwd",
      "/etc/passwd%00.txt",
      "/./etc/passwd",
      "/etc/%zz",
    ];
    for (const path of attempts) {
      const line = await rawRequest(web.port, `GET ${path} HTTP/1.1\r\nHost: ${SITE}\r\nConnection: close\r\n\r\n`);
      expect(line, path).toBe("HTTP/1.1 400 Bad Request");
    }
    expect((await curl(web.port, SITE, "/../etc/passwd")).status).toBe(400);
    expect(web.sites.history().every((r) => r.status === 400)).toBe(true);
  });

  it("refuses huge headers (431), absurd URLs (414), bodies (413) and garbage (400), and keeps serving", async () => {
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    const big = "a".repeat(20_000);
    expect((await curl(web.port, SITE, "/", ["-H", `X-Big: ${big}`])).status).toBe(431);
    expect((await curl(web.port, SITE, `/${big}`)).status).toBe(414);
    expect((await curl(web.port, SITE, `/${"b".repeat(9_000)}`)).status).toBe(414);
    const body = "x".repeat(MAX_REQUEST_BODY + 1);
    expect((await curl(web.port, SITE, FILE, ["-X", "GET", "--data-binary", body])).status).toBe(413);
    const chunked = ["-X", "GET", "-H", "Transfer-Encoding: chunked", "--data-binary", body.repeat(4)];
    expect((await curl(web.port, SITE, FILE, chunked)).status).toBe(413);
    expect((await curl(web.port, SITE, FILE, ["-X", "GET", "--data-binary", "small"])).status).toBe(200);
    expect(await rawRequest(web.port, "GARBAGE\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawRequest(web.port, "GET / HTTP/1.1\r\nConnection: close\r\n\r\n")).toBe("HTTP/1.1 400 Bad Request");
    expect(await rawRequest(web.port, "GET relative HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n")).toBe(
      "HTTP/1.1 400 Bad Request",
    );
    expect((await curl(web.port, SITE, FILE)).body).toBe("token");
  });

  it("keeps a request history with host, method, path, status, remote address and the time source's time", async () => {
    web.sites.putFile({ host: SITE, path: FILE, body: "token" });
    time.set(Date.parse("2030-06-01T12:00:00Z"));
    await curl(web.port, SITE, `${FILE}?x=1`);
    time.set(Date.parse("2030-06-01T12:00:05Z"));
    await curl(web.port, "example.com", "/", ["-I"]);
    expect(web.sites.history()).toEqual([
      {
        id: expect.any(Number),
        at: "2030-06-01T12:00:00.000Z",
        host: SITE,
        method: "GET",
        path: `${FILE}?x=1`,
        status: 200,
        fault: null,
        remoteAddress: "127.0.0.1",
      },
      expect.objectContaining({ at: "2030-06-01T12:00:05.000Z", host: "example.com", method: "HEAD", status: 404 }),
    ]);
    expect(web.sites.history({ host: "Example.COM." })).toHaveLength(1);
    expect(web.sites.history({ path: `${FILE}?x=1` })).toHaveLength(1);
    expect(web.sites.history({ limit: 1 })[0]?.host).toBe("example.com");
    expect(web.sites.clearHistory({ host: SITE })).toBe(1);
    expect(web.sites.history().map((r) => r.host)).toEqual(["example.com"]);
  });
});

it("close() ends requests a hang fault left waiting", async () => {
  const web = await startWebHost();
  web.sites.setFault({ host: SITE, kind: "hang" });
  const outcome = new Promise<string>((resolve) => {
    const req = request({ port: web.port, host: "127.0.0.1", path: "/", headers: { host: SITE } }, () =>
      resolve("answered"),
    );
    req.on("error", (e: NodeJS.ErrnoException) => resolve(e.code ?? "error"));
    req.end();
  });
  await expect.poll(() => web.sites.history().length).toBe(1);
  await web.close();
  expect(await outcome).toBe("ECONNRESET");
});
