import { createServer, type IncomingMessage, type Server, type ServerResponse, STATUS_CODES } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { hostFromHeader, parseTarget } from "./names";
import type { FaultKind, SiteStore } from "./store";

/** Largest request head (request line + headers) read; bigger ones get 431, or 414 when the URL is the culprit. */
export const MAX_HEADER_SIZE = 16 * 1024;
/** Largest request body read (GET and HEAD need none); bigger ones get 413. */
export const MAX_REQUEST_BODY = 1024;

export interface SiteServer {
  server: Server;
  port: number;
  url: string;
  close(): Promise<void>;
}

/**
 * The web server the CAs fetch validation files from: one port, many virtual hosts chosen by the Host header.
 * Plain `node:http` so every limit is ours to set and every malformed request is answered, never thrown.
 */
export async function startSiteServer(store: SiteStore, port = 0, host = "127.0.0.1"): Promise<SiteServer> {
  const server = createServer(
    { maxHeaderSize: MAX_HEADER_SIZE, requestTimeout: 30_000, headersTimeout: 15_000, keepAliveTimeout: 5_000 },
    (req, res) => {
      handle(store, req, res).catch(() => {
        // The store failed (closed database while shutting down): answer if we still can, never crash.
        if (!res.headersSent && !res.destroyed) plain(res, 500, "internal error\n", true);
        else req.socket.destroy();
      });
    },
  );
  server.on("clientError", (err: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => {
    if (err.code === "ECONNRESET" || !socket.writable) {
      socket.destroy();
      return;
    }
    let status = 400;
    if (err.code === "HPE_HEADER_OVERFLOW") status = requestLineTooLong(err.rawPacket) ? 414 : 431;
    else if (err.code === "ERR_HTTP_REQUEST_TIMEOUT") status = 408;
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, host, () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    server,
    port: bound,
    url: `http://${host}:${bound}`,
    // closeAllConnections also ends the sockets that a hang fault left waiting.
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function handle(store: SiteStore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const raw = req.url ?? "";
  const method = req.method ?? "";
  const record = (status: number | null, fault: FaultKind | null, host = hostFromHeader(req.headers.host)) =>
    store.record({ host, method, path: raw, status, fault, remoteAddress: req.socket.remoteAddress ?? "" });

  if (!(await bodyWithinLimit(req))) {
    record(413, null);
    return plain(res, 413, "request body too large\n", true);
  }
  const target = parseTarget(raw);
  if (!target.ok) {
    record(target.status, null);
    return plain(res, target.status, `${target.reason}\n`);
  }
  if (method !== "GET" && method !== "HEAD") {
    record(405, null);
    res.setHeader("allow", "GET, HEAD");
    return plain(res, 405, "method not allowed\n");
  }
  const host = target.host ?? hostFromHeader(req.headers.host);
  if (!host) {
    record(400, null, host);
    return plain(res, 400, "no Host header\n");
  }

  const answer = store.resolve(host, target.path);
  switch (answer.kind) {
    case "unknown-host":
      record(404, null, host);
      return plain(res, 404, `no site for ${host}\n`);
    case "not-found":
      record(404, null, host);
      return plain(res, 404, "not found\n");
    case "redirect":
      record(answer.redirect.status, null, host);
      res.setHeader("location", answer.redirect.location);
      return plain(res, answer.redirect.status, "");
    case "file": {
      record(answer.file.status, null, host);
      const body = Buffer.from(answer.file.body, "utf8");
      res.writeHead(answer.file.status, {
        "content-type": answer.file.contentType,
        "content-length": body.length,
        "cache-control": "no-store",
      });
      res.end(method === "HEAD" ? undefined : body);
      return;
    }
    case "fault": {
      const { fault } = answer;
      if (fault.kind === "status") {
        const status = fault.status ?? 503;
        record(status, "status", host);
        return plain(res, status, "simulated fault\n");
      }
      record(null, fault.kind, host);
      // "reset" drops the connection; "hang" keeps it open unanswered until the client or close() ends it.
      if (fault.kind === "reset") req.socket.destroy();
      return;
    }
  }
}

/** Reads and discards the body, up to MAX_REQUEST_BODY bytes. False when it is (or says it is) bigger. */
function bodyWithinLimit(req: IncomingMessage): Promise<boolean> {
  const declared = Number(req.headers["content-length"] ?? 0);
  if (declared > MAX_REQUEST_BODY) return Promise.resolve(false);
  return new Promise((resolve) => {
    let seen = 0;
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > MAX_REQUEST_BODY) {
        req.off("data", onData);
        req.pause();
        resolve(false);
      }
    };
    req.on("data", onData);
    req.once("end", () => resolve(seen <= MAX_REQUEST_BODY));
    req.once("error", () => resolve(false));
  });
}

function plain(res: ServerResponse, status: number, text: string, close = false): void {
  const body = Buffer.from(text, "utf8");
  const headers: Record<string, string | number> = {
    "content-type": "text/plain; charset=utf-8",
    "content-length": body.length,
  };
  // An unread body would be parsed as the next request: a refused one ends the connection instead.
  if (close) headers.connection = "close";
  res.writeHead(status, headers);
  res.end(res.req?.method === "HEAD" ? undefined : body);
}

/**
 * Whether a request head overflowed because of its request line. Node counts the URL in the header size, so an
 * absurd URL overflows there; the packet in hand starts with the request line when the client sent it in one go.
 */
function requestLineTooLong(packet: Buffer | undefined): boolean {
  if (!packet) return false;
  const head = packet.subarray(0, MAX_HEADER_SIZE + 2).toString("latin1");
  if (!/^[A-Z]+ /.test(head)) return false;
  const end = head.indexOf("\r\n");
  return end === -1 || end > MAX_HEADER_SIZE / 2;
}
