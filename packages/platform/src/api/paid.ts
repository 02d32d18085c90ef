// The customer's API for paid certificates: the catalogue (PAID-1), purchase, the submission wizard and commit
// (PAID-3, CSR-1/2/4, DOM-*), and My Profile (organisations and administrators).
import { ApiError, type Service } from "@certsim/service";
import { z } from "zod";
import { listProducts, presentProduct, productById } from "../catalogue/catalogue";
import { CERT_TYPES, DOMAIN_TYPES, STANDARDS } from "../catalogue/products";
import type { PaidOrders } from "../orders/paid-orders";
import { STATUS_NAMES } from "../orders/status";
import { type Profile, presentEntry } from "../profile/profile";
import type { OrganizationInfo, PersonInfo, ProfileKind } from "../store/types";
import { accountOf } from "./auth";
import { submittedData } from "./present";

// Free text the customer types: printable, no control characters.
const text = (max: number) =>
  z
    .string()
    .trim()
    .max(max)
    // biome-ignore lint/suspicious/noControlCharactersInRegex: refusing control characters is the point
    .regex(/^[^\u0000-\u001f\u007f]*$/, "must not contain control characters");
const phone = z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, "is not a phone number");
const pem = z.string().min(1).max(20_000);

/** "OV Pro", "ov-pro" and "OV_PRO" all name the same type. */
const certType = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .trim()
          .toUpperCase()
          .replace(/[\s-]+/g, "_")
      : v,
  z.enum(CERT_TYPES),
);
const domainType = z.preprocess(
  (v) =>
    typeof v === "string"
      ? v
          .trim()
          .toLowerCase()
          .replace(/[\s_]+/g, "-")
      : v,
  z.enum(DOMAIN_TYPES as ["single", "multi", "wildcard", "multi-wildcard"]),
);
const standard = z.preprocess((v) => (typeof v === "string" ? v.trim().toLowerCase() : v), z.enum(STANDARDS));

export const organizationBody = z.strictObject({
  Name: text(200).min(1),
  Division: text(100).optional(),
  Country: z
    .string()
    .regex(/^[A-Za-z]{2}$/, "is an ISO 3166-1 alpha-2 code")
    .optional(),
  Province: text(100).optional(),
  City: text(100).min(1),
  Address: text(300).min(1),
  Phone: phone,
  RegistrationNumber: z.string().regex(/^[0-9A-Za-z-]{4,40}$/, "is not a registration number"),
});

export const personBody = z.strictObject({
  Name: text(100).min(1),
  Position: text(100).min(1),
  Phone: phone,
  Email: z.email().max(254),
});

const toOrganization = (b: z.infer<typeof organizationBody>): OrganizationInfo => ({
  name: b.Name,
  division: b.Division ?? "",
  country: (b.Country ?? "CN").toUpperCase(),
  province: b.Province ?? "",
  city: b.City,
  address: b.Address,
  phone: b.Phone,
  registrationNumber: b.RegistrationNumber,
});

const toPerson = (b: z.infer<typeof personBody>): PersonInfo => ({
  name: b.Name,
  position: b.Position,
  phone: b.Phone,
  email: b.Email,
});

export const purchaseBody = z.strictObject({
  ProductId: z.string().min(1).max(100).optional(),
  Brand: z.string().min(1).max(40).optional(),
  Type: certType.optional(),
  DomainType: domainType.optional(),
  Standard: standard.optional(),
  DomainNum: z.number().int().min(1).max(1000).optional(),
  // 1–3 as the catalogue sells; other whole numbers are refused by the catalogue, naming PAID-1.
  Period: z.number().int().min(1).max(10),
  AutoRenew: z.boolean().optional(),
  Alias: text(200).optional(),
});

