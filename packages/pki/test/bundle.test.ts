import { spawnSync } from "node:child_process";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  availableBundleFormats,
  type BuildBundleParams,
  BundleError,
  buildBundle,
  createCaHierarchy,
  createCsr,
  encryptPrivateKey,
  generateKeyPair,
  type IssuedLeaf,
  issueLeaf,
  type KeyPairPem,
} from "../src/index";
import { openssl, Workdir } from "./openssl";

const work = new Workdir();
let rsaKey: KeyPairPem;
let ecKey: KeyPairPem;
let rsaLeaf: IssuedLeaf;
let ecLeaf: IssuedLeaf;

beforeAll(async () => {
  const now = new Date("2025-03-01T00:00:00Z");
  const [rsaCa, ecCa] = await Promise.all([
    createCaHierarchy({ brand: "TrustAsia", algorithm: "RSA", now }),
    createCaHierarchy({ brand: "GlobalSign", algorithm: "ECC", now }),
  ]);
  [rsaKey, ecKey] = await Promise.all([
    generateKeyPair({ algorithm: "RSA", bits: 2048 }),
    generateKeyPair({ algorithm: "ECC", curve: "P-256" }),
  ]);
  const issue = async (key: KeyPairPem, ca: typeof rsaCa) =>
    issueLeaf({
      ca,
      csr: await createCsr({ key, commonName: "example.com", names: ["example.com", "www.example.com"] }),
      names: ["example.com", "www.example.com"],
      profile: { validation: "DV", validityDays: 365 },
      issuedAt: new Date("2025-04-01T00:00:00Z"),
    });
  [rsaLeaf, ecLeaf] = await Promise.all([issue(rsaKey, rsaCa), issue(ecKey, ecCa)]);
}, 60_000);

afterAll(() => work.remove());

function params(format: BuildBundleParams["format"], extra: Partial<BuildBundleParams> = {}): BuildBundleParams {
  return {
    format,
    domain: "example.com",
    certPem: rsaLeaf.certPem,
    chainPem: rsaLeaf.chainPem,
    keyPem: rsaKey.privateKeyPem,
    ...extra,
  };
}

function unzip(zip: Uint8Array): Record<string, string> {
  return Object.fromEntries(Object.entries(unzipSync(zip)).map(([name, data]) => [name, strFromU8(data, true)]));
}

/** `unzip -l` lists the same files, when the tool is installed. */
function expectUnzipLists(zip: Uint8Array, files: string[]): void {
  const listing = spawnSync("unzip", ["-l", work.write(`list-${files.join("+")}.zip`, zip)], { encoding: "utf8" });
  if (listing.error) return; // no unzip on this machine; fflate's reading above still holds
  expect(listing.status).toBe(0);
  for (const file of files) expect(listing.stdout).toContain(file);
}

async function bundleError(run: Promise<unknown>): Promise<BundleError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof BundleError) return error;
    throw error;
  }
  throw new Error("expected a BundleError");
}

function pkcs12Info(file: string, password: string) {
  return openssl(["pkcs12", "-info", "-noout", "-in", file, "-passin", `pass:${password}`]);
}

