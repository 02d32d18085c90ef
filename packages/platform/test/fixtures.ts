// Records for store-level tests.
import type { AccountRecord, NewCertificate } from "../src/store/types";

export function account(id: string, over: Partial<AccountRecord> = {}): AccountRecord {
  return {
    id,
    type: "individual",
    memberLevel: "standard",
    heldFreeCertOn20230320: false,
    email: `${id}@example.test`,
    phone: "+8613800000000",
    createdAt: new Date("2026-03-02T01:00:00Z"),
    ...over,
  };
}

export function draft(id: string, accountId: string, domain = `${id.toLowerCase()}.example.com`): NewCertificate {
  return {
    id,
    accountId,
    domain,
    names: [domain],
    brand: "trustasia",
    productCode: "TA-DV-FREE",
    dvAuthMethod: "DNS",
    status: 13,
    subStatus: null,
    alias: "",
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
  };
}
