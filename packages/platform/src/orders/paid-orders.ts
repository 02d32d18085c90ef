// Paid certificates: purchase (PAID-1), the submission wizard (PAID-3, CSR-1/2/4, DOM-*), commit to the CA, and the
// series of one-year certificates a multi-year purchase is (PAID-2). After commit the order follows the same
// lifecycle as a free one (orders.ts): reconcile, DCV check, cancel, revoke, download.
import { classifyName, primaryDomain } from "@certsim/names";
import { createCsr, type HashName } from "@certsim/pki";
import { ApiError } from "@certsim/service";
import { randomAlphanumeric } from "../accounts/api-keys";
import type { CaAdapter, CaOrder, CatalogueProduct, PlaceOrderInput } from "../adapters/ca";
import { checkPurchase, findProduct, type ProductRequest, priceOf, productById } from "../catalogue/catalogue";
import { BRANDS, type Product } from "../catalogue/products";
import { certificateNotFound, fromPartnerError, wrongStatus } from "../errors";
import type { DnsHostingClient } from "../integrations/dns-hosting";
import type { Profile } from "../profile/profile";
import type {
  AccountRecord,
  ApplicationType,
  CertificateRecord,
  CsrChoice,
  DraftPatch,
  DvAuthMethod,
  NewCertificate,
  OrganizationInfo,
  PaidInformation,
  PersonInfo,
  PlatformStore,
} from "../store/types";
import { formatVendorTime } from "../time";
import { checkPastedCsr } from "./csr-plan";
import { type CsrEncryptAlgo, type CsrKeyParameter, type KeyVault, keySpecFor } from "./keys";
import type { Orders } from "./orders";
import { checkApplicationType, checkBoundDomains, checkComplete, checkVerifyType } from "./paid-rules";
import { targetFor } from "./reconcile";
import { planTransition, Status, type StatusPoint } from "./status";

export interface PurchaseInput extends ProductRequest {
  AutoRenew?: boolean;
  Alias?: string;
}

export interface SubmitInput {
  CsrType?: "online" | "parse";
  CsrEncryptAlgo?: CsrEncryptAlgo;
  CsrKeyParameter?: CsrKeyParameter;
  SignAlgo?: "SHA256" | "SHA384" | "SM3";
  KeyPassword?: string;
  CsrContent?: string;
  PrivateKey?: string;
  CertificateDomain?: string;
  DomainList?: string[];
  ApplicationType?: ApplicationType;
  OrganizationId?: string;
  Organization?: OrganizationInfo;
  AdminId?: string;
  Admin?: PersonInfo;
  ContactSameAsAdmin?: boolean;
  Contact?: PersonInfo;
  VerifyType?: DvAuthMethod;
  Alias?: string;
}

export interface PaidOrdersOptions {
  store: PlatformStore;
  orders: Orders;
  cas: ReadonlyMap<string, CaAdapter>;
  dns: DnsHostingClient;
  keys: KeyVault;
  profile: Profile;
  now: () => Date;
  callbackUrl: (brand: string, certificateId: string) => string;
  /** Puts the next certificate of a series on the simulated clock (absent: only the start-up sweep applies). */
  schedule?: (at: Date, label: string, handler: () => Promise<void>) => void;
  /** Real-time pause between automatic commit attempts of a series' next certificate. */
  seriesRetryMs?: number;
}

const point = (cert: CertificateRecord): StatusPoint => ({ status: cert.status, subStatus: cert.subStatus });

const HASHES: Record<NonNullable<SubmitInput["SignAlgo"]>, HashName | undefined> = {
  SHA256: "SHA-256",
  SHA384: "SHA-384",
  SM3: undefined,
};

const conflict = (field: string, message: string, rule?: string) =>
  new ApiError(400, "InvalidParameter.Conflict", message, { field, ...(rule ? { rule } : {}) });

/** The catalogue product as the adapters name it. */
export function productKey(product: Product): Exclude<CatalogueProduct, "free-dv"> {
  return { type: product.type, domainType: product.domainType, standard: product.standard };
}

