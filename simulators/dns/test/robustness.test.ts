import { createSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type DnsServer, startDnsServer } from "../src";
import { RRTYPE } from "../src/wire/constants";
import { decode, queryBytes, tcpExchange, udpExchange } from "./helpers";

/** mulberry32: a small seeded generator, so a failing run can be replayed. */
function rng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (n: number) => Math.floor(next() * n),
    pick: <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!,
  };
}
type Rng = ReturnType<typeof rng>;

const SEEDS: Buffer[] = [
  queryBytes("www.example.com", RRTYPE.A),
  queryBytes("_dnsauth.example.com", RRTYPE.TXT, { edns: 1232 }),
  queryBytes("example.com", RRTYPE.CAA, { edns: 4096 }),
  queryBytes("a.b.c.d.e.f.example.com", RRTYPE.AAAA),
  queryBytes("x.wild.example.com", RRTYPE.ANY, { edns: 512 }),
  queryBytes("alias.example.com", RRTYPE.CNAME),
  queryBytes("outside.org", RRTYPE.NS),
];

/** One hostile message: random bytes, or a valid query with a structural mutation. */
function hostile(r: Rng): Buffer {
  const base = Buffer.from(r.pick(SEEDS));
  switch (r.int(9)) {
    case 0: // pure noise
      return Buffer.from(Array.from({ length: r.int(600) }, () => r.int(256)));
    case 1: {
      // bit flips
      for (let i = 0, n = 1 + r.int(8); i < n; i++) base[r.int(base.length)]! ^= 1 << r.int(8);
      return base;
    }
    case 2: // truncation
      return base.subarray(0, r.int(base.length));
    case 3: {
      // bogus counts
      for (const at of [4, 6, 8, 10]) if (r.next() < 0.6) base.writeUInt16BE(r.int(0x10000), at);
      return base;
    }
    case 4: {
      // compression-pointer loops: a name pointing at itself, or two pointers pointing at each other
      const loop = r.next() < 0.5 ? Buffer.from([0xc0, 12]) : Buffer.from([1, 0x61, 0xc0, 12]);
      const answerLoop = Buffer.from([0xc0, 12 + loop.length + 4, 0, 1, 0, 1, 0, 0, 0, 1, 0, 0]);
      const msg = Buffer.concat([base.subarray(0, 12), loop, Buffer.from([0, 1, 0, 1]), answerLoop]);
      msg.writeUInt16BE(1, 4);
      msg.writeUInt16BE(r.int(3), 6);
      return msg;
    }
    case 5: {
      // huge label lengths and reserved label types
      const at = 12 + r.int(Math.max(1, base.length - 16));
      base[at] = r.pick([0x3f, 0x40, 0x7f, 0x80, 0xbf, 0xff]);
      return base;
    }
    case 6: {
      // an over-long name: 130 labels of one byte
      const labels = Buffer.concat(Array.from({ length: 130 }, () => Buffer.from([1, 0x61])));
      const msg = Buffer.concat([base.subarray(0, 12), labels, Buffer.from([0, 0, 1, 0, 1])]);
      msg.writeUInt16BE(1, 4);
      msg.writeUInt16BE(0, 10);
      return msg;
    }
    case 7: {
      // OPT trouble: two of them, a non-root owner, a huge RDLENGTH, or an unknown version
      const opt = Buffer.from([0, 0, 41, 4, 208, r.int(256), r.int(3), 0, 0, r.int(256), r.int(256)]);
      if (r.next() < 0.3) opt[0] = 0xc0; // a pointer owner: not the root
      const msg = Buffer.concat([SEEDS[0]!, opt, r.next() < 0.5 ? opt : Buffer.alloc(0)]);
      msg.writeUInt16BE(1 + r.int(3), 10);
      return msg;
    }
    default: {
      // header games: QR set, odd opcodes, random flags, appended garbage
      base.writeUInt16BE(r.int(0x10000), 2);
      return Buffer.concat([base, Buffer.from(Array.from({ length: r.int(40) }, () => r.int(256)))]);
    }
  }
}

/** Checks that whatever the server sent is a well-formed response (decodable by dns2, QR set). */
function expectWellFormed(response: Buffer) {
  expect(response.length).toBeGreaterThanOrEqual(12);
  expect(response[2]! & 0x80).toBe(0x80);
  const parsed = decode(response);
  expect(parsed.errors).toEqual([]);
}

