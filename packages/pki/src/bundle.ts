// Download bundles per server type (PAID-6), as zip files.
import * as crypto from "node:crypto";
import { strToU8, zipSync } from "fflate";
import { buildPkcs12 } from "./pkcs12";
import { decryptPrivateKey, KeyPasswordError, keyProtection } from "./protect";

export type BundleFormat = "nginx" | "apache" | "iis" | "tomcat" | "pem";

export const BUNDLE_FORMATS: readonly BundleFormat[] = ["nginx", "apache", "iis", "tomcat", "pem"];

export interface BuildBundleParams {
  format: BundleFormat;
  /** The bound domain; names the files ("*" becomes "_"). */
  domain: string;
  certPem: string;
  /** Intermediate(s), then root. */
  chainPem: string[];
  /**
   * The private key: clear PKCS#8 PEM, or an ENCRYPTED PRIVATE KEY (the customer's password, CSR-3). Absent when
   * the customer pasted a CSR without uploading its key: the bundle then has no key file and IIS/Tomcat are refused.
   */
  keyPem?: string;
  /**
   * IIS/Tomcat: the PFX password. For a clear key it is generated when absent (and written to keystorePass.txt);
   * for an encrypted key it must be the key's password, which then also protects the PFX and is not written out.
   */
  password?: string;
  /** GM (SM2) certificates: the encryption certificate and its key, added beside the signing pair. */
  gm?: { encCertPem: string; encKeyPem: string };
  /** Modification time of the files in the zip (the simulated clock); a fixed date when absent. */
  createdAt?: Date;
}

export interface Bundle {
  zip: Uint8Array;
  /** The PFX/keystore password, for IIS and Tomcat. */
  password?: string;
  /** File names in the zip, in order. */
  files: string[];
}

export type BundleErrorCode = "KeyRequired" | "FormatUnavailable" | "WrongPassword";

export class BundleError extends Error {
  readonly rule = "PAID-6" as const;
  constructor(
    readonly code: BundleErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "BundleError";
  }
}

/** The formats a certificate can be downloaded in: IIS and Tomcat need the key, and are not offered for GM. */
export function availableBundleFormats(options: { hasKey: boolean; gm?: boolean }): BundleFormat[] {
  return BUNDLE_FORMATS.filter((format) => !isKeystore(format) || (options.hasKey && !options.gm));
}

function isKeystore(format: BundleFormat): boolean {
  return format === "iis" || format === "tomcat";
}

/** A safe file-name stem for a domain: wildcards and anything unusual become "_". */
export function bundleFileStem(domain: string): string {
  const stem = domain
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9.-]/g, "_");
  return stem === "" || /^\.+$/.test(stem) ? "certificate" : stem;
}

/** 16 characters from an unambiguous alphabet (~93 bits), for keystore passwords. */
function generatePassword(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
  return Array.from(crypto.randomBytes(16), (byte) => alphabet[byte % alphabet.length]).join("");
}

const pemJoin = (...pems: string[]) => pems.map((pem) => (pem.endsWith("\n") ? pem : `${pem}\n`)).join("");

export async function buildBundle(params: BuildBundleParams): Promise<Bundle> {
  const { format, certPem, chainPem, keyPem, gm } = params;
  if (!BUNDLE_FORMATS.includes(format)) throw new BundleError("FormatUnavailable", `unknown bundle format ${format}`);
  const stem = bundleFileStem(params.domain);
  const files: Record<string, Uint8Array> = {};
  const put = (name: string, content: string | Uint8Array) => {
    files[name] = typeof content === "string" ? strToU8(content) : content;
  };
  let password: string | undefined;

  if (isKeystore(format)) {
    if (gm) throw new BundleError("FormatUnavailable", `${format} bundles are not offered for GM certificates`);
    if (!keyPem) {
      throw new BundleError("KeyRequired", `${format} needs the private key, which the platform does not hold`);
    }
    let clearKey = keyPem;
    let writePasswordFile = true;
    password = params.password;
    if (keyProtection(keyPem) === "password") {
      if (!password) throw new BundleError("KeyRequired", "the private key is password-protected: give its password");
      try {
        clearKey = decryptPrivateKey(keyPem, password);
      } catch (error) {
        if (error instanceof KeyPasswordError) throw new BundleError("WrongPassword", "the key password is wrong");
        throw error;
      }
      writePasswordFile = false; // the customer's own password stays with the customer
    }
    password ??= generatePassword();
    const pfx = await buildPkcs12({ keyPem: clearKey, certPem, chainPem, password, friendlyName: stem });
    put(format === "iis" ? `${stem}.pfx` : `${stem}.p12`, pfx);
    if (writePasswordFile) put("keystorePass.txt", `${password}\n`);
  } else {
    switch (format) {
      case "nginx":
        put(`${stem}_bundle.crt`, pemJoin(certPem, ...chainPem));
        break;
      case "apache":
        put(`${stem}.crt`, pemJoin(certPem));
        put("root_bundle.crt", pemJoin(...chainPem));
        break;
      case "pem":
        put(`${stem}.pem`, pemJoin(certPem));
        put(`${stem}_chain.pem`, pemJoin(...chainPem));
        break;
    }
    if (keyPem) put(`${stem}.key`, pemJoin(keyPem));
    if (gm) {
      put(`${stem}_encrypt.crt`, pemJoin(gm.encCertPem));
      put(`${stem}_encrypt.key`, pemJoin(gm.encKeyPem));
    }
  }

  // An explicit timestamp keeps the zip a pure function of its inputs (fflate's default is the machine's clock).
  const zip = zipSync(
    Object.fromEntries(
      Object.entries(files).map(([name, data]) => [name, [data, { mtime: params.createdAt ?? ZIP_TIME }]]),
    ),
    { level: 6 },
  );
  return { zip, password, files: Object.keys(files) };
}

const ZIP_TIME = new Date(Date.UTC(2020, 0, 1));
