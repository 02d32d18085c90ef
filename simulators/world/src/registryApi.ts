import type { Service } from "@certsim/service";
import { z } from "zod";
import { ORGANISATION_STATUSES } from "./organisation";
import type { BusinessRegistry } from "./registry";

// Types and sizes are checked here; the registry checks the content, so in-process callers get the same errors.
const line = z.string().max(1000);
const organisation = z.strictObject({
  name: line,
  registrationNumber: line,
  address: line,
  city: line,
  province: line.nullable().optional(),
  country: line.optional(),
  phone: line,
  legalRepresentative: line.nullable().optional(),
  status: z.enum(ORGANISATION_STATUSES).optional(),
  registeredAt: line.optional(),
});
const claim = line.min(1);

/** The business registry's routes: managed by scenarios, asked by the CAs' reviewers (OV-5). */
export function registryRoutes(service: Service, registry: BusinessRegistry): Service {
  return service
    .route(
      "post",
      "/registry/organisations",
      {
        summary: "register an organisation",
        body: organisation,
        responses: { "409": "the registration number or the name is already registered" },
      },
      ({ body }, _req, res) => {
        res.status(201);
        return registry.register(body);
      },
    )
    .route(
      "get",
      "/registry/organisations",
      {
        summary: "organisations whose name contains `name` and/or with `registrationNumber`, by name",
        query: z.strictObject({ name: line.optional(), registrationNumber: line.optional() }),
      },
      ({ query }) => ({
        // An empty parameter (a blank search form) filters nothing.
        organisations: registry.search({
          name: query.name || undefined,
          registrationNumber: query.registrationNumber || undefined,
        }),
      }),
    )
    .route("get", "/registry/organisations/:registrationNumber", { summary: "one organisation" }, ({ params }) =>
      registry.get(params.registrationNumber ?? ""),
    )
    .route(
      "put",
      "/registry/organisations/:registrationNumber",
      {
        summary: "change an organisation's record (absent fields stay; null clears an optional one)",
        body: organisation.partial(),
        responses: { "409": "the new name is already registered" },
      },
      ({ params, body }) => registry.update(params.registrationNumber ?? "", body),
    )
    .route(
      "delete",
      "/registry/organisations/:registrationNumber",
      { summary: "strike an organisation from the registry" },
      ({ params }) => {
        registry.remove(params.registrationNumber ?? "");
        return undefined;
      },
    )
    .route(
      "post",
      "/registry/verify",
      {
        summary: "OV-5: compare an applicant's claim with the registry; `{ ok }` or the mismatching fields",
        body: z.strictObject({ name: claim, registrationNumber: claim, address: claim, phone: claim }),
      },
      ({ body }) => registry.verify(body),
    );
}
