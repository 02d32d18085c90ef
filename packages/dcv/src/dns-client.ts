import { Resolver } from "node:dns/promises";
import { isIP } from "node:net";
import type { CaaRecord } from "@certsim/names";
import { comparableName, dnsName } from "./dns-name";
import { DcvError } from "./errors";
import type { LookupResult, LookupStatus, LookupType } from "./types";

/** CNAME targets followed before giving up (a loop is caught sooner). */
export const MAX_CNAME_HOPS = 8;

type Answer<T> = { ok: true; values: T[] } | { ok: false; status: Exclude<LookupStatus, "ok">; code: string };

// c-ares error codes as Node reports them, by what they say about the name.
const STATUS_BY_CODE: Record<string, Exclude<LookupStatus, "ok">> = {
  ENOTFOUND: "nxdomain",
  ENODATA: "nodata",
  EREFUSED: "refused",
  ESERVFAIL: "servfail",
  ETIMEOUT: "timeout",
};

/**
 * DNS questions to the world's authoritative server and nowhere else (DCV-4): one `Resolver` whose only server is
 * the simulated one. It never calls `dns.lookup` (the machine's resolver, /etc/hosts) and keeps no cache, so
 * every check sees the zone as it is now. Failures come back as a status, never as an exception.
 */
export class SimulatedDns {
  private readonly resolver: Resolver;

  constructor(
    server: { host: string; port: number },
    private readonly timeoutMs: number,
  ) {
    if (isIP(server.host) === 0) {
      throw new DcvError(
        "InvalidOption",
        "DCV-4",
        `dns.host must be an IP address, not ${JSON.stringify(server.host)}`,
      );
    }
    if (!Number.isInteger(server.port) || server.port < 1 || server.port > 65535) {
      throw new DcvError("InvalidOption", "DCV-4", `dns.port must be a port number, not ${server.port}`);
    }
    this.resolver = new Resolver({ timeout: timeoutMs, tries: 1 });
    const host = isIP(server.host) === 6 ? `[${server.host}]` : server.host;
    this.resolver.setServers([`${host}:${server.port}`]);
  }

  lookupTxt(name: string): Promise<LookupResult<string>> {
    return this.resolveChained(name, "TXT", async (n) =>
      (await this.resolver.resolveTxt(n)).map((strings) => strings.join("")),
    );
  }

  lookupA(name: string): Promise<LookupResult<string>> {
    return this.resolveChained(name, "A", (n) => this.resolver.resolve4(n));
  }

  lookupCaa(name: string): Promise<LookupResult<CaaRecord>> {
    return this.resolveChained(name, "CAA", async (n) => (await this.resolver.resolveCaa(n)).map(toCaaRecord));
  }

  /** Follows the CNAME chain at `name` one hop per question; `values` and `chain` hold every target in order. */
  async lookupCname(input: string): Promise<LookupResult<string>> {
    const name = dnsName(input);
    if (name === undefined) return invalidName(input, "CNAME");
    const chain: string[] = [];
    const visited = new Set([name]);
    let current = name;
    for (;;) {
      const alias = await this.ask(() => this.resolver.resolveCname(current));
      const target = alias.ok ? alias.values[0] : undefined;
      if (target === undefined) {
        const status = alias.ok ? "nodata" : alias.status;
        // The chain ends where a name has no CNAME, whether or not that name has other data or exists.
        if (chain.length > 0 && (status === "nodata" || status === "nxdomain" || status === "refused")) {
          return { name, type: "CNAME", status: "ok", values: chain, chain, reason: `CNAME ${via(name, chain)}` };
        }
        const reason = this.failure(status, "CNAME", current, alias.ok ? "" : alias.code);
        return { name, type: "CNAME", status, values: [], chain, reason: withChain(reason, name, chain) };
      }
      const next = comparableName(target);
      chain.push(next);
      if (visited.has(next) || chain.length > MAX_CNAME_HOPS) {
        return { name, type: "CNAME", status: "cname-loop", values: chain, chain, reason: loopReason(name, chain) };
      }
      visited.add(next);
      current = next;
    }
  }

  /** Stops every question in flight (they end with status `error`). */
  cancel() {
    this.resolver.cancel();
  }

