// Wiring: one platform instance — store, CA adapter, partner clients, the HTTP API — listening on loopback.
import { randomBytes } from "node:crypto";
import type { Clock } from "@certsim/clock";
import { generateKeyPair, type KeyPairPem, KeyPool, type KeySpec } from "@certsim/pki";
import { type Listening, listen, Service } from "@certsim/service";
import type { Express } from "express";
import type { CaAdapter } from "./adapters/ca";
import type { CaConnectionOptions } from "./adapters/ca-client";
import { DnsPodAdapter } from "./adapters/dnspod";
import { GlobalSignAdapter } from "./adapters/globalsign";
import { TrustAsiaAdapter } from "./adapters/trustasia";
import { WoTrusAdapter } from "./adapters/wotrus";
import { adminRoutes } from "./api/admin";
import { adminAuth, customerAuth } from "./api/auth";
import { callbackPath, callbackRoutes } from "./api/callbacks";
import { customerRoutes } from "./api/customer";
import { LETTER_BODY_LIMIT, LETTER_PATH, letterRoutes } from "./api/letters";
import { paidRoutes, profileAdminRoutes, profileRoutes } from "./api/paid";
import { DnsHostingClient } from "./integrations/dns-hosting";
import { WorldClient } from "./integrations/world";
import { Notifier } from "./notify/notifier";
import { ConfirmLetters } from "./orders/confirm-letter";
import { DEFAULT_FREE_SUFFIX_DENY_LIST } from "./orders/free-rules";
import { DEFAULT_KEY_POOL_SIZES, KEY_GENERATION_CAPS, KeyVault, PREFILLED_KEYS } from "./orders/keys";
import { Orders } from "./orders/orders";
import { PaidOrders } from "./orders/paid-orders";
import { RsaKeyThreads } from "./orders/rsa-threads";
import { Profile } from "./profile/profile";
import { SqlitePlatformStore } from "./store/sqlite";
import type { PlatformStore } from "./store/types";

/**
 * The simulated clock, and optionally its in-flight tracker and scheduler (SimClock has both): PAID-2 schedules the
 * next certificate of a series on it.
 */
export type PlatformClock = Clock & {
  track?<T>(work: Promise<T>): Promise<T>;
  schedule?(at: Date, label: string, handler: () => unknown): unknown;
};

export interface PlatformOptions {
  /** Port on 127.0.0.1; 0 (default) picks a free one. */
  port?: number;
  /** SQLite file, or ":memory:". Ignored when `store` is given. */
  dbPath: string;
  /** Another PlatformStore implementation (e.g. PostgreSQL shared by several instances). */
  store?: PlatformStore;
  clock: PlatformClock;
  /** TrustAsia's reseller API (free certificates and paid TrustAsia products). */
  trustAsia: CaConnection;
  /** WoTrus's reseller API (paid WoTrus certificates); without it WoTrus products cannot be committed. */
  wotrus?: CaConnection;
  /** DNSPod's reseller API (international DV, GM DV/OV/EV); without it DNSPod products cannot be committed. */
  dnspod?: CaConnection;
  /** GlobalSign's reseller API (DV/OV/EV); without it GlobalSign products cannot be committed. */
  globalsign?: CaConnection;
  /** PAID-2: apply for the next certificate of a series this long (simulated ms) before the current one ends. Default 30 days. */
  seriesLeadMs?: number;
  /** The DNS hosting service's management API (automatic DNS validation). */
  dnsApiUrl: string;
  /** The world's mail and phone API (notifications). */
  worldUrl: string;
  /** Required on /admin as X-Admin-Token. */
  adminToken: string;
  /** The platform's URL as the CAs reach it, for callbacks; default the URL it listens on. */
  publicUrl?: string;
  /** FREE-2: suffixes refused for free certificates; default `.edu .gov .org .ru .jp .pay .bank .live .nuclear`. */
  freeSuffixDenyList?: readonly string[];
  /** 32 bytes (or 64 hex characters) that wrap stored private keys; default: generated once and kept in the store. */
  keyWrappingKey?: Uint8Array | string;
  /**
   * Keys kept ready per key type (CSR-1 online generation); 0 keeps none. Default DEFAULT_KEY_POOL_SIZES (ECC P-256
   * 16, RSA-2048 4, …), and ECC P-256 and RSA-2048 are generated at start.
   */
  keyPoolSize?: number;
  /**
   * CSR-1: the longest expected wait (real ms) for an RSA key generated online; a request that would wait longer is
   * refused at once with 503 FailedOperation.ResourceBusy and nothing changed. Default 5000.
   */
  keyWaitMaxMs?: number;
  /**
   * The nice value (Linux; 0 = as the event loop … 19 = lowest) of the threads that make online RSA keys, one per
   * size: when the cores are busy the event loop goes first. Default 19, the lowest: under an RSA-heavy burst
   * (bench:api d) the event-loop delay p99 fell from ~100 ms at 5 to ~60 ms, with as many keys made.
   */
  rsaKeyNice?: number;
  /** DCV-10: a second "check now" within this many simulated ms answers from the last check. Default 10 s. */
  dcvCheckMinIntervalMs?: number;
  /**
   * A customer's read of a pending certificate asks its CA at most once per this many simulated ms (per
   * certificate); in between it answers from the platform's record, which callbacks keep current. Default 60 000.
   */
  readSyncIntervalMs?: number;
  /**
   * The most applications placing their CA order at once; fewer (down to 8) while the event loop is busy. Default 64.
   */
  placingConcurrency?: number;
  /** Sender address of notification mail. */
  mailFrom?: string;
  /** Largest accepted request body. Default 64kb. */
  bodyLimit?: string;
  /** Timeouts and attempts for the DNS and world APIs (real ms). */
  partnerTimeoutMs?: number;
  partnerAttempts?: number;
  partnerBackoffMs?: number;
  /**
   * Undo applications a crash left half-placed (status 13) at start. Right for a single instance (SQLite); an
   * instance sharing a store with live peers must not, as their applications in flight look the same.
   */
  reapUnplacedOnStart?: boolean;
  /** Key generator override (tests). */
  generateKeyPair?: (spec: KeySpec) => Promise<KeyPairPem>;
}

