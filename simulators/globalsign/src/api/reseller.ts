import {
  type CaContext,
  CaError,
  type Contact,
  callbackUrlBody,
  certificateOfOrder,
  type Order,
  type OrderDesk,
  orderRoutes,
  refusalsInWords,
  resellerByHeader,
  resellerOrders,
  toOrganization,
} from "@certsim/ca-kit";
import { formatGmt8 } from "@certsim/clock";
import { ApiError, type Service } from "@certsim/service";
import { z } from "zod";
import { GS_PRODUCT_CODES, type GsProductCode, ruleCode } from "../products";
import { letterTemplate } from "./letter-template";
import { CONTENT_TYPES, presentCheck, presentDcv, presentOrder, presentProducts } from "./present";
import { DCV_METHOD, ERROR_CODES, GS_STATUS_TEXTS, gsDcvMethod, gsField, gsStatus } from "./words";

/** Where GlobalSign's reseller API lives and how a reseller signs its calls. */
export const GS_API_BASE = "/gs/api/v2";
export const GS_KEY_HEADER = "X-GS-Api-Key";

const personBody = z.strictObject({
  FirstName: z.string().min(1).max(60),
  LastName: z.string().min(1).max(60),
  JobTitle: z.string().max(100).optional(),
  Phone: z.string().min(1).max(40),
  Email: z.string().min(3).max(254),
});

const orderBody = z.strictObject({
  ProductCode: z.enum(GS_PRODUCT_CODES as [string, ...string[]]),
  BaseOption: z.literal("wildcard").optional(),
  ValidityPeriod: z.strictObject({ Months: z.union([z.literal(12), z.literal(24), z.literal(36)]) }).optional(),
  CSR: z.string().min(1).max(32_768),
  CommonName: z.string().min(1).max(300),
  SANEntries: z
    .array(z.strictObject({ SubjectAltName: z.string().min(1).max(300) }))
    .max(99)
    .optional(),
  DCVMethod: z.enum(["DNS", "HTTP"]),
  PartnerOrderID: z.string().min(1).max(128),
  NotificationURL: callbackUrlBody.optional(),
  /**
   * OV-2: the organisation and requestor come from a profile the reseller has reviewed. GlobalSign takes note and
   * asks for the confirmation letter all the same.
   */
  ReviewedProfile: z.boolean().optional(),
  OrganizationInfo: z
    .strictObject({
      OrganizationName: z.string().min(1).max(200),
      RegistrationNumber: z.string().min(1).max(64),
      OrganizationAddress: z.strictObject({
        AddressLine1: z.string().min(1).max(300),
        City: z.string().max(100).optional(),
        Country: z.string().max(2).optional(),
        Phone: z.string().min(1).max(40),
      }),
    })
    .optional(),
  RequestorInfo: personBody.optional(),
  AdministratorInfo: personBody.optional(),
});

/** A letter upload: the file as base64 (1.4 MB at most once decoded, OV-1) and its name. */
const letterBody = z.strictObject({
  ContentBase64: z.string().min(1).max(2_000_000),
  FileName: z
    .string()
    .min(1)
    .max(255)
    .regex(/^[^/\\\0]+$/, "a file name without folders"),
});

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const toContact = (body: z.infer<typeof personBody>): Contact => ({
  name: `${body.FirstName} ${body.LastName}`,
  ...(body.JobTitle !== undefined ? { position: body.JobTitle } : {}),
  phone: body.Phone,
  email: body.Email,
});

/**
 * GlobalSign's reseller API (its own dialect, see the README): PascalCase names after its XML API under
 * `/gs/api/v2`, the key in `X-GS-Api-Key`, product codes with options (`DV_LOW_SHA2`, `OV_SHA2`, `EV_SHA2`;
 * `BaseOption: "wildcard"`, `SANEntries`), numbered order statuses and GlobalSign's negative error codes; the
 * confirmation letter is uploaded here (OV-1), over ca-kit's `OrderDesk`.
 */
