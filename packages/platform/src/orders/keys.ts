// CSR-1, CSR-2, CSR-3: the key pairs the platform generates and keeps. A key is stored either encrypted with the
// customer's password (PKCS#8, and the certificate is then not deployable) or wrapped under a platform key that
// every instance shares; it is never stored in the clear.
import {
  encryptPrivateKey,
  type KeyPairPem,
  type KeyPool,
  type KeySpec,
  unwrapPrivateKey,
  wrapPrivateKey,
} from "@certsim/pki";
import { ApiError } from "@certsim/service";

export type CsrEncryptAlgo = "RSA" | "ECC" | "SM2";
export type CsrKeyParameter = "2048" | "4096" | "prime256v1" | "secp384r1" | "sm2p256v1";

const RSA_PARAMETERS: Record<string, KeySpec> = {
  "2048": { algorithm: "RSA", bits: 2048 },
  "4096": { algorithm: "RSA", bits: 4096 },
};
const ECC_PARAMETERS: Record<string, KeySpec> = {
  prime256v1: { algorithm: "ECC", curve: "P-256" },
  secp384r1: { algorithm: "ECC", curve: "P-384" },
};
const SM2_PARAMETERS: Record<string, KeySpec> = { sm2p256v1: { algorithm: "SM2" } };
const TABLES = { RSA: RSA_PARAMETERS, ECC: ECC_PARAMETERS, SM2: SM2_PARAMETERS };
const DEFAULTS = { RSA: "2048", ECC: "prime256v1", SM2: "sm2p256v1" } as const;

/** CSR-2: RSA 2048 (default) or 4096; ECC P-256 (default) or P-384; SM2 for national (GM) products. */
export function keySpecFor(
  algo: CsrEncryptAlgo = "RSA",
  parameter?: CsrKeyParameter,
): { spec: KeySpec; parameter: CsrKeyParameter } {
  const table = TABLES[algo];
  const chosen = parameter ?? DEFAULTS[algo];
  const spec = table[chosen];
  if (!spec) {
    throw new ApiError(
      400,
      "InvalidParameter.CsrKeyParameterInvalid",
      `CsrKeyParameter ${chosen} does not go with CsrEncryptAlgo ${algo} (${Object.keys(table).join(" or ")})`,
      { field: "CsrKeyParameter", rule: "CSR-2" },
    );
  }
  return { spec, parameter: chosen };
}

export interface ProtectedKey {
  privateKey: string;
  keyProtection: "password" | "wrapped";
}

export class KeyVault {
  constructor(
    private readonly wrappingKey: Uint8Array,
    private readonly pool?: KeyPool,
    private readonly generate?: (spec: KeySpec) => Promise<KeyPairPem>,
  ) {}

  async newKeyPair(spec: KeySpec): Promise<KeyPairPem> {
    if (this.pool) return this.pool.take(spec);
    if (this.generate) return this.generate(spec);
    throw new Error("KeyVault has no key source");
  }

  /** CSR-3: with a password the key is encrypted PKCS#8 under it; otherwise wrapped under the platform key. */
  protect(privateKeyPem: string, password?: string): ProtectedKey {
    if (password) return { privateKey: encryptPrivateKey(privateKeyPem, password), keyProtection: "password" };
    return { privateKey: wrapPrivateKey(privateKeyPem, this.wrappingKey), keyProtection: "wrapped" };
  }

  /**
   * The key as a download bundle takes it: a wrapped key opened, a password-encrypted key left encrypted (only
   * the customer can open it).
   */
  forBundle(stored: string, protection: "password" | "wrapped"): string {
    return protection === "wrapped" ? unwrapPrivateKey(stored, this.wrappingKey) : stored;
  }
}
