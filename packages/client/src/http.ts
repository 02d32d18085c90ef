import { Pool } from "undici";

/** A refusal from the platform: the HTTP status and the vendor-style error code and field it named. */
export class PlatformError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly rule?: string,
  ) {
    super(`${code}: ${message}`);
    this.name = "PlatformError";
  }
}

/** A keep-alive connection pool to one origin that speaks JSON and turns error envelopes into PlatformErrors. */
export class JsonHttp {
  private readonly pool: Pool;

  constructor(
    readonly baseUrl: string,
    private readonly headers: Record<string, string>,
    connections = 16,
  ) {
    this.pool = new Pool(new URL(baseUrl).origin, { connections, pipelining: 1 });
  }

  async call<T>(method: "GET" | "POST" | "PUT" | "DELETE", path: string, body?: unknown): Promise<T> {
    const res = await this.pool.request({
      method,
      path,
      headers: { ...this.headers, ...(body === undefined ? {} : { "content-type": "application/json" }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.body.text();
    const json = text ? safeParse(text) : undefined;
    if (res.statusCode >= 400) {
      const error = (json as { error?: { code?: string; message?: string; field?: string; rule?: string } })?.error;
      throw new PlatformError(
        res.statusCode,
        error?.code ?? `HTTP${res.statusCode}`,
        error?.message ?? text.slice(0, 200),
        error?.field,
        error?.rule,
      );
    }
    return json as T;
  }

  close(): Promise<void> {
    return this.pool.close();
  }
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { error: { code: "MalformedResponse", message: text.slice(0, 200) } };
  }
}