describe("robustness against hostile packets", () => {
  let server: DnsServer;
  let port: number;

  beforeAll(async () => {
    server = await startDnsServer({ apiPort: null, tcpIdleTimeoutMs: 60_000 });
    port = server.dnsPort;
    server.zones.createZone({ zone: "example.com" });
    server.zones.addRecords({ name: "www.example.com", type: "A", value: "192.0.2.1" });
    server.zones.addRecords({ name: "*.wild.example.com", type: "TXT", value: "w" });
    server.zones.addRecords({ name: "alias.example.com", type: "CNAME", value: "www.example.com" });
  });
  afterAll(() => server.close());

  it("survives 8,000 hostile UDP datagrams, answering only with well-formed responses", {
    timeout: 20_000,
  }, async () => {
    const r = rng(0xd15ea5e);
    const socket = createSocket("udp4");
    const responses: Buffer[] = [];
    let marker: ((msg: Buffer) => void) | undefined;
    socket.on("message", (msg) => {
      if (msg.length >= 2 && msg.readUInt16BE(0) === 0xbeef && marker) marker(msg);
      else responses.push(msg);
    });
    await new Promise<void>((resolve) => socket.bind(0, "127.0.0.1", resolve));
    const before = server.stats();
    for (let batch = 0; batch < 40; batch++) {
      for (let i = 0; i < 200; i++) socket.send(hostile(r), port, "127.0.0.1");
      // A valid query after the batch: its answer means the batch before it was processed.
      const answered = new Promise<Buffer>((resolve) => {
        marker = resolve;
      });
      socket.send(queryBytes("www.example.com", RRTYPE.A, { id: 0xbeef }), port, "127.0.0.1");
      const answer = await answered;
      expect(decode(answer).answers).toMatchObject([{ address: "192.0.2.1" }]);
    }
    socket.close();
    const after = server.stats();
    expect(after.internalErrors).toBe(0);
    expect(after.queries + after.malformed - before.queries - before.malformed).toBeGreaterThanOrEqual(8000 + 40);
    expect(responses.length).toBeGreaterThan(1000);
    for (const response of responses) expectWellFormed(response);
  });

  it("survives 4,000 hostile messages over TCP, bogus length prefixes and half-open connections", {
    timeout: 20_000,
  }, async () => {
    const r = rng(0xc0ffee);
    const open: Socket[] = [];
    const connected = (s: Socket) => new Promise<void>((resolve) => s.once("connect", () => resolve()));
    // Half-open: a length prefix that promises more than ever comes, then silence.
    for (let i = 0; i < 30; i++) {
      const s = connect(port, "127.0.0.1");
      s.on("error", () => {});
      await connected(s);
      s.write(Buffer.from([0xff, 0xff, 0x12, 0x34, 0x01]));
      open.push(s);
    }
    // A zero-length prefix, a lone prefix byte, a prefix then an immediate close.
    for (const bytes of [[0, 0], [0x01], [0x00, 0x40, 1, 2, 3]]) {
      const s = connect(port, "127.0.0.1");
      s.on("error", () => {});
      await connected(s);
      s.end(Buffer.from(bytes));
    }
    // Pipelined hostile messages on a few connections, each followed by a marker query.
    for (let c = 0; c < 8; c++) {
      const s = connect(port, "127.0.0.1");
      s.on("error", () => {});
      await connected(s);
      let stream = Buffer.alloc(0);
      const frames: Buffer[] = [];
      const done = new Promise<void>((resolve) => {
        s.on("data", (chunk: Buffer) => {
          stream = Buffer.concat([stream, chunk]);
          while (stream.length >= 2 && stream.length >= 2 + stream.readUInt16BE(0)) {
            const frame = stream.subarray(2, 2 + stream.readUInt16BE(0));
            stream = stream.subarray(2 + frame.length);
            if (frame.readUInt16BE(0) === 0xbeef) resolve();
            else frames.push(frame);
          }
        });
      });
      const messages = Array.from({ length: 500 }, () => hostile(r)).filter((m) => m.length > 0);
      messages.push(queryBytes("www.example.com", RRTYPE.A, { id: 0xbeef }));
      const framed = Buffer.concat(
        messages.flatMap((m) => {
          const prefix = Buffer.alloc(2);
          prefix.writeUInt16BE(m.length);
          return [prefix, m];
        }),
      );
      // Dribble it in uneven pieces so frames straddle segments.
      for (let at = 0; at < framed.length; ) {
        const n = 1 + r.int(3000);
        s.write(framed.subarray(at, at + n));
        at += n;
      }
      await done;
      for (const frame of frames) expectWellFormed(frame);
      s.destroy();
    }
    expect(server.stats().internalErrors).toBe(0);
    // With the half-open connections still hanging, valid queries are answered on both transports.
    const overTcp = decode((await tcpExchange(port, queryBytes("Www.Example.Com", RRTYPE.A, { id: 7 })))!);
    expect(overTcp.header).toMatchObject({ id: 7, qr: 1, aa: 1, rcode: 0 });
    expect(overTcp.answers).toMatchObject([{ name: "Www.Example.Com", address: "192.0.2.1" }]);
    const overUdp = decode((await udpExchange(port, queryBytes("alias.example.com", RRTYPE.A, { id: 8 })))!);
    expect(overUdp.answers.map((a) => a.type)).toEqual([RRTYPE.CNAME, RRTYPE.A]);
    for (const s of open) s.destroy();
  });
});
