import * as crypto from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  type CaAlgorithm,
  type CaHierarchy,
  createCaHierarchy,
  createCsr,
  generateKeyPair,
  type IssueLeafParams,
  issueLeaf,
  type KeySpec,
  keySpecId,
  LeafProfileError,
  parseCsr,
} from "../src/index";
import { epochSeconds, openssl, Workdir } from "./openssl";

const BRANDS = ["TrustAsia", "WoTrus", "GlobalSign", "DNSPod"] as const;
const LEAF_SPECS: KeySpec[] = [
  { algorithm: "RSA", bits: 2048 },
  { algorithm: "RSA", bits: 4096 },
  { algorithm: "ECC", curve: "P-256" },
  { algorithm: "ECC", curve: "P-384" },
];
const CREATED = new Date("2025-01-01T00:00:00Z");
const ISSUED = new Date("2025-09-10T08:30:00Z");

const work = new Workdir();
const hierarchies = new Map<string, CaHierarchy>();
const csrs = new Map<string, string>();

function hierarchy(brand: string, algorithm: CaAlgorithm): CaHierarchy {
  return hierarchies.get(`${brand}/${algorithm}`)!;
}

beforeAll(async () => {
  // Everything at once: key generation runs on libuv's pool, so the two cores stay busy.
  await Promise.all([
    ...BRANDS.flatMap((brand) =>
      (["RSA", "ECC"] as const).map(async (algorithm) => {
        const ca = await createCaHierarchy({ brand, algorithm, now: CREATED });
        // Persisted as JSON by its owner: use what comes back from a round trip.
        hierarchies.set(`${brand}/${algorithm}`, JSON.parse(JSON.stringify(ca)) as CaHierarchy);
      }),
    ),
    ...LEAF_SPECS.map(async (spec) => {
      const key = await generateKeyPair(spec);
      const csr = await createCsr({ key, commonName: "example.com", names: ["example.com", "www.example.com"] });
      csrs.set(keySpecId(spec), csr);
    }),
  ]);
}, 180_000);

afterAll(() => work.remove());

/** `openssl verify` of a leaf against its hierarchy, at the simulated instant. */
function verify(name: string, leafPem: string, ca: CaHierarchy, at: Date) {
  return openssl([
    "verify",
    "-x509_strict",
    "-purpose",
    "sslserver",
    "-attime",
    epochSeconds(at),
    "-CAfile",
    work.write(`${name}.root.pem`, ca.root.certPem),
    "-untrusted",
    work.write(`${name}.int.pem`, ca.intermediate.certPem),
    work.write(`${name}.leaf.pem`, leafPem),
  ]);
}

function x509Text(name: string, pem: string): string {
  const result = openssl(["x509", "-in", work.write(`${name}.txt.pem`, pem), "-noout", "-text", "-nameopt", "utf8"]);
  expect(result.status, result.stderr).toBe(0);
  return result.stdout;
}

function dvParams(
  ca: CaHierarchy,
  csr: IssueLeafParams["csr"],
  names = ["example.com", "www.example.com"],
): IssueLeafParams {
  return { ca, csr, names, profile: { validation: "DV", validityDays: 365 }, issuedAt: ISSUED };
}

