import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { type AddressInfo, createServer, isIPv6, type Server, type Socket } from "node:net";
import type { Responder } from "./responder";

export interface TransportOptions {
  /** Port for both UDP and TCP; 0 picks a free port that is free for both. */
  port: number;
  host: string;
  /** A TCP connection with no complete message for this long is closed (real time: socket hygiene, not simulation). */
  tcpIdleTimeoutMs: number;
}

export interface DnsListener {
  port: number;
  close(): Promise<void>;
}

const BIND_ATTEMPTS = 20;
/** A client that stops reading while pipelining queries is cut off once this much output is queued. */
const MAX_QUEUED_OUTPUT = 1 << 20;
const MAX_TCP_CONNECTIONS = 1024;

/** Serves the responder over UDP and TCP (RFC 1035 §4.2, RFC 7766) on one port number. */
export async function listenDns(responder: Responder, options: TransportOptions): Promise<DnsListener> {
  for (let attempt = 1; ; attempt++) {
    const udp = await bindUdp(responder, options.host, options.port);
    const port = (udp.address() as AddressInfo).port;
    try {
      const tcp = await bindTcp(responder, options.host, port, options.tcpIdleTimeoutMs);
      return { port, close: () => Promise.all([closeUdp(udp), tcp.close()]).then(() => undefined) };
    } catch (error) {
      await closeUdp(udp);
      const inUse = (error as NodeJS.ErrnoException).code === "EADDRINUSE";
      if (!inUse || options.port !== 0 || attempt >= BIND_ATTEMPTS) throw error;
    }
  }
}

function bindUdp(responder: Responder, host: string, port: number): Promise<UdpSocket> {
  return new Promise((resolve, reject) => {
    const socket = createSocket({ type: isIPv6(host) ? "udp6" : "udp4", recvBufferSize: 4 << 20 });
    socket.once("error", reject);
    socket.on("message", (message, peer) => {
      const response = responder.respond(message, "udp", `${peer.address}:${peer.port}`);
      if (response) socket.send(response, peer.port, peer.address); // errors arrive as "error" events, ignored below
    });
    socket.bind(port, host, () => {
      socket.off("error", reject);
      socket.on("error", ignore); // e.g. ICMP port unreachable reported back: nothing to do
      resolve(socket);
    });
  });
}

function closeUdp(socket: UdpSocket): Promise<void> {
  return new Promise((resolve) => {
    try {
      socket.close(() => resolve());
    } catch {
      resolve();
    }
  });
}

function bindTcp(
  responder: Responder,
  host: string,
  port: number,
  idleTimeoutMs: number,
): Promise<{ server: Server; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
    serveConnection(responder, socket, idleTimeoutMs);
  });
  server.maxConnections = MAX_TCP_CONNECTIONS;
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen({ port, host, exclusive: true }, () => {
      server.off("error", reject);
      server.on("error", ignore);
      resolve({
        server,
        close: () =>
          new Promise<void>((done) => {
            for (const s of sockets) s.destroy();
            server.close(() => done());
          }),
      });
    });
  });
}

/** Reads two-byte length-prefixed messages, possibly several per segment or one across many, and answers each. */
function serveConnection(responder: Responder, socket: Socket, idleTimeoutMs: number) {
  const client = `${socket.remoteAddress}:${socket.remotePort}`;
  let pending: Buffer = Buffer.alloc(0);
  socket.setNoDelay(true);
  socket.setTimeout(idleTimeoutMs, () => socket.destroy());
  socket.on("error", () => socket.destroy());
  socket.on("data", (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 2) {
      const length = pending.readUInt16BE(0);
      if (length === 0) {
        socket.destroy(); // a zero-length message is no DNS message: the stream cannot be trusted any more
        return;
      }
      if (pending.length < 2 + length) break;
      const message = pending.subarray(2, 2 + length);
      pending = pending.subarray(2 + length);
      const response = responder.respond(message, "tcp", client);
      if (!response) continue;
      const framed = Buffer.allocUnsafe(2 + response.length);
      framed.writeUInt16BE(response.length, 0);
      response.copy(framed, 2);
      socket.write(framed);
      if (socket.writableLength > MAX_QUEUED_OUTPUT) {
        socket.destroy();
        return;
      }
    }
  });
}

function ignore() {}
