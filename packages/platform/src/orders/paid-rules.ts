// The rules a paid certificate's information must follow, decided on normalised input: bound domains as the
// product allows (DOM-2…DOM-5), the application type (PAID-3), the DCV method (DCV-1), and what commit needs.
import { classifyName, coveredNames, NameError, primaryDomain } from "@certsim/names";
import { ApiError } from "@certsim/service";
import type { Product } from "../catalogue/products";
import type { ApplicationType, PaidInformation } from "../store/types";

export interface BoundDomains {
  /** Bound domains, normalised and de-duplicated, the main one first. */
  domains: string[];
  /** What the certificate carries: each bound domain and its DOM-2 companion. */
  names: string[];
}

const domainInvalid = (field: string, message: string, rule: string) =>
  new ApiError(400, "InvalidParameter.DomainInvalid", message, { field, rule });

/**
 * DOM-3 normalisation, then DOM-4 (wildcards only on wildcard products, IPs only where the product binds them, no
 * more slots than bought — a DOM-2 pair takes one slot), DOM-5 (every name has a primary domain).
 */
export function checkBoundDomains(
  product: Product,
  domainNum: number,
  main: string,
  others: readonly string[] = [],
): BoundDomains {
  const inputs = [
    { input: main, field: "CertificateDomain" },
    ...others.map((input, i) => ({ input, field: `DomainList[${i}]` })),
  ];
  const wildcardProduct = product.domainType === "wildcard" || product.domainType === "multi-wildcard";
  const domains: string[] = [];
  const slots = new Set<string>();
  for (const { input, field } of inputs) {
    let kind: string;
    let name: string;
    let base: string;
    let slot: string;
    try {
      ({ kind, name, base } = classifyName(input, { field }));
      if (kind === "ip") {
        slot = name;
      } else {
        const apex = primaryDomain(base, { field });
        slot = kind === "domain" && name === `www.${apex}` ? apex : name;
      }
    } catch (error) {
      if (error instanceof NameError) throw domainInvalid(field, error.message, error.rule);
      throw error;
    }
    if (kind === "wildcard" && !wildcardProduct) {
      throw domainInvalid(field, `${product.name} is a ${product.domainType} product: it cannot bind ${name}`, "DOM-4");
    }
    if (kind === "ip" && !product.ipBinding) {
      throw domainInvalid(field, `${product.name} cannot bind IP addresses`, "DOM-4");
    }
    if (domains.includes(name)) continue;
    domains.push(name);
    slots.add(slot);
    if (slots.size > domainNum) {
      throw domainInvalid(
        field,
        `${domainNum} domain${domainNum === 1 ? " was" : "s were"} bought; ${name} would be one more`,
        "DOM-4",
      );
    }
  }
  if (product.domainType === "wildcard" && !domains.some((d) => d.startsWith("*."))) {
    throw domainInvalid("CertificateDomain", `${product.name} binds one wildcard name such as *.example.com`, "DOM-4");
  }
  const names: string[] = [];
  for (const domain of domains) {
    for (const name of coveredNames(domain)) if (!names.includes(name)) names.push(name);
  }
  return { domains, names };
}

/** PAID-3: an individual may apply for DV only. */
export function checkApplicationType(product: Product, type: ApplicationType): void {
  if (type === "individual" && product.type !== "DV") {
    throw new ApiError(
      400,
      "InvalidParameter.ApplicationTypeInvalid",
      `${product.name} is ${product.type.replace("_", " ")}: only an organisation may apply (individuals: DV only)`,
      { field: "ApplicationType", rule: "PAID-3" },
    );
  }
}

/** DCV-1: the methods the product offers. */
export function checkVerifyType(product: Product, verifyType: string): void {
  if (!(product.verifyTypes as readonly string[]).includes(verifyType)) {
    throw new ApiError(
      400,
      "InvalidParameter.VerifyTypeInvalid",
      `${product.name} is validated by ${product.verifyTypes.join(", ")}, not ${verifyType}`,
      { field: "VerifyType", rule: "DCV-1" },
    );
  }
}

/** The application type a draft stands for: as chosen, else organisation unless a DV without an organisation. */
export function applicationTypeOf(product: Product, info: PaidInformation): ApplicationType {
  return info.applicationType ?? (product.type === "DV" && !info.organization ? "individual" : "organisation");
}

const missing = (field: string, message: string, rule?: string) =>
  new ApiError(400, "MissingParameter", message, { field, ...(rule ? { rule } : {}) });

/** What commit needs before the order can be placed; the first thing missing is named. */
export function checkComplete(product: Product, info: PaidInformation): void {
  if (!info.domains?.length) throw missing("CertificateDomain", "the bound domain is not submitted yet", "DOM-1");
  if (!info.csr) throw missing("CsrType", "the CSR is not submitted yet (CsrType online or parse)", "CSR-1");
  if (!info.verifyType) throw missing("VerifyType", "the DCV method is not chosen yet", "DCV-1");
  const type = applicationTypeOf(product, info);
  checkApplicationType(product, type);
  if (type === "organisation" && !info.organization) {
    throw missing("Organization", "an organisation application needs the organisation (or OrganizationId)", "PAID-3");
  }
  if (!info.admin) throw missing("Admin", "the administrator is not submitted yet (Admin or AdminId)", "PAID-3");
  if (product.type !== "DV" && !info.contact && !info.contactSameAsAdmin) {
    throw missing("Contact", "give the contact, or ContactSameAsAdmin: true", "PAID-3");
  }
}
