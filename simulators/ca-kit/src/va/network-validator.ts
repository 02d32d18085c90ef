// The CA's own network checks (DCV-4), used until `@certsim/dcv` exists: DNS questions go to the world's
// authoritative server through an explicit Resolver, HTTP connects to the address a name has *there* (an undici
// Agent whose lookup asks that server), never the machine's resolver.
import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import { type CaaRecord, caaLookupChain, decideCaa, primaryDomain } from "@certsim/names";
import { Agent, buildConnector, request } from "undici";
import { type CaaVerdict, LOCAL_CHECK, type Validator, type ValidatorResult } from "./validator";

export interface NetworkValidatorOptions {
  /** The world's authoritative DNS server. */
  dns: { host: string; port: number };
  /** Where a URL's port really listens, e.g. `{ 80: webPort }`: the web host serves every site on one port. */
  httpPortMap?: Record<number, number>;
  /** Real-time limit of one DNS question or HTTP exchange. Default 5 s. */
  timeoutMs?: number;
}

const MAX_CNAME_HOPS = 8;
const MAX_REDIRECTS = 2; // DCV-5
const REDIRECT_STATUSES = new Set([301, 302, 307, 308]);
const MAX_FILE_BYTES = 64 * 1024;

type LookupCallback = (
  err: Error | null,
  address?: string | { address: string; family: number }[],
  family?: number,
) => void;

/**
 * Whether an error from the resolver means "no such record here" rather than "the DNS failed". REFUSED counts as
 * no data: the world's one authoritative server refuses names outside its zones (there is no TLD server to ask),
 * which in the real world would be an empty answer from the parent.
 */
function isNoData(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === "ENODATA" || code === "ENOTFOUND" || code === "NOTFOUND" || code === "ENONAME" || code === "EREFUSED";
}

function errorText(error: unknown): string {
  const e = error as { code?: string; message?: string };
  return e.code ?? e.message ?? String(error);
}

