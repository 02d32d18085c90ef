// The hand-written DER on the hot path (fresh keys, CSRs) against the libraries it replaces, byte for byte.
import * as crypto from "node:crypto";
import { fc, test } from "@fast-check/vitest";
import { Attributes, CertificationRequestInfo } from "@peculiar/asn1-csr";
import { AsnConvert } from "@peculiar/asn1-schema";
import { Attribute, Extensions, SubjectPublicKeyInfo } from "@peculiar/asn1-x509";
import { describe, expect, it } from "vitest";
import { extensions } from "../src/certificate-kit";
import { certificationRequestInfoDer } from "../src/csr";
import { ipAddressBytes } from "../src/der";
import { keyPairFromKeyObjects } from "../src/index";
import { keyDerOf } from "../src/key-der";
import { OID } from "../src/oids";
import { subjectToAsnName, subjectToDer } from "../src/subject";
import { openssl } from "./openssl";

const spki = new Uint8Array(
  crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" }).publicKey.export({ type: "spki", format: "der" }),
);

/** What the schema classes make of the same request info (the way createCsr encoded it before). */
function schemaInfo(subject: Parameters<typeof subjectToAsnName>[0], names: string[]): Uint8Array {
  const requested = new Extensions([extensions.subjectAltName(names)]);
  const info = new CertificationRequestInfo({
    version: 0,
    subject: subjectToAsnName(subject),
    subjectPKInfo: AsnConvert.parse(spki, SubjectPublicKeyInfo),
    attributes: new Attributes([
      new Attribute({ type: OID.extensionRequest, values: [AsnConvert.serialize(requested)] }),
    ]),
  });
  return new Uint8Array(AsnConvert.serialize(info));
}

const utf8 = fc.string({ unit: "grapheme", minLength: 1, maxLength: 40 });
const printable = fc.stringMatching(/^[A-Za-z0-9 '()+,\-./:=?]{1,20}$/);
const subjects = fc.record(
  {
    CN: utf8,
    O: utf8,
    OU: utf8,
    L: utf8,
    ST: utf8,
    C: fc.stringMatching(/^[A-Z]{2}$/),
    serialNumber: printable,
    jurisdictionCountry: fc.stringMatching(/^[A-Z]{2}$/),
    businessCategory: utf8,
  },
  { requiredKeys: [] },
);
// asn1-x509's IP parser zeroes an IPv6 address's embedded IPv4 tail (it reads "::0:0:0:0:0.0.0.1" as "::"), so
// the comparison leaves those forms out; the explicit cases below pin them.
const ipV6 = fc.ipV6().filter((ip) => !ip.includes("."));
const names = fc.array(fc.oneof(fc.domain(), fc.ipV4(), ipV6), { minLength: 1, maxLength: 12 });

describe("CSR DER", () => {
  test.prop([subjects, names])("CSR-2: the request info equals asn1-schema's encoding", (subject, sans) => {
    const ours = certificationRequestInfoDer({ subject: subjectToDer(subject), spki, names: sans });
    expect(Buffer.from(ours).toString("hex")).toBe(Buffer.from(schemaInfo(subject, sans)).toString("hex"));
  });

  it("encodes IPv6 forms (compressed, full, embedded IPv4) as their 16 bytes", () => {
    expect(ipAddressBytes("2001:db8::7").toString("hex")).toBe("20010db8000000000000000000000007");
    expect(ipAddressBytes("::").toString("hex")).toBe("0".repeat(32));
    expect(ipAddressBytes("::ffff:192.0.2.1").toString("hex")).toBe("00000000000000000000ffffc0000201");
    expect(ipAddressBytes("::0:0:0:0:0.0.0.1").toString("hex")).toBe(`${"0".repeat(30)}01`);
    expect(ipAddressBytes("1:2:3:4:5:6:7:8").toString("hex")).toBe("00010002000300040005000600070008");
    expect(ipAddressBytes("fe80::").toString("hex")).toBe(`fe80${"0".repeat(28)}`);
    expect(ipAddressBytes("192.0.2.7").toString("hex")).toBe("c0000207");
    expect(() => ipAddressBytes("fe80::1%eth0")).toThrow(RangeError);
  });
});

describe("key DER from the JWK numbers", () => {
  function same(privateKey: crypto.KeyObject, publicKey: crypto.KeyObject): void {
    const built = keyDerOf(privateKey);
    expect(built).toBeDefined();
    expect(Buffer.from(built!.pkcs8).equals(privateKey.export({ type: "pkcs8", format: "der" }))).toBe(true);
    expect(Buffer.from(built!.spki).equals(publicKey.export({ type: "spki", format: "der" }))).toBe(true);
  }

  it("CSR-2: P-256 keys, including short d, x and y, match OpenSSL's", () => {
    // 1 key in 256 has a leading zero byte in d (and in x, in y), which the JWK may drop and SEC1 keeps: find some.
    const found = { d: false, x: false, y: false };
    for (let i = 0; i < 5000 && !(found.d && found.x && found.y); i++) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve: "prime256v1" });
      const jwk = privateKey.export({ format: "jwk" });
      const short = (["d", "x", "y"] as const).filter(
        (part) => !found[part] && Buffer.from(jwk[part]!, "base64url")[0] === 0,
      );
      if (i < 20 || short.length > 0) same(privateKey, publicKey);
      for (const part of short) found[part] = true;
    }
    expect(found).toEqual({ d: true, x: true, y: true });
  }, 30_000);

  it.each(["secp384r1", "secp521r1"])("CSR-2: %s keys match OpenSSL's", (namedCurve) => {
    // P-521's top byte is 0 or 1: half of these keys exercise the padding.
    for (let i = 0; i < 20; i++) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync("ec", { namedCurve });
      same(privateKey, publicKey);
    }
  });

  it("CSR-2: RSA keys match OpenSSL's (INTEGERs with and without a leading zero)", () => {
    for (const modulusLength of [2048, 2048]) {
      const { privateKey, publicKey } = crypto.generateKeyPairSync("rsa", { modulusLength });
      same(privateKey, publicKey);
    }
  });

  it("leaves multi-prime RSA to OpenSSL's encoder (Node's JWK drops the third prime)", () => {
    const made = openssl([
      "genpkey",
      "-algorithm",
      "RSA",
      "-pkeyopt",
      "rsa_keygen_bits:2048",
      "-pkeyopt",
      "rsa_keygen_primes:3",
    ]);
    expect(made.status, made.stderr).toBe(0);
    const privateKey = crypto.createPrivateKey(made.stdout);
    expect(keyDerOf(privateKey)).toBeUndefined();
    const pair = keyPairFromKeyObjects(privateKey);
    expect(pair.privateKeyPem).toBe(privateKey.export({ type: "pkcs8", format: "pem" }));
    expect(openssl(["pkey", "-noout", "-text"], pair.privateKeyPem).stdout).toContain("prime3:");
  });

  it("leaves SM2 to OpenSSL's encoder (Node has no JWK for it)", () => {
    const { privateKey } = crypto.generateKeyPairSync("ec", { namedCurve: "SM2" });
    expect(keyDerOf(privateKey)).toBeUndefined();
  });
});
