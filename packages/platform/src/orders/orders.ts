// The free-certificate order lifecycle: apply, follow the CA, check DCV, cancel, revoke, download.
// Every status change goes through the state machine (status.ts) and the store's compare-and-set, so racing
// callbacks and reads apply a change once, and every change lands in the operation log.
import { X509Certificate } from "node:crypto";
import { type BundleFormat, CsrError, KeyPasswordError } from "@certsim/pki";
import { ApiError } from "@certsim/service";
import { randomAlphanumeric } from "../accounts/api-keys";
import type { CaAdapter, CaOrder } from "../adapters/ca";
import { PartnerUnavailableError } from "../adapters/http";
import { certificateNotFound, fromPartnerError, networkError, wrongStatus } from "../errors";
import type { DnsHostingClient } from "../integrations/dns-hosting";
import { reviewResultMessage } from "../notify/messages";
import type { Notifier } from "../notify/notifier";
import { LEGACY_CUTOFF, limitsFor, type QuotaLimits, quotaView } from "../quota/policy";
import type {
  AccountRecord,
  CertificatePatch,
  CertificateQuery,
  CertificateRecord,
  DcvCheckResult,
  DcvInstruction,
  DvAuthMethod,
  OutgoingMessage,
  PlatformStore,
} from "../store/types";
import { formatVendorTime } from "../time";
import { csrRefusal, planCsr } from "./csr-plan";
import { buildDownload } from "./download";
import { checkFreeName, type FreeName } from "./free-rules";
import type { CsrEncryptAlgo, CsrKeyParameter, KeyVault } from "./keys";
import { Line } from "./line";
import { failureText, targetFor } from "./reconcile";
import { canTransition, isFinal, planTransition, Status, type StatusCode, type StatusPoint } from "./status";

export interface ApplyFreeInput {
  DomainName: string;
  DvAuthMethod: DvAuthMethod;
  CsrEncryptAlgo?: CsrEncryptAlgo;
  CsrKeyParameter?: CsrKeyParameter;
  CsrKeyPassword?: string;
  /** CSR-1 "paste": the customer's own CSR instead of online generation. */
  Csr?: string;
  /** With a pasted CSR: its private key, so the certificate can be deployed (CSR-1, CSR-4). */
  PrivateKey?: string;
  Alias?: string;
  ContactEmail?: string;
  ContactPhone?: string;
}

export interface OrdersOptions {
  store: PlatformStore;
  /** The CA of free certificates (TrustAsia). */
  ca: CaAdapter;
  /** Every connected CA by brand (`trustasia`, `wotrus`, …): a certificate is followed at its own brand's CA. */
  cas: ReadonlyMap<string, CaAdapter>;
  dns: DnsHostingClient;
  notifier: Notifier;
  keys: KeyVault;
  now: () => Date;
  /** Where a brand's CA should report status changes of a certificate's order. */
  callbackUrl: (brand: string, certificateId: string) => string;
  freeSuffixDenyList: readonly string[];
  /** DCV-10: a "check now" sooner than this after the last one answers from the last result (`Frequently`). */
  dcvCheckMinIntervalMs: number;
  /**
   * A customer's read of a pending certificate asks the CA at most once per this many simulated ms per
   * certificate; in between it answers from the platform's own record, which callbacks keep current. When
   * callbacks are lost, a read still shows the CA's state at most this long after the fact.
   */
  readSyncIntervalMs: number;
  /**
   * At most this many applications place their order with the CA at once (fewer while the event loop is busy, down
   * to 2: line.ts); the others wait their turn. Default 64.
   */
  placingConcurrency?: number;
  /** Runs background work (record clean-up) so the simulated clock can wait for it. */
  background: (work: Promise<unknown>) => void;
  /** PAID-2: how long before the current certificate's end the next one of a series is applied for. */
  seriesLeadMs: number;
  /** Called once a certificate is recorded as issued (PAID-2 arms the next of its series). */
  onIssued?: (cert: CertificateRecord) => void;
}

/** The free product as the vendor's console names it. */
export const FREE_PRODUCT = { catalogue: "free-dv", packageType: "83", name: "TrustAsia DV SSL (free)" } as const;

