import { execFile } from "node:child_process";
import { createSocket } from "node:dgram";
import { connect } from "node:net";
import { promisify } from "node:util";
import { Packet } from "dns2";
import type { Scheduler } from "../src";

const run = promisify(execFile);

// biome-ignore lint/suspicious/noExplicitAny: JSON answers are inspected loosely in tests
export type Json = any;

/** Runs dig against the server and returns its full output (dig's exit status is ignored: timeouts are answers). */
export async function dig(port: number, ...args: string[]): Promise<string> {
  try {
    const { stdout } = await run("dig", ["@127.0.0.1", "-p", String(port), "+time=2", "+tries=1", ...args]);
    return stdout;
  } catch (error) {
    return (error as { stdout?: string }).stdout ?? "";
  }
}

/** The management API as a small JSON client. */
export function api(base: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: body === undefined ? {} : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text ? JSON.parse(text) : undefined) as Json };
  };
  return {
    get: (path: string) => call("GET", path),
    post: (path: string, body: unknown) => call("POST", path, body),
    put: (path: string, body: unknown) => call("PUT", path, body),
    patch: (path: string, body: unknown) => call("PATCH", path, body),
    delete: (path: string, body?: unknown) => call("DELETE", path, body),
  };
}

/** A query message built with dns2's encoder (an implementation independent of the server's). */
export function queryBytes(name: string, type: number, options: { id?: number; edns?: number } = {}): Buffer {
  const packet = new Packet();
  packet.header.id = options.id ?? 0x1234;
  packet.header.rd = 1;
  packet.questions.push(new Packet.Question(name, type, Packet.CLASS.IN));
  const bytes = packet.toBuffer();
  if (options.edns === undefined) return bytes;
  const opt = Buffer.alloc(11);
  opt.writeUInt16BE(41, 1);
  opt.writeUInt16BE(options.edns, 3);
  const out = Buffer.concat([bytes, opt]);
  out.writeUInt16BE(1, 10);
  return out;
}

/** Sends one UDP datagram and waits for one answer (or resolves null after `timeoutMs` of real time). */
export function udpExchange(port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = createSocket("udp4");
    const timer = setTimeout(() => {
      socket.close();
      resolve(null);
    }, timeoutMs);
    socket.once("message", (msg) => {
      clearTimeout(timer);
      socket.close();
      resolve(msg);
    });
    socket.send(message, port, "127.0.0.1");
  });
}

/** Sends one length-prefixed message over a fresh TCP connection and reads one answer. */
export function tcpExchange(port: number, message: Buffer, timeoutMs = 2000): Promise<Buffer | null> {
  return new Promise((resolve) => {
    const socket = connect(port, "127.0.0.1");
    let data = Buffer.alloc(0);
    const finish = (result: Buffer | null) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    const timer = setTimeout(() => finish(null), timeoutMs);
    socket.on("error", () => finish(null));
    socket.on("data", (chunk) => {
      data = Buffer.concat([data, chunk]);
      if (data.length >= 2 && data.length >= 2 + data.readUInt16BE(0))
        finish(data.subarray(2, 2 + data.readUInt16BE(0)));
    });
    const prefix = Buffer.alloc(2);
    prefix.writeUInt16BE(message.length);
    socket.write(Buffer.concat([prefix, message]));
  });
}

export function decode(message: Buffer) {
  return Packet.parse(message);
}

/** A clock that only moves when told to, like the ecosystem's manual clock. */
export class ManualScheduler implements Scheduler {
  private now: number;
  private events: { at: number; seq: number; handler: () => void }[] = [];
  private seq = 0;

  constructor(startMs = Date.UTC(2026, 0, 1)) {
    this.now = startMs;
  }

  nowMs() {
    return this.now;
  }

  scheduleIn(delayMs: number, _label: string, handler: () => void) {
    this.events.push({ at: this.now + delayMs, seq: this.seq++, handler });
  }

  /** Moves time forward, firing due events in order. */
  advance(ms: number) {
    const until = this.now + ms;
    for (;;) {
      this.events.sort((a, b) => a.at - b.at || a.seq - b.seq);
      const next = this.events[0];
      if (!next || next.at > until) break;
      this.events.shift();
      this.now = next.at;
      next.handler();
    }
    this.now = until;
  }

  get waiting() {
    return this.events.length;
  }
}
