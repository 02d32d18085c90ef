import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import { fileContent } from "../src";

const trailing = fc
  .array(fc.constantFrom(" ", "\t", "\r", "\n", "\r\n"), { maxLength: 6 })
  .map((parts) => parts.join(""));

describe("DCV-5: the content a file check compares", () => {
  test.prop([fc.string(), trailing])("trailing whitespace and line ends never change the content", (text, tail) => {
    expect(fileContent(`${text}${tail}`)).toBe(fileContent(text));
  });

  test.prop([fc.string()])("reading the content twice changes nothing", (text) => {
    expect(fileContent(fileContent(text))).toBe(fileContent(text));
  });

  test.prop([fc.string({ minLength: 1 }).filter((s) => /\S$/.test(s) && !s.includes("\r"))])(
    "a value without trailing whitespace is compared as it is, leading whitespace included",
    (text) => {
      expect(fileContent(text.replace(/^\uFEFF/, ""))).toBe(text.replace(/^\uFEFF/, ""));
      expect(fileContent(` ${text}`)).not.toBe(fileContent(text));
    },
  );
});
