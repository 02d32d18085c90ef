import { type BusinessCalendar, defaultCalendar, type Rng, type Scheduler } from "@certsim/clock";
import { createDcv } from "@certsim/dcv";
import type { CaHierarchy, KeySpec, Sm2CaHierarchy } from "@certsim/pki";
import { type Listening, listen, Service } from "@certsim/service";
import { DENY_LIST_KEY, mountOperatorApi } from "./api/operator";
import { mountResellerApi, type ResellerDialect } from "./api/reseller";
import { loadOrCreateHierarchy } from "./ca/hierarchy";
import { loadOrCreateSm2Hierarchy } from "./ca/sm2-hierarchy";
import type { CaContext } from "./context";
import type { BrandDefinition, DenyList } from "./core/brand";
import { checkDocumentsPolicy } from "./core/documents";
import { DV_FLOW, type ResolvedFlow, resolveFlow } from "./core/flow";
import type { ProductRule } from "./core/products";
import { resellerReuse } from "./core/reuse";
import { dcvReuseDays, resolveTimings, type TimingOverrides } from "./core/timings";
import { Store } from "./db/store";
import { OrderDesk } from "./desk";
import { type CallbackFormat, CallbackNotifier } from "./review/callbacks";
import { ReviewPipeline } from "./review/pipeline";
import type { Validator } from "./va/validator";
import { WorldClient } from "./world/client";

/** A brand's own reseller face, mounted instead of the generic one (WoTrus writes its own over `OrderDesk`). */
export type ResellerFace = (service: Service, ctx: CaContext, desk: OrderDesk) => void;

export interface StartCaOptions {
  brand: BrandDefinition;
  /** The generic reseller API's dialect (path, key header, error codes); or give `resellerApi`. */
  dialect?: ResellerDialect;
  /** The brand's own reseller API instead of the generic one. */
  resellerApi?: ResellerFace;
  /** What status callbacks say (default: ca-kit's `{ order_id, partner_order_id, status, stage }`). */
  callbacks?: CallbackFormat;
  /**
   * The world's API (business registry, phone line, mailbox): needed when a flow has a manual review (OV-3, OV-5).
   * Called with the global `fetch`, tracked by the clock.
   */
  worldUrl?: string;
  /** The one simulated clock. */
  clock: Scheduler;
  /** The world's seeded generator; the CA forks its own stream from it by brand id. */
  rng: Rng;
  /** SQLite file (created with its folder) or ":memory:". */
  dbPath: string;
  /** Listen port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** Serve the operator API on its own port instead of under /operator on the reseller port. */
  operatorPort?: number;
  /** The network checks; default: `@certsim/dcv` over `dns` and `webPort`. */
  validator?: Validator;
  /** The world's authoritative DNS server (needed unless `validator` is given). */
  dns?: { host: string; port: number };
  /** Where the web host listens: URLs on port 80 are fetched there. */
  webPort?: number;
  /** When set, the operator API needs `X-Operator-Token: <token>`. */
  operatorToken?: string;
  /** Overrides of the brand's review timings. */
  timings?: TimingOverrides;
  /** Business days for FREE-7 (default: the CN calendar of @certsim/clock). */
  calendar?: BusinessCalendar;
  /** Deny list used when the data folder has none yet (else the brand's default). */
  denyList?: DenyList;
  /** A ready hierarchy to adopt when the data folder has none (tests share one); else one is created. */
  hierarchy?: CaHierarchy;
  /** A ready SM2 hierarchy to adopt when the data folder has none (GM brands; else one is created). */
  sm2Hierarchy?: Sm2CaHierarchy;
  /** Largest request body the reseller API accepts (default 256kb; a letter upload needs more, SM-1). */
  bodyLimit?: string;
  /** Key types for a newly created hierarchy (tests pass RSA-2048 roots to save time). */
  hierarchyKeys?: { root?: KeySpec; intermediate?: KeySpec };
  /** Real-time limit of a status callback. Default 5 s. */
  callbackTimeoutMs?: number;
  /** Real-time limit of a request to the world. Default 5 s. */
  worldTimeoutMs?: number;
}

export interface RunningCa {
  /** Base URL of the reseller API server. */
  url: string;
  /** Base URL of the server that serves `/operator/...` (the same as `url` unless `operatorPort` was given). */
  operatorUrl: string;
  port: number;
  desk: OrderDesk;
  context: CaContext;
  /** Stops listening, cancels the CA's pending clock events, waits for work under way and closes the database. */
  close(): Promise<void>;
}

