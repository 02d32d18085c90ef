import { fc, test } from "@fast-check/vitest";
import { Packet } from "dns2";
import { describe, expect } from "vitest";
import { QueryHistory, ZoneStore } from "../src";
import { canonicalIPv6 } from "../src/records";
import { Responder } from "../src/responder";
import { RRTYPE } from "../src/wire/constants";
import { queryBytes } from "./helpers";

const store = ZoneStore.open();
store.createZone({ zone: "example.com" });
store.addRecords({ name: "www.example.com", type: "A", value: "192.0.2.1" });
store.addRecords({ name: "*.w.example.com", type: "TXT", value: "wild" });
const responder = new Responder(store, new QueryHistory(1000), Date.now);

const respond = (message: Buffer) => responder.respond(message, "udp", "127.0.0.1:1");

describe("wire properties", () => {
  test.prop([fc.uint8Array({ maxLength: 600 })], { numRuns: 3000 })(
    "any bytes get no answer or a well-formed one, and never an exception",
    (bytes) => {
      const response = respond(Buffer.from(bytes));
      expect(responder.stats.internalErrors).toBe(0);
      if (response) {
        expect(response[2]! & 0x80).toBe(0x80);
        expect(Packet.parse(response).errors).toEqual([]);
      }
    },
  );

  test.prop([fc.array(fc.string({ maxLength: 700 }), { minLength: 1, maxLength: 3 })], { numRuns: 200 })(
    "TXT data comes back byte for byte: a string is split into 255-byte chunks, an array keeps its strings",
    (strings) => {
      const name = "t.example.com";
      store.replaceRecords({ name, type: "TXT", values: [strings.length === 1 ? strings[0]! : strings] });
      const answer = Packet.parse(respond(queryBytes(name, RRTYPE.TXT, { edns: 1232 }))!);
      const bytes = answer.header.tc ? null : (answer.answers[0] as unknown as { data: string[] }).data;
      if (bytes === null) return; // too big for UDP: the TC path is tested elsewhere
      expect(bytes.join("")).toBe(strings.join(""));
      for (const chunk of bytes) expect(Buffer.byteLength(chunk)).toBeLessThanOrEqual(255);
    },
  );

  test.prop([fc.array(fc.boolean(), { minLength: 15, maxLength: 15 })])(
    "the query's spelling is echoed in question and answer, whatever its case",
    (upper) => {
      const asked = [..."www.example.com"].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join("");
      const answer = Packet.parse(respond(queryBytes(asked, RRTYPE.A))!);
      expect(answer.questions[0]!.name).toBe(asked);
      expect(answer.answers).toMatchObject([{ name: asked, address: "192.0.2.1" }]);
    },
  );

  test.prop([fc.ipV6()])(
    "IPv6 addresses are stored in RFC 5952 form (as the WHATWG URL parser writes them)",
    (address) => {
      expect(canonicalIPv6(address)).toBe(new URL(`http://[${address}]/`).hostname.slice(1, -1));
    },
  );

  test.prop([fc.domain(), fc.constantFrom(RRTYPE.A, RRTYPE.TXT, RRTYPE.CAA, RRTYPE.AAAA)], { numRuns: 300 })(
    "every name outside the zones is REFUSED; every name inside gets an authoritative answer",
    (domain, type) => {
      const inside = `${domain.slice(0, 60).replace(/\.$/, "")}.example.com`;
      const outside = Packet.parse(
        respond(queryBytes(domain.endsWith("example.com") ? `${domain}.org` : domain, type))!,
      );
      expect(outside.header.rcode).toBe(5);
      const answer = Packet.parse(respond(queryBytes(inside, type))!);
      expect(answer.header.aa).toBe(1);
      expect([0, 3]).toContain(answer.header.rcode);
      if (answer.header.rcode === 3 || answer.answers.length === 0)
        expect(answer.authorities[0]!.type).toBe(RRTYPE.SOA);
    },
  );
});