const point = (cert: CertificateRecord): StatusPoint => ({ status: cert.status, subStatus: cert.subStatus });

function sameDcv(a: DcvInstruction[], b: DcvInstruction[]): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/** Entries of the read-sync bookkeeping beyond which it starts over (at worst a few extra reads at the CA). */
const MAX_SYNC_ENTRIES = 100_000;

/** Placements always allowed in flight (see the Line below). */
const PLACING_MIN = 8;

export class Orders {
  /** Per certificate: the simulated time the CA last answered about its order. */
  readonly #syncedAt = new Map<string, number>();
  /** Per certificate: a read's sync in flight, which other reads of it join instead of asking the CA again. */
  readonly #readSyncs = new Map<string, Promise<CertificateRecord>>();
  /** Applications placing their order with the CA, a few at a time (line.ts says why). */
  readonly #placing: Line;

  constructor(private readonly o: OrdersOptions) {
    // At least 8 placements in flight even while the loop is busy: with the CA in another process each placement
    // mostly waits on the network, and 2 capped applications at ~290/s against ~330/s (bench:api, split layout).
    // placingConcurrency stays the most in flight, even below PLACING_MIN.
    const max = Math.max(1, o.placingConcurrency ?? 64);
    this.#placing = new Line({ min: Math.min(PLACING_MIN, max), max, maxWaiting: 1_000 });
  }

  // ---- quota -------------------------------------------------------------------------------------------

  async limits(account: AccountRecord): Promise<QuotaLimits> {
    // FREE-4: an enterprise that held a valid free certificate at the cutoff keeps 20. The admin may say so (an
    // account from before the platform's records); otherwise the platform's own history decides, once the
    // cutoff has passed.
    const legacy =
      account.type === "enterprise" &&
      (account.heldFreeCertOn20230320 ||
        (this.o.now().getTime() >= LEGACY_CUTOFF.getTime() &&
          (await this.o.store.heldValidCertificateAt(account.id, LEGACY_CUTOFF))));
    return limitsFor({ type: account.type, memberLevel: account.memberLevel, legacy });
  }

  async quota(account: AccountRecord) {
    const [limits, usage] = await Promise.all([
      this.limits(account),
      this.o.store.quotaUsage(account.id, this.o.now()),
    ]);
    return quotaView(limits, usage);
  }

  // ---- apply -------------------------------------------------------------------------------------------