/** Starts one CA: opens (or creates) its state, re-arms every open order, and listens. */
export async function startCa(options: StartCaOptions): Promise<RunningCa> {
  const { brand, clock } = options;
  if (!options.dialect === !options.resellerApi)
    throw new RangeError("startCa needs either a dialect or a resellerApi");
  const flows = {
    DV: resolveFlow(brand.flows?.DV ?? DV_FLOW),
    OV: resolveFlow(brand.flows?.OV ?? DV_FLOW),
    EV: resolveFlow(brand.flows?.EV ?? DV_FLOW),
  } satisfies Record<ProductRule["validation"], ResolvedFlow>;
  const needsWorld = brand.products.some((p) => flows[p.validation].some((step) => step.includes("manual-review")));
  if (needsWorld && !options.worldUrl) {
    throw new RangeError(`${brand.displayName}'s manual review needs the world's URL (worldUrl)`);
  }
  if (brand.documentsByMail) {
    checkDocumentsPolicy(brand.documentsByMail);
    if (!options.worldUrl)
      throw new RangeError(`${brand.displayName}'s documents by mail need the world's URL (worldUrl)`);
  }
  const timings = resolveTimings({
    ...brand.timings,
    ...options.timings,
    manualReviewDays: { ...brand.timings?.manualReviewDays, ...options.timings?.manualReviewDays },
  });
  const store = new Store(options.dbPath);
  let validator = options.validator;
  let ownValidator = false;
  try {
    const hierarchy = await loadOrCreateHierarchy(store, {
      brand: brand.displayName,
      algorithm: brand.hierarchyAlgorithm,
      now: clock.now(),
      ...(options.hierarchyKeys ? { keys: options.hierarchyKeys } : {}),
      ...(options.hierarchy ? { given: options.hierarchy } : {}),
    });
    const sm2Hierarchy = brand.products.some((product) => product.standard === "gm")
      ? await loadOrCreateSm2Hierarchy(store, {
          brand: brand.displayName,
          now: clock.now(),
          ...(options.sm2Hierarchy ? { given: options.sm2Hierarchy } : {}),
        })
      : undefined;
    if (!store.getMeta<DenyList>(DENY_LIST_KEY)) {
      store.setMeta(
        DENY_LIST_KEY,
        options.denyList ?? brand.securityReview?.denyList ?? { domains: [], lookalikes: [] },
      );
    }
    if (!validator) {
      if (!options.dns) throw new RangeError("startCa needs a validator or the DNS server's address");
      validator = createDcv({
        dns: options.dns,
        ...(options.webPort !== undefined ? { httpPortMap: { 80: options.webPort } } : {}),
      });
      ownValidator = true;
    }
    const products = new Map(brand.products.map((product) => [product.code, product]));
    const reuseDays = brand.reuseDays ?? dcvReuseDays;
    const byReseller = resellerReuse(reuseDays);
    const context: CaContext = {
      brand,
      store,
      clock,
      rng: options.rng.fork(`ca/${brand.id}`),
      validator,
      hierarchy,
      ...(sm2Hierarchy ? { sm2Hierarchy } : {}),
      timings,
      calendar: options.calendar ?? defaultCalendar,
      notifier: new CallbackNotifier(clock, options.callbackTimeoutMs, options.callbacks),
      ...(options.worldUrl ? { world: new WorldClient(options.worldUrl, clock, options.worldTimeoutMs) } : {}),
      product: (code) => products.get(code),
      flowFor: (product) => flows[product.validation],
      denyList: () => store.getMeta<DenyList>(DENY_LIST_KEY) ?? { domains: [], lookalikes: [] },
      reuseDays,
      reusePolicyFor: (product) => brand.reusePolicy?.(product) ?? byReseller,
    };
    const pipeline = new ReviewPipeline(context);
    const desk = new OrderDesk(context, pipeline);

    const description = `${brand.displayName} CA simulator`;
    const reseller = new Service({
      name: brand.id,
      description,
      tracker: clock,
      ...(options.bodyLimit ? { bodyLimit: options.bodyLimit } : {}),
    });
    if (options.resellerApi) options.resellerApi(reseller, context, desk);
    else mountResellerApi(reseller, context, desk, options.dialect!);
    let operator = reseller;
    if (options.operatorPort !== undefined) {
      operator = new Service({
        name: `${brand.id}-operator`,
        description: `${description}: operator API`,
        tracker: clock,
      });
    }
    mountOperatorApi(operator, context, desk, options.operatorToken);

    const servers: Listening[] = [await listen(reseller.finish(), options.port ?? 0)];
    if (operator !== reseller) servers.push(await listen(operator.finish(), options.operatorPort ?? 0));
    pipeline.resume();

    let closed = false;
    return {
      url: servers[0]!.url,
      operatorUrl: (servers[1] ?? servers[0]!).url,
      port: servers[0]!.port,
      desk,
      context,
      async close() {
        if (closed) return;
        closed = true;
        await Promise.all(servers.map((server) => server.close()));
        await pipeline.close();
        if (ownValidator) await validator?.close?.();
        store.close();
      },
    };
  } catch (error) {
    if (ownValidator) await validator?.close?.();
    store.close();
    throw error;
  }
}
