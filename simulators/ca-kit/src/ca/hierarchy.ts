import { type CaHierarchy, type CreateCaHierarchyParams, createCaHierarchy } from "@certsim/pki";
import type { Store } from "../db/store";

const KEY = "ca-hierarchy";

/**
 * The brand's root and intermediate (CERT-1), created once per data folder and kept in its database, so a chain
 * downloaded before a restart still verifies after it. A hierarchy passed in (tests share one to save key
 * generation) is stored the same way when the folder has none yet.
 */
export async function loadOrCreateHierarchy(
  store: Store,
  params: Omit<CreateCaHierarchyParams, "now"> & { now: Date; given?: CaHierarchy },
): Promise<CaHierarchy> {
  const stored = store.getMeta<CaHierarchy>(KEY);
  if (stored) return stored;
  const { given, ...create } = params;
  const hierarchy = given ?? (await createCaHierarchy(create));
  store.setMeta(KEY, hierarchy);
  return hierarchy;
}