describe("buildBundle", () => {
  it("PAID-6: nginx — <domain>_bundle.crt (leaf, intermediate, root) and <domain>.key", async () => {
    const bundle = await buildBundle(params("nginx"));
    expect(bundle.files).toEqual(["example.com_bundle.crt", "example.com.key"]);
    const files = unzip(bundle.zip);
    expect(Object.keys(files)).toEqual(bundle.files);
    expect(files["example.com_bundle.crt"]).toBe(rsaLeaf.certPem + rsaLeaf.chainPem.join(""));
    expect(files["example.com.key"]).toBe(rsaKey.privateKeyPem);
    expect(bundle.password).toBeUndefined();
    expectUnzipLists(bundle.zip, bundle.files);
    // What nginx would load verifies as a chain.
    const fullchain = work.write("nginx.crt", files["example.com_bundle.crt"]!);
    const verify = openssl([
      "verify",
      "-attime",
      String(Date.parse("2025-05-01T00:00:00Z") / 1000),
      "-CAfile",
      work.write("nginx-root.pem", rsaLeaf.chainPem[1]!),
      "-untrusted",
      fullchain,
      fullchain,
    ]);
    expect(verify.status, verify.stderr).toBe(0);
  });

  it("PAID-6: apache — <domain>.crt, root_bundle.crt (chain) and <domain>.key", async () => {
    const bundle = await buildBundle(params("apache"));
    expect(bundle.files).toEqual(["example.com.crt", "root_bundle.crt", "example.com.key"]);
    const files = unzip(bundle.zip);
    expect(files["example.com.crt"]).toBe(rsaLeaf.certPem);
    expect(files["root_bundle.crt"]).toBe(rsaLeaf.chainPem.join(""));
    expect(files["example.com.key"]).toBe(rsaKey.privateKeyPem);
    expectUnzipLists(bundle.zip, bundle.files);
  });

  it("PAID-6: pem — certificate, chain and key", async () => {
    const bundle = await buildBundle(params("pem"));
    expect(bundle.files).toEqual(["example.com.pem", "example.com_chain.pem", "example.com.key"]);
    expect(unzip(bundle.zip)["example.com_chain.pem"]).toBe(rsaLeaf.chainPem.join(""));
  });

  it("PAID-6: IIS — <domain>.pfx opens with openssl pkcs12 (no -legacy) and the password in keystorePass.txt", async () => {
    for (const [leaf, key] of [
      [rsaLeaf, rsaKey],
      [ecLeaf, ecKey],
    ] as const) {
      const bundle = await buildBundle(
        params("iis", { certPem: leaf.certPem, chainPem: leaf.chainPem, keyPem: key.privateKeyPem }),
      );
      expect(bundle.files).toEqual(["example.com.pfx", "keystorePass.txt"]);
      const entries = unzipSync(bundle.zip);
      const password = strFromU8(entries["keystorePass.txt"]!).trim();
      expect(password).toBe(bundle.password);
      expect(password.length).toBeGreaterThanOrEqual(16);
      const pfx = work.write(`iis-${key.algorithm}.pfx`, entries["example.com.pfx"]!);
      const info = pkcs12Info(pfx, password);
      expect(info.status, info.stderr).toBe(0);
      expect(info.stderr).toContain("MAC: sha256");
      expect(info.stderr).toMatch(/Shrouded Keybag: PBES2, PBKDF2, AES-256-CBC, .*hmacWithSHA256/);
      expect(info.stderr).toMatch(/PKCS7 Encrypted data: PBES2, PBKDF2, AES-256-CBC/);
      // The key and the three certificates come back out unchanged.
      const keyOut = openssl(["pkcs12", "-in", pfx, "-passin", `pass:${password}`, "-nocerts", "-nodes"]);
      expect(keyOut.stdout).toContain(key.privateKeyPem.trim().split("\n")[1]);
      const certsOut = openssl(["pkcs12", "-in", pfx, "-passin", `pass:${password}`, "-nokeys"]);
      for (const pem of [leaf.certPem, ...leaf.chainPem]) expect(certsOut.stdout).toContain(pem.trim());
      expect(certsOut.stdout).toContain("friendlyName: example.com");
      expect(pkcs12Info(pfx, "not-the-password").status).not.toBe(0);
    }
  });

  it("PAID-6: Tomcat — a PKCS#12 keystore keytool can list, with its password file", async () => {
    const bundle = await buildBundle(params("tomcat", { password: "changeit-123" }));
    expect(bundle.files).toEqual(["example.com.p12", "keystorePass.txt"]);
    expect(bundle.password).toBe("changeit-123");
    const entries = unzipSync(bundle.zip);
    expect(strFromU8(entries["keystorePass.txt"]!)).toBe("changeit-123\n");
    const store = work.write("tomcat.p12", entries["example.com.p12"]!);
    expect(pkcs12Info(store, "changeit-123").status).toBe(0);
    const keytool = spawnSync(
      "keytool",
      ["-list", "-keystore", store, "-storetype", "PKCS12", "-storepass", "changeit-123"],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    if (!keytool.error) {
      expect(keytool.status, keytool.stderr).toBe(0);
      expect(keytool.stdout).toMatch(/example\.com, .*PrivateKeyEntry/);
    }
  });

  it("PAID-6: a key-less bundle (pasted CSR) has no key file, and IIS/Tomcat are refused", async () => {
    for (const format of ["nginx", "apache", "pem"] as const) {
      const bundle = await buildBundle(params(format, { keyPem: undefined }));
      expect(bundle.files.some((file) => file.endsWith(".key"))).toBe(false);
      expect(Object.values(unzip(bundle.zip)).join("")).not.toContain("PRIVATE KEY");
    }
    for (const format of ["iis", "tomcat"] as const) {
      const error = await bundleError(buildBundle(params(format, { keyPem: undefined })));
      expect(error).toMatchObject({ code: "KeyRequired", rule: "PAID-6" });
    }
    expect(availableBundleFormats({ hasKey: false })).toEqual(["nginx", "apache", "pem"]);
    expect(availableBundleFormats({ hasKey: true })).toEqual(["nginx", "apache", "iis", "tomcat", "pem"]);
    expect(availableBundleFormats({ hasKey: true, gm: true })).toEqual(["nginx", "apache", "pem"]);
  });

  it("PAID-6 / CSR-3: a password-protected key stays encrypted; a PFX needs its password and uses it", async () => {
    const encrypted = encryptPrivateKey(rsaKey.privateKeyPem, "customer-pw");
    const nginx = unzip((await buildBundle(params("nginx", { keyPem: encrypted }))).zip);
    expect(nginx["example.com.key"]).toBe(encrypted);
    expect((await bundleError(buildBundle(params("iis", { keyPem: encrypted })))).code).toBe("KeyRequired");
    expect((await bundleError(buildBundle(params("iis", { keyPem: encrypted, password: "nope" })))).code).toBe(
      "WrongPassword",
    );
    const iis = await buildBundle(params("iis", { keyPem: encrypted, password: "customer-pw" }));
    expect(iis.files).toEqual(["example.com.pfx"]); // the customer's own password is not written out
    const pfx = work.write("customer.pfx", unzipSync(iis.zip)["example.com.pfx"]!);
    expect(pkcs12Info(pfx, "customer-pw").status).toBe(0);
  });

  it("PAID-6: GM bundles add the encryption pair; wildcard domains get safe file names", async () => {
    const gm = { encCertPem: ecLeaf.certPem, encKeyPem: ecKey.privateKeyPem };
    const bundle = await buildBundle(params("nginx", { domain: "*.example.com", gm }));
    expect(bundle.files).toEqual([
      "_.example.com_bundle.crt",
      "_.example.com.key",
      "_.example.com_encrypt.crt",
      "_.example.com_encrypt.key",
    ]);
    expect(unzip(bundle.zip)["_.example.com_encrypt.key"]).toBe(ecKey.privateKeyPem);
    expect((await bundleError(buildBundle(params("iis", { gm })))).code).toBe("FormatUnavailable");
  });

  it("PAID-6: with a fixed creation time the zip is a pure function of its inputs", async () => {
    const createdAt = new Date("2025-04-01T08:00:00Z");
    const a = await buildBundle(params("apache", { createdAt }));
    const b = await buildBundle(params("apache", { createdAt }));
    expect(Buffer.from(a.zip).equals(Buffer.from(b.zip))).toBe(true);
  });
});
