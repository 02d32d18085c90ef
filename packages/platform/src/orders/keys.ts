// CSR-1, CSR-2, CSR-3: the key pairs the platform generates and keeps. A key is stored either encrypted with the
// customer's password (PKCS#8, and the certificate is then not deployable) or wrapped under a platform key that
// every instance shares; it is never stored in the clear.
import {
  encryptPrivateKey,
  type KeyPairPem,
  type KeyPool,
  type KeySpec,
  keySpecId,
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

/**
 * Keys kept ready per spec by default (keySpecId): P-256 is the cheap common case (0.3 ms each); RSA keys take
 * 0.3–2 s of a libuv thread each, so a few absorb the start of a burst and the rest queue (KeyVault.newKeyPair).
 */
export const DEFAULT_KEY_POOL_SIZES: Readonly<Record<string, number>> = {
  "ECC-P-256": 16,
  "ECC-P-384": 4,
  "RSA-2048": 4,
  "RSA-4096": 1,
  SM2: 4,
};

/** Generations running at once per spec: one thread per RSA size (rsa-threads.ts); other specs are not capped. */
export const KEY_GENERATION_CAPS: Readonly<Record<string, number>> = { "RSA-2048": 1, "RSA-4096": 1 };

/** Generated as soon as the platform starts, in the background. */
export const PREFILLED_KEYS: readonly KeySpec[] = [
  { algorithm: "ECC", curve: "P-256" },
  { algorithm: "RSA", bits: 2048 },
];

export interface ProtectedKey {
  privateKey: string;
  keyProtection: "password" | "wrapped";
}

/**
 * Mean wall time of one generation before the pool has measured any (real ms, libuv queueing included), for the
 * specs whose generations are capped: what the first refusal estimates rest on.
 */
export const FIRST_GENERATION_GUESS_MS: Readonly<Record<string, number>> = { "RSA-2048": 400, "RSA-4096": 2_500 };

/** The wait a caller would have for a key of `spec`: 503, nothing was changed (the application is undone). */
export const keyGenerationBusy = (spec: KeySpec, waitMs: number) =>
  new ApiError(
    503,
    "FailedOperation.ResourceBusy",
    `online ${keySpecId(spec)} key generation is busy (about ${Math.ceil(waitMs / 1000)} s of keys queued); ` +
      "nothing was changed: try again shortly, choose ECC, or paste your own CSR",
    { field: "CsrEncryptAlgo", rule: "CSR-1" },
  );

export interface KeyVaultOptions {
  /** Where keys come from: a pool keeps some ready per spec and caps the generations of slow specs (RSA). */
  pool: KeyPool;
  /**
   * The longest a caller may be expected to wait for a key of a capped spec (real ms); beyond it newKeyPair refuses
   * at once (503 ResourceBusy) instead of queueing. Default 5 000.
   */
  maxWaitMs?: number;
}

export class KeyVault {
  readonly #pool: KeyPool;
  readonly #maxWaitMs: number;

  constructor(
    private readonly wrappingKey: Uint8Array,
    options: KeyVaultOptions,
  ) {
    this.#pool = options.pool;
    this.#maxWaitMs = options.maxWaitMs ?? 5_000;
  }

  /**
   * A fresh key pair (it carries its KeyObjects, so the CSR and the wrapping parse nothing). Keys of a capped spec
   * (RSA) queue behind the generations running on libuv's pool; when the queue is longer than `maxWaitMs` of
   * work, the caller is refused at once (ResourceBusy) instead of waiting without bound — unless it is background
   * work nobody waits for (`refuseWhenBusy: false`), which takes its place in line.
   */
  async newKeyPair(spec: KeySpec, options: { refuseWhenBusy?: boolean } = {}): Promise<KeyPairPem> {
    if (options.refuseWhenBusy ?? true) this.assertAvailable(spec);
    return this.#pool.take(spec);
  }

  /** Throws 503 ResourceBusy when a key of `spec` asked for now would be expected to take longer than maxWaitMs. */
  assertAvailable(spec: KeySpec): void {
    const wait = this.expectedWaitMs(spec);
    if (wait > this.#maxWaitMs) throw keyGenerationBusy(spec, wait);
  }

  /**
   * How long a new caller would wait for a key of `spec` (real ms, an estimate): 0 while keys are ready or the
   * spec is not capped; otherwise the callers already in line plus this one, shared over the generations that
   * may run at once, times the mean generation time.
   */
  expectedWaitMs(spec: KeySpec): number {
    const id = keySpecId(spec);
    const shelf = this.#pool.statsOf(id);
    const cap = shelf ? shelf.maxConcurrent : (KEY_GENERATION_CAPS[id] ?? null);
    if (cap === null || cap <= 0) return 0;
    const short = (shelf?.waiting ?? 0) + 1 - (shelf?.ready ?? 0);
    if (short <= 0) return 0;
    const mean = shelf?.generationMsMean ?? FIRST_GENERATION_GUESS_MS[id] ?? 1_000;
    return Math.ceil(short / cap) * mean;
  }

  /**
   * CSR-3: with a password the key is encrypted PKCS#8 under it; otherwise wrapped under the platform key. Pass
   * a generated pair itself: its own KeyObject is used, where a PEM would be parsed again (2–4 ms).
   */
  protect(privateKey: string | KeyPairPem, password?: string): ProtectedKey {
    if (password) return { privateKey: encryptPrivateKey(privateKey, password), keyProtection: "password" };
    return { privateKey: wrapPrivateKey(privateKey, this.wrappingKey), keyProtection: "wrapped" };
  }

  /**
   * The key as a download bundle takes it: a wrapped key opened, a password-encrypted key left encrypted (only
   * the customer can open it).
   */
  forBundle(stored: string, protection: "password" | "wrapped"): string {
    return protection === "wrapped" ? unwrapPrivateKey(stored, this.wrappingKey) : stored;
  }
}
