// issueLeaf writes the TBSCertificate directly (certificate-kit's extensionsDer/tbsCertificateDer); these
// properties hold it byte for byte to what the asn1-schema classes encoded before (test/reference/leaf-reference.ts).
import { AsnConvert } from "@peculiar/asn1-schema";
import { Certificate } from "@peculiar/asn1-x509";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { extensions, extensionsDer, KeyUsageFlags, readCertificate } from "../src/certificate-kit";
import {
  type CaHierarchy,
  createCaHierarchy,
  createCsr,
  generateKeyPair,
  type IssueLeafParams,
  issueLeaf,
  type ParsedCsr,
  parseCsr,
} from "../src/index";
import { epochSeconds, openssl, Workdir } from "./openssl";
import { referenceLeafTbs } from "./reference/leaf-reference";

const serialize = (value: object) => new Uint8Array(AsnConvert.serialize(value));
const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString("hex");

const work = new Workdir();
let cas: CaHierarchy[];
let csrs: ParsedCsr[];

beforeAll(async () => {
  const created = new Date("2025-01-01T00:00:00Z");
  cas = await Promise.all([
    createCaHierarchy({ brand: "TrustAsia", algorithm: "RSA", now: created }),
    createCaHierarchy({ brand: "GlobalSign", algorithm: "ECC", now: created }),
  ]);
  csrs = await Promise.all(
    (
      [
        { algorithm: "RSA", bits: 2048 },
        { algorithm: "ECC", curve: "P-256" },
        { algorithm: "ECC", curve: "P-384" },
      ] as const
    ).map(async (spec) => {
      const key = await generateKeyPair(spec);
      return parseCsr(await createCsr({ key, commonName: "example.com", names: ["example.com"] }));
    }),
  );
}, 120_000);

afterAll(() => work.remove());

