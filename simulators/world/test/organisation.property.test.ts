import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { compareOrganisation, type Organisation, REGISTRATION_NUMBER_CHARS } from "../src";

type Compared = Pick<Organisation, "name" | "registrationNumber" | "address" | "phone" | "status">;
const FIELDS = ["name", "registrationNumber", "address", "phone"] as const;

const word = (chars: string, max: number) =>
  fc.array(fc.constantFrom(...chars), { minLength: 1, maxLength: max }).map((cs) => cs.join(""));
/** Words joined by single spaces: text that is already in the form names are compared in. */
const words = (chars: string) => fc.array(word(chars, 8), { minLength: 1, maxLength: 5 }).map((ws) => ws.join(" "));

const registrationNumber = fc
  .array(fc.constantFrom(...REGISTRATION_NUMBER_CHARS), { minLength: 18, maxLength: 18 })
  .map((cs) => cs.join(""));
const organisation: fc.Arbitrary<Compared> = fc.record({
  name: words("北京上海示例科技贸易有限公司ABCxyz()&.-"),
  registrationNumber,
  address: words("北京市朝阳区路号座室Roadbuilding0123456789#-"),
  phone: fc.stringMatching(/^\+?[1-9][0-9]{5,14}$/),
  status: fc.constant("active" as const),
});

/** Full-width forms of printable ASCII, the way IMEs type them. */
const fullWidth = (c: string) =>
  c >= "!" && c <= "~" ? String.fromCharCode(c.charCodeAt(0) + 0xfee0) : c === " " ? "\u3000" : c;
const flips = (n: number) => fc.array(fc.boolean(), { minLength: n, maxLength: n });
const spaces = fc.constantFrom("", " ", "  ", "\u3000", "\t");

/** Another value of `field` that no normalisation can take for the original one. */
function changed(org: Compared, field: (typeof FIELDS)[number], pick: number): string {
  switch (field) {
    case "name":
      return `${org.name}分`;
    case "address":
      return `${org.address}9`;
    case "phone":
      return org.phone.replace(/.$/, (d) => String((Number(d) + 1 + (pick % 9)) % 10));
    case "registrationNumber": {
      const i = pick % 18;
      const from = REGISTRATION_NUMBER_CHARS.indexOf(org.registrationNumber[i]!);
      const to = REGISTRATION_NUMBER_CHARS[(from + 1 + (pick % 30)) % 31]!;
      return org.registrationNumber.slice(0, i) + to + org.registrationNumber.slice(i + 1);
    }
  }
}

describe("OV-5: compareOrganisation", () => {
  test.prop([organisation])("an organisation always matches itself", (org) => {
    expect(compareOrganisation(org, org)).toEqual({ ok: true });
  });

  test.prop([organisation, fc.constantFrom(...FIELDS), fc.nat()])(
    "changing any one field makes exactly that field the mismatch",
    (org, field, pick) => {
      const claimed = { ...org, [field]: changed(org, field, pick) };
      expect(compareOrganisation(org, claimed)).toEqual({
        ok: false,
        mismatches: [{ field, registered: org[field], claimed: claimed[field] }],
      });
    },
  );

  test.prop([organisation, fc.constantFrom("revoked", "cancelled" as const)])(
    "an organisation that is not active fails on status alone",
    (org, status) => {
      expect(compareOrganisation({ ...org, status }, org)).toEqual({
        ok: false,
        mismatches: [{ field: "status", registered: status, claimed: "active" }],
      });
    },
  );

  test.prop([
    organisation.chain((org) =>
      fc.tuple(fc.constant(org), flips(org.name.length), fc.array(spaces, { minLength: org.name.length + 1 })),
    ),
  ])("full-width characters and extra spacing in the name still match", ([org, wide, pad]) => {
    const name = [...org.name]
      .map((c, i) => (c === " " ? ` ${pad[i]}` : wide[i] ? fullWidth(c) : c))
      .join("")
      .replace(/^/, pad.at(-1) ?? "")
      .concat(pad.at(-1) ?? "");
    expect(compareOrganisation(org, { ...org, name })).toEqual({ ok: true });
  });

  test.prop([
    organisation.chain((org) =>
      fc.tuple(
        fc.constant(org),
        flips(org.address.length),
        fc.array(spaces, { minLength: org.address.length }),
        fc.array(fc.constantFrom("", " ", "-"), { minLength: org.phone.length }),
      ),
    ),
  ])("address case and spacing, phone separators and number case do not matter", ([org, upper, gaps, seps]) => {
    const address = [...org.address.replace(/ /g, "")]
      .map((c, i) => (upper[i] ? c.toUpperCase() : c.toLowerCase()) + gaps[i])
      .join("");
    const phone = [...org.phone].map((c, i) => (i > 0 && c !== "+" ? seps[i] : "") + c).join("");
    const claimed = { ...org, address, phone, registrationNumber: org.registrationNumber.toLowerCase() };
    expect(compareOrganisation(org, claimed)).toEqual({ ok: true });
  });
});