export class PaidOrders {
  readonly #armed = new Set<string>();
  #closed = false;

  constructor(private readonly o: PaidOrdersOptions) {}

  // ---- purchase ----------------------------------------------------------------------------------------

  /** PAID-1: one certificate in status 5 per purchase; a multi-year purchase starts a series (PAID-2). */
  async purchase(account: AccountRecord, input: PurchaseInput) {
    const product = findProduct(input);
    const { period, domainNum } = checkPurchase(product, input);
    const id = randomAlphanumeric(8);
    const price = priceOf(product, period, domainNum);
    const dealId = `deal-${randomAlphanumeric(12)}`;
    await this.o.store.createPurchase(
      [
        {
          id,
          accountId: account.id,
          domain: "",
          names: [],
          brand: product.brand,
          productCode: this.o.cas.get(product.brand)?.productCode(productKey(product)) ?? "",
          dvAuthMethod: "DNS",
          status: Status.InformationToSubmit,
          subStatus: null,
          alias: input.Alias ?? "",
          contactEmail: null,
          contactPhone: null,
          csrSource: "online",
          csrPem: null,
          keyAlgorithm: null,
          keyParameter: null,
          privateKey: null,
          keyProtection: null,
          deployable: false,
          zoneHostedAtPlatform: false,
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
          productId: product.id,
          period,
          domainNum,
          autoRenew: input.AutoRenew ?? false,
          seriesId: id,
          seriesIndex: 1,
          information: {},
        },
      ],
      this.o.now(),
      `${product.id}, ${period} year(s), ${domainNum} domain(s), ${price} CNY, ${dealId}`,
    );
    return {
      CertificateIds: [id],
      DealIds: [dealId],
      ProductId: product.id,
      Period: period,
      DomainNum: domainNum,
      Price: { Currency: "CNY", Amount: price },
    };
  }

  // ---- the submission wizard ---------------------------------------------------------------------------

