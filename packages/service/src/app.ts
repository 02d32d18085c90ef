import express, { type ErrorRequestHandler, type Express, type Request, type Response } from "express";
import { z } from "zod";
import { ApiError, fromZodError } from "./errors";

/** Something that wants to know about requests in flight (the simulated clock, so "run until idle" waits for them). */
export interface InFlightTracker {
  track<T>(promise: Promise<T>): Promise<T>;
}

export type Method = "get" | "post" | "put" | "patch" | "delete";

export interface RouteSpec<B extends z.ZodType, Q extends z.ZodType> {
  summary: string;
  body?: B;
  query?: Q;
  /** Extra OpenAPI response descriptions, keyed by status. */
  responses?: Record<string, string>;
}

export interface Parsed<B extends z.ZodType, Q extends z.ZodType> {
  body: z.infer<B>;
  query: z.infer<Q>;
  params: Record<string, string>;
}

export interface ServiceOptions {
  name: string;
  version?: string;
  description?: string;
  /** Largest JSON body accepted; bigger ones get 413 RequestTooLarge. */
  bodyLimit?: string;
  /** Routes that take larger bodies than bodyLimit (e.g. an uploaded letter), each with its own limit. */
  largeBodies?: { method: Method; path: string; limit: string }[];
  tracker?: InFlightTracker;
}

/**
 * An express app with the conventions every certsim service shares: JSON bodies with a size limit, the error
 * envelope, `/healthz`, and an `/openapi.json` generated from the routes registered through `route()`.
 */
export class Service {
  readonly app: Express;
  private readonly paths: Record<string, Record<string, unknown>> = {};

  constructor(readonly options: ServiceOptions) {
    const app = express();
    app.disable("x-powered-by");
    app.set("etag", false);
    if (options.tracker) {
      const tracker = options.tracker;
      app.use((_req, res, next) => {
        void tracker.track(new Promise<void>((resolve) => res.once("close", () => resolve())));
        next();
      });
    }
    // A route with its own limit parses first; the general parser then leaves the parsed body alone.
    for (const { method, path, limit } of options.largeBodies ?? []) {
      app[method](path, express.json({ limit, strict: true, type: "application/json" }));
    }
    app.use(express.json({ limit: options.bodyLimit ?? "256kb", strict: true, type: "application/json" }));
    app.get("/healthz", (_req, res) => {
      res.json({ ok: true, service: options.name });
    });
    app.get("/openapi.json", (_req, res) => {
      res.json(this.openapi());
    });
    this.app = app;
  }

  /** Registers a JSON route; body and query are validated (unknown fields refused) before the handler runs. */
  route<B extends z.ZodType = z.ZodUndefined, Q extends z.ZodType = z.ZodUndefined>(
    method: Method,
    path: string,
    spec: RouteSpec<B, Q>,
    handler: (input: Parsed<B, Q>, req: Request, res: Response) => unknown,
  ): this {
    this.describe(method, path, spec);
    this.app[method](path, async (req: Request, res: Response) => {
      const body = spec.body ? parse(spec.body, req.body ?? {}, "body") : undefined;
      const query = spec.query ? parse(spec.query, { ...req.query }, "query") : undefined;
      const input = { body, query, params: req.params as Record<string, string> } as Parsed<B, Q>;
      const result = await handler(input, req, res);
      if (!res.headersSent) {
        if (result === undefined) res.status(204).end();
        else res.json(result);
      }
    });
    return this;
  }

  /** Adds the 404 and error handlers; call after every route is registered. */
  finish(): Express {
    this.app.use((req, _res, next) =>
      next(new ApiError(404, "UnsupportedOperation", `no route ${req.method} ${req.path}`)),
    );
    this.app.use(errorHandler);
    return this.app;
  }

  openapi() {
    return {
      openapi: "3.1.0",
      info: {
        title: this.options.name,
        version: this.options.version ?? "1.0.0",
        description: this.options.description,
      },
      paths: this.paths,
      components: {
        schemas: {
          Error: {
            type: "object",
            properties: {
              error: {
                type: "object",
                required: ["code", "message"],
                properties: {
                  code: { type: "string" },
                  message: { type: "string" },
                  field: { type: "string" },
                  rule: { type: "string" },
                },
              },
            },
          },
        },
      },
    };
  }

  private describe(method: Method, path: string, spec: RouteSpec<z.ZodType, z.ZodType>) {
    const openapiPath = path.replace(/:(\w+)/g, "{$1}");
    const params = [...path.matchAll(/:(\w+)/g)].map((m) => ({
      name: m[1],
      in: "path",
      required: true,
      schema: { type: "string" },
    }));
    const queryParams = spec.query ? queryParameters(spec.query) : [];
    const responses: Record<string, unknown> = {
      "200": { description: "OK" },
      "4XX": {
        description: "Bad input",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } },
      },
    };
    for (const [status, description] of Object.entries(spec.responses ?? {})) responses[status] = { description };
    this.paths[openapiPath] ??= {};
    this.paths[openapiPath]![method] = {
      summary: spec.summary,
      parameters: [...params, ...queryParams],
      ...(spec.body
        ? { requestBody: { required: true, content: { "application/json": { schema: jsonSchema(spec.body) } } } }
        : {}),
      responses,
    };
  }
}

function parse<T extends z.ZodType>(schema: T, value: unknown, where: string): z.infer<T> {
  const result = schema.safeParse(value);
  if (!result.success) throw fromZodError(result.error, where);
  return result.data;
}

function jsonSchema(schema: z.ZodType): unknown {
  try {
    return z.toJSONSchema(schema, { io: "input", unrepresentable: "any" });
  } catch {
    return {};
  }
}

function queryParameters(schema: z.ZodType) {
  const js = jsonSchema(schema) as { properties?: Record<string, unknown>; required?: string[] };
  return Object.entries(js.properties ?? {}).map(([name, s]) => ({
    name,
    in: "query",
    required: js.required?.includes(name) ?? false,
    schema: s,
  }));
}

/** Every error leaves as the envelope: ApiErrors as they are, body-parser errors as 4xx, the rest as a bare 500. */
export const errorHandler: ErrorRequestHandler = (err, _req, res, _next) => {
  const apiError = toApiError(err);
  if (apiError.status >= 500 && process.env.CERTSIM_LOG_ERRORS !== "0") console.error(err);
  if (res.headersSent) return;
  res.status(apiError.status).json(apiError.toJSON());
};

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as { type?: string; status?: number; message?: string };
  switch (e?.type) {
    case "entity.parse.failed":
      return new ApiError(400, "InvalidParameter.MalformedJson", "the request body is not valid JSON", {
        field: "body",
      });
    case "entity.too.large":
      return new ApiError(413, "InvalidParameter.RequestTooLarge", "the request body is too large", { field: "body" });
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError(415, "InvalidParameter.UnsupportedEncoding", e.message ?? "unsupported encoding");
  }
  if (typeof e?.status === "number" && e.status >= 400 && e.status < 500) {
    return new ApiError(e.status, "InvalidParameter", "the request could not be read");
  }
  return new ApiError(500, "InternalError", "internal error");
}
