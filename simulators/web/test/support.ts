import { execFile } from "node:child_process";
import { connect } from "node:net";

const MARK = "\n@@curl@@";

export interface CurlResult {
  /** HTTP status, 0 when no answer came. */
  status: number;
  body: string;
  /** curl's exit code: 0 ok, 28 timed out, 52 empty reply, 56 connection reset. */
  exitCode: number;
  headers: Record<string, string>;
}

/**
 * Fetches `http://<site>:<port><path>` with the real curl, the site name resolved to loopback by `--resolve`
 * (never by the machine's resolver).
 */
export function curl(port: number, site: string, path: string, extra: string[] = []): Promise<CurlResult> {
  const args = [
    "-s",
    "--path-as-is",
    "--resolve",
    `${site}:${port}:127.0.0.1`,
    "-w",
    `${MARK}%{http_code} %{header_json}`,
    ...extra,
    `http://${site}:${port}${path}`,
  ];
  return new Promise((resolve) => {
    execFile("curl", args, { maxBuffer: 1 << 20 }, (error, stdout) => {
      const exitCode = error ? Number((error as { code?: number }).code ?? 1) : 0;
      const cut = stdout.lastIndexOf(MARK);
      const [status, ...json] = stdout.slice(cut + MARK.length).split(" ");
      // header_json: the final answer's headers, each name with a list of values.
      const parsed = JSON.parse(json.join(" ") || "{}") as Record<string, string[]>;
      const headers = Object.fromEntries(Object.entries(parsed).map(([name, values]) => [name, values.join(", ")]));
      resolve({ status: Number(status), body: stdout.slice(0, cut), exitCode, headers });
    });
  });
}

/** Sends bytes as they are (no client normalises them) and returns the status line of the answer. */
export function rawRequest(port: number, request: string | Buffer): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, "127.0.0.1");
    let answer = "";
    socket.setEncoding("latin1");
    socket.on("data", (chunk: string) => {
      answer += chunk;
    });
    socket.on("error", reject);
    socket.on("close", () => resolve(answer.split("\r\n")[0] ?? ""));
    socket.end(request);
  });
}

/** A settable time source, as the simulated clock would be. */
export function manualTime(start = Date.parse("2030-01-01T00:00:00Z")) {
  let now = start;
  return {
    nowMs: () => now,
    set(ms: number) {
      now = ms;
    },
  };
}

export const api = (base: string) => ({
  send: async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    // biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
    return { status: res.status, json: (text ? JSON.parse(text) : undefined) as any };
  },
});