export const submitBody = z.strictObject({
  CsrType: z.enum(["online", "parse"]).optional(),
  CsrEncryptAlgo: z.enum(["RSA", "ECC", "SM2"]).optional(),
  CsrKeyParameter: z.enum(["2048", "4096", "prime256v1", "secp384r1", "sm2p256v1"]).optional(),
  SignAlgo: z.enum(["SHA256", "SHA384", "SM3"]).optional(),
  KeyPassword: text(128).min(1).optional(),
  CsrContent: pem.optional(),
  PrivateKey: pem.optional(),
  CertificateDomain: z.string().min(1).max(1024).optional(),
  DomainList: z.array(z.string().min(1).max(1024)).max(250).optional(),
  ApplicationType: z.enum(["organisation", "individual"]).optional(),
  OrganizationId: z.string().min(1).max(64).optional(),
  Organization: organizationBody.optional(),
  AdminId: z.string().min(1).max(64).optional(),
  Admin: personBody.optional(),
  ContactSameAsAdmin: z.boolean().optional(),
  Contact: personBody.optional(),
  VerifyType: z.enum(["DNS", "FILE", "DNS_AUTO"]).optional(),
  Alias: text(200).optional(),
});

const productQuery = z.strictObject({
  Brand: z.string().max(40).optional(),
  Standard: standard.optional(),
  Type: certType.optional(),
  DomainType: domainType.optional(),
  Orderable: z.enum(["true", "false"]).optional(),
});

const pageQuery = z.strictObject({
  Offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
  Limit: z.coerce.number().int().min(1).max(1000).default(20),
});

const empty = z.strictObject({});
const idParam = (params: Record<string, string>) => params.CertificateId ?? "";

export function paidRoutes(service: Service, paid: PaidOrders): void {
  service.route(
    "get",
    "/v1/products",
    {
      summary: "DescribePackages: the catalogue (PAID-1), filtered by brand, standard, type, domain type",
      query: productQuery,
    },
    ({ query }) => {
      const products = listProducts({
        ...(query.Brand !== undefined ? { Brand: query.Brand } : {}),
        ...(query.Standard !== undefined ? { Standard: query.Standard } : {}),
        ...(query.Type !== undefined ? { Type: query.Type } : {}),
        ...(query.DomainType !== undefined ? { DomainType: query.DomainType } : {}),
        ...(query.Orderable !== undefined ? { Orderable: query.Orderable === "true" } : {}),
      });
      return { TotalCount: products.length, Products: products.map(presentProduct) };
    },
  );

  service.route("get", "/v1/products/:ProductId", { summary: "One product of the catalogue" }, ({ params }) => {
    const product = productById(params.ProductId ?? "");
    if (!product) throw new ApiError(404, "ResourceNotFound", "no such product", { field: "ProductId" });
    return presentProduct(product);
  });

  service.route(
    "post",
    "/v1/certificates",
    {
      summary:
        "CreateCertificate: buy a paid certificate by ProductId or Brand/Type/DomainType/Standard (PAID-1); " +
        "a multi-year Period is a series of one-year certificates (PAID-2)",
      body: purchaseBody,
    },
    ({ body }, _req, res) => paid.purchase(accountOf(res), body),
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/submit",
    {
      summary:
        "SubmitCertificateInformation: save the wizard's information (all at once or step by step) while the " +
        "certificate is in status 5 — CSR (CSR-1/2/4), bound domains (DOM-*), application type, organisation, " +
        "administrator, contact (PAID-3), DCV method",
      body: submitBody,
    },
    async ({ params, body }, _req, res) => {
      const { Organization, Admin, Contact, ...rest } = body;
      const { cert, csrDiscarded } = await paid.submit(accountOf(res), idParam(params), {
        ...rest,
        ...(Organization ? { Organization: toOrganization(Organization) } : {}),
        ...(Admin ? { Admin: toPerson(Admin) } : {}),
        ...(Contact ? { Contact: toPerson(Contact) } : {}),
      });
      return {
        CertificateId: cert.id,
        Status: cert.status,
        CsrDiscarded: csrDiscarded,
        SubmittedData: submittedData(cert),
      };
    },
  );

  service.route(
    "post",
    "/v1/certificates/:CertificateId/commit",
    {
      summary:
        "CommitCertificateInformation: place the order with the CA; the bound domains are fixed from here (DOM-1)",
      body: empty,
    },
    async ({ params }, _req, res) => {
      const cert = await paid.commit(accountOf(res), idParam(params));
      return {
        CertificateId: cert.id,
        OrderId: cert.caOrderId,
        Status: cert.status,
        StatusName: STATUS_NAMES[cert.status],
        StatusMsg: cert.subStatus ?? "",
      };
    },
  );
}

