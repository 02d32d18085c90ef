import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { hostFromHeader, parseHostName, parseTarget } from "../src";

const segment = fc.stringMatching(/^[A-Za-z0-9_~-][A-Za-z0-9._~-]{0,11}$/).filter((s) => s !== "." && s !== "..");
const safePath = fc.array(segment, { maxLength: 6 }).map((parts) => `/${parts.join("/")}`);
/** Every spelling of a step up we refuse: plain, percent-encoded (either case, partly or doubly), backslashed. */
const climb = fc.constantFrom("..", "%2e%2e", "%2E%2E", ".%2e", "%2e.", "%252e%252e", "..\\", "\\..", "%5c..");
const slash = fc.constantFrom("/", "%2f", "%2F");

describe("request targets", () => {
  test.prop([safePath, fc.option(fc.stringMatching(/^[a-z0-9=&]{0,10}$/))])(
    "a safe path, percent-encoded, reads back as itself (query ignored)",
    (path, query) => {
      const raw = path.split("/").map(encodeURIComponent).join("/") + (query === null ? "" : `?${query}`);
      expect(parseTarget(raw)).toEqual({ ok: true, path });
    },
  );

  test.prop([safePath, climb, slash, safePath])("a step up, however spelled, is refused with 400", (a, up, sep, b) => {
    const result = parseTarget(`${a === "/" ? "" : a}/${up}${sep}${b.slice(1)}`);
    expect(result).toMatchObject({ ok: false, status: 400 });
  });

  test.prop([fc.string({ maxLength: 300 })])("any request target is either a safe path or a 400/414", (raw) => {
    const result = parseTarget(raw);
    if (result.ok) {
      expect(result.path.startsWith("/")).toBe(true);
      expect(result.path.split("/")).not.toContain("..");
      expect(result.path).not.toMatch(/[\\\0]/);
    } else expect([400, 414]).toContain(result.status);
  });
});

describe("host names", () => {
  const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
  // A name whose last label is a number is an IPv4 address to URL parsers; those are covered below.
  const name = fc
    .array(label, { minLength: 1, maxLength: 4 })
    .map((labels) => labels.join("."))
    .filter((n) => !/(^|\.)[0-9]+$/.test(n) && !/(^|\.)0x[0-9a-f]*$/.test(n));
  test.prop([name, fc.nat(65535), fc.boolean()])(
    "a Host header names the same site whatever its case, port or trailing dot",
    (name, port, dot) => {
      const header = `${name.toUpperCase()}${dot ? "." : ""}:${port}`;
      expect(hostFromHeader(header)).toBe(name);
      expect(parseHostName(`${name.toUpperCase()}${dot ? "." : ""}`)).toBe(name);
    },
  );

  test.prop([fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 })])(
    "an IPv4 literal in dotted-quad form is a host name of its own",
    (octets) => {
      const address = octets.join(".");
      expect(parseHostName(address)).toBe(address);
      expect(hostFromHeader(`${address}:80`)).toBe(address);
    },
  );

  it.each(["0", "1", "0x7f.1", "01.2.3.4", "*.example.com", "a..b", "-a.com", "a b", "a/b", ""])(
    "refuses %j: not a DNS name, or one URL parsers would rewrite",
    (input) => {
      expect(() => parseHostName(input)).toThrow(/not a host name/);
    },
  );
});
