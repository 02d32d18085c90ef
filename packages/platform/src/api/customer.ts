// The customer's API (/v1): free-certificate applications and everything after (vendor SSL API 2019-12-05 names).
import { BUNDLE_FORMATS, type BundleFormat } from "@certsim/pki";
import type { Service } from "@certsim/service";
import { z } from "zod";
import type { Orders } from "../orders/orders";
import { isStatusCode } from "../orders/status";
import { accountOf } from "./auth";
import { certificateDetail, certificateDetailJson, message, operationLog, verificationResult } from "./present";

// Free text the customer types: printable, no control characters.
const text = (max: number) =>
  z
    .string()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");

const pem = z.string().min(1).max(20_000);

export const applyBody = z.strictObject({
  DomainName: z.string().min(1).max(1024),
  DvAuthMethod: z.enum(["DNS_AUTO", "DNS", "FILE"]),
  CsrEncryptAlgo: z.enum(["RSA", "ECC"]).optional(),
  CsrKeyParameter: z.enum(["2048", "4096", "prime256v1", "secp384r1"]).optional(),
  CsrKeyPassword: text(128).min(1).optional(),
  Csr: pem.optional(),
  PrivateKey: pem.optional(),
  Alias: text(200).optional(),
  ContactEmail: z.email().max(254).optional(),
  ContactPhone: z
    .string()
    .regex(/^\+?[0-9][0-9 -]{4,19}$/, "is not a phone number")
    .optional(),
});

const listQuery = z.strictObject({
  Offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  Limit: z.coerce.number().int().min(1).max(1000).default(20),
  Status: z.coerce
    .number()
    .int()
    .refine((n) => isStatusCode(n), "is not a status code (0-13)")
    .optional(),
  SearchKey: z.string().max(200).optional(),
});

const pageQuery = z.strictObject({
  Offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  Limit: z.coerce.number().int().min(1).max(1000).default(20),
});

const empty = z.strictObject({});
const idParam = (params: Record<string, string>) => params.CertificateId ?? "";

/** PAID-6 download; the default is the orders' own, the platform passes one that also bundles GM encryption pairs. */
export type DownloadFn = Orders["download"];

export function customerRoutes(
  service: Service,
  orders: Orders,
  download: DownloadFn = (...args) => orders.download(...args),
): void {
  service.route(
    "post",
    "/v1/free-certificates",
    {
      summary: "ApplyCertificate: apply for a free TrustAsia DV certificate (FREE-1, FREE-2, FREE-4..6, CSR-1, CSR-3)",
      body: applyBody,
    },
    ({ body }, _req, res) => orders.applyFree(accountOf(res), body),
  );

  service.route(
    "get",
    "/v1/certificates",
    { summary: "DescribeCertificates: the account's certificates", query: listQuery },
    async ({ query }, _req, res) => {
      const page = await orders.list(accountOf(res), {
        offset: query.Offset,
        limit: query.Limit,
        ...(query.Status !== undefined && isStatusCode(query.Status) ? { status: query.Status } : {}),
        ...(query.SearchKey ? { search: query.SearchKey } : {}),
      });
      return { TotalCount: page.total, Certificates: page.items.map(certificateDetail) };
    },
  );

  service.route(
    "get",
    "/v1/certificates/:CertificateId",
    { summary: "DescribeCertificateDetail: status (PAID-4), DCV instructions, validity" },
    async ({ params }, _req, res) => {
      const cert = await orders.get(accountOf(res), idParam(params), { sync: true });
      // What res.json would send, without building and serialising the same detail again for an unchanged record.
      res.set("content-type", "application/json; charset=utf-8").send(certificateDetailJson(cert));
    },
  );

  service.route(
    "patch",
    "/v1/certificates/:CertificateId",
    {
      summary: "ModifyCertificate: change the alias; the bound domain cannot change (DOM-1)",
      body: z.strictObject({ Alias: text(200).optional(), DomainName: z.string().max(1024).optional() }),
    },
    async ({ params, body }, _req, res) =>
      certificateDetail(await orders.modify(accountOf(res), idParam(params), body)),
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/domain-verification",
    { summary: "CheckCertificateDomainVerification: check the DCV records now (DCV-10)", body: empty },
    async ({ params }, _req, res) => {
      const { cert, results, frequently } = await orders.checkDcv(accountOf(res), idParam(params));
      const issued = cert.status === 1;
      return { VerificationResults: results.map((r) => verificationResult(r, { frequently, issued })) };
    },
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/cancel",
    { summary: "CancelCertificateOrder: cancel before issuance, quota back (PAID-7, FREE-6)", body: empty },
    async ({ params }, _req, res) => {
      const cert = await orders.cancel(accountOf(res), idParam(params));
      return { CertificateId: cert.id, Status: cert.status };
    },
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/revoke",
    {
      summary: "RevokeCertificate: revoke an issued certificate, its quota use ends (PAID-7, FREE-6)",
      body: z.strictObject({ Reason: text(500).optional() }),
    },
    async ({ params, body }, _req, res) => {
      const cert = await orders.revoke(accountOf(res), idParam(params), body.Reason ?? "");
      return { CertificateId: cert.id, Status: cert.status };
    },
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/renew",
    { summary: "RenewCertificate: refused for free certificates (FREE-9)", body: empty },
    ({ params }, _req, res) => orders.renew(accountOf(res), idParam(params)),
  );

  service.route(
    "get",
    "/v1/certificates/:CertificateId/download",
    {
      summary:
        "DownloadCertificate: zip per server type (PAID-6); a password-protected key needs X-Key-Password for iis/tomcat",
      query: z.strictObject({ ServiceType: z.enum(BUNDLE_FORMATS as [BundleFormat, ...BundleFormat[]]) }),
    },
    async ({ params, query }, req, res) => {
      const password = req.get("x-key-password");
      const bundle = await download(accountOf(res), idParam(params), query.ServiceType, password || undefined);
      return {
        Content: Buffer.from(bundle.zip).toString("base64"),
        ContentType: "application/zip",
        FileNames: bundle.files,
        ...(bundle.password ? { Password: bundle.password } : {}),
      };
    },
  );

  service.route(
    "get",
    "/v1/certificates/:CertificateId/operation-logs",
    { summary: "DescribeCertificateOperateLogs: every status change of the certificate (PAID-4)" },
    async ({ params }, _req, res) => ({
      OperateLogs: (await orders.logs(accountOf(res), idParam(params))).map(operationLog),
    }),
  );

  service.route(
    "get",
    "/v1/quota",
    { summary: "The free-certificate quota: used / total, platform-domain and any-domain (FREE-10)" },
    (_input, _req, res) => orders.quota(accountOf(res)),
  );

  service.route(
    "get",
    "/v1/messages",
    { summary: "The in-site message box (PAID-5)", query: pageQuery },
    async ({ query }, _req, res) => {
      const page = await orders.messages(accountOf(res), { offset: query.Offset, limit: query.Limit });
      return { TotalCount: page.total, Messages: page.items.map(message) };
    },
  );
}
