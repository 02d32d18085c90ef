// The one place the international code reaches the SM2/GM module (./sm2, built separately).
// Until that module exists, SM2 requests fail with a clear error instead of a missing import.
import type { KeyPairPem } from "./keys";

export interface Sm2Support {
  generateSm2KeyPair(): Promise<KeyPairPem>;
  /** Verifies an SM2 CSR's SM3withSM2 self-signature (GM/T 0009 default user ID). */
  verifySm2Csr(der: Uint8Array): boolean;
}

export class Sm2UnavailableError extends Error {
  readonly code = "Sm2Unavailable";
  constructor() {
    super("SM2 support (packages/pki/src/sm2) is not available in this build");
    this.name = "Sm2UnavailableError";
  }
}

export function sm2(): Sm2Support {
  throw new Sm2UnavailableError();
}
