import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy, Sm2CaHierarchy } from "@certsim/pki";
import type { BrandDefinition, DenyList } from "./core/brand";
import type { ResolvedFlow } from "./core/flow";
import type { ProductRule } from "./core/products";
import type { ReusePolicy } from "./core/reuse";
import type { ReviewTimings } from "./core/timings";
import type { Store } from "./db/store";
import type { CallbackNotifier } from "./review/callbacks";
import type { Validator } from "./va/validator";
import type { WorldClient } from "./world/client";

/** What the parts of one running CA share. */
export interface CaContext {
  brand: BrandDefinition;
  store: Store;
  clock: Scheduler;
  /** The brand's own random stream; every draw forks from it by order id and purpose, so restarts replay. */
  rng: Rng;
  validator: Validator;
  hierarchy: CaHierarchy;
  /** The SM2 root and intermediate, when the brand sells GM products (SM-4). */
  sm2Hierarchy?: Sm2CaHierarchy;
  timings: ReviewTimings;
  calendar: BusinessCalendar;
  notifier: CallbackNotifier;
  /** The world's registry, phone line and mailbox (needed by flows with a manual review). */
  world?: WorldClient;
  product(code: string): ProductRule | undefined;
  /** The review flow of a product (by its validation level, `BrandDefinition.flows`). */
  flowFor(product: ProductRule): ResolvedFlow;
  denyList(): DenyList;
  reuseDays(at: Date): number;
  /** How long a product's validations are kept and whose they are (DCV-11 by reseller, or DCV-8 by company). */
  reusePolicyFor(product: ProductRule): ReusePolicy;
}
