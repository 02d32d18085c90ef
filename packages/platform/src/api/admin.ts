// The operator's API (/admin, X-Admin-Token): accounts and the platform registrar's domain list.
import { NameError, normaliseName, primaryDomain } from "@certsim/names";
import { ApiError, type Service } from "@certsim/service";
import { z } from "zod";
import { issueApiKey, randomAlphanumeric } from "../accounts/api-keys";
import type { PlatformStore } from "../store/types";

const accountBody = z.strictObject({
  Type: z.enum(["individual", "enterprise"]),
  MemberLevel: z.enum(["standard", "V1", "V2"]).optional(),
  HeldFreeCertOn20230320: z.boolean().optional(),
  Email: z.email().max(254),
  Phone: z.string().regex(/^\+?[0-9][0-9 -]{4,19}$/, "is not a phone number"),
});

export function adminRoutes(service: Service, store: PlatformStore, now: () => Date): void {
  service.route(
    "post",
    "/admin/accounts",
    {
      summary: "Create an account (individual or enterprise, member level, legacy flag) and its API key",
      body: accountBody,
    },
    async ({ body }) => {
      if (body.HeldFreeCertOn20230320 && body.Type !== "enterprise") {
        throw new ApiError(400, "InvalidParameter", "HeldFreeCertOn20230320 applies to enterprise accounts only", {
          field: "HeldFreeCertOn20230320",
          rule: "FREE-4",
        });
      }
      const id = `acc-${randomAlphanumeric(12)}`;
      const key = issueApiKey();
      await store.createAccount(
        {
          id,
          type: body.Type,
          memberLevel: body.MemberLevel ?? "standard",
          heldFreeCertOn20230320: body.HeldFreeCertOn20230320 ?? false,
          email: body.Email,
          phone: body.Phone,
          createdAt: now(),
        },
        { keyId: key.keyId, accountId: id, secretHash: key.secretHash },
      );
      return { AccountId: id, ApiKey: key.apiKey };
    },
  );

  service.route(
    "post",
    "/admin/registrar-domains",
    {
      summary: "Record a domain as registered with the platform's registrar (FREE-5)",
      body: z.strictObject({ Domain: z.string().min(1).max(1024) }),
    },
    async ({ body }) => {
      let domain: string;
      try {
        domain = normaliseName(body.Domain, { field: "Domain" });
        if (primaryDomain(domain) !== domain) {
          throw new ApiError(
            400,
            "InvalidParameter.DomainInvalid",
            `${domain} is not a registrable domain (its primary domain is ${primaryDomain(domain)})`,
            {
              field: "Domain",
              rule: "DOM-5",
            },
          );
        }
      } catch (error) {
        if (error instanceof NameError) {
          throw new ApiError(400, error.code, error.message, { field: "Domain", rule: error.rule });
        }
        throw error;
      }
      await store.addRegistrarDomain(domain, now());
      return { Domain: domain };
    },
  );
}
