// DCV-3 as a property: whatever the CSR and the seed, WoTrus's records have the Sectigo shape and valid DNS names.
import { createHash } from "node:crypto";
import { Rng } from "@certsim/clock";
import { fc, test } from "@fast-check/vitest";
import { expect } from "vitest";
import { wotrusDcvFormat } from "../src";

const hex = (algorithm: string, data: Uint8Array) => createHash(algorithm).update(data).digest("hex");
const LABEL = /^[a-z0-9_]([a-z0-9-]{0,61}[a-z0-9])?$/;

test.prop([fc.uint8Array({ minLength: 1, maxLength: 600 }), fc.string({ minLength: 1, maxLength: 20 })])(
  "DCV-3: WoTrus records from any CSR and seed have the Sectigo shape, valid DNS labels, and replay from the seed",
  (der, seed) => {
    const md5 = hex("md5", der);
    const sha256 = hex("sha256", der);
    const input = (method: "dns" | "file") => ({
      domain: "www.example.com",
      validationDomain: "example.com",
      method,
      csrDer: der,
      rng: new Rng(seed).fork("record"),
      now: new Date("2026-05-11T02:00:00Z"),
    });
    const cname = wotrusDcvFormat.instruction(input("dns"));
    expect(cname.recordType).toBe("CNAME");
    expect(cname.host).toBe(`_${md5}.example.com`);
    const labels = cname.value.split(".");
    expect(labels).toHaveLength(5);
    expect(labels.slice(0, 2).join("")).toBe(sha256);
    expect(labels[2]).toMatch(/^[a-z2-7]{20}$/);
    expect(labels.slice(3)).toEqual(["sectigo", "com"]);
    for (const label of [...cname.host.split("."), ...labels]) expect(label).toMatch(LABEL);
    expect(cname.value.length).toBeLessThanOrEqual(253);

    const file = wotrusDcvFormat.instruction(input("file"));
    expect(file).toMatchObject({ recordType: "FILE", host: "www.example.com" });
    expect(file.path).toBe(`/.well-known/pki-validation/${md5.toUpperCase()}.txt`);
    expect(file.value).toBe(`${sha256}\nsectigo.com\n${labels[2]}`);
    // The same seed and record draw the same unique value.
    expect(wotrusDcvFormat.instruction(input("dns"))).toEqual(cname);
  },
);