  /**
   * SubmitCertificateInformation: saves what this call carries into the draft (step by step or all at once). Each
   * part is checked as it comes; the CSR is made (or checked) against the bound domains, so changing the domains
   * later discards it.
   */
  async submit(account: AccountRecord, id: string, input: SubmitInput) {
    const cert = await this.#ownPaid(account, id);
    if (cert.status !== Status.InformationToSubmit) {
      if (input.CertificateDomain !== undefined || input.DomainList !== undefined) throw domainFrozen();
      throw wrongStatus(cert.status, "submit information for");
    }
    const product = this.#product(cert);
    const info: PaidInformation = { ...(cert.information ?? {}) };
    const patch: DraftPatch = {};
    const steps: string[] = [];
    let csrDiscarded = false;

    if (input.CertificateDomain !== undefined || input.DomainList !== undefined) {
      const main = input.CertificateDomain ?? info.domains?.[0];
      if (main === undefined) {
        throw new ApiError(400, "MissingParameter", "CertificateDomain is required with DomainList", {
          field: "CertificateDomain",
        });
      }
      const others = input.DomainList ?? (input.CertificateDomain === undefined ? [] : (info.domains?.slice(1) ?? []));
      const bound = checkBoundDomains(product, cert.domainNum, main, others);
      if (JSON.stringify(bound.domains) !== JSON.stringify(info.domains ?? [])) {
        info.domains = bound.domains;
        patch.domain = bound.domains[0]!;
        patch.names = bound.names;
        if (info.csr && input.CsrType === undefined) {
          // The CSR names the old domains: it goes, and the customer submits a new one.
          info.csr = undefined;
          Object.assign(patch, { csrPem: null, privateKey: null, keyProtection: null, deployable: false });
          Object.assign(patch, { keyAlgorithm: null, keyParameter: null });
          csrDiscarded = true;
        }
      }
      steps.push(`domains ${bound.domains.join(", ")}`);
    }

    if (input.ApplicationType !== undefined) {
      checkApplicationType(product, input.ApplicationType);
      info.applicationType = input.ApplicationType;
      if (input.ApplicationType === "individual") {
        if (input.Organization !== undefined || input.OrganizationId !== undefined) {
          throw conflict(
            input.OrganizationId !== undefined ? "OrganizationId" : "Organization",
            "an individual application has no organisation",
            "PAID-3",
          );
        }
        info.organization = undefined;
        info.organizationId = undefined;
      }
      steps.push(`application type ${input.ApplicationType}`);
    }

    if (input.Organization !== undefined || input.OrganizationId !== undefined) {
      if (input.Organization !== undefined && input.OrganizationId !== undefined) {
        throw conflict("Organization", "give Organization or OrganizationId, not both", "PAID-3");
      }
      if (info.applicationType === "individual") {
        throw conflict("Organization", "an individual application has no organisation", "PAID-3");
      }
      if (input.OrganizationId !== undefined) {
        info.organization = await this.o.profile.approved(account, "organization", input.OrganizationId);
        info.organizationId = input.OrganizationId;
      } else {
        info.organization = input.Organization;
        info.organizationId = undefined;
      }
      steps.push(`organisation${info.organizationId ? ` ${info.organizationId}` : " (new)"}`);
    }

    if (input.Admin !== undefined || input.AdminId !== undefined) {
      if (input.Admin !== undefined && input.AdminId !== undefined) {
        throw conflict("Admin", "give Admin or AdminId, not both", "PAID-3");
      }
      if (input.AdminId !== undefined) {
        info.admin = await this.o.profile.approved(account, "admin", input.AdminId);
        info.adminId = input.AdminId;
      } else {
        info.admin = input.Admin;
        info.adminId = undefined;
      }
      steps.push(`administrator${info.adminId ? ` ${info.adminId}` : " (new)"}`);
    }

    if (input.Contact !== undefined || input.ContactSameAsAdmin !== undefined) {
      if (input.Contact !== undefined && input.ContactSameAsAdmin === true) {
        throw conflict("Contact", "give Contact or ContactSameAsAdmin: true, not both", "PAID-3");
      }
      info.contact = input.Contact;
      info.contactSameAsAdmin = input.Contact === undefined ? input.ContactSameAsAdmin : false;
      steps.push(info.contactSameAsAdmin ? "contact same as administrator" : "contact");
    }
    const reachable = info.contactSameAsAdmin || !info.contact ? info.admin : info.contact;
    if (reachable && (reachable.email !== cert.contactEmail || reachable.phone !== cert.contactPhone)) {
      patch.contactEmail = reachable.email;
      patch.contactPhone = reachable.phone;
    }

    if (input.VerifyType !== undefined) {
      checkVerifyType(product, input.VerifyType);
      if (input.VerifyType === "DNS_AUTO" && info.domains) await this.#requireHostedZones(info.domains);
      info.verifyType = input.VerifyType;
      patch.dvAuthMethod = input.VerifyType;
      steps.push(`DCV ${input.VerifyType}`);
    }

    const csr = await this.#planCsr(product, info, patch.names ?? cert.names, input);
    if (csr) {
      info.csr = csr.choice;
      Object.assign(patch, csr.patch);
      csrDiscarded = false;
      steps.push(`CSR ${csr.choice.type}`);
    }

    if (input.Alias !== undefined) {
      patch.alias = input.Alias;
      steps.push("alias");
    }

    const saved = await this.o.store.updateDraft(
      cert.id,
      { ...patch, information: info },
      { action: "submit", detail: steps.join("; ") || "nothing new" },
      this.o.now(),
    );
    if (!saved) {
      const fresh = await this.#ownPaid(account, id);
      throw wrongStatus(fresh.status, "submit information for");
    }
    return { cert: saved, csrDiscarded };
  }

