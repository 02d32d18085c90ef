import { describe, expect, it } from "vitest";
import { oid, sequence } from "../src/der";
import { assertDer, DerError, inside, readOid, readOnly, readUnsigned } from "../src/der-reader";
import { CsrError, parseCsr } from "../src/index";

const bytes = (...values: number[]) => Uint8Array.from(values);

function refuses(run: () => unknown): DerError {
  try {
    run();
  } catch (error) {
    if (error instanceof DerError) return error;
    throw error;
  }
  throw new Error("expected a DerError");
}

describe("der-reader", () => {
  it("reads short and long definite lengths", () => {
    const long = new Uint8Array(300).fill(0x41);
    const element = readOnly(Uint8Array.from([0x04, 0x82, 0x01, 0x2c, ...long]));
    expect(element.end - element.valueStart).toBe(300);
    expect(readOnly(bytes(0x05, 0x00)).tag).toBe(0x05);
    const children = inside(readOnly(sequence(oid("2.5.4.3"), bytes(0x05, 0x00))));
    expect([children.next().tag, children.next().tag, children.done]).toEqual([0x06, 0x05, true]);
  });

  it("refuses indefinite, non-minimal and overlong lengths, overruns and trailing bytes", () => {
    expect(refuses(() => readOnly(bytes(0x30, 0x80, 0x00, 0x00))).message).toMatch(/indefinite/);
    expect(refuses(() => readOnly(bytes(0x04, 0x81, 0x05, 1, 2, 3, 4, 5))).message).toMatch(/non-minimal/);
    expect(refuses(() => readOnly(bytes(0x04, 0x82, 0x00, 0x90, ...new Array(0x90).fill(0)))).message).toMatch(
      /non-minimal/,
    );
    expect(refuses(() => readOnly(bytes(0x04, 0x85, 1, 0, 0, 0, 0))).message).toMatch(/too long/);
    expect(refuses(() => readOnly(bytes(0x04, 0x03, 1, 2))).message).toMatch(/overruns/);
    expect(refuses(() => readOnly(bytes(0x05, 0x00, 0x00))).message).toMatch(/after the last element/);
    // A child longer than its parent's declared contents.
    expect(refuses(() => assertDer(bytes(0x30, 0x02, 0x04, 0x02, 0x01, 0x02))).message).toMatch(/overruns/);
  });

  it("decodes OBJECT IDENTIFIERs, including arcs beyond 2^53, and refuses non-minimal arcs", () => {
    expect(readOid(readOnly(oid("1.2.840.113549.1.9.14")))).toBe("1.2.840.113549.1.9.14");
    expect(readOid(readOnly(oid("2.999.3")))).toBe("2.999.3");
    // A UUID arc (2.25.<128-bit number>), far beyond Number's exact integers.
    const arc = 329800735698586629295641978511506172918n;
    const base128: number[] = [];
    for (let rest = arc; rest > 0n; rest >>= 7n) base128.unshift(Number(rest & 0x7fn) | (base128.length ? 0x80 : 0));
    const encoded = bytes(0x06, base128.length + 1, 0x69, ...base128);
    expect(readOid(readOnly(encoded))).toBe(`2.25.${arc}`);
    expect(refuses(() => readOid(readOnly(bytes(0x06, 0x03, 0x2a, 0x80, 0x01)))).message).toMatch(/non-minimal/);
    expect(refuses(() => readOid(readOnly(bytes(0x06, 0x02, 0x2a, 0x86)))).message).toMatch(/truncated/);
  });

  it("reads minimal non-negative INTEGERs only", () => {
    expect([...readUnsigned(readOnly(bytes(0x02, 0x02, 0x00, 0x80)))]).toEqual([0x80]);
    expect(refuses(() => readUnsigned(readOnly(bytes(0x02, 0x02, 0x00, 0x01)))).message).toMatch(/non-minimal/);
    expect(refuses(() => readUnsigned(readOnly(bytes(0x02, 0x01, 0xff)))).message).toMatch(/negative/);
  });

  it("walks 100 000 nested SEQUENCEs without recursion", () => {
    const depth = 100_000;
    // Contents length of each level, innermost first, and the header that length needs.
    const header = (length: number) => (length < 0x80 ? 2 : length < 0x100 ? 3 : length < 0x10000 ? 4 : 5);
    const lengths: number[] = [0];
    for (let level = 1; level < depth; level++) {
      const inner = lengths[level - 1] as number;
      lengths.push(inner + header(inner));
    }
    const outerLength = lengths[depth - 1] as number;
    const out = new Uint8Array(outerLength + header(outerLength));
    let at = 0;
    for (let level = depth - 1; level >= 0; level--) {
      const length = lengths[level] as number;
      const size = header(length) - 2;
      out[at++] = 0x30;
      if (size === 0) out[at++] = length;
      else {
        out[at++] = 0x80 | size;
        for (let shift = (size - 1) * 8; shift >= 0; shift -= 8) out[at++] = (length >>> shift) & 0xff;
      }
    }
    expect(at).toBe(out.length);
    expect(() => assertDer(out)).not.toThrow();
    out[out.length - 1] = 0x01; // the innermost SEQUENCE now claims a byte that is not there
    expect(refuses(() => assertDer(out)).message).toMatch(/overruns|truncated/);
  });

  it("CSR-4: parseCsr refuses a CSR inside a deep nest with a CsrError", () => {
    let der: Uint8Array = sequence();
    for (let i = 0; i < 2000; i++) der = sequence(der);
    expect(() => parseCsr(der)).toThrow(CsrError);
  });
});