describe("CERT-1: every brand's leaves chain to that brand's root", () => {
  const cases = BRANDS.flatMap((brand) => LEAF_SPECS.map((spec) => [brand, keySpecId(spec), spec] as const));

  it.each(cases)(
    "CERT-1: %s %s leaf passes openssl verify -x509_strict -purpose sslserver",
    async (brand, id, spec) => {
      const ca = hierarchy(brand, spec.algorithm === "RSA" ? "RSA" : "ECC");
      const leaf = await issueLeaf(dvParams(ca, csrs.get(id)!));
      expect(leaf.chainPem).toEqual([ca.intermediate.certPem, ca.root.certPem]);
      const result = verify(`${brand}-${id}`, leaf.certPem, ca, new Date(ISSUED.getTime() + 86_400_000));
      expect(result.status, result.stderr).toBe(0);
      expect(result.stdout).toContain(": OK");
    },
  );

  it("CERT-1: a leaf does not verify under another brand's root", async () => {
    const leaf = await issueLeaf(dvParams(hierarchy("TrustAsia", "RSA"), csrs.get("RSA-2048")!));
    const result = verify("cross", leaf.certPem, hierarchy("WoTrus", "RSA"), ISSUED);
    expect(result.status).not.toBe(0);
  });

  it("CERT-1: root and intermediate have the CA profile (self-signed root, pathlen 0, 20 and 10 years)", () => {
    const ca = hierarchy("GlobalSign", "ECC");
    const root = x509Text("root", ca.root.certPem);
    expect(root).toContain("Subject: C=BE, O=GlobalSign (certsim), CN=GlobalSign Simulated ECC Root CA");
    expect(root).toContain("Issuer: C=BE, O=GlobalSign (certsim), CN=GlobalSign Simulated ECC Root CA");
    expect(root).toMatch(/Basic Constraints: critical\s+CA:TRUE\n/);
    expect(root).toMatch(/Key Usage: critical\s+Certificate Sign, CRL Sign/);
    expect(root).toContain("Not After : Dec 31 23:59:59 2044 GMT");
    const intermediate = x509Text("int", ca.intermediate.certPem);
    expect(intermediate).toMatch(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/);
    expect(intermediate).toContain("Not After : Dec 31 23:59:59 2034 GMT");
    expect(intermediate).toContain("NIST CURVE: P-384");
    const ta = x509Text("ta-root", hierarchy("TrustAsia", "RSA").root.certPem);
    expect(ta).toContain("Subject: C=CN, O=TrustAsia (certsim), CN=TrustAsia Simulated RSA Root CA");
    expect(ta).toContain("Public-Key: (2048 bit)");
  });
});