describe("extensions written directly equal the schema classes' encoding", () => {
  it("CERT-2: keyUsage for every combination of the nine flags, basicConstraints, EKU, policies, key ids", () => {
    for (let flags = 0; flags < 512; flags++) {
      expect(hex(extensionsDer.keyUsage(flags)), `flags ${flags}`).toBe(hex(serialize(extensions.keyUsage(flags))));
    }
    for (const [cA, pathLen] of [
      [false, undefined],
      [true, undefined],
      [true, 0],
      [true, 3],
      [true, 127],
    ] as const) {
      expect(hex(extensionsDer.basicConstraints(cA, pathLen))).toBe(
        hex(serialize(extensions.basicConstraints(cA, pathLen))),
      );
    }
    const oids = ["1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2"];
    expect(hex(extensionsDer.extendedKeyUsage(oids))).toBe(hex(serialize(extensions.extendedKeyUsage(oids))));
    const policies = ["2.23.140.1.2.1", "2.23.140.1.1"];
    expect(hex(extensionsDer.certificatePolicies(policies))).toBe(
      hex(serialize(extensions.certificatePolicies(policies))),
    );
    const id = "0123456789abcdef0123456789abcdef01234567";
    expect(hex(extensionsDer.authorityKeyIdentifier(id))).toBe(hex(serialize(extensions.authorityKeyIdentifier(id))));
    expect(hex(extensionsDer.subjectKeyIdentifier(id))).toBe(hex(serialize(extensions.subjectKeyIdentifier(id))));
    expect(KeyUsageFlags.digitalSignature).toBe(1);
  });

  it("CERT-2: subjectAltName, authorityInfoAccess and cRLDistributionPoints for generated names and URLs", () => {
    const label = fc.stringMatching(/^[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?$/);
    const name = fc.oneof(
      fc
        .tuple(fc.boolean(), fc.array(label, { minLength: 1, maxLength: 3 }))
        .map(([w, ls]) => `${w ? "*." : ""}${ls.join(".")}.com`),
      fc.ipV4(),
      fc.constantFrom("2001:db8::1", "::1", "fe80::1:2:3:4", "2001:db8:0:0:1:0:0:1"),
    );
    const url = fc.webUrl({ withQueryParameters: true });
    fc.assert(
      fc.property(
        fc.uniqueArray(name, { minLength: 1, maxLength: 6 }),
        fc.boolean(),
        fc.option(url),
        fc.option(url),
        url,
        (names, critical, ocsp, aia, crl) => {
          expect(hex(extensionsDer.subjectAltName(names, critical))).toBe(
            hex(serialize(extensions.subjectAltName(names, critical))),
          );
          const urls = { ocsp: ocsp ?? undefined, caIssuers: aia ?? undefined };
          expect(hex(extensionsDer.authorityInfoAccess(urls))).toBe(
            hex(serialize(extensions.authorityInfoAccess(urls))),
          );
          expect(hex(extensionsDer.crlDistributionPoints(crl))).toBe(
            hex(serialize(extensions.crlDistributionPoints(crl))),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});

const profile = fc.oneof(
  fc.record({
    validation: fc.constant("DV" as const),
    validityDays: fc.integer({ min: 1, max: 398 }),
    clientAuth: fc.boolean(),
  }),
  fc.record({
    validation: fc.constantFrom("OV" as const, "EV" as const),
    validityDays: fc.integer({ min: 1, max: 398 }),
    clientAuth: fc.boolean(),
    organization: fc.record({
      name: fc.constantFrom("Example Ltd", "示例科技有限公司", "Ünïcode GmbH"),
      country: fc.constantFrom("CN", "DE", "US"),
      locality: fc.option(fc.constantFrom("Shanghai", "München"), { nil: undefined }),
      state: fc.option(fc.constantFrom("Shanghai", "Bayern"), { nil: undefined }),
      serialNumber: fc.constantFrom("91310000MA1FL0000X", "HRB 12345"),
    }),
  }),
);

describe("issueLeaf's certificate equals the schema classes' encoding", () => {
  it("CERT-2: the TBSCertificate is byte for byte the old one (DV/OV/EV, RSA/ECC CAs and keys, IPs, long names, URLs, dates past 2049) and the certificate verifies", async () => {
    let verified = 0;
    await fc.assert(
      fc.asyncProperty(
        fc.nat({ max: 1 }),
        fc.nat({ max: 2 }),
        profile,
        fc.uniqueArray(
          fc.oneof(
            fc.constantFrom("example.com", "www.example.com", "*.example.cn", "198.51.100.4", "2001:db8::7"),
            fc.constant(`${"a".repeat(63)}.${"b".repeat(10)}.com`),
          ),
          { minLength: 1, maxLength: 4 },
        ),
        fc.constantFrom(
          new Date("2025-09-10T08:30:00.250Z"),
          new Date("2049-12-20T23:59:59Z"),
          new Date("2026-03-15T00:00:00Z"),
        ),
        fc.option(
          fc.record({
            aia: fc.constant("http://aia.example/int.cer"),
            ocsp: fc.constant("http://ocsp.example"),
            crl: fc.constant("http://crl.example/int.crl"),
          }),
          { nil: undefined },
        ),
        async (caIndex, csrIndex, leafProfile, names, issuedAt, urls) => {
          const params: IssueLeafParams = {
            ca: cas[caIndex] as CaHierarchy,
            csr: csrs[csrIndex] as ParsedCsr,
            names,
            profile: leafProfile,
            issuedAt,
            urls,
          };
          const leaf = await issueLeaf(params);
          const cert = readCertificate(leaf.certPem);
          const { tbs } = referenceLeafTbs(params, leaf.serialHex);
          expect(hex(serialize(cert.tbsCertificate))).toBe(hex(serialize(tbs)));
          // The whole certificate is DER as the schema classes write it (nothing re-encodes differently).
          const der = Buffer.from(leaf.certPem.replace(/-----[A-Z ]+-----|\s/g, ""), "base64");
          expect(hex(serialize(AsnConvert.parse(der, Certificate)))).toBe(hex(der));
          if (verified < 4 && issuedAt.getUTCFullYear() < 2049) {
            verified++;
            const ca = params.ca;
            const result = openssl([
              "verify",
              "-x509_strict",
              "-purpose",
              "sslserver",
              "-attime",
              epochSeconds(issuedAt),
              "-CAfile",
              work.write("root.pem", ca.root.certPem),
              "-untrusted",
              work.write("int.pem", ca.intermediate.certPem),
              work.write("leaf.pem", leaf.certPem),
            ]);
            expect(result.status, result.stdout + result.stderr).toBe(0);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
