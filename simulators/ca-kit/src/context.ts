import type { BusinessCalendar, Rng, Scheduler } from "@certsim/clock";
import type { CaHierarchy } from "@certsim/pki";
import type { BrandDefinition, DenyList } from "./core/brand";
import type { ProductRule } from "./core/products";
import type { ReviewTimings } from "./core/timings";
import type { Store } from "./db/store";
import type { CallbackNotifier } from "./review/callbacks";
import type { Validator } from "./va/validator";

/** What the parts of one running CA share. */
export interface CaContext {
  brand: BrandDefinition;
  store: Store;
  clock: Scheduler;
  /** The brand's own random stream; every draw forks from it by order id and purpose, so restarts replay. */
  rng: Rng;
  validator: Validator;
  hierarchy: CaHierarchy;
  timings: ReviewTimings;
  calendar: BusinessCalendar;
  notifier: CallbackNotifier;
  product(code: string): ProductRule | undefined;
  denyList(): DenyList;
  reuseDays(at: Date): number;
}