describe("CERT-2: leaf contents", () => {
  it("CERT-2: exact SANs (DNS and IP), serverAuth only, CA:false, key usage, DV policy, CN = first name", async () => {
    const ca = hierarchy("TrustAsia", "RSA");
    const names = ["example.com", "www.example.com", "203.0.113.9"];
    const leaf = await issueLeaf(dvParams(ca, csrs.get("RSA-2048")!, names));
    const text = x509Text("dv", leaf.certPem);
    expect(text).toMatch(
      /Subject Alternative Name: \n\s+DNS:example.com, DNS:www.example.com, IP Address:203.0.113.9\n/,
    );
    expect(text).toMatch(/Extended Key Usage: \n\s+TLS Web Server Authentication\n/);
    expect(text).toMatch(/Basic Constraints: critical\s+CA:FALSE/);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature, Key Encipherment\n/);
    expect(text).toMatch(/Certificate Policies: \n\s+Policy: 2.23.140.1.2.1\n/);
    expect(text).toContain("Subject: CN=example.com\n");
    expect(text).toContain("Signature Algorithm: sha256WithRSAEncryption");
  });

  it("CERT-2: an ECC leaf has digitalSignature only; clientAuth is added only on request", async () => {
    const leaf = await issueLeaf({
      ...dvParams(hierarchy("WoTrus", "ECC"), csrs.get("ECC-P-256")!),
      profile: { validation: "DV", validityDays: 90, clientAuth: true },
    });
    const text = x509Text("ec", leaf.certPem);
    expect(text).toMatch(/Key Usage: critical\s+Digital Signature\n/);
    expect(text).toMatch(/Extended Key Usage: \n\s+TLS Web Server Authentication, TLS Web Client Authentication\n/);
    expect(text).toContain("Signature Algorithm: ecdsa-with-SHA384");
  });

  it("CERT-2: the serial is positive, 16 bytes (≥ 64 random bits) and never repeats", async () => {
    const ca = hierarchy("DNSPod", "ECC");
    const leaves = await Promise.all(Array.from({ length: 20 }, () => issueLeaf(dvParams(ca, csrs.get("ECC-P-256")!))));
    const serials = leaves.map((leaf) => leaf.serialHex);
    expect(new Set(serials).size).toBe(20);
    for (const serial of serials) {
      expect(serial).toMatch(/^[4-7][0-9a-f]{31}$/);
    }
    const printed = openssl(["x509", "-in", work.write("serial.pem", leaves[0]!.certPem), "-noout", "-serial"]);
    expect(printed.stdout.trim().toLowerCase()).toBe(`serial=${serials[0]}`);
  });

  it("CERT-2: AKI is the intermediate's SKI, and the SKI is the leaf key's", async () => {
    const ca = hierarchy("GlobalSign", "RSA");
    const leaf = await issueLeaf(dvParams(ca, csrs.get("RSA-4096")!));
    const skiOf = (text: string) => /Subject Key Identifier: \n\s+([0-9A-F:]+)\n/.exec(text)?.[1];
    const akiOf = (text: string) => /Authority Key Identifier: \n\s+(?:keyid:)?([0-9A-F:]+)\n/.exec(text)?.[1];
    const leafText = x509Text("aki-leaf", leaf.certPem);
    const intText = x509Text("aki-int", ca.intermediate.certPem);
    expect(akiOf(leafText)).toBeDefined();
    expect(akiOf(leafText)).toBe(skiOf(intText));
    expect(akiOf(intText)).toBe(skiOf(x509Text("aki-root", ca.root.certPem)));
    // RFC 5280 method 1, computed independently: SHA-1 of the RSAPublicKey (the SPKI's BIT STRING contents).
    const rsaPublicKey = crypto
      .createPublicKey(parseCsr(csrs.get("RSA-4096")!).publicKeyPem)
      .export({ type: "pkcs1", format: "der" });
    const expected = crypto.createHash("sha1").update(rsaPublicKey).digest("hex").toUpperCase();
    expect(skiOf(leafText)!.replace(/:/g, "")).toBe(expected);
  });

  it("CERT-2: the leaf's public key is the CSR's", async () => {
    for (const id of ["RSA-2048", "ECC-P-384"]) {
      const csr = csrs.get(id)!;
      const ca = hierarchy("WoTrus", id.startsWith("RSA") ? "RSA" : "ECC");
      const leaf = await issueLeaf(dvParams(ca, parseCsr(csr)));
      const fromCert = openssl(["x509", "-in", work.write(`pk-${id}.pem`, leaf.certPem), "-noout", "-pubkey"]);
      const fromCsr = openssl(["req", "-in", work.write(`pk-${id}.csr`, csr), "-noout", "-pubkey"]);
      expect(fromCert.stdout).toContain("BEGIN PUBLIC KEY");
      expect(fromCert.stdout).toBe(fromCsr.stdout);
    }
  });

  it("CERT-2: an OV leaf carries the organisation in the subject and the OV policy", async () => {
    const leaf = await issueLeaf({
      ...dvParams(hierarchy("TrustAsia", "ECC"), csrs.get("ECC-P-256")!),
      profile: {
        validation: "OV",
        organization: { name: "深圳市示例科技有限公司", locality: "Shenzhen", state: "Guangdong", country: "CN" },
        validityDays: 365,
      },
    });
    const text = x509Text("ov", leaf.certPem);
    expect(text).toContain("Subject: C=CN, ST=Guangdong, L=Shenzhen, O=深圳市示例科技有限公司, CN=example.com\n");
    expect(text).toMatch(/Policy: 2.23.140.1.2.2\n/);
    expect(verify("ov", leaf.certPem, hierarchy("TrustAsia", "ECC"), ISSUED).status).toBe(0);
  });

  it("CERT-2: an EV leaf carries the EV subject attributes and the EV policy", async () => {
    const ca = hierarchy("GlobalSign", "RSA");
    const leaf = await issueLeaf({
      ...dvParams(ca, csrs.get("RSA-2048")!),
      profile: {
        validation: "EV",
        organization: { name: "Example Ltd", country: "CN", locality: "Beijing", serialNumber: "91110000600037341L" },
        validityDays: 365,
      },
    });
    const text = x509Text("ev", leaf.certPem);
    expect(text).toContain(
      "Subject: businessCategory=Private Organization, jurisdictionC=CN, serialNumber=91110000600037341L, C=CN, L=Beijing, O=Example Ltd, CN=example.com",
    );
    expect(text).toMatch(/Policy: 2.23.140.1.1\n/);
    expect(verify("ev", leaf.certPem, ca, ISSUED).status).toBe(0);
  });

  it("CERT-2: AIA, OCSP and CRL URLs are written when given", async () => {
    const leaf = await issueLeaf({
      ...dvParams(hierarchy("DNSPod", "RSA"), csrs.get("RSA-2048")!),
      urls: { aia: "http://127.0.0.1:1/ca.crt", ocsp: "http://127.0.0.1:1/ocsp", crl: "http://127.0.0.1:1/ca.crl" },
    });
    const text = x509Text("urls", leaf.certPem);
    expect(text).toContain("OCSP - URI:http://127.0.0.1:1/ocsp");
    expect(text).toContain("CA Issuers - URI:http://127.0.0.1:1/ca.crt");
    expect(text).toContain("URI:http://127.0.0.1:1/ca.crl");
  });

  it("CERT-2: the CN is the first name of at most 64 characters; with none, the subject is empty and the SAN critical", async () => {
    const ca = hierarchy("TrustAsia", "ECC");
    const long = `${"a".repeat(60)}.example.com`;
    const text = x509Text(
      "long-cn",
      (await issueLeaf(dvParams(ca, csrs.get("ECC-P-256")!, [long, "example.com"]))).certPem,
    );
    expect(text).toContain("Subject: CN=example.com\n");
    expect(text).toContain(`DNS:${long}, DNS:example.com`);
    const only = await issueLeaf(dvParams(ca, csrs.get("ECC-P-256")!, [long]));
    const onlyText = x509Text("no-cn", only.certPem);
    expect(onlyText).toMatch(/Subject: ?\n/);
    expect(onlyText).toMatch(/Subject Alternative Name: critical\n/);
    expect(verify("no-cn", only.certPem, ca, ISSUED).status).toBe(0);
  });

  it("CERT-2: refuses names that are not A-label DNS names or IP addresses", async () => {
    const ca = hierarchy("TrustAsia", "ECC");
    for (const bad of ["exa mple.com", "bücher.example", "under_score.example.com", "-lead.example.com", "a..b"]) {
      await expect(issueLeaf(dvParams(ca, csrs.get("ECC-P-256")!, [bad]))).rejects.toThrow(LeafProfileError);
    }
    const ok = await issueLeaf(
      dvParams(ca, csrs.get("ECC-P-256")!, ["*.example.com", "xn--bcher-kva.example", "2001:db8::1"]),
    );
    expect(x509Text("names-ok", ok.certPem)).toContain(
      "DNS:*.example.com, DNS:xn--bcher-kva.example, IP Address:2001:DB8:0:0:0:0:0:1",
    );
  });

  it("CERT-2: refuses OV/EV without the organisation, empty or repeated names, and SM2 CSRs", async () => {
    const ca = hierarchy("TrustAsia", "RSA");
    const csr = csrs.get("RSA-2048")!;
    await expect(issueLeaf({ ...dvParams(ca, csr), profile: { validation: "OV", validityDays: 365 } })).rejects.toThrow(
      LeafProfileError,
    );
    await expect(
      issueLeaf({
        ...dvParams(ca, csr),
        profile: { validation: "EV", organization: { name: "Example Ltd" }, validityDays: 365 },
      }),
    ).rejects.toThrow(/registration number/);
    await expect(issueLeaf(dvParams(ca, csr, []))).rejects.toThrow(LeafProfileError);
    await expect(issueLeaf(dvParams(ca, csr, ["a.example.com", "a.example.com"]))).rejects.toThrow(LeafProfileError);
    const sm2 = await generateKeyPair({ algorithm: "SM2" });
    const sm2Csr = await createCsr({ key: sm2, commonName: "gm.example.cn", names: ["gm.example.cn"] });
    await expect(issueLeaf(dvParams(ca, sm2Csr, ["gm.example.cn"]))).rejects.toThrow(/sm2 module/);
  });
});
