// CSR-1: the two ways to get a CSR — generated online (the platform makes and keeps the key) or pasted by the
// customer (checked under CSR-4, optionally with its private key). Everything is checked before quota is taken;
// the key work itself (`make`) runs once the application holds its quota.

import {
  assertKeyMatchesCsr,
  CsrError,
  checkCsrNames,
  createCsr,
  KeyPasswordError,
  type ParsedCsr,
  parseCsr,
} from "@certsim/pki";
import { ApiError } from "@certsim/service";
import type { FreeName } from "./free-rules";
import { type KeyVault, keySpecFor } from "./keys";
import type { ApplyFreeInput } from "./orders";

/** What the application stores about its key and CSR. */
export interface CsrMaterial {
  csrPem: string;
  keyAlgorithm: "RSA" | "ECC" | "SM2" | null;
  keyParameter: string | null;
  privateKey: string | null;
  keyProtection: "password" | "wrapped" | null;
}

export interface CsrPlan {
  kind: "online" | "pasted";
  make(): Promise<CsrMaterial>;
}

export function csrRefusal(error: CsrError | KeyPasswordError, field: string): ApiError {
  const code =
    error instanceof KeyPasswordError
      ? "InvalidParameter.KeyPasswordWrong"
      : error.code === "KeyMismatch"
        ? "InvalidParameter.PrivateKeyMismatch"
        : "InvalidParameter.CsrInvalid";
  return new ApiError(400, code, error.message, { field, rule: error.rule });
}

/**
 * CSR-4: a pasted CSR must be PKCS#10 with a valid self-signature, a strong enough key and exactly the bound names
 * (DOM-2 companions allowed); an uploaded private key must be the CSR's. Each refusal names its field and reason.
 */
export function checkPastedCsr(
  csrText: string,
  privateKey: string | undefined,
  bound: readonly string[],
  companions: readonly string[],
  fields: { csr: string; key: string },
): ParsedCsr {
  try {
    const csr = parseCsr(csrText);
    checkCsrNames(csr, bound, companions);
    if (privateKey !== undefined) assertKeyMatchesCsr(privateKey, csr);
    return csr;
  } catch (error) {
    if (error instanceof CsrError) throw csrRefusal(error, error.code === "KeyMismatch" ? fields.key : fields.csr);
    if (error instanceof KeyPasswordError) throw csrRefusal(error, fields.key);
    throw error;
  }
}

/** CSR-1: online generation (the platform makes and keeps the key) or a pasted CSR, checked before quota. */
export function planCsr(input: ApplyFreeInput, name: FreeName, keys: KeyVault): CsrPlan {
  if (input.Csr !== undefined) {
    if (input.CsrEncryptAlgo !== undefined || input.CsrKeyParameter !== undefined) {
      throw new ApiError(
        400,
        "InvalidParameter.CsrConflict",
        "a pasted CSR already fixes the key: leave CsrEncryptAlgo and CsrKeyParameter out",
        {
          field: input.CsrEncryptAlgo !== undefined ? "CsrEncryptAlgo" : "CsrKeyParameter",
          rule: "CSR-1",
        },
      );
    }
    if (input.CsrKeyPassword !== undefined && input.PrivateKey === undefined) {
      throw new ApiError(400, "InvalidParameter.CsrConflict", "a key password needs the private key it protects", {
        field: "CsrKeyPassword",
        rule: "CSR-3",
      });
    }
    const csr = checkPastedCsr(
      input.Csr,
      input.PrivateKey,
      [name.domain],
      name.names.filter((n) => n !== name.domain),
      { csr: "Csr", key: "PrivateKey" },
    );
    if (csr.key.algorithm !== "RSA" && csr.key.algorithm !== "ECC") {
      throw new ApiError(400, "InvalidParameter.CsrInvalid", "TrustAsia certificates take RSA or ECC keys", {
        field: "Csr",
        rule: "CSR-2",
      });
    }
    const algorithm = csr.key.algorithm;
    const parameter =
      algorithm === "RSA" ? String(csr.key.bits ?? "") : csr.key.curve === "P-384" ? "secp384r1" : "prime256v1";
    return {
      kind: "pasted" as const,
      make: async (): Promise<CsrMaterial> => {
        const key = input.PrivateKey ? keys.protect(input.PrivateKey, input.CsrKeyPassword) : undefined;
        return {
          csrPem: csr.pem,
          keyAlgorithm: algorithm,
          keyParameter: parameter,
          privateKey: key?.privateKey ?? null,
          keyProtection: key?.keyProtection ?? null,
        };
      },
    };
  }
  if (input.PrivateKey !== undefined) {
    throw new ApiError(400, "InvalidParameter.CsrConflict", "a private key can only be uploaded with a pasted CSR", {
      field: "PrivateKey",
      rule: "CSR-1",
    });
  }
  const algo = input.CsrEncryptAlgo ?? "RSA";
  const { spec, parameter } = keySpecFor(algo, input.CsrKeyParameter);
  // An RSA burst the key generators cannot serve in time is refused here, before quota is taken: the cheapest
  // answer. make() checks again (a burst may have grown since), and the application is then undone.
  keys.assertAvailable(spec);
  return {
    kind: "online" as const,
    make: async (): Promise<CsrMaterial> => {
      const pair = await keys.newKeyPair(spec);
      const csrPem = await createCsr({ key: pair, commonName: name.domain, names: name.names });
      const key = keys.protect(pair, input.CsrKeyPassword);
      return { csrPem, keyAlgorithm: algo, keyParameter: parameter, ...key };
    },
  };
}