export function mountGlobalSignApi(mailbox?: string) {
  return (service: Service, ctx: CaContext, desk: OrderDesk): void => {
    const base = GS_API_BASE;
    const who = resellerByHeader(desk, GS_KEY_HEADER);
    const show = (order: Order) => presentOrder(order, certificateOfOrder(ctx, order), mailbox);
    const orders = orderRoutes(service, desk, { orders: `${base}/orders`, idParam: "OrderID", who, show });

    service.route("get", `${base}/products`, { summary: "GlobalSign products with their options" }, (_input, req) => {
      who(req);
      return { Products: presentProducts(ctx.brand.products) };
    });
    orders.place(
      {
        summary: "order a certificate (the same PartnerOrderID again returns the stored order with 200)",
        body: orderBody,
        responses: { "201": "order placed", "401": "-201" },
      },
      (body) => {
        const org = body.OrganizationInfo;
        const productCode = ruleCode(body.ProductCode as GsProductCode, body.BaseOption);
        checkOptions(body, ctx.product(productCode) !== undefined);
        return {
          productCode,
          ...(body.ValidityPeriod ? { years: body.ValidityPeriod.Months / 12 } : {}),
          csr: body.CSR,
          domains: [body.CommonName, ...(body.SANEntries ?? []).map((entry) => entry.SubjectAltName)],
          dcvMethod: DCV_METHOD[body.DCVMethod],
          partnerOrderId: body.PartnerOrderID,
          ...(body.NotificationURL !== undefined ? { callbackUrl: body.NotificationURL } : {}),
          ...(body.ReviewedProfile ? { reviewedProfile: true } : {}),
          ...(org
            ? {
                organization: toOrganization({
                  name: org.OrganizationName,
                  registrationNumber: org.RegistrationNumber,
                  address: org.OrganizationAddress.AddressLine1,
                  city: org.OrganizationAddress.City,
                  country: org.OrganizationAddress.Country,
                  phone: org.OrganizationAddress.Phone,
                }),
              }
            : {}),
          ...(body.RequestorInfo ? { applicant: toContact(body.RequestorInfo) } : {}),
          ...(body.AdministratorInfo ? { administrator: toContact(body.AdministratorInfo) } : {}),
        };
      },
    );
    service.route(
      "get",
      `${base}/orders`,
      {
        summary: "this reseller's orders, optionally by OrderStatusText",
        query: z.strictObject({
          OrderStatus: z.enum(GS_STATUS_TEXTS).optional(),
          Limit: z.coerce.number().int().min(1).max(1000).optional(),
        }),
      },
      ({ query }, req) => {
        const list = resellerOrders(ctx, who(req), gsStatus, { status: query.OrderStatus, limit: query.Limit });
        return { Total: list.length, Orders: list.map(show) };
      },
    );
    orders.one();
    service
      .route(
        "get",
        orders.path("/dcv"),
        { summary: "the DCV instructions (empty, DCVReleased false, until the confirmation letter is in: OV-1)" },
        ({ params }, req) => {
          const order = desk.orderFor(who(req), orders.id(params));
          return {
            OrderID: order.id,
            DCVMethod: gsDcvMethod(order.dcvMethod),
            DCVReleased: order.dcv.length > 0,
            DCVList: order.dcv.map(presentDcv),
          };
        },
      )
      .route(
        "post",
        orders.path("/dcv/verify"),
        { summary: "check the DCV records now (409 -4005 before the instructions are released)" },
        async ({ params }, req) => {
          const { order, results } = await desk.checkDcv(who(req), orders.id(params));
          const status = gsStatus(order);
          return {
            OrderID: order.id,
            OrderStatusText: status,
            Results: results.map(({ domain, method, check }) => ({
              DomainName: domain,
              DCVMethod: gsDcvMethod(method),
              ...presentCheck(check),
            })),
          };
        },
      )
      .route(
        "get",
        orders.path("/letter/template"),
        { summary: "the confirmation letter to print, fill in, sign, seal and scan (OV-1)" },
        ({ params }, req) => {
          const order = desk.orderFor(who(req), orders.id(params));
          if (!order.review.letter) {
            throw new CaError(409, "LetterNotRequired", `order ${order.id} needs no confirmation letter`);
          }
          const text = letterTemplate(order, ctx.clock.nowMs());
          return {
            OrderID: order.id,
            FileName: `GlobalSign-confirmation-letter-${order.id}.txt`,
            ContentType: "text/plain; charset=utf-8",
            ContentBase64: Buffer.from(text, "utf8").toString("base64"),
          };
        },
      )
      .route(
        "post",
        orders.path("/letter"),
        {
          summary:
            "upload the signed confirmation letter: JPG, PNG or PDF by content, 1 KB–1.4 MB; again while the order is open (OV-1)",
          body: letterBody,
        },
        async ({ params, body }, req) => {
          const reseller = who(req);
          const encoded = body.ContentBase64.replace(/\s+/g, "");
          if (!BASE64.test(encoded) || encoded.length % 4 === 1) {
            throw new CaError(400, "InvalidParameter", "ContentBase64 is not base64", { field: "ContentBase64" });
          }
          const content = new Uint8Array(Buffer.from(encoded, "base64"));
          const order = await desk.uploadLetter(reseller, orders.id(params), { content, fileName: body.FileName });
          return { OrderID: order.id, OrderStatus: show(order).OrderStatus, ...letterAnswer(order) };
        },
      )
      .route("get", orders.path("/letter"), { summary: "the confirmation letters received" }, ({ params }, req) => {
        const order = desk.orderFor(who(req), orders.id(params));
        return { OrderID: order.id, ...letterAnswer(order) };
      });
    orders.cancel();
    service.route(
      "get",
      orders.path("/certificate"),
      { summary: "the issued certificate and its CA certificates (intermediate, root)" },
      ({ params }, req) => {
        const certificate = desk.certificateOf(who(req), orders.id(params));
        const [intermediate, root] = certificate.chainPem;
        return {
          OrderID: certificate.orderId,
          SerialNumber: certificate.serial,
          X509Cert: certificate.certPem,
          CACertificates: [
            ...(intermediate ? [{ CACertType: "INTER", CACert: intermediate }] : []),
            ...(root ? [{ CACertType: "ROOT", CACert: root }] : []),
          ],
          StartDate: formatGmt8(certificate.notBefore),
          EndDate: formatGmt8(certificate.notAfter),
        };
      },
    );
    orders.revoke("Reason");

    // A path under the base that no route takes: GlobalSign's own "no such operation".
    service.app.use(base, (req, _res, next) =>
      next(new ApiError(404, "UnsupportedOperation", `no operation ${req.method} ${base}${req.path}`)),
    );
    service.app.use(base, inGlobalSignWords);
  };
}

