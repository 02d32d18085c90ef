import { Service } from "@certsim/service";
import type { Express } from "express";
import { z } from "zod";
import type { SiteStore } from "./store";

const host = z.string().min(1).max(253);
const path = z.string().startsWith("/", "must start with /").max(2048);
const hostAndPath = z.strictObject({ host, path });

/**
 * The web host's management API: what the customer's hosting panel (a scenario, a test) uses to put files,
 * redirects and faults on their sites, and to read back which requests the CAs made.
 */
export function managementApi(sites: SiteStore): Express {
  const service = new Service({
    name: "web",
    description: "Virtual hosts serving files and redirects, with faults and request history.",
    bodyLimit: "2mb",
  });

  service
    .route("get", "/hosts", { summary: "list hosts" }, () => ({ hosts: sites.hosts() }))
    .route("post", "/hosts", { summary: "create a host (idempotent)", body: z.strictObject({ host }) }, ({ body }) => ({
      host: sites.addHost(body.host),
    }))
    .route("get", "/hosts/:host", { summary: "a host's files, redirects and faults" }, ({ params }) =>
      sites.site(params.host ?? ""),
    )
    .route("delete", "/hosts/:host", { summary: "delete a host and everything on it" }, ({ params }) => {
      sites.removeHost(params.host ?? "");
    })
    .route(
      "put",
      "/files",
      {
        summary: "put a file on a host (creates the host; replaces a file or redirect at the path)",
        body: z.strictObject({
          host,
          path,
          body: z.string(),
          status: z.number().int().min(200).max(599).optional(),
          contentType: z.string().min(1).max(200).optional(),
        }),
      },
      ({ body }) => {
        const { body: _content, ...file } = sites.putFile(body);
        return { ...file, size: Buffer.byteLength(body.body, "utf8") };
      },
    )
    .route("delete", "/files", { summary: "delete a file", body: hostAndPath }, ({ body }) => {
      sites.deleteFile(body.host, body.path);
    })
    .route(
      "put",
      "/redirects",
      {
        summary: "redirect a path (creates the host; replaces a file or redirect at the path)",
        body: z.strictObject({
          host,
          path,
          location: z.string().min(1).max(2048),
          status: z.union([z.literal(301), z.literal(302), z.literal(307), z.literal(308)]),
        }),
      },
      ({ body }) => sites.putRedirect(body),
    )
    .route("delete", "/redirects", { summary: "delete a redirect", body: hostAndPath }, ({ body }) => {
      sites.deleteRedirect(body.host, body.path);
    })
    .route(
      "put",
      "/faults",
      {
        summary: "make a path (or, without path, the whole host) fail: a 5xx status, a hang or a reset",
        body: z.strictObject({
          host,
          path: path.optional(),
          kind: z.enum(["status", "hang", "reset"]),
          status: z.number().int().min(500).max(599).optional(),
        }),
      },
      ({ body }) => sites.setFault(body),
    )
    .route(
      "delete",
      "/faults",
      {
        summary: "clear a path's fault (or, without path, the whole-host fault)",
        body: z.strictObject({ host, path: path.optional() }),
      },
      ({ body }) => {
        sites.clearFault(body.host, body.path);
      },
    )
    .route(
      "get",
      "/history",
      {
        summary: "requests the web server received, oldest first",
        query: z.strictObject({
          host: z.string().optional(),
          path: z.string().optional(),
          limit: z.coerce.number().int().min(1).max(10_000).optional(),
        }),
      },
      ({ query }) => ({ requests: sites.history(query) }),
    )
    .route(
      "delete",
      "/history",
      {
        summary: "forget the request history (of one host, or all)",
        query: z.strictObject({ host: z.string().optional() }),
      },
      ({ query }) => ({ cleared: sites.clearHistory(query) }),
    );
  return service.finish();
}