/**
 * A CA's reseller API as the platform reaches it: URL, API key, and the retry policy (attempts per call, default 4;
 * real ms per attempt, default 5000; first backoff, doubling with jitter, default 200, capped at maxBackoffMs 2000).
 */
export type CaConnection = Omit<CaConnectionOptions, "wait">;

export interface Platform {
  url: string;
  port: number;
  store: PlatformStore;
  app: Express;
  orders: Orders;
  paid: PaidOrders;
  /** Sends notification mail and SMS still waiting (e.g. after the world was down). */
  flushNotifications(): Promise<void>;
  close(): Promise<void>;
}

function wrappingKeyFrom(value: Uint8Array | string): Uint8Array {
  const bytes = typeof value === "string" ? Buffer.from(value, "hex") : value;
  if (bytes.length !== 32) throw new RangeError("keyWrappingKey must be 32 bytes (64 hex characters)");
  return new Uint8Array(bytes);
}

export async function startPlatform(options: PlatformOptions): Promise<Platform> {
  const store = options.store ?? new SqlitePlatformStore(options.dbPath);
  const { clock } = options;
  const now = () => clock.now();
  const track = clock.track ? <T>(work: Promise<T>) => clock.track!(work) : undefined;
  const background = (work: Promise<unknown>) => {
    void (track ? track(work) : work);
  };

  const wrappingKey = wrappingKeyFrom(
    options.keyWrappingKey ?? (await store.setting("key-wrapping-key", () => randomBytes(32).toString("hex"))),
  );
  // Every online key comes through the pool, which caps RSA generations at one per size (each on its own niced
  // thread, rsa-threads.ts); keyPoolSize 0 keeps none ready but still caps and queues.
  const rsaThreads = new RsaKeyThreads(options.rsaKeyNice ?? 19);
  const pool = new KeyPool({
    ...(options.keyPoolSize === undefined ? { sizes: DEFAULT_KEY_POOL_SIZES } : { size: options.keyPoolSize }),
    concurrency: 2,
    maxConcurrent: KEY_GENERATION_CAPS,
    generate:
      options.generateKeyPair ??
      ((spec) => (spec.algorithm === "RSA" ? rsaThreads.generate(spec.bits) : generateKeyPair(spec))),
  });
  // Stopping the RSA threads ends their generations at once, so closing does not wait for a key nobody takes.
  const closeKeys = () => Promise.all([pool.close(), rsaThreads.close()]);
  if (options.keyPoolSize === undefined || options.keyPoolSize > 0) {
    // Pre-filled in the background (two generations at a time): the kinds a burst asks for most.
    for (const spec of PREFILLED_KEYS) pool.prefill(spec).catch(() => undefined);
  }
  const keys = new KeyVault(wrappingKey, {
    pool,
    ...(options.keyWaitMaxMs !== undefined ? { maxWaitMs: options.keyWaitMaxMs } : {}),
  });

  const partnerPolicy = {
    attempts: options.partnerAttempts ?? 3,
    timeoutMs: options.partnerTimeoutMs ?? 5_000,
    backoffMs: options.partnerBackoffMs ?? 100,
    maxBackoffMs: 1_000,
  };
  const ca = new TrustAsiaAdapter(options.trustAsia);
  const cas = new Map<string, CaAdapter>([[ca.brand, ca]]);
  if (options.wotrus) {
    const wotrus = new WoTrusAdapter(options.wotrus);
    cas.set(wotrus.brand, wotrus);
  }
  if (options.dnspod) {
    const dnspod = new DnsPodAdapter(options.dnspod);
    cas.set(dnspod.brand, dnspod);
  }
  if (options.globalsign) {
    const globalsign = new GlobalSignAdapter(options.globalsign);
    cas.set(globalsign.brand, globalsign);
  }
  const dns = new DnsHostingClient(options.dnsApiUrl, partnerPolicy);
  const world = new WorldClient(options.worldUrl, partnerPolicy);
  const notifier = new Notifier({
    store,
    world,
    mailFrom: options.mailFrom ?? "notifications@platform.certsim.test",
    now,
    ...(track ? { track } : {}),
  });

  // The callback URL depends on the port, known only once listening; routes read it through this holder.
  let publicUrl = options.publicUrl?.replace(/\/+$/, "") ?? "";
  const callbackUrl = (brand: string, id: string) => `${publicUrl}${callbackPath(brand, id)}`;
  let paid: PaidOrders | undefined;
  const orders = new Orders({
    store,
    ca,
    cas,
    dns,
    notifier,
    keys,
    now,
    callbackUrl,
    freeSuffixDenyList: options.freeSuffixDenyList ?? DEFAULT_FREE_SUFFIX_DENY_LIST,
    dcvCheckMinIntervalMs: options.dcvCheckMinIntervalMs ?? 10_000,
    readSyncIntervalMs: options.readSyncIntervalMs ?? 60_000,
    ...(options.placingConcurrency !== undefined ? { placingConcurrency: options.placingConcurrency } : {}),
    background,
    seriesLeadMs: options.seriesLeadMs ?? 30 * 86_400_000,
    onIssued: (cert) => paid?.arm(cert),
  });
  const profile = new Profile(store, now);
  const schedule = clock.schedule?.bind(clock);
  paid = new PaidOrders({
    store,
    orders,
    cas,
    dns,
    keys,
    profile,
    now,
    callbackUrl,
    ...(schedule
      ? { schedule: (at: Date, label: string, handler: () => Promise<void>) => void schedule(at, label, handler) }
      : {}),
  });

  const service = new Service({
    name: "platform",
    description: "certsim ordering platform: free TrustAsia certificates, accounts, quota (the system under test)",
    bodyLimit: options.bodyLimit ?? "64kb",
    // A letter (OV-1, SM-2) is larger than any other request.
    largeBodies: [{ method: "post", path: LETTER_PATH, limit: LETTER_BODY_LIMIT }],
    ...(track ? { tracker: { track: track } } : {}),
  });
  service.app.use("/v1", customerAuth(store));
  service.app.use("/admin", adminAuth(options.adminToken));
  const letters = new ConfirmLetters({ store, orders, keys, now });
  customerRoutes(service, orders, (...args) => letters.download(...args));
  letterRoutes(service, letters);
  paidRoutes(service, paid);
  profileRoutes(service, profile);
  adminRoutes(service, store, now);
  profileAdminRoutes(service, profile);
  callbackRoutes(service, orders, [...cas.keys()]);
  const app = service.finish();

  if (options.reapUnplacedOnStart ?? true) await orders.reapUnplaced();
  await paid.armDueRenewals();

  let server: Listening;
  try {
    server = await listen(app, options.port ?? 0);
  } catch (error) {
    await closeKeys();
    if (!options.store) await store.close();
    throw error;
  }
  if (!publicUrl) publicUrl = server.url;
  notifier.kick(); // anything a previous run could not deliver

  return {
    url: server.url,
    port: server.port,
    store,
    app,
    orders,
    paid,
    flushNotifications: () => notifier.flush(),
    async close() {
      paid.close();
      await server.close();
      await notifier.idle();
      await closeKeys();
      if (!options.store) await store.close(); // a store passed in belongs to the caller
    },
  };
}