/**
 * The product options in GlobalSign's words before ca-kit sees the order: `BaseOption: "wildcard"` exactly when the
 * common name is a wildcard (SAN entries may be wildcards only then), offered by DV and OV, validated over DNS.
 */
function checkOptions(body: z.infer<typeof orderBody>, sold: boolean): void {
  if (!sold) {
    throw new CaError(400, "InvalidProduct", `${body.ProductCode} has no BaseOption ${body.BaseOption}`, {
      field: "BaseOption",
    });
  }
  const wildcard = body.BaseOption === "wildcard";
  if (wildcard !== body.CommonName.trim().startsWith("*.")) {
    throw new CaError(
      400,
      "InvalidDomain",
      wildcard
        ? `BaseOption wildcard needs a wildcard CommonName ("*.example.com"), not ${JSON.stringify(body.CommonName)}`
        : `${JSON.stringify(body.CommonName)} is a wildcard: order it with BaseOption "wildcard"`,
      { field: "CommonName", rule: "DOM-4" },
    );
  }
  (body.SANEntries ?? []).forEach((entry, index) => {
    if (!wildcard && entry.SubjectAltName.trim().startsWith("*.")) {
      throw new CaError(400, "InvalidDomain", `a wildcard SAN entry needs BaseOption "wildcard"`, {
        field: `SANEntries[${index}].SubjectAltName`,
        rule: "DOM-4",
      });
    }
  });
  if (wildcard && body.DCVMethod !== "DNS") {
    throw new CaError(400, "InvalidDcvMethod", "a wildcard certificate is validated over DNS only", {
      field: "DCVMethod",
      rule: "DCV-5",
    });
  }
}

/** The letters an order has received, newest last. */
function letterAnswer(order: Order) {
  const uploads = order.review.letter?.uploads ?? [];
  return {
    Letters: uploads.map((upload) => ({
      Version: upload.seq,
      FileName: upload.fileName ?? null,
      ContentType: CONTENT_TYPES[upload.type] ?? "application/octet-stream",
      Size: upload.bytes,
      SHA256: upload.sha256,
      UploadedAt: formatGmt8(upload.at),
    })),
  };
}

/** Every refusal under GlobalSign's base path leaves with GlobalSign's `ErrorCode` and field names. */
const inGlobalSignWords = refusalsInWords({ codes: ERROR_CODES, field: gsField, badJson: "-101", tooLarge: "-104" });