  /**
   * Asks `type` at `name`; when the name has none (NODATA, or an answer that holds only the CNAMEs of a chain the
   * server could not finish inside its zones) and is an alias, asks again at its target (DCV-6), loop-safe.
   */
  private async resolveChained<T>(
    input: string,
    type: Exclude<LookupType, "CNAME">,
    query: (name: string) => Promise<T[]>,
  ): Promise<LookupResult<T>> {
    const name = dnsName(input);
    if (name === undefined) return invalidName(input, type);
    const chain: string[] = [];
    const visited = new Set([name]);
    let current = name;
    const end = (status: LookupStatus, reason: string): LookupResult<T> => ({
      name,
      type,
      status,
      values: [],
      chain,
      reason: withChain(reason, name, chain),
    });
    for (;;) {
      const answer = await this.ask(() => query(current));
      if (answer.ok && answer.values.length > 0) {
        const count = `${answer.values.length} ${type} record${answer.values.length === 1 ? "" : "s"}`;
        const where = chain.length > 0 ? via(name, chain) : `at ${name}`;
        return { name, type, status: "ok", values: answer.values, chain, reason: `${count} ${where}` };
      }
      if (!answer.ok && answer.status !== "nodata")
        return end(answer.status, this.failure(answer.status, type, current, answer.code));
      const alias = await this.ask(() => this.resolver.resolveCname(current));
      const target = alias.ok ? alias.values[0] : undefined;
      if (target === undefined) {
        if (!alias.ok && (alias.status === "servfail" || alias.status === "timeout" || alias.status === "error")) {
          return end(alias.status, this.failure(alias.status, "CNAME", current, alias.code));
        }
        return end("nodata", this.failure("nodata", type, current, ""));
      }
      const next = comparableName(target);
      chain.push(next);
      if (visited.has(next) || chain.length > MAX_CNAME_HOPS) {
        return { name, type, status: "cname-loop", values: [], chain, reason: loopReason(name, chain) };
      }
      visited.add(next);
      current = next;
    }
  }

  private async ask<T>(question: () => Promise<T[]>): Promise<Answer<T>> {
    try {
      return { ok: true, values: await question() };
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? "unknown");
      return { ok: false, status: STATUS_BY_CODE[code] ?? "error", code };
    }
  }

  private failure(status: Exclude<LookupStatus, "ok">, type: LookupType, name: string, code: string): string {
    switch (status) {
      case "nxdomain":
        return `${name} does not exist (NXDOMAIN)`;
      case "nodata":
        return `no ${type} record at ${name}`;
      case "refused":
        return `${name} is in no zone of the simulated DNS server (REFUSED): it exists nowhere`;
      case "servfail":
        return `the DNS server failed on ${type} ${name} (SERVFAIL)`;
      case "timeout":
        return `no answer to ${type} ${name} within ${this.timeoutMs} ms`;
      case "cname-loop":
        return `CNAME loop at ${name}`;
      case "error":
        return `DNS question ${type} ${name} failed (${code})`;
    }
  }
}

function via(name: string, chain: readonly string[]): string {
  return `via CNAME ${[name, ...chain].join(" → ")}`;
}

function withChain(reason: string, name: string, chain: readonly string[]): string {
  return chain.length > 0 ? `${reason} (${via(name, chain)})` : reason;
}

function loopReason(name: string, chain: readonly string[]): string {
  const path = [name, ...chain].join(" → ");
  return chain.length > MAX_CNAME_HOPS
    ? `CNAME chain from ${name} longer than ${MAX_CNAME_HOPS} hops: ${path}`
    : `CNAME loop: ${path}`;
}

function invalidName<T>(input: string, type: LookupType): LookupResult<T> {
  const shown = JSON.stringify(input.length > 80 ? `${input.slice(0, 80)}…` : input);
  return { name: input, type, status: "error", values: [], chain: [], reason: `${shown} is not a DNS name` };
}

/** Node answers CAA as `{ critical, <tag>: value }`; `@certsim/names` wants `{ flags, tag, value }`. */
function toCaaRecord(answer: object): CaaRecord {
  const fields = Object.entries(answer) as [string, unknown][];
  const flags = Number(fields.find(([key]) => key === "critical")?.[1] ?? 0);
  const [tag, value] = fields.find(([key]) => key !== "critical") ?? ["", ""];
  return { flags, tag, value: String(value) };
}
