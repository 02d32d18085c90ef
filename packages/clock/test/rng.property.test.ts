import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { Rng } from "../src/index";

const seed = fc.oneof(fc.string(), fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }));

describe("Rng properties", () => {
  test.prop([seed, fc.nat({ max: 40 })])("the same seed gives the same sequence", (s, n) => {
    const a = new Rng(s);
    const b = new Rng(s);
    for (let i = 0; i < n; i++) expect(a.uint32()).toBe(b.uint32());
    expect(a.token()).toBe(b.token());
  });

  test.prop([seed, fc.maxSafeInteger(), fc.maxSafeInteger()])("int() stays within its bounds", (s, x, y) => {
    const [min, max] = x <= y ? [x, y] : [y, x];
    const rng = new Rng(s);
    for (let i = 0; i < 20; i++) {
      const value = rng.int(min, max);
      expect(Number.isInteger(value)).toBe(true);
      expect(value).toBeGreaterThanOrEqual(min);
      expect(value).toBeLessThanOrEqual(max);
    }
  });

  test.prop([seed, fc.integer({ min: -1000, max: 1000 }), fc.nat({ max: 20 })])(
    "int() over a small range stays within its bounds",
    (s, min, width) => {
      const rng = new Rng(s);
      for (let i = 0; i < 50; i++) {
        const value = rng.int(min, min + width);
        expect(value).toBeGreaterThanOrEqual(min);
        expect(value).toBeLessThanOrEqual(min + width);
      }
    },
  );

  test.prop([seed, fc.string({ minLength: 1 }), fc.nat({ max: 50 })])(
    "a fork's stream does not depend on how much the parent has drawn",
    (s, label, drawn) => {
      const fresh = new Rng(s).fork(label);
      const used = new Rng(s);
      for (let i = 0; i < drawn; i++) used.uint32();
      const forked = used.fork(label);
      for (let i = 0; i < 10; i++) expect(forked.uint32()).toBe(fresh.uint32());
    },
  );
});
