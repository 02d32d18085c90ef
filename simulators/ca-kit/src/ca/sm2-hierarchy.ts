import { createSm2CaHierarchy, type Sm2CaHierarchy } from "@certsim/pki";
import type { Store } from "../db/store";

const KEY = "sm2-ca-hierarchy";

/**
 * The brand's SM2 root and intermediate (SM-4), for its GM products: created once per data folder and kept in its
 * database beside the RSA/ECC one, so a GM chain downloaded before a restart still verifies after it. A hierarchy
 * passed in (tests share one) is stored the same way when the folder has none yet.
 */
export async function loadOrCreateSm2Hierarchy(
  store: Store,
  params: { brand: string; now: Date; given?: Sm2CaHierarchy },
): Promise<Sm2CaHierarchy> {
  const stored = store.getMeta<Sm2CaHierarchy>(KEY);
  if (stored) return stored;
  const hierarchy = params.given ?? (await createSm2CaHierarchy({ brand: params.brand, now: params.now }));
  store.setMeta(KEY, hierarchy);
  return hierarchy;
}
