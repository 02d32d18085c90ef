import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { startWebHost } from "../src";
import { api, curl } from "./support";

const dir = mkdtempSync(join(tmpdir(), "certsim-web-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

it("keeps hosts, files, redirects, faults and history across a restart", async () => {
  const dbPath = join(dir, "web.sqlite");
  const first = await startWebHost({ dbPath });
  const { send } = api(first.apiUrl);
  await send("PUT", "/files", { host: "www.example.com", path: "/token.txt", body: "kept" });
  await send("PUT", "/redirects", { host: "example.com", path: "/", location: "http://www.example.com/", status: 308 });
  await send("PUT", "/faults", { host: "down.example.com", kind: "status", status: 503 });
  await curl(first.port, "www.example.com", "/token.txt");
  await first.close();

  const second = await startWebHost({ dbPath });
  try {
    expect(second.sites.hosts()).toEqual(["down.example.com", "example.com", "www.example.com"]);
    expect((await curl(second.port, "www.example.com", "/token.txt")).body).toBe("kept");
    expect((await curl(second.port, "example.com", "/")).status).toBe(308);
    expect((await curl(second.port, "down.example.com", "/")).status).toBe(503);
    expect(second.sites.history().map((r) => r.path)).toEqual(["/token.txt", "/token.txt", "/", "/"]);
  } finally {
    await second.close();
  }
});