export function createNetworkValidator(options: NetworkValidatorOptions): Validator {
  const timeoutMs = options.timeoutMs ?? 5000;
  const resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
  resolver.setServers([`${options.dns.host}:${options.dns.port}`]);
  const portMap = options.httpPortMap ?? {};

  const lookup = (hostname: string, opts: { all?: boolean }, callback: LookupCallback) => {
    resolver.resolve4(hostname).then(
      (addresses) => {
        // Only loopback: a simulated name must never send traffic anywhere else.
        const usable = addresses.filter((address) => address.startsWith("127."));
        if (usable.length === 0) {
          const err = Object.assign(new Error(`${hostname} has no loopback address in the simulated DNS`), {
            code: "ENOTFOUND",
          });
          callback(err);
          return;
        }
        if (opts.all)
          callback(
            null,
            usable.map((address) => ({ address, family: 4 })),
          );
        else callback(null, usable[0], 4);
      },
      (error: Error) => callback(error),
    );
  };
  const connector = buildConnector({ lookup, timeout: timeoutMs } as buildConnector.BuildOptions);
  const agent = new Agent({
    connect: (opts, callback) => {
      const defaultPort = opts.protocol === "https:" ? 443 : 80;
      const port = Number(opts.port || defaultPort);
      if (isIP(opts.hostname) && !opts.hostname.startsWith("127.")) {
        callback(new Error(`refusing to connect to ${opts.hostname}: outside the simulated world`), null);
        return;
      }
      connector({ ...opts, port: String(portMap[port] ?? port) }, callback);
    },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
  });

  async function txtValues(name: string, seen: string[]): Promise<string[] | "missing"> {
    let current = name;
    for (let hop = 0; hop <= MAX_CNAME_HOPS; hop++) {
      try {
        return (await resolver.resolveTxt(current)).map((chunks) => chunks.join(""));
      } catch (error) {
        if (!isNoData(error)) throw error;
      }
      // DCV-6: no TXT here; follow a CNAME if there is one.
      let targets: string[];
      try {
        targets = await resolver.resolveCname(current);
      } catch (error) {
        if (isNoData(error)) return "missing";
        throw error;
      }
      if (targets.length === 0) return "missing";
      current = targets[0]!;
      seen.push(`CNAME ${current}`);
    }
    return "missing";
  }

  return {
    async checkTxt(name, expected): Promise<ValidatorResult> {
      const chain: string[] = [];
      const result = (status: ValidatorResult["status"], seen: string[], localCheck: number, reason: string) => ({
        name,
        method: "TXT" as const,
        status,
        seen,
        localCheck,
        reason,
      });
      try {
        const values = await txtValues(name, chain);
        if (values === "missing" || values.length === 0) {
          return result("missing", chain, LOCAL_CHECK.txtMissing, `no TXT record at ${name}`);
        }
        if (values.includes(expected)) return result("found", values, LOCAL_CHECK.passed, `TXT at ${name} matches`);
        return result("mismatch", values, LOCAL_CHECK.txtMismatch, `TXT at ${name} holds other values`);
      } catch (error) {
        return result("error", chain, LOCAL_CHECK.txtMissing, `DNS lookup of ${name} failed: ${errorText(error)}`);
      }
    },

    async checkCname(name, expected): Promise<ValidatorResult> {
      const result = (status: ValidatorResult["status"], seen: string[], localCheck: number, reason: string) => ({
        name,
        method: "CNAME" as const,
        status,
        seen,
        localCheck,
        reason,
      });
      try {
        const targets = (await resolver.resolveCname(name)).map((t) => t.toLowerCase().replace(/\.$/, ""));
        const want = expected.toLowerCase().replace(/\.$/, "");
        if (targets.length === 0) return result("missing", [], LOCAL_CHECK.cnameMissing, `no CNAME at ${name}`);
        if (targets.includes(want)) return result("found", targets, LOCAL_CHECK.passed, `CNAME at ${name} matches`);
        return result("mismatch", targets, LOCAL_CHECK.cnameMismatch, `CNAME at ${name} points elsewhere`);
      } catch (error) {
        if (isNoData(error)) return result("missing", [], LOCAL_CHECK.cnameMissing, `no CNAME at ${name}`);
        return result("error", [], LOCAL_CHECK.cnameMissing, `DNS lookup of ${name} failed: ${errorText(error)}`);
      }
    },

    async checkFile({ name, path, expected }): Promise<ValidatorResult> {
      const result = (status: ValidatorResult["status"], seen: string[], localCheck: number, reason: string) => ({
        name,
        method: "FILE" as const,
        status,
        seen,
        localCheck,
        reason,
      });
      const home = primaryDomain(name);
      let url = new URL(`http://${name}${path}`);
      for (let redirects = 0; ; redirects++) {
        let response: Awaited<ReturnType<typeof request>>;
        try {
          response = await request(url, { dispatcher: agent, method: "GET", headers: { "user-agent": "certsim-ca" } });
        } catch (error) {
          return result("error", [], LOCAL_CHECK.fileMissing, `fetching ${url.href} failed: ${errorText(error)}`);
        }
        const status = response.statusCode;
        if (REDIRECT_STATUSES.has(status)) {
          await response.body.dump();
          const location = response.headers.location;
          const target = typeof location === "string" ? safeUrl(location, url) : undefined;
          if (!target) return result("missing", [], LOCAL_CHECK.fileMissing, `${url.href} redirects nowhere`);
          if (redirects + 1 > MAX_REDIRECTS) {
            return result(
              "missing",
              [target.href],
              LOCAL_CHECK.fileMissing,
              `more than ${MAX_REDIRECTS} redirects from http://${name}${path} (DCV-5)`,
            );
          }
          const targetHost = target.hostname.toLowerCase();
          if (isIP(targetHost) || primaryDomain(targetHost) !== home) {
            return result(
              "missing",
              [target.href],
              LOCAL_CHECK.fileMissing,
              `${url.href} redirects outside ${home} to ${target.host} (DCV-5)`,
            );
          }
          url = target;
          continue;
        }
        if (status < 200 || status > 299) {
          await response.body.dump();
          return result("missing", [], LOCAL_CHECK.fileMissing, `${url.href} answered HTTP ${status}`);
        }
        const body = await readLimited(response.body);
        const content = body.trim();
        if (content === expected) return result("found", [content], LOCAL_CHECK.passed, `${url.href} holds the value`);
        return result("mismatch", [content.slice(0, 200)], LOCAL_CHECK.fileMismatch, `${url.href} holds another value`);
      }
    },

    async evaluateCaa(name, { identity, wildcard }): Promise<CaaVerdict> {
      for (const at of caaLookupChain(name)) {
        let records: CaaRecord[];
        try {
          records = (await resolver.resolveCaa(at)).map((answer) =>
            toCaaRecord(answer as unknown as Record<string, unknown>),
          );
        } catch (error) {
          if (isNoData(error)) continue;
          return {
            allowed: false,
            outcome: "lookup-failed",
            reason: `CAA lookup at ${at} failed: ${errorText(error)}`,
            at,
          };
        }
        if (records.length === 0) continue;
        return decideCaa(records, { identity, wildcard, at });
      }
      return { allowed: true, outcome: "no-caa", reason: `no CAA records at ${name} or any parent` };
    },

    async close() {
      await agent.close();
    },
  };
}

function safeUrl(location: string, base: URL): URL | undefined {
  try {
    const url = new URL(location, base);
    return url.protocol === "http:" || url.protocol === "https:" ? url : undefined;
  } catch {
    return undefined;
  }
}

async function readLimited(body: AsyncIterable<Buffer>): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of body) {
    chunks.push(chunk);
    size += chunk.length;
    if (size >= MAX_FILE_BYTES) break;
  }
  return Buffer.concat(chunks).subarray(0, MAX_FILE_BYTES).toString("utf8");
}

/** Node answers CAA as `{ critical, <tag>: value }`; the names package wants `{ flags, tag, value }`. */
function toCaaRecord(answer: Record<string, unknown>): CaaRecord {
  const flags = Number(answer.critical ?? 0);
  const entry = Object.entries(answer).find(([key]) => key !== "critical");
  return { flags, tag: entry?.[0] ?? "", value: String(entry?.[1] ?? "") };
}
