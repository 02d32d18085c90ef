import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  brValidityCapDays,
  type CaHierarchy,
  createCaHierarchy,
  createCsr,
  generateKeyPair,
  issueLeaf,
  leafValidity,
} from "../src/index";
import { epochSeconds, openssl, Workdir } from "./openssl";

const DAY = 86_400_000;
const SECOND = 1000;
/** Each BR threshold (00:00 UTC) with the cap before and from it. */
const THRESHOLDS = [
  { at: "2026-03-15T00:00:00Z", before: 398, from: 200 },
  { at: "2027-03-15T00:00:00Z", before: 200, from: 100 },
  { at: "2029-03-15T00:00:00Z", before: 100, from: 47 },
] as const;

const work = new Workdir();
let ca: CaHierarchy;
let csr: string;

beforeAll(async () => {
  ca = await createCaHierarchy({ brand: "TrustAsia", algorithm: "ECC", now: new Date("2024-01-01T00:00:00Z") });
  const key = await generateKeyPair({ algorithm: "ECC", curve: "P-256" });
  csr = await createCsr({ key, commonName: "example.com", names: ["example.com"] });
});

afterAll(() => work.remove());

describe("brValidityCapDays", () => {
  it.each(THRESHOLDS)("CERT-4: the cap changes exactly at $at ($before → $from days)", ({ at, before, from }) => {
    const threshold = new Date(at);
    expect(brValidityCapDays(new Date(threshold.getTime() - SECOND))).toBe(before);
    expect(brValidityCapDays(new Date(threshold.getTime() - 1))).toBe(before);
    expect(brValidityCapDays(threshold)).toBe(from);
    expect(brValidityCapDays(new Date(threshold.getTime() + DAY))).toBe(from);
  });

  it("CERT-4: 398 days long before, 47 days long after", () => {
    expect(brValidityCapDays(new Date("2020-01-01T00:00:00Z"))).toBe(398);
    expect(brValidityCapDays(new Date("2040-01-01T00:00:00Z"))).toBe(47);
    expect(() => brValidityCapDays(new Date(Number.NaN))).toThrow(RangeError);
  });
});

describe("leafValidity", () => {
  it.each(THRESHOLDS)("CERT-3: a 1-year product is capped on both sides of $at", ({ at, before, from }) => {
    const threshold = new Date(at);
    const justBefore = leafValidity(365, new Date(threshold.getTime() - SECOND), { international: true });
    const justFrom = leafValidity(365, threshold, { international: true });
    expect(justBefore.days).toBe(Math.min(365, before));
    expect(justFrom.days).toBe(from);
    expect(justFrom.capped).toBe(true);
    // The BR count inclusively: notAfter is one second short of notBefore + days.
    expect(justFrom.notAfter.getTime() - justFrom.notBefore.getTime()).toBe(from * DAY - SECOND);
  });

  it("CERT-3: a product shorter than the cap keeps its own validity", () => {
    const at = new Date("2027-06-01T12:00:00Z"); // cap 100
    const short = leafValidity(90, at, { international: true });
    expect(short).toMatchObject({ days: 90, capped: false });
    expect(short.notBefore.toISOString()).toBe("2027-06-01T12:00:00.000Z");
    expect(short.notAfter.toISOString()).toBe("2027-08-30T11:59:59.000Z");
    expect(leafValidity(365, new Date("2025-06-01T00:00:00Z"), { international: true }).days).toBe(365);
    expect(leafValidity(398, new Date("2025-06-01T00:00:00Z"), { international: true }).days).toBe(398);
    expect(leafValidity(730, new Date("2025-06-01T00:00:00Z"), { international: true }).days).toBe(398);
  });

  it("CERT-4: GM (SM2) products are outside the BR and keep the product's validity", () => {
    expect(leafValidity(365, new Date("2030-01-01T00:00:00Z"), { international: false })).toMatchObject({
      days: 365,
      capped: false,
    });
  });

  it("drops sub-second precision and refuses nonsense", () => {
    expect(
      leafValidity(10, new Date("2025-01-01T00:00:00.999Z"), { international: true }).notBefore.toISOString(),
    ).toBe("2025-01-01T00:00:00.000Z");
    expect(() => leafValidity(0, new Date(), { international: true })).toThrow(RangeError);
    expect(() => leafValidity(1.5, new Date(), { international: true })).toThrow(RangeError);
  });
});

describe("issueLeaf applies the cap", () => {
  it.each(THRESHOLDS)(
    "CERT-3/CERT-4: leaves issued either side of $at carry the capped dates",
    async ({ at, before, from }) => {
      const threshold = new Date(at);
      for (const [issuedAt, days] of [
        [new Date(threshold.getTime() - 60 * SECOND), Math.min(365, before)],
        [new Date(threshold.getTime() + 60 * SECOND), from],
      ] as const) {
        const leaf = await issueLeaf({
          ca,
          csr,
          names: ["example.com"],
          profile: { validation: "DV", validityDays: 365 },
          issuedAt,
        });
        expect(leaf.validityDays).toBe(days);
        const file = work.write(`leaf-${issuedAt.getTime()}.pem`, leaf.certPem);
        const dates = openssl(["x509", "-in", file, "-noout", "-startdate", "-enddate", "-dateopt", "iso_8601"]);
        expect(dates.status, dates.stderr).toBe(0);
        const [, start] = /notBefore=(.+)/.exec(dates.stdout) ?? [];
        const [, end] = /notAfter=(.+)/.exec(dates.stdout) ?? [];
        expect(new Date(start!.trim()).getTime()).toBe(issuedAt.getTime());
        expect(new Date(end!.trim()).getTime()).toBe(issuedAt.getTime() + days * DAY - SECOND);
        // Valid until its end (OpenSSL counts the notAfter instant itself as expired), expired after it.
        const verifyAt = (when: Date) =>
          openssl([
            "verify",
            "-x509_strict",
            "-purpose",
            "sslserver",
            "-attime",
            epochSeconds(when),
            "-CAfile",
            work.write("root.pem", ca.root.certPem),
            "-untrusted",
            work.write("int.pem", ca.intermediate.certPem),
            file,
          ]).status;
        expect(verifyAt(new Date(leaf.notAfter.getTime() - SECOND))).toBe(0);
        expect(verifyAt(new Date(leaf.notAfter.getTime() + 2 * SECOND))).not.toBe(0);
      }
    },
  );
});
