import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { LOCAL_CHECK, MAX_FILE_BYTES } from "../src";
import { addSite, FILE_PATH, startWorld, type World } from "./world";

const VALUE = "20260101120000a1b2c3d4e5f60718293a4b5c";

describe("file validation over HTTP, resolved at the simulated DNS server", () => {
  let world: World;
  beforeAll(async () => {
    world = await startWorld(["example.com", "example.net", "shop.example.org", "example.org"]);
  });
  afterAll(() => world.close());

  const requests = (host: string) => world.web.sites.history({ host }).map((r) => `${r.method} ${r.path} ${r.status}`);
  const redirect = (host: string, location: string, status = 301) =>
    world.web.sites.putRedirect({ host, path: FILE_PATH, location, status });

  it("DCV-4: the fetch asks the simulated DNS for the address and the web host serves it (both histories show it)", async () => {
    addSite(world, "net.example.com", { [FILE_PATH]: VALUE });
    const result = await world.dcv.checkFile({ name: "net.example.com", path: FILE_PATH, expected: VALUE });
    expect(result).toMatchObject({ name: "net.example.com", method: "file", status: "found", localCheck: 1 });
    expect(world.dns.history.list({ name: "net.example.com", type: "A" })).toHaveLength(1);
    expect(requests("net.example.com")).toEqual([`GET ${FILE_PATH} 200`]);
    expect(world.web.sites.history({ host: "net.example.com" })[0]!.remoteAddress).toMatch(/127\.0\.0\.1/);
  });

  it("DCV-4: a site the DNS does not know is missing, although the web host serves it; no request is made", async () => {
    world.web.sites.putFile({ host: "unlisted.example.com", path: FILE_PATH, body: VALUE });
    world.web.sites.putFile({ host: "site.nowhere-at-all.test", path: FILE_PATH, body: VALUE });
    const nx = await world.dcv.checkFile({ name: "unlisted.example.com", path: FILE_PATH, expected: VALUE });
    expect(nx).toMatchObject({ status: "missing", localCheck: LOCAL_CHECK.fileNotFound });
    expect(nx.reason).toContain("NXDOMAIN");
    const refused = await world.dcv.checkFile({ name: "site.nowhere-at-all.test", path: FILE_PATH, expected: VALUE });
    expect(refused).toMatchObject({ status: "missing", localCheck: LOCAL_CHECK.fileNotFound });
    expect(requests("unlisted.example.com")).toEqual([]);
    expect(requests("site.nowhere-at-all.test")).toEqual([]);
  });

  it("DCV-4: an address outside loopback is never connected to", async () => {
    world.dns.zones.addRecords({ name: "far.example.com", type: "A", value: "192.0.2.10" });
    world.web.sites.putFile({ host: "far.example.com", path: FILE_PATH, body: VALUE });
    const result = await world.dcv.checkFile({ name: "far.example.com", path: FILE_PATH, expected: VALUE });
    expect(result).toMatchObject({ status: "error", localCheck: LOCAL_CHECK.fileNotFound });
    expect(result.reason).toContain("192.0.2.10");
    expect(requests("far.example.com")).toEqual([]);
  });

  it("DCV-5: 2xx required: a missing file is -4, a wrong body -5 with what was seen", async () => {
    addSite(world, "status.example.com", { "/.well-known/pki-validation/other.txt": "x" });
    expect(await world.dcv.checkFile({ name: "status.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "missing",
      localCheck: -4,
      seen: [],
      reason: expect.stringContaining("HTTP 404"),
    });
    world.web.sites.putFile({ host: "status.example.com", path: FILE_PATH, body: "not-the-value\n" });
    expect(await world.dcv.checkFile({ name: "status.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "mismatch",
      localCheck: -5,
      seen: ["not-the-value"],
    });
    // A 2xx other than 200 counts; a non-2xx page with the right body does not.
    world.web.sites.putFile({ host: "status.example.com", path: FILE_PATH, body: VALUE, status: 203 });
    expect((await world.dcv.checkFile({ name: "status.example.com", path: FILE_PATH, expected: VALUE })).status).toBe(
      "found",
    );
    world.web.sites.putFile({ host: "status.example.com", path: FILE_PATH, body: VALUE, status: 410 });
    expect(await world.dcv.checkFile({ name: "status.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "missing",
      localCheck: -4,
    });
  });

  it("DCV-5: trailing whitespace and line ends are trimmed before comparing; everything else counts", async () => {
    addSite(world, "trim.example.com");
    const check = async (body: string, expected = VALUE) => {
      world.web.sites.putFile({ host: "trim.example.com", path: FILE_PATH, body });
      return (await world.dcv.checkFile({ name: "trim.example.com", path: FILE_PATH, expected })).status;
    };
    expect(await check(`${VALUE}\n`)).toBe("found");
    expect(await check(`${VALUE} \r\n\r\n\t`)).toBe("found");
    expect(await check(`\uFEFF${VALUE}`)).toBe("found");
    expect(await check(` ${VALUE}`)).toBe("mismatch");
    expect(await check(VALUE.toUpperCase())).toBe("mismatch");
    // A DNSPod / WoTrus style three-line file, saved with Windows line ends.
    const lines = "5d41402abc4b2a76b9719d911017c592\ntrust-provider.com\nunique123";
    expect(await check(lines.replaceAll("\n", "\r\n"), lines)).toBe("found");
    expect(await check(lines.replaceAll("\n", "\n\n"), lines)).toBe("mismatch");
  });

  it("DCV-5: one and two redirects within the primary domain pass", async () => {
    addSite(world, "example.net", { [FILE_PATH]: VALUE });
    addSite(world, "www.example.net");
    addSite(world, "old.example.net");
    redirect("www.example.net", `http://example.net${FILE_PATH}`);
    redirect("old.example.net", `http://www.example.net${FILE_PATH}`, 302);
    const one = await world.dcv.checkFile({ name: "www.example.net", path: FILE_PATH, expected: VALUE });
    expect(one).toMatchObject({ status: "found", localCheck: 1 });
    expect(one.reason).toContain(`http://www.example.net${FILE_PATH} → http://example.net${FILE_PATH}`);
    const two = await world.dcv.checkFile({ name: "old.example.net", path: FILE_PATH, expected: VALUE });
    expect(two).toMatchObject({ status: "found", localCheck: 1 });
    expect(requests("old.example.net")).toEqual([`GET ${FILE_PATH} 302`]);
  });

  it("DCV-5: a third redirect fails, and so does a redirect to another primary domain", async () => {
    addSite(world, "oldest.example.net");
    redirect("oldest.example.net", `http://old.example.net${FILE_PATH}`, 308);
    const three = await world.dcv.checkFile({ name: "oldest.example.net", path: FILE_PATH, expected: VALUE });
    expect(three).toMatchObject({ status: "missing", localCheck: -4 });
    expect(three.reason).toContain("too many redirects");
    // The third redirect is not followed: the file at its end is not asked for.
    const before = requests("example.net").length;
    await world.dcv.checkFile({ name: "oldest.example.net", path: FILE_PATH, expected: VALUE });
    expect(requests("example.net")).toHaveLength(before);

    addSite(world, "example.org", { [FILE_PATH]: VALUE });
    addSite(world, "away.example.com");
    redirect("away.example.com", `http://example.org${FILE_PATH}`, 307);
    const away = await world.dcv.checkFile({ name: "away.example.com", path: FILE_PATH, expected: VALUE });
    expect(away).toMatchObject({ status: "missing", localCheck: -4 });
    expect(away.reason).toContain("leaves the primary domain example.com");
    expect(requests("example.org")).toEqual([]);

    // A zone boundary is not a primary-domain boundary; a registrable domain is.
    addSite(world, "a.shop.example.org");
    redirect("a.shop.example.org", `http://example.org${FILE_PATH}`);
    expect((await world.dcv.checkFile({ name: "a.shop.example.org", path: FILE_PATH, expected: VALUE })).status).toBe(
      "found",
    );
    // A Location that is not http(s) leads nowhere.
    addSite(world, "ftp.example.com");
    redirect("ftp.example.com", "ftp://example.com/file");
    expect(await world.dcv.checkFile({ name: "ftp.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "missing",
      reason: expect.stringContaining("without an http(s) Location"),
    });
  });

  it("DCV-5: file validation refuses a wildcard name and asks nothing", async () => {
    const flagged = await world.dcv.checkFile({
      name: "example.com",
      path: FILE_PATH,
      expected: VALUE,
      wildcard: true,
    });
    expect(flagged).toMatchObject({ status: "error", localCheck: -4 });
    expect(flagged.reason).toContain("cannot validate a wildcard");
    const star = await world.dcv.checkFile({ name: "*.example.com", path: FILE_PATH, expected: VALUE });
    expect(star).toMatchObject({ name: "*.example.com", status: "error", localCheck: -4 });
    expect(world.dns.history.list({ name: "*.example.com" })).toEqual([]);
  });

  it("DCV-5: a 5xx, a reset and a hanging host fail cleanly as errors", async () => {
    addSite(world, "broken.example.com", { [FILE_PATH]: VALUE });
    world.web.sites.setFault({ host: "broken.example.com", kind: "status", status: 503 });
    expect(await world.dcv.checkFile({ name: "broken.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "error",
      localCheck: -4,
      reason: expect.stringContaining("HTTP 503"),
    });
    world.web.sites.setFault({ host: "broken.example.com", kind: "reset" });
    expect(await world.dcv.checkFile({ name: "broken.example.com", path: FILE_PATH, expected: VALUE })).toMatchObject({
      status: "error",
      localCheck: -4,
    });
    world.web.sites.setFault({ host: "broken.example.com", kind: "hang" });
    const quick = world.dcvWith({ timeoutMs: 250 });
    const hung = await quick.checkFile({ name: "broken.example.com", path: FILE_PATH, expected: VALUE });
    expect(hung).toMatchObject({ status: "error", localCheck: -4 });
    expect(hung.reason).toContain("no answer within 250 ms");
    expect(world.web.sites.history({ host: "broken.example.com" }).at(-1)).toMatchObject({ fault: "hang" });
  });

  it("DCV-5: a body over the size limit does not match", async () => {
    addSite(world, "big.example.com", { [FILE_PATH]: `${VALUE}${"x".repeat(MAX_FILE_BYTES)}` });
    const big = await world.dcv.checkFile({ name: "big.example.com", path: FILE_PATH, expected: VALUE });
    expect(big).toMatchObject({ status: "mismatch", localCheck: -5 });
    expect(big.reason).toContain(`larger than ${MAX_FILE_BYTES} bytes`);
    expect(big.seen[0]!.length).toBeLessThan(300);
  });

  it("DCV-10: LocalCheck for a file: found 1, missing -4, mismatch -5 with the content seen", async () => {
    addSite(world, "ten.example.com", { [FILE_PATH]: "seen-content\n" });
    const check = (expected: string, path = FILE_PATH) =>
      world.dcv.checkFile({ name: "ten.example.com", path, expected });
    expect(await check("seen-content")).toMatchObject({ status: "found", localCheck: 1, seen: ["seen-content"] });
    expect(await check("x", "/.well-known/pki-validation/none.txt")).toMatchObject({
      status: "missing",
      localCheck: -4,
      seen: [],
    });
    expect(await check("wanted")).toMatchObject({ status: "mismatch", localCheck: -5, seen: ["seen-content"] });
  });
});