  /** CSR-1/CSR-2/CSR-4: the CSR of this call, made online or checked when pasted; undefined when none came. */
  async #planCsr(product: Product, info: PaidInformation, names: string[], input: SubmitInput) {
    const online = input.CsrEncryptAlgo ?? input.CsrKeyParameter ?? input.SignAlgo;
    const pasted = input.CsrContent ?? input.PrivateKey;
    if (input.CsrType === undefined) {
      if (online !== undefined || pasted !== undefined || input.KeyPassword !== undefined) {
        throw new ApiError(400, "MissingParameter", "CsrType (online or parse) goes with the CSR fields", {
          field: "CsrType",
          rule: "CSR-1",
        });
      }
      return undefined;
    }
    const domains = info.domains;
    if (!domains?.length) {
      throw new ApiError(400, "MissingParameter", "submit the bound domains before or with the CSR", {
        field: "CertificateDomain",
        rule: "CSR-1",
      });
    }
    if (input.CsrType === "parse") {
      if (online !== undefined) {
        const field = input.CsrEncryptAlgo ? "CsrEncryptAlgo" : input.CsrKeyParameter ? "CsrKeyParameter" : "SignAlgo";
        throw conflict(field, "a pasted CSR already fixes the key and signature", "CSR-1");
      }
      if (input.CsrContent === undefined) {
        throw new ApiError(400, "MissingParameter", "CsrContent is required with CsrType parse", {
          field: "CsrContent",
          rule: "CSR-1",
        });
      }
      if (input.KeyPassword !== undefined && input.PrivateKey === undefined) {
        throw conflict("KeyPassword", "a key password needs the private key it protects", "CSR-3");
      }
      const companions = names.filter((n) => !domains.includes(n));
      const csr = checkPastedCsr(input.CsrContent, input.PrivateKey, domains, companions, {
        csr: "CsrContent",
        key: "PrivateKey",
      });
      const algorithm = csr.key.algorithm;
      if (!(product.algorithms as readonly string[]).includes(algorithm)) {
        throw new ApiError(
          400,
          "InvalidParameter.CsrInvalid",
          `${product.name} takes ${product.algorithms.join(" or ")} keys; the CSR has ${algorithm}`,
          { field: "CsrContent", rule: "CSR-2" },
        );
      }
      const parameter =
        algorithm === "RSA"
          ? String(csr.key.bits ?? "")
          : algorithm === "SM2"
            ? "sm2p256v1"
            : csr.key.curve === "P-384"
              ? "secp384r1"
              : "prime256v1";
      const key = input.PrivateKey ? this.o.keys.protect(input.PrivateKey, input.KeyPassword) : undefined;
      const choice: CsrChoice = { type: "parse" };
      return {
        choice,
        patch: {
          csrSource: "pasted",
          csrPem: csr.pem,
          keyAlgorithm: algorithm,
          keyParameter: parameter,
          privateKey: key?.privateKey ?? null,
          keyProtection: key?.keyProtection ?? null,
          deployable: key !== undefined && key.keyProtection === "wrapped",
        } satisfies DraftPatch,
      };
    }
    if (pasted !== undefined) {
      throw conflict(input.CsrContent !== undefined ? "CsrContent" : "PrivateKey", "online generation makes the key");
    }
    const algorithm = input.CsrEncryptAlgo ?? (product.algorithms[0] as CsrEncryptAlgo);
    if (!(product.algorithms as readonly string[]).includes(algorithm)) {
      throw new ApiError(
        400,
        "InvalidParameter.CsrEncryptAlgoInvalid",
        `${product.name} takes ${product.algorithms.join(" or ")} keys, not ${algorithm}`,
        { field: "CsrEncryptAlgo", rule: "CSR-2" },
      );
    }
    const signAlgo = input.SignAlgo ?? (algorithm === "SM2" ? "SM3" : "SHA256");
    if ((signAlgo === "SM3") !== (algorithm === "SM2")) {
      throw new ApiError(
        400,
        "InvalidParameter.SignAlgoInvalid",
        algorithm === "SM2" ? "SM2 keys sign with SM3" : `${algorithm} keys sign with SHA256 or SHA384`,
        { field: "SignAlgo", rule: "CSR-2" },
      );
    }
    const { spec, parameter } = keySpecFor(algorithm, input.CsrKeyParameter);
    const pair = await this.o.keys.newKeyPair(spec);
    const hash = HASHES[signAlgo];
    const csrPem = await createCsr({ key: pair, commonName: domains[0]!, names, ...(hash ? { hash } : {}) });
    const key = this.o.keys.protect(pair, input.KeyPassword);
    const choice: CsrChoice = { type: "online", algorithm, parameter, signAlgo };
    return {
      choice,
      patch: {
        csrSource: "online",
        csrPem,
        keyAlgorithm: algorithm,
        keyParameter: parameter,
        privateKey: key.privateKey,
        keyProtection: key.keyProtection,
        deployable: key.keyProtection === "wrapped",
      } satisfies DraftPatch,
    };
  }

  // ---- commit ------------------------------------------------------------------------------------------

  /** CommitCertificateInformation: checks the draft is complete, places the order with the CA, moves the status. */
  async commit(account: AccountRecord, id: string): Promise<CertificateRecord> {
    const cert = await this.#ownPaid(account, id);
    if (cert.status !== Status.InformationToSubmit) throw wrongStatus(cert.status, "commit");
    return this.#commit(cert);
  }

  async #commit(cert: CertificateRecord): Promise<CertificateRecord> {
    const { store, now } = this.o;
    const product = this.#product(cert);
    const info = cert.information ?? {};
    checkComplete(product, info);
    const key = productKey(product);
    const ca = this.#connected(product);
    if (info.verifyType === "DNS_AUTO") await this.#requireHostedZones(info.domains!);
    const validated = product.type !== "DV";
    const admin = info.admin!;
    const applicant = info.contactSameAsAdmin || !info.contact ? admin : info.contact;
    const org = info.organization;
    const request: PlaceOrderInput = {
      product: key,
      years: cert.period,
      csrPem: cert.csrPem!,
      domains: info.domains!,
      dcvMethod: info.verifyType === "FILE" ? "file" : "dns",
      partnerOrderId: cert.id,
      callbackUrl: this.o.callbackUrl(product.brand, cert.id),
      // DV: the company the validation is made for (DNSPod GM DV keeps it under that name, DCV-8).
      ...(!validated ? { companyName: org?.name ?? admin.name } : {}),
      // OV-2: where the organisation and administrator came from (GlobalSign asks for the letter all the same).
      ...(validated ? { reviewedProfile: Boolean(info.organizationId && info.adminId) } : {}),
      ...(validated && org
        ? {
            organization: {
              name: org.name,
              division: org.division,
              registrationNumber: org.registrationNumber,
              address: org.address,
              city: org.city,
              province: org.province,
              country: org.country,
              phone: org.phone,
            },
            administrator: admin,
            applicant,
          }
        : {}),
    };
    let order: CaOrder;
    try {
      order = await ca.placeOrder(request);
    } catch (error) {
      throw fromPartnerError(error);
    }
    // Placed: from here the order exists at the CA and is recorded whatever else happens.
    const auto = cert.dvAuthMethod === "DNS_AUTO";
    const recorded = auto && order.dcv.length > 0 ? await this.o.orders.addAutoRecords(cert, order.dcv) : true;
    const waiting = order.state === "pending_dcv" || order.state === "reviewing" || order.state === "letter_pending";
    let target: StatusPoint = waiting
      ? targetFor(cert, order, now())
      : { status: Status.UnderReview, subStatus: "CA-REVIEWING" };
    if (!recorded && target.status === Status.DnsRecordAdded) {
      target = { status: Status.UnderReview, subStatus: "PENDING-DCV" };
    }
    const placed = await store.applyChange(cert.id, {
      expect: point(cert),
      transition: planTransition(point(cert), target),
      set: {
        caOrderId: order.orderId,
        ...(recorded ? { dcv: order.dcv } : {}),
        dcvExpiresAt: order.dcvExpiresAt,
      },
      log: {
        action: "commit",
        detail:
          `order ${order.orderId} placed with ${ca.name}` +
          (auto && recorded && order.dcv.length > 0 ? "; DCV records added automatically" : ""),
      },
      at: now(),
    });
    if (!placed) {
      // Another commit of the same certificate got there first (the CA answered both with one order).
      return (await store.getCertificate(cert.id)) ?? cert;
    }
    if (!waiting) {
      return this.o.orders.follow(placed, order).catch(() => placed);
    }
    return placed;
  }

  async #requireHostedZones(domains: readonly string[]): Promise<void> {
    for (const domain of domains) {
      const { kind, base: name } = classifyName(domain);
      if (kind === "ip") continue; // no zone to host: the CA checks an IP another way
      let zone: string | undefined;
      try {
        zone = await this.o.dns.hostedZoneFor(name, primaryDomain(name));
      } catch (error) {
        throw fromPartnerError(error);
      }
      if (!zone) {
        throw new ApiError(
          400,
          "InvalidParameter.DvAuthMethodUnsupported",
          `DNS_AUTO needs ${name}'s zone to be hosted at the platform's DNS service; use DNS or FILE`,
          { field: "VerifyType", rule: "DCV-1" },
        );
      }
    }
  }

  // ---- PAID-2: the series ------------------------------------------------------------------------------

  /** Arms the next certificate of every series that has one due (at start, and after each issuance). */
  async armDueRenewals(): Promise<void> {
    for (const cert of await this.o.store.renewalsDue(1000)) this.arm(cert);
  }

  /** Puts the application of the next certificate of `cert`'s series on the clock (once per instance). */
  arm(cert: CertificateRecord): void {
    if (!cert.renewalDueAt || cert.nextCertificateId || this.#armed.has(cert.id) || !this.o.schedule) return;
    this.#armed.add(cert.id);
    const at = new Date(Math.max(cert.renewalDueAt.getTime(), this.o.now().getTime()));
    this.o.schedule(at, `platform: apply for year ${cert.seriesIndex + 1} of ${cert.seriesId ?? cert.id}`, async () => {
      // A closed instance leaves the series to whichever instance runs now (it re-arms from the store).
      if (this.#closed) return;
      await this.applyNextInSeries(cert.id).finally(() => this.#armed.delete(cert.id));
    });
  }

  /** Stops acting on events already on the clock (the platform is closing). */
  close(): void {
    this.#closed = true;
  }

  /**
   * PAID-2: applies for the next one-year certificate of a series: the same product and information; the same
   * CSR, key and password when auto-renewal is on (CSR-5) or when the platform cannot make a new one (a pasted
   * CSR, a password it never stored), otherwise a fresh key of the same kind. Then commits it. Never throws: a
   * failed commit leaves the new certificate in status 5 for the customer, with the reason in its log.
   */
  async applyNextInSeries(previousId: string): Promise<void> {
    const { store, now } = this.o;
    const previous = await store.getCertificate(previousId);
    if (!previous?.renewalDueAt || previous.nextCertificateId) return;
    if (previous.renewalDueAt.getTime() > now().getTime()) {
      this.#armed.delete(previous.id);
      this.arm(previous);
      return;
    }
    if (previous.status !== Status.Issued) {
      // Revoked or otherwise gone: the series ends with it.
      await store.applyChange(previous.id, {
        expect: point(previous),
        set: { renewalDueAt: null },
        log: { action: "series-ended", detail: `certificate is in status ${previous.status}` },
        at: now(),
      });
      return;
    }
    let next: CertificateRecord | undefined;
    try {
      next = await store.beginNextInSeries(previous.id, await this.#successor(previous), now());
    } catch (error) {
      await this.#note(previous, "series-failed", error);
      return;
    }
    if (!next) return; // another instance did it
    try {
      await this.#commit(next);
    } catch (error) {
      await this.#note(next, "commit-failed", error);
    }
  }

  async #successor(previous: CertificateRecord): Promise<NewCertificate> {
    const info = previous.information ?? {};
    const choice = info.csr;
    const reuse =
      previous.autoRenew || choice?.type !== "online" || previous.keyProtection === "password" || !previous.csrPem;
    let key: Pick<NewCertificate, "csrPem" | "privateKey" | "keyProtection" | "deployable"> = {
      csrPem: previous.csrPem,
      privateKey: previous.privateKey,
      keyProtection: previous.keyProtection,
      deployable: previous.deployable,
    };
    if (!reuse && choice?.type === "online") {
      const { spec } = keySpecFor(choice.algorithm, choice.parameter as CsrKeyParameter);
      // Nobody waits for a series' next certificate: it takes its place in the key line rather than be refused.
      const pair = await this.o.keys.newKeyPair(spec, { refuseWhenBusy: false });
      const hash = HASHES[choice.signAlgo];
      const csrPem = await createCsr({
        key: pair,
        commonName: previous.domain,
        names: previous.names,
        ...(hash ? { hash } : {}),
      });
      const wrapped = this.o.keys.protect(pair);
      key = { csrPem, privateKey: wrapped.privateKey, keyProtection: wrapped.keyProtection, deployable: true };
    }
    return {
      id: randomAlphanumeric(8),
      accountId: previous.accountId,
      domain: previous.domain,
      names: previous.names,
      brand: previous.brand,
      productCode: previous.productCode,
      dvAuthMethod: previous.dvAuthMethod,
      status: Status.InformationToSubmit,
      subStatus: null,
      alias: previous.alias,
      contactEmail: previous.contactEmail,
      contactPhone: previous.contactPhone,
      csrSource: previous.csrSource,
      keyAlgorithm: previous.keyAlgorithm,
      keyParameter: previous.keyParameter,
      ...key,
      zoneHostedAtPlatform: previous.zoneHostedAtPlatform,
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
      productId: previous.productId,
      period: previous.period,
      domainNum: previous.domainNum,
      autoRenew: previous.autoRenew,
      seriesId: previous.seriesId ?? previous.id,
      seriesIndex: previous.seriesIndex + 1,
      information: info,
    };
  }

  async #note(cert: CertificateRecord, action: string, error: unknown): Promise<void> {
    const detail =
      error instanceof ApiError ? `${error.code}: ${error.message}` : error instanceof Error ? error.message : "failed";
    await this.o.store
      .applyChange(cert.id, { expect: point(cert), log: { action, detail }, at: this.o.now() })
      .catch(() => undefined);
  }

  // ---- helpers -----------------------------------------------------------------------------------------

  async #ownPaid(account: AccountRecord, id: string): Promise<CertificateRecord> {
    const cert = await this.o.store.getCertificate(id);
    if (!cert || cert.accountId !== account.id) throw certificateNotFound(id);
    if (!cert.productId) {
      throw new ApiError(
        409,
        "FailedOperation.InvalidCertificateType",
        "a free certificate is applied for in one step (POST /v1/free-certificates)",
        { field: "CertificateId" },
      );
    }
    return cert;
  }

  /** The adapter that can place this product, or 503 when its brand is not connected to this platform. */
  #connected(product: Product): CaAdapter {
    const ca = this.o.cas.get(product.brand);
    if (ca?.productCode(productKey(product))) return ca;
    throw new ApiError(
      503,
      "FailedOperation.BrandNotConnected",
      `${product.name} cannot be placed yet: ${BRANDS[product.brand].name} is not connected to this platform`,
      { rule: "PAID-1" },
    );
  }

  #product(cert: CertificateRecord): Product {
    const product = productById(cert.productId ?? "");
    if (!product) throw new Error(`certificate ${cert.id} names an unknown product ${cert.productId}`);
    return product;
  }
}

function domainFrozen(): ApiError {
  return new ApiError(
    409,
    "FailedOperation.DomainCannotBeModified",
    "the bound domains cannot be changed after commit; buy a new certificate for other names",
    { field: "CertificateDomain", rule: "DOM-1" },
  );
}

/** The series fields of a certificate as the detail shows them. */
export function seriesView(cert: CertificateRecord) {
  if (!cert.productId) return null;
  return {
    SeriesId: cert.seriesId ?? cert.id,
    Year: cert.seriesIndex,
    Years: cert.period,
    YearsRemaining: Math.max(0, cert.period - cert.seriesIndex),
    NextApplyTime: cert.renewalDueAt ? formatVendorTime(cert.renewalDueAt) : null,
    NextCertificateId: cert.nextCertificateId,
  };
}
