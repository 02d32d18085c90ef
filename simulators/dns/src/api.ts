import { type InFlightTracker, notFound, Service } from "@certsim/service";
import type { Express } from "express";
import { z } from "zod";
import type { QueryHistory } from "./history";
import type { ResponderStats } from "./responder";
import type { ZoneStore } from "./zone-store";

const MAX_TTL = 0x7fffffff;

const caaObject = z.strictObject({
  flags: z.number().int().min(0).max(255).optional(),
  tag: z.string(),
  value: z.string(),
});
/** A record value: a string (address, target, TXT text, or CAA as `0 issue "ca"`), TXT strings, or a CAA object. */
const recordValue = z.union([z.string(), z.array(z.string()), caaObject]);
const recordType = z.string().describe("A, AAAA, CNAME, TXT, CAA or NS");
const delay = z.number().int().min(0).nullable().optional().describe("simulated ms before record changes are visible");

export interface ApiDeps {
  zones: ZoneStore;
  history: QueryHistory;
  stats: () => ResponderStats;
  tracker?: InFlightTracker;
}

/** The management API: one verb per action, in the manner of Pebble's challtestsrv. */
export function managementApi({ zones, history, stats, tracker }: ApiDeps): Express {
  const service = new Service({
    name: "dns",
    description: "The world's authoritative DNS server: zones, records, faults and the history of queries.",
    bodyLimit: "512kb",
    tracker,
  });

  service.route(
    "post",
    "/zones",
    {
      summary: "Create a zone (SOA and NS are created with it)",
      body: z.strictObject({ zone: z.string(), hostedAtPlatform: z.boolean().optional(), propagationDelayMs: delay }),
      responses: { "201": "Created", "409": "The zone exists" },
    },
    ({ body }, _req, res) => {
      const zone = zones.createZone(body);
      res.status(201);
      return zone;
    },
  );
  service.route(
    "get",
    "/zones",
    { summary: "List zones", query: z.strictObject({ hostedAtPlatform: z.enum(["true", "false"]).optional() }) },
    ({ query }) => ({
      zones: zones.listZones(
        query.hostedAtPlatform === undefined ? {} : { hostedAtPlatform: query.hostedAtPlatform === "true" },
      ),
    }),
  );
  service.route("get", "/zones/:zone", { summary: "A zone with its records and pending changes" }, ({ params }) => {
    const zone = zones.getZone(params.zone!);
    if (!zone) throw notFound(`zone ${params.zone}`, "ResourceNotFound.Zone");
    return zone;
  });
  service.route(
    "patch",
    "/zones/:zone",
    {
      summary: "Change whether a zone is hosted at the platform, or its propagation delay",
      body: z.strictObject({ hostedAtPlatform: z.boolean().optional(), propagationDelayMs: delay }),
    },
    ({ params, body }) => zones.updateZone(params.zone!, body),
  );
  service.route("delete", "/zones/:zone", { summary: "Delete a zone and its records" }, ({ params }) => {
    if (!zones.deleteZone(params.zone!)) throw notFound(`zone ${params.zone}`, "ResourceNotFound.Zone");
  });

  service.route(
    "get",
    "/records",
    {
      summary: "Record sets as last set (visible or still propagating)",
      query: z.strictObject({ zone: z.string().optional(), name: z.string().optional(), type: z.string().optional() }),
    },
    ({ query }) => ({ records: zones.listRecords(query) }),
  );
  service.route(
    "post",
    "/records",
    {
      summary: "Add records to a set",
      body: z.strictObject({
        name: z.string(),
        type: recordType,
        value: recordValue.optional(),
        values: z.array(recordValue).optional(),
        ttl: z.number().int().min(0).max(MAX_TTL).optional(),
      }),
    },
    ({ body }) => zones.addRecords(body),
  );
  service.route(
    "put",
    "/records",
    {
      summary: "Replace a record set (an empty list removes it)",
      body: z.strictObject({
        name: z.string(),
        type: recordType,
        values: z.array(recordValue),
        ttl: z.number().int().min(0).max(MAX_TTL).optional(),
      }),
    },
    ({ body }) => zones.replaceRecords(body),
  );
  service.route(
    "delete",
    "/records",
    {
      summary: "Remove one record, or the whole set when no value is given",
      body: z.strictObject({ name: z.string(), type: recordType, value: recordValue.optional() }),
    },
    ({ body }) => zones.removeRecords(body),
  );

  service.route("get", "/faults", { summary: "Names that answer SERVFAIL or not at all" }, () => ({
    faults: zones.listFaults(),
  }));
  service.route(
    "post",
    "/faults",
    {
      summary: "Make queries for a name fail: SERVFAIL, or no answer at all (drop)",
      body: z.strictObject({ name: z.string(), kind: z.enum(["servfail", "drop"]) }),
    },
    ({ body }) => {
      zones.setFault(body.name, body.kind);
    },
  );
  service.route(
    "delete",
    "/faults",
    { summary: "Clear a name's fault", body: z.strictObject({ name: z.string() }) },
    ({ body }) => ({ cleared: zones.clearFault(body.name) }),
  );

  service.route(
    "get",
    "/history",
    {
      summary: "Queries received, oldest first",
      query: z.strictObject({
        name: z.string().optional(),
        type: z.string().optional(),
        transport: z.enum(["udp", "tcp"]).optional(),
        limit: z.coerce.number().int().min(0).optional(),
      }),
    },
    ({ query }) => ({ queries: history.list(query), dropped: history.dropped }),
  );
  service.route("delete", "/history", { summary: "Forget the query history" }, () => {
    history.clear();
  });
  service.route(
    "get",
    "/stats",
    { summary: "Counters: queries answered, malformed messages, internal errors" },
    () => ({
      ...stats(),
      historySize: history.size,
    }),
  );

  return service.finish();
}