const KINDS = { organizations: "organization", admins: "admin" } as const satisfies Record<string, ProfileKind>;
const ID_PARAMS = { organizations: "OrganizationId", admins: "AdminId" } as const;

export function profileRoutes(service: Service, profile: Profile): void {
  for (const [path, kind] of Object.entries(KINDS) as [keyof typeof KINDS, ProfileKind][]) {
    const body = kind === "organization" ? organizationBody : personBody;
    const toData = (b: unknown) =>
      kind === "organization"
        ? toOrganization(b as z.infer<typeof organizationBody>)
        : toPerson(b as z.infer<typeof personBody>);
    const idOf = (params: Record<string, string>) => params[ID_PARAMS[path]] ?? "";
    const word = kind === "organization" ? "an organisation" : "an administrator";

    service.route(
      "post",
      `/v1/profile/${path}`,
      { summary: `My Profile: save ${word} (reviewed before use, PAID-3)`, body },
      async ({ body: b }, _req, res) => presentEntry(await profile.create(accountOf(res), kind, toData(b))),
    );
    service.route(
      "get",
      `/v1/profile/${path}`,
      { summary: `My Profile: the account's saved ${path} with their review state`, query: pageQuery },
      async ({ query }, _req, res) => {
        const page = await profile.list(accountOf(res), kind, { offset: query.Offset, limit: query.Limit });
        return { TotalCount: page.total, Items: page.items.map(presentEntry) };
      },
    );
    service.route(
      "get",
      `/v1/profile/${path}/:${ID_PARAMS[path]}`,
      { summary: `My Profile: one saved ${kind}` },
      async ({ params }, _req, res) => presentEntry(await profile.get(accountOf(res), kind, idOf(params))),
    );
    service.route(
      "put",
      `/v1/profile/${path}/:${ID_PARAMS[path]}`,
      { summary: `My Profile: replace ${word}'s data (back to review)`, body },
      async ({ params, body: b }, _req, res) =>
        presentEntry(await profile.update(accountOf(res), kind, idOf(params), toData(b))),
    );
    service.route(
      "delete",
      `/v1/profile/${path}/:${ID_PARAMS[path]}`,
      { summary: `My Profile: delete ${word} (applications keep their copy)` },
      async ({ params }, _req, res) => {
        await profile.remove(accountOf(res), kind, idOf(params));
        return { Deleted: idOf(params) };
      },
    );
  }
}

/** The vendor's review of My Profile entries, as the operator simulates it. */
export function profileAdminRoutes(service: Service, profile: Profile): void {
  service.route(
    "post",
    "/admin/profile/:Kind/:Id/review",
    {
      summary: "Review a My Profile entry (Kind: organizations | admins): approved or rejected (PAID-3)",
      body: z.strictObject({ Result: z.enum(["approved", "rejected"]), Note: text(500).optional() }),
    },
    async ({ params, body }) => {
      const kind = KINDS[params.Kind as keyof typeof KINDS];
      if (!kind) throw new ApiError(404, "ResourceNotFound", "Kind is organizations or admins", { field: "Kind" });
      return presentEntry(await profile.review(kind, params.Id ?? "", body.Result, body.Note ?? null));
    },
  );
}
