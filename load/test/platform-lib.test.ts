// lib/platform.js reads answers without optional chaining (k6 before v0.52 cannot parse it): bodyOf always gives an
// object, and documentedRefusal tells the refusals the API documents from defects.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { LOAD_DIR } from "../src/paths";

/** A k6 response, as far as these functions read it. */
type Res = { status: number; body: string | null };
// k6 script code (JavaScript checked against k6's types, not this project's): loaded by path, like the scripts.
const { bodyOf, dcvCheckRefusal, documentedRefusal, errorCode } = (await import(
  /* @vite-ignore */ join(LOAD_DIR, "lib/platform.js")
)) as {
  bodyOf: (res: Res) => Record<string, unknown>;
  errorCode: (res: Res) => string;
  documentedRefusal: (res: Res) => string;
  dcvCheckRefusal: (res: Res) => string;
};

const answer = (status: number, body: unknown): Res => ({
  status,
  body: typeof body === "string" ? body : JSON.stringify(body),
});
const refusal = (status: number, code: string) => answer(status, { error: { code, message: "m" } });

describe("lib/platform.js", () => {
  it("bodyOf: the JSON object, else an empty object (no body, not JSON, JSON that is not an object)", () => {
    expect(bodyOf(answer(200, { CertificateId: "c1" })).CertificateId).toBe("c1");
    for (const body of ["", "not json", "null", "42", '"text"']) expect(bodyOf(answer(200, body))).toEqual({});
    expect(bodyOf({ status: 0, body: null })).toEqual({});
  });

  it("errorCode: the vendor code, or an empty string", () => {
    expect(errorCode(refusal(400, "FailedOperation.ExceedsFreeLimit"))).toBe("FailedOperation.ExceedsFreeLimit");
    expect(errorCode(answer(400, { error: "flat" }))).toBe("");
    expect(errorCode(answer(400, { error: null }))).toBe("");
    expect(errorCode(answer(502, "<html>bad gateway</html>"))).toBe("");
  });

  it("documentedRefusal: quota and per-domain limits (400) and a busy RSA key (503 ResourceBusy), nothing else", () => {
    expect(documentedRefusal(refusal(400, "FailedOperation.ExceedsFreeLimit"))).toBe(
      "FailedOperation.ExceedsFreeLimit",
    );
    expect(documentedRefusal(refusal(400, "FailedOperation.MainDomainCertificateCountLimit"))).toBe(
      "FailedOperation.MainDomainCertificateCountLimit",
    );
    expect(documentedRefusal(refusal(503, "FailedOperation.ResourceBusy"))).toBe("FailedOperation.ResourceBusy");
    expect(documentedRefusal(refusal(400, "FailedOperation.ResourceBusy"))).toBe("");
    expect(documentedRefusal(refusal(503, "FailedOperation.ExceedsFreeLimit"))).toBe("");
    expect(documentedRefusal(refusal(400, "InvalidParameter.DomainName"))).toBe("");
    expect(documentedRefusal(answer(503, "Service Unavailable"))).toBe("");
    expect(documentedRefusal(answer(200, { CertificateId: "c1" }))).toBe("");
  });

  it("dcvCheckRefusal: not released yet or moved on (409), nothing else", () => {
    expect(dcvCheckRefusal(refusal(409, "FailedOperation.DcvNotReleased"))).toBe("FailedOperation.DcvNotReleased");
    expect(dcvCheckRefusal(refusal(409, "FailedOperation.InvalidCertificateStatusCode"))).toBe(
      "FailedOperation.InvalidCertificateStatusCode",
    );
    expect(dcvCheckRefusal(refusal(409, "FailedOperation.Other"))).toBe("");
    expect(dcvCheckRefusal(refusal(400, "FailedOperation.DcvNotReleased"))).toBe("");
    expect(dcvCheckRefusal(answer(200, { VerificationResults: [] }))).toBe("");
  });
});
