// OV-1 / SM-2: the confirmation letter — a template to print, sign and seal, and the upload, judged by content
// (magic bytes, never the file name) before it is forwarded to the CA. International letters: JPG, PNG or PDF,
// 1 KB – 1.4 MB, replaceable while the review runs; GM letters: JPG, GIF or PDF, at most 1.4 MB, taken once.
import type { BundleFormat } from "@certsim/pki";
import { ApiError } from "@certsim/service";
import { CaRefusal } from "../adapters/ca";
import { productById } from "../catalogue/catalogue";
import { fromPartnerError, wrongStatus } from "../errors";
import type { AccountRecord, CertificateRecord, PlatformStore } from "../store/types";
import { formatVendorTime } from "../time";
import { buildDownload } from "./download";
import type { KeyVault } from "./keys";
import type { Orders } from "./orders";
import { Status } from "./status";

export type LetterType = "jpg" | "png" | "gif" | "pdf";

/** 1.4 MB as the vendor counts it (1.4 × 2^20, rounded down). */
export const LETTER_MAX_BYTES = 1_468_006;
export const LETTER_MIN_BYTES = 1024;
const LETTER_ACTION = "confirm-letter";

/** The file's type by its first bytes; undefined when it is none of the letter types. */
export function letterTypeOf(bytes: Uint8Array): LetterType | undefined {
  const starts = (...sig: number[]) => sig.every((b, i) => bytes[i] === b);
  if (starts(0xff, 0xd8, 0xff)) return "jpg";
  if (starts(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return "png";
  if (starts(0x47, 0x49, 0x46, 0x38) && (bytes[4] === 0x37 || bytes[4] === 0x39) && bytes[5] === 0x61) return "gif";
  if (starts(0x25, 0x50, 0x44, 0x46, 0x2d)) return "pdf";
  return undefined;
}

interface LetterPolicy {
  rule: "OV-1" | "SM-2";
  types: readonly LetterType[];
  minBytes: number;
  once: boolean;
}

const POLICIES: Record<"international" | "national", LetterPolicy> = {
  international: { rule: "OV-1", types: ["jpg", "png", "pdf"], minBytes: LETTER_MIN_BYTES, once: false },
  national: { rule: "SM-2", types: ["jpg", "gif", "pdf"], minBytes: 1, once: true },
};

const invalid = (policy: LetterPolicy, message: string) =>
  new ApiError(400, "InvalidParameter.LetterInvalid", `${message} (${policy.rule})`, {
    field: "LetterContent",
    rule: policy.rule,
  });

/** Checks a letter against its policy; returns its type. */
export function checkLetter(policy: LetterPolicy, bytes: Uint8Array): LetterType {
  const type = letterTypeOf(bytes);
  const allowed = policy.types.map((t) => t.toUpperCase()).join(", ");
  if (!type || !policy.types.includes(type)) {
    throw invalid(
      policy,
      `the letter is ${type ? type.toUpperCase() : "of no accepted type"} by its content; it must be ${allowed}`,
    );
  }
  if (bytes.length > LETTER_MAX_BYTES) {
    throw invalid(policy, `the letter is ${bytes.length} bytes; at most ${LETTER_MAX_BYTES} (1.4 MB)`);
  }
  if (bytes.length < policy.minBytes) {
    throw invalid(policy, `the letter is ${bytes.length} bytes; at least ${policy.minBytes} (1 KB)`);
  }
  return type;
}

export interface UploadLetterInput {
  LetterContent: string;
  FileName: string;
}

export interface ConfirmLettersOptions {
  store: PlatformStore;
  orders: Orders;
  keys: KeyVault;
  now: () => Date;
}

export class ConfirmLetters {
  constructor(private readonly o: ConfirmLettersOptions) {}

  /** The letter to print, sign, seal and scan: plain text naming the organisation, the domains and the order. */
  async template(account: AccountRecord, id: string) {
    const cert = await this.o.orders.get(account, id, { sync: false });
    const { product } = this.#letterProduct(cert);
    const info = cert.information ?? {};
    const org = info.organization;
    const lines = [
      "CONFIRMATION LETTER",
      "",
      `Certificate: ${cert.id}${cert.caOrderId ? ` (order ${cert.caOrderId} at ${product.brand})` : ""}`,
      `Product: ${product.name}`,
      `Organisation: ${org?.name ?? "(to be submitted)"}`,
      `Registration number: ${org?.registrationNumber ?? ""}`,
      `Address: ${org ? [org.address, org.city, org.province, org.country].filter(Boolean).join(", ") : ""}`,
      `Domains: ${(info.domains ?? cert.names).join(", ")}`,
      `Administrator: ${info.admin ? `${info.admin.name}, ${info.admin.position}, ${info.admin.phone}` : ""}`,
      "",
      "We confirm that the organisation above applies for this certificate for the domains listed and that",
      "the information submitted is true. Signed and sealed by the organisation:",
      "",
      "Signature: ______________________   Seal:   Date: ____________",
      "",
      `Generated ${formatVendorTime(this.o.now())}`,
    ];
    const fileName = `confirmation-letter-${cert.id}.txt`;
    return {
      CertificateId: cert.id,
      FileName: fileName,
      ContentType: "text/plain; charset=utf-8",
      LetterTemplate: Buffer.from(`${lines.join("\n")}\n`, "utf8").toString("base64"),
    };
  }

  /** OV-1 / SM-2: judges the letter by content, enforces the policy and forwards it to the CA. */
  async upload(account: AccountRecord, id: string, input: UploadLetterInput) {
    let cert = await this.o.orders.get(account, id, { sync: true });
    const { policy } = this.#letterProduct(cert);
    const compact = input.LetterContent.replace(/\s+/g, "");
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(compact) || compact.length % 4 === 1) {
      throw new ApiError(400, "InvalidParameter", "LetterContent is not base64", {
        field: "LetterContent",
        rule: policy.rule,
      });
    }
    const bytes = new Uint8Array(Buffer.from(compact, "base64"));
    const type = checkLetter(policy, bytes);

    const earlier = (await this.o.store.operationLogs(cert.id)).filter((l) => l.action === LETTER_ACTION).length;
    if (policy.once && earlier > 0) {
      throw new ApiError(
        409,
        "FailedOperation.LetterAlreadyUploaded",
        "a GM confirmation letter can be uploaded only once (SM-2)",
        { field: "LetterContent", rule: "SM-2" },
      );
    }
    const reviewing = cert.status === Status.UnderReview || cert.status === Status.DnsRecordAdded;
    const open = cert.status === Status.ConfirmationLetterToUpload || (!policy.once && earlier > 0 && reviewing);
    if (!open) throw wrongStatus(cert.status, "upload a confirmation letter for", policy.rule);

    const ca = this.o.orders.caOf(cert);
    let order: Awaited<ReturnType<NonNullable<typeof ca.uploadLetter>>>;
    try {
      order = await ca.uploadLetter!(cert.caOrderId!, { content: bytes, fileName: input.FileName });
    } catch (error) {
      if (error instanceof CaRefusal && error.code.includes("Letter")) {
        throw new ApiError(error.status, error.code, error.message, {
          field: "LetterContent",
          ...(error.rule ? { rule: error.rule } : {}),
        });
      }
      throw fromPartnerError(error);
    }
    const digest = await crypto.subtle.digest("SHA-256", bytes);
    const detail = `${type.toUpperCase()}, ${bytes.length} bytes, ${input.FileName.slice(0, 100)}, sha256 ${Buffer.from(digest).toString("hex")}`;
    for (let attempt = 0; attempt < 5; attempt++) {
      const logged = await this.o.store.applyChange(cert.id, {
        expect: { status: cert.status, subStatus: cert.subStatus },
        log: { action: LETTER_ACTION, detail },
        at: this.o.now(),
      });
      if (logged) {
        cert = logged;
        break;
      }
      cert = (await this.o.store.getCertificate(cert.id)) ?? cert;
    }
    cert = await this.o.orders.follow(cert, order).catch(() => cert);
    return { cert, type, size: bytes.length, uploads: earlier + 1 };
  }

  #letterProduct(cert: CertificateRecord) {
    const product = cert.productId ? productById(cert.productId) : undefined;
    const ca = this.o.orders.caOf(cert);
    if (!product || product.type === "DV" || !ca.uploadLetter) {
      throw new ApiError(
        409,
        "FailedOperation.LetterNotRequired",
        `${product?.name ?? "a free certificate"} needs no confirmation letter`,
        { field: "CertificateId", rule: product?.standard === "national" ? "SM-1" : "OV-1" },
      );
    }
    return { product, policy: POLICIES[product.standard] };
  }

  /**
   * PAID-6: the download; a GM certificate's zip also holds the encryption certificate and its key (SM-4), which
   * the CA keeps for repeated downloads and the platform fetches when asked.
   */
  async download(account: AccountRecord, id: string, format: BundleFormat, keyPassword?: string) {
    const cert = await this.o.orders.get(account, id, { sync: false });
    if (cert.keyAlgorithm !== "SM2" || !cert.productId) return this.o.orders.download(account, id, format, keyPassword);
    if (cert.status !== Status.Issued || !cert.certificatePem) throw wrongStatus(cert.status, "download", "PAID-6");
    let issued: Awaited<ReturnType<ReturnType<Orders["caOf"]>["fetchCertificate"]>>;
    try {
      issued = await this.o.orders.caOf(cert).fetchCertificate(cert.caOrderId!);
    } catch (error) {
      throw fromPartnerError(error);
    }
    if (!issued.encryption) return this.o.orders.download(account, id, format, keyPassword);
    return buildDownload(
      { ...cert, certificatePem: cert.certificatePem },
      this.o.keys,
      format,
      keyPassword,
      this.o.now(),
      { encCertPem: issued.encryption.certificatePem, encKeyPem: issued.encryption.privateKeyPem },
    );
  }
}
