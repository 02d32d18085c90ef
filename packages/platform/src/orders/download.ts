// PAID-6: an issued certificate as a zip per server type. With a customer key password (CSR-3) the key stays
// encrypted in PEM bundles and the customer's own password protects an IIS/Tomcat keystore; a pasted CSR without
// its key gives no key file and no keystore.
import { BundleError, type BundleFormat, buildBundle } from "@certsim/pki";
import { ApiError } from "@certsim/service";
import type { CertificateRecord } from "../store/types";
import type { KeyVault } from "./keys";

export interface Download {
  zip: Uint8Array;
  /** The generated keystore password (never the customer's own). */
  password: string | undefined;
  files: string[];
}

export async function buildDownload(
  cert: CertificateRecord & { certificatePem: string },
  keys: KeyVault,
  format: BundleFormat,
  keyPassword: string | undefined,
  now: Date,
  /** GM (SM-4): the encryption certificate and its key, bundled beside the signing pair. */
  gm?: { encCertPem: string; encKeyPem: string },
): Promise<Download> {
  const keyPem =
    cert.privateKey && cert.keyProtection ? keys.forBundle(cert.privateKey, cert.keyProtection) : undefined;
  const keystore = format === "iis" || format === "tomcat";
  if (keystore && cert.keyProtection === "password" && !keyPassword) {
    throw new ApiError(
      400,
      "MissingParameter",
      "this key has a password: send it in the X-Key-Password header to build the keystore",
      {
        field: "KeyPassword",
        rule: "CSR-3",
      },
    );
  }
  try {
    const bundle = await buildBundle({
      format,
      domain: cert.domain,
      certPem: cert.certificatePem,
      chainPem: splitPem(cert.chainPem ?? ""),
      ...(keyPem ? { keyPem } : {}),
      ...(keystore && cert.keyProtection === "password" ? { password: keyPassword } : {}),
      createdAt: now,
      ...(gm ? { gm } : {}),
    });
    // The customer's own key password is theirs: it is never echoed back.
    const password = keystore && cert.keyProtection !== "password" ? bundle.password : undefined;
    return { zip: bundle.zip, password, files: bundle.files };
  } catch (error) {
    if (error instanceof BundleError) {
      if (error.code === "WrongPassword") {
        throw new ApiError(400, "InvalidParameter.KeyPasswordWrong", error.message, {
          field: "KeyPassword",
          rule: "CSR-3",
        });
      }
      throw new ApiError(400, "FailedOperation.CertificateKeyUnavailable", error.message, {
        field: "ServiceType",
        rule: "PAID-6",
      });
    }
    throw error;
  }
}

function splitPem(text: string): string[] {
  return text.match(/-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----\n?/g) ?? [];
}