  async applyFree(account: AccountRecord, input: ApplyFreeInput): Promise<{ CertificateId: string }> {
    const { store, now } = this.o;
    const name = checkFreeName(input.DomainName, this.o.freeSuffixDenyList);
    const csrPlan = planCsr(input, name, this.o.keys);
    const zoneHosted = input.DvAuthMethod === "DNS_AUTO" ? await this.#requireHostedZone(name) : false;

    const [limits, registered] = await Promise.all([this.limits(account), store.isRegistrarDomain(name.primaryDomain)]);
    const id = randomAlphanumeric(8);
    const begun = await store.beginApplication({
      certificate: {
        id,
        accountId: account.id,
        domain: name.domain,
        names: name.names,
        brand: "trustasia",
        productCode: this.o.ca.productCode(FREE_PRODUCT.catalogue) ?? "",
        dvAuthMethod: input.DvAuthMethod,
        status: Status.FreeInformationToSubmit,
        subStatus: null,
        alias: input.Alias ?? "",
        contactEmail: input.ContactEmail ?? null,
        contactPhone: input.ContactPhone ?? null,
        csrSource: csrPlan.kind,
        csrPem: null,
        keyAlgorithm: null,
        keyParameter: null,
        privateKey: null,
        keyProtection: null,
        deployable: false,
        zoneHostedAtPlatform: zoneHosted,
        caOrderId: null,
        dcv: [],
        dcvExpiresAt: null,
        certificatePem: null,
        chainPem: null,
        serial: null,
        notBefore: null,
        notAfter: null,
        failureReason: null,
        lastDcvCheck: null,
      },
      limits,
      registeredWithPlatform: registered,
      at: now(),
    });
    if (!begun.ok) {
      throw new ApiError(
        400,
        "FailedOperation.ExceedsFreeLimit",
        `the free certificate quota is used up (platform-domain ${begun.usage.platform}/${limits.platform}, ` +
          `any-domain ${begun.usage.any}/${limits.any})`,
        { rule: registered ? "FREE-5" : "FREE-4" },
      );
    }

    // From here on the application exists and holds quota: any failure must undo all of it.
    let order: CaOrder | undefined;
    const recordsAdded: DcvInstruction[] = [];
    try {
      // The key first (an RSA one may wait its turn at the key generators), then a turn in the placing line.
      const material = await csrPlan.make();
      const placed = await this.#placing.run(async () => {
        const placedOrder = await this.o.ca.placeOrder({
          product: FREE_PRODUCT.catalogue,
          csrPem: material.csrPem,
          domains: [name.domain],
          dcvMethod: input.DvAuthMethod === "FILE" ? "file" : "dns",
          partnerOrderId: id,
          callbackUrl: this.o.callbackUrl(this.o.ca.brand, id),
        });
        order = placedOrder;
        if (input.DvAuthMethod === "DNS_AUTO") {
          for (const record of placedOrder.dcv.filter((r) => r.method === "dns" && r.recordType !== "FILE")) {
            await this.o.dns.addRecord(record.host, record.recordType as "TXT" | "CNAME", record.value);
            recordsAdded.push(record);
          }
        }
        const draft = begun.certificate;
        // Placed: pending DCV (0, or 4 when the platform added the record), or already under review. Anything
        // further along is caught up with by the reconcile below.
        const placedAt: StatusPoint =
          placedOrder.state === "pending_dcv" || placedOrder.state === "reviewing"
            ? targetFor(draft, placedOrder, now())
            : { status: Status.UnderReview, subStatus: "CA-REVIEWING" };
        return store.applyChange(id, {
          expect: point(draft),
          transition: planTransition(point(draft), placedAt),
          set: {
            csrPem: material.csrPem,
            keyAlgorithm: material.keyAlgorithm,
            keyParameter: material.keyParameter,
            privateKey: material.privateKey,
            keyProtection: material.keyProtection,
            deployable: material.privateKey !== null && material.keyProtection === "wrapped",
            caOrderId: placedOrder.orderId,
            dcv: placedOrder.dcv,
            dcvExpiresAt: placedOrder.dcvExpiresAt,
          },
          log: {
            action: "submit",
            detail:
              `order ${placedOrder.orderId} placed with ${this.o.ca.name}` +
              (recordsAdded.length ? "; DCV record added automatically" : ""),
          },
          at: now(),
        });
      });
      if (!placed) throw new Error("the application changed while it was being placed");
      // Placed and recorded: from here nothing is undone. The CA may already be further along than pending DCV
      // (a reused validation); catching up is best effort, the next callback or read does it otherwise.
      if (order && order.state !== "pending_dcv") await this.#reconcile(placed, order, {}).catch(() => undefined);
      return { CertificateId: id };
    } catch (error) {
      await this.#undoApplication(id, order, recordsAdded);
      if (error instanceof CsrError || error instanceof KeyPasswordError) throw csrRefusal(error, "Csr");
      throw fromPartnerError(error);
    }
  }

  async #undoApplication(id: string, order: CaOrder | undefined, records: DcvInstruction[]): Promise<void> {
    const cleanups: Promise<unknown>[] = records.map((r) =>
      this.o.dns.removeRecord(r.host, r.recordType as "TXT" | "CNAME", r.value).catch(() => undefined),
    );
    // An order the CA accepted but the platform cannot record is withdrawn, so it does not count at the CA.
    if (order) cleanups.push(this.o.ca.cancel(order.orderId).catch(() => undefined));
    await Promise.all(cleanups);
    await this.o.store.abandonApplication(id);
  }

  async #requireHostedZone(name: FreeName): Promise<boolean> {
    let zone: string | undefined;
    try {
      zone = await this.o.dns.hostedZoneFor(name.domain, name.primaryDomain);
    } catch (error) {
      throw fromPartnerError(error);
    }
    if (!zone) {
      throw new ApiError(
        400,
        "InvalidParameter.DvAuthMethodUnsupported",
        `DNS_AUTO needs ${name.primaryDomain} to be hosted at the platform's DNS service; use DNS or FILE`,
        { field: "DvAuthMethod", rule: "DCV-1" },
      );
    }
    return true;
  }

  // ---- reading and following the CA --------------------------------------------------------------------

  /** The account's certificate, brought up to date (an unknown or foreign ID is 404, never 403). */
  async get(account: AccountRecord, id: string, options: { sync: boolean }): Promise<CertificateRecord> {
    let cert = await this.#own(account, id);
    cert = await this.#expireIfDue(cert);
    if (options.sync && cert.caOrderId && !isFinal(cert.status) && cert.status !== Status.Issued) {
      cert = await this.#readSync(cert);
    }
    return cert;
  }

  /**
   * A read's sync with the CA: at most once per readSyncIntervalMs (simulated) per certificate, one at a time;
   * otherwise the stored record, which callbacks keep current.
   */
  #readSync(cert: CertificateRecord): Promise<CertificateRecord> {
    const joined = this.#readSyncs.get(cert.id);
    if (joined) return joined;
    const last = this.#syncedAt.get(cert.id);
    if (last !== undefined && this.o.now().getTime() - last < this.o.readSyncIntervalMs) return Promise.resolve(cert);
    const sync = this.#sync(cert, { quick: true }).finally(() => this.#readSyncs.delete(cert.id));
    this.#readSyncs.set(cert.id, sync);
    return sync;
  }

  async list(account: AccountRecord, query: CertificateQuery) {
    const page = await this.o.store.listCertificates(account.id, query);
    const items = await Promise.all(page.items.map((cert) => this.#expireIfDue(cert)));
    return { total: page.total, items };
  }

  async logs(account: AccountRecord, id: string) {
    await this.#own(account, id);
    return this.o.store.operationLogs(id);
  }

  messages(account: AccountRecord, page: { offset: number; limit: number }) {
    return this.o.store.listMessages(account.id, page);
  }

  async #own(account: AccountRecord, id: string): Promise<CertificateRecord> {
    const cert = await this.o.store.getCertificate(id);
    if (!cert || cert.accountId !== account.id) throw certificateNotFound(id);
    return cert;
  }

  /** A CA reported a change to an order: fetch the order and follow it (the callback's word is not trusted). */
  async onCaCallback(brand: string, certificateId: string, orderId: string): Promise<void> {
    const ca = this.o.cas.get(brand);
    if (!ca) return;
    const cert = await this.o.store.getCertificate(certificateId);
    if (cert && cert.brand !== brand) return;
    // Its application is still being placed, or a paid certificate's commit is in flight (a retried commit adopts
    // the order: the CA answers the same partner order ID with it).
    if (cert?.status === Status.FreeInformationToSubmit || cert?.status === Status.InformationToSubmit) return;
    if (cert && cert.caOrderId === orderId) {
      await this.#sync(cert, { quick: false });
      return;
    }
    // An order the platform does not hold (a retried placement whose first attempt did land): withdraw it.
    let order: CaOrder;
    try {
      order = await ca.getOrder(orderId);
    } catch {
      return;
    }
    if (order.partnerOrderId === certificateId && (order.state === "pending_dcv" || order.state === "reviewing")) {
      await ca.cancel(orderId).catch(() => undefined);
    }
  }

  /** Follows a just-placed order that the CA already moved on (a reused validation); best effort. */
  async follow(cert: CertificateRecord, order: CaOrder): Promise<CertificateRecord> {
    return this.#reconcile(cert, order, {});
  }

  /** The CA of a certificate's brand. */
  caOf(cert: Pick<CertificateRecord, "brand">): CaAdapter {
    const ca = this.o.cas.get(cert.brand);
    if (!ca) throw networkError(cert.brand);
    return ca;
  }

  /**
   * DCV-1, automatic DNS: adds the DNS records of instructions the platform has not added yet (new ones, or
   * values the CA renewed). False when the DNS service failed: the caller retries on the next sync.
   */
  async addAutoRecords(cert: CertificateRecord, dcv: DcvInstruction[]): Promise<boolean> {
    const known = new Set(cert.dcv.map((r) => `${r.recordType} ${r.host} ${r.value}`));
    try {
      for (const record of dcv.filter((r) => r.method === "dns" && r.recordType !== "FILE")) {
        if (known.has(`${record.recordType} ${record.host} ${record.value}`)) continue;
        await this.o.dns.addRecord(record.host, record.recordType as "TXT" | "CNAME", record.value);
      }
      return true;
    } catch {
      return false;
    }
  }

  async #sync(cert: CertificateRecord, options: { quick: boolean; settle?: boolean }): Promise<CertificateRecord> {
    if (!cert.caOrderId) return cert;
    let order: CaOrder;
    const asked = this.o.now().getTime();
    try {
      order = await this.caOf(cert).getOrder(cert.caOrderId, { quick: options.quick });
    } catch (error) {
      if (options.quick) return cert; // a read shows what the platform knows when the CA is slow
      throw fromPartnerError(error);
    }
    if (this.#syncedAt.size >= MAX_SYNC_ENTRIES) this.#syncedAt.clear();
    this.#syncedAt.set(cert.id, asked);
    return this.#reconcile(cert, order, { settle: options.settle });
  }

  /** Follows the CA's view of the order; retries when a racing change got there first. */
  async #reconcile(cert: CertificateRecord, order: CaOrder, options: { settle?: boolean }): Promise<CertificateRecord> {
    let current = cert;
    for (let attempt = 0; attempt < 5; attempt++) {
      const next = await this.#reconcileOnce(current, order, options);
      if (next) return next;
      const fresh = await this.o.store.getCertificate(current.id);
      if (!fresh) return current;
      current = fresh;
    }
    return current;
  }

  async #reconcileOnce(
    cert: CertificateRecord,
    order: CaOrder,
    options: { settle?: boolean },
  ): Promise<CertificateRecord | undefined> {
    const { store, now } = this.o;
    if (isFinal(cert.status) || cert.status === Status.FreeInformationToSubmit) return cert;
    let target = targetFor(cert, order, now());
    let newDcv = order.dcv.length > 0 && !sameDcv(cert.dcv, order.dcv);
    // Automatic DNS: instructions released later (a pre-review, WT-2) or renewed get their records here; until
    // the DNS service has taken them the order shows pending DCV under 0, and the next sync tries again.
    if (newDcv && cert.dvAuthMethod === "DNS_AUTO" && (order.state === "pending_dcv" || order.state === "reviewing")) {
      if (!(await this.addAutoRecords(cert, order.dcv))) {
        newDcv = false;
        if (target.status === Status.DnsRecordAdded) target = { status: Status.UnderReview, subStatus: "PENDING-DCV" };
      }
    }
    // While the platform is cancelling or revoking, only a decisive answer from the CA moves the order.
    if (!options.settle) {
      if (
        cert.status === Status.Cancelling &&
        (target.status === Status.UnderReview || target.status === Status.DnsRecordAdded)
      )
        return cert;
      if (cert.status === Status.Revoking && target.status === Status.Issued) return cert;
    }
    const set: CertificatePatch = {};
    if (newDcv) set.dcv = order.dcv;
    if (order.dcvExpiresAt && order.dcvExpiresAt.getTime() !== cert.dcvExpiresAt?.getTime())
      set.dcvExpiresAt = order.dcvExpiresAt;

    if (target.status === cert.status && target.subStatus === cert.subStatus) {
      if (Object.keys(set).length === 0) return cert;
      return store.applyChange(cert.id, { expect: point(cert), set, at: now() });
    }

    if (
      (target.status === Status.Issued || target.status === Status.Expired) &&
      cert.status !== Status.Issued &&
      cert.status !== Status.Revoking
    ) {
      if (!canTransition(cert.status, Status.Issued)) return cert;
      const issued = await this.caOf(cert).fetchCertificate(order.orderId);
      const validity = order.certificate ?? validityOf(issued.certificatePem);
      Object.assign(set, {
        certificatePem: issued.certificatePem,
        chainPem: issued.chainPem.join(""),
        serial: issued.serial,
        notBefore: validity.notBefore,
        notAfter: validity.notAfter,
      });
      // PAID-2: a series with years left applies for the next certificate before this one ends.
      if (cert.productId && cert.seriesIndex < cert.period && !cert.nextCertificateId) {
        set.renewalDueAt = new Date(Math.max(now().getTime(), validity.notAfter.getTime() - this.o.seriesLeadMs));
      }
      const after = await store.applyChange(cert.id, {
        expect: point(cert),
        transition: planTransition(point(cert), { status: Status.Issued, subStatus: null }),
        set,
        log: {
          action: "issued",
          detail: `serial ${issued.serial}, valid until ${formatVendorTime(validity.notAfter)}`,
        },
        notify: await this.#message(cert, "issued", `valid until ${formatVendorTime(validity.notAfter)}`),
        at: now(),
      });
      if (!after) return undefined;
      this.o.notifier.kick();
      this.#removeAutoRecords(after);
      this.o.onIssued?.(after);
      return this.#expireIfDue(after);
    }

    if (!canTransition(cert.status, target.status)) return cert; // the CA lags behind the platform: ignore
    const failed = target.status === Status.ReviewFailed;
    if (failed) set.failureReason = failureText(order);
    const after = await store.applyChange(cert.id, {
      expect: point(cert),
      transition: planTransition(point(cert), target),
      set,
      log: { action: actionFor(target.status, cert.status), ...(failed ? { detail: set.failureReason! } : {}) },
      ...(failed ? { notify: await this.#message(cert, "failed", set.failureReason!) } : {}),
      at: now(),
    });
    if (after && failed) this.o.notifier.kick();
    if (after && (failed || target.status === Status.Cancelled)) this.#removeAutoRecords(after);
    return after;
  }

  /** Status 1 → 3 once the end time has passed; quota ends with it (FREE-6). */
  async #expireIfDue(cert: CertificateRecord): Promise<CertificateRecord> {
    const due = cert.notAfter && cert.notAfter.getTime() <= this.o.now().getTime();
    if (!due || (cert.status !== Status.Issued && cert.status !== Status.Revoking)) return cert;
    const after = await this.o.store.applyChange(cert.id, {
      expect: point(cert),
      transition: planTransition(point(cert), { status: Status.Expired, subStatus: null }),
      log: { action: "expired" },
      at: this.o.now(),
    });
    return after ?? (await this.o.store.getCertificate(cert.id)) ?? cert;
  }

  async #message(cert: CertificateRecord, result: "issued" | "failed", detail: string): Promise<OutgoingMessage> {
    return reviewResultMessage(cert, await this.o.store.getAccount(cert.accountId), result, detail);
  }

  /** The TXT records the platform added for DNS_AUTO may go once the order is settled (DCV-9). */
  #removeAutoRecords(cert: CertificateRecord): void {
    if (cert.dvAuthMethod !== "DNS_AUTO") return;
    for (const record of cert.dcv.filter((r) => r.method === "dns" && r.recordType !== "FILE")) {
      this.o.background(
        this.o.dns.removeRecord(record.host, record.recordType as "TXT" | "CNAME", record.value).catch(() => undefined),
      );
    }
  }

  // ---- customer actions --------------------------------------------------------------------------------

  /** DCV-10: ask the CA to check the records now; per name: found / missing / mismatch, what it saw, LocalCheck. */
  async checkDcv(account: AccountRecord, id: string) {
    let cert = await this.get(account, id, { sync: false });
    if (cert.status !== Status.UnderReview && cert.status !== Status.DnsRecordAdded) {
      throw wrongStatus(cert.status, "check domain validation of", "DCV-10");
    }
    if (cert.dcv.length === 0) {
      throw new ApiError(
        409,
        "FailedOperation.DcvNotReleased",
        `the CA has not released the DCV instructions yet (${cert.subStatus ?? "under review"})`,
        { rule: "WT-2" },
      );
    }
    const now = this.o.now();
    const last = cert.lastDcvCheck;
    const frequently = last !== null && now.getTime() - last.at.getTime() < this.o.dcvCheckMinIntervalMs;
    let results: DcvCheckResult[];
    if (frequently) {
      results = last.results;
    } else {
      try {
        const checked = await this.caOf(cert).checkDcv(cert.caOrderId!);
        // The order's own instructions say how each name is validated; the CA's answer may not repeat it.
        results = checked.map((r) => ({
          ...r,
          method: cert.dcv.find((d) => d.domain === r.domain)?.method ?? r.method,
        }));
      } catch (error) {
        throw fromPartnerError(error);
      }
      const saved = await this.o.store.applyChange(cert.id, {
        expect: point(cert),
        set: { lastDcvCheck: { at: now, results } },
        at: now,
      });
      cert = saved ?? cert;
      cert = await this.#sync(cert, { quick: true });
    }
    return { cert, results, frequently };
  }

  /** PAID-7: cancel before issuance; quota comes back (FREE-6). A purchase not yet committed ends at once. */
  async cancel(account: AccountRecord, id: string): Promise<CertificateRecord> {
    let cert = await this.get(account, id, { sync: false });
    if (cert.status === Status.InformationToSubmit) {
      const cancelled = await this.o.store.applyChange(cert.id, {
        expect: point(cert),
        transition: planTransition(point(cert), { status: Status.Cancelled, subStatus: null }),
        log: { action: "cancelled", detail: "before the information was committed" },
        at: this.o.now(),
      });
      if (!cancelled) throw wrongStatus((await this.#own(account, id)).status, "cancel", "PAID-7");
      return cancelled;
    }
    if (cert.status === Status.UnderReview || cert.status === Status.DnsRecordAdded) {
      const marked = await this.o.store.applyChange(cert.id, {
        expect: point(cert),
        transition: planTransition(point(cert), { status: Status.Cancelling, subStatus: null }),
        set: {},
        log: { action: "cancel-requested", detail: `was ${cert.status}${cert.subStatus ? ` ${cert.subStatus}` : ""}` },
        at: this.o.now(),
      });
      if (!marked) {
        const fresh = await this.#own(account, id);
        throw wrongStatus(fresh.status, "cancel", "PAID-7");
      }
      cert = marked;
    } else if (cert.status !== Status.Cancelling) {
      throw wrongStatus(cert.status, "cancel", "PAID-7");
    }
    let order: CaOrder;
    try {
      order = await this.caOf(cert).cancel(cert.caOrderId!);
    } catch (error) {
      // Refused (usually: the CA issued or failed meanwhile) or unreachable: follow the CA if it answers,
      // otherwise put the order back where it was. Nothing stays half-cancelled.
      const unreachable = error instanceof PartnerUnavailableError;
      await this.#sync(cert, { quick: unreachable, settle: true }).catch(() => undefined);
      const fresh = await this.#own(account, id);
      if (fresh.status === Status.Cancelling) {
        await this.#revert(fresh, "cancel-failed", unreachable ? "the CA could not be reached" : "the CA refused");
      }
      if (unreachable) throw networkError(this.caOf(cert).name);
      throw wrongStatus((await this.#own(account, id)).status, "cancel", "PAID-7");
    }
    return this.#reconcile(cert, order, { settle: true });
  }

  /** PAID-7: revoke an issued certificate; its quota use ends (FREE-6). */
  async revoke(account: AccountRecord, id: string, reason: string): Promise<CertificateRecord> {
    let cert = await this.get(account, id, { sync: false });
    if (cert.status === Status.Issued) {
      const marked = await this.o.store.applyChange(cert.id, {
        expect: point(cert),
        transition: planTransition(point(cert), { status: Status.Revoking, subStatus: null }),
        log: { action: "revoke-requested", detail: reason },
        at: this.o.now(),
      });
      if (!marked) throw wrongStatus((await this.#own(account, id)).status, "revoke", "PAID-7");
      cert = marked;
    } else if (cert.status !== Status.Revoking) {
      throw wrongStatus(cert.status, "revoke", "PAID-7");
    }
    try {
      await this.caOf(cert).revoke(cert.caOrderId!, reason);
    } catch (error) {
      const fresh = await this.#own(account, id);
      if (fresh.status === Status.Revoking) {
        await this.#revert(
          fresh,
          "revoke-failed",
          error instanceof PartnerUnavailableError ? "the CA could not be reached" : "the CA refused",
        );
      }
      throw fromPartnerError(error);
    }
    const after = await this.o.store.applyChange(cert.id, {
      expect: point(cert),
      transition: planTransition(point(cert), { status: Status.Revoked, subStatus: null }),
      log: { action: "revoked", detail: reason },
      at: this.o.now(),
    });
    return after ?? (await this.#own(account, id));
  }

  /** Back from 6/9 to where the order stood, when the CA could not be asked. */
  async #revert(cert: CertificateRecord, action: string, detail: string): Promise<void> {
    const back: StatusPoint =
      cert.status === Status.Revoking
        ? { status: Status.Issued, subStatus: null }
        : cert.dvAuthMethod === "DNS_AUTO" && cert.dcv.every((r) => !r.passed)
          ? { status: Status.DnsRecordAdded, subStatus: "PENDING-DCV" }
          : { status: Status.UnderReview, subStatus: cert.dcv.every((r) => r.passed) ? "CA-REVIEWING" : "PENDING-DCV" };
    await this.o.store.applyChange(cert.id, {
      expect: point(cert),
      transition: planTransition(point(cert), back),
      log: { action, detail },
      at: this.o.now(),
    });
  }

  /** PAID-6: the issued certificate as a zip for one server type. */
  async download(account: AccountRecord, id: string, format: BundleFormat, keyPassword?: string) {
    const cert = await this.get(account, id, { sync: false });
    if (cert.status !== Status.Issued || !cert.certificatePem) throw wrongStatus(cert.status, "download", "PAID-6");
    return buildDownload(
      { ...cert, certificatePem: cert.certificatePem },
      this.o.keys,
      format,
      keyPassword,
      this.o.now(),
    );
  }

  /** DOM-1: the bound domain never changes after submission; only the alias may. */
  async modify(account: AccountRecord, id: string, change: { Alias?: string; DomainName?: string }) {
    const cert = await this.#own(account, id);
    if (change.DomainName !== undefined) {
      throw new ApiError(
        409,
        "FailedOperation.DomainCannotBeModified",
        "the bound domain cannot be changed after submission; apply for a new certificate for another name",
        { field: "DomainName", rule: "DOM-1" },
      );
    }
    if (change.Alias === undefined || change.Alias === cert.alias) return cert;
    // The alias does not depend on the status; retry the compare-and-set if a status change got there first.
    for (let attempt = 0; ; attempt++) {
      const current = await this.#own(account, id);
      if (attempt === 5) throw wrongStatus(current.status, "rename");
      const after = await this.o.store.applyChange(id, {
        expect: point(current),
        set: { alias: change.Alias },
        log: { action: "alias", detail: change.Alias },
        at: this.o.now(),
      });
      if (after) return after;
    }
  }

  /** FREE-9: a free certificate is never renewed; a new application or an upgrade to a paid one is the way on. */
  async renew(account: AccountRecord, id: string): Promise<never> {
    const cert = await this.#own(account, id);
    if (cert.productId) {
      throw new ApiError(
        400,
        "FailedOperation.RenewNotAllowed",
        `certificate ${cert.id} is renewed by its series (PAID-2) while years remain; afterwards buy a new one`,
        { field: "CertificateId", rule: "PAID-2" },
      );
    }
    throw new ApiError(
      400,
      "FailedOperation.RenewNotAllowed",
      `certificate ${cert.id} is a free certificate and cannot be renewed: apply for a new free certificate, or upgrade to a paid one`,
      { field: "CertificateId", rule: "FREE-9" },
    );
  }

  /** Applications left half-placed by a crash (status 13) are undone, quota back. */
  async reapUnplaced(): Promise<number> {
    let count = 0;
    for (const cert of await this.o.store.certificatesInStatus(Status.FreeInformationToSubmit, 1000)) {
      if (await this.o.store.abandonApplication(cert.id)) count++;
    }
    return count;
  }
}

function actionFor(to: StatusCode, from: StatusCode): string {
  switch (to) {
    case Status.UnderReview:
      return from === Status.Cancelling ? "cancel-failed" : "review-progress";
    case Status.DnsRecordAdded:
      return from === Status.Cancelling ? "cancel-failed" : "review-progress";
    case Status.ReviewFailed:
      return "review-failed";
    case Status.Cancelled:
      return "cancelled";
    case Status.Revoked:
      return "revoked";
    case Status.Expired:
      return "expired";
    default:
      return "status";
  }
}

function validityOf(pem: string): { notBefore: Date; notAfter: Date } {
  const cert = new X509Certificate(pem);
  return { notBefore: new Date(cert.validFrom), notAfter: new Date(cert.validTo) };
}
