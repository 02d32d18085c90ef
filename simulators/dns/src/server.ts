import { type InFlightTracker, listen } from "@certsim/service";
import { managementApi } from "./api";
import { QueryHistory } from "./history";
import { Responder, type ResponderStats } from "./responder";
import type { Scheduler } from "./scheduler";
import { listenDns } from "./transport";
import { ZoneStore } from "./zone-store";

export interface DnsServerOptions {
  /** UDP and TCP port (the same number for both); 0, the default, picks a free one. */
  dnsPort?: number;
  /** Management API port; 0, the default, picks a free one. Null serves no API (in-process use only). */
  apiPort?: number | null;
  host?: string;
  /** SQLite file for zones, records and faults; ":memory:" (the default) keeps nothing after close. */
  dbPath?: string;
  /** The simulated clock: propagation delays run on it and history is stamped with its time. */
  scheduler?: Scheduler;
  /** Server-wide delay (simulated ms) before a record change is visible; zones may override. Needs a scheduler. */
  propagationDelayMs?: number;
  /** NS names for new zones' apex (the first is also the SOA MNAME). */
  nameservers?: readonly string[];
  /** Queries kept in the history before the oldest are dropped. */
  historyLimit?: number;
  /** Idle TCP connections are closed after this many real ms. */
  tcpIdleTimeoutMs?: number;
  /** Told about API requests in flight, so a manual clock's "run until idle" waits for them. */
  tracker?: InFlightTracker;
}

export interface DnsServer {
  host: string;
  dnsPort: number;
  /** The management API's base URL, or null when started without one. */
  apiUrl: string | null;
  zones: ZoneStore;
  history: QueryHistory;
  stats(): ResponderStats;
  close(): Promise<void>;
}

/** Starts the authoritative DNS server (UDP and TCP) and its management API on loopback. */
export async function startDnsServer(options: DnsServerOptions = {}): Promise<DnsServer> {
  const host = options.host ?? "127.0.0.1";
  const zones = ZoneStore.open({
    dbPath: options.dbPath ?? ":memory:",
    scheduler: options.scheduler,
    propagationDelayMs: options.propagationDelayMs,
    nameservers: options.nameservers,
  });
  const history = new QueryHistory(options.historyLimit);
  const now = options.scheduler ? () => options.scheduler!.nowMs() : Date.now;
  const responder = new Responder(zones, history, now);
  const closers: (() => Promise<void>)[] = [];
  try {
    const dns = await listenDns(responder, {
      port: options.dnsPort ?? 0,
      host,
      tcpIdleTimeoutMs: options.tcpIdleTimeoutMs ?? 10_000,
    });
    closers.push(dns.close);
    let apiUrl: string | null = null;
    if (options.apiPort !== null) {
      const api = await listen(
        managementApi({ zones, history, stats: () => ({ ...responder.stats }), tracker: options.tracker }),
        options.apiPort ?? 0,
        host,
      );
      closers.push(api.close);
      apiUrl = api.url;
    }
    let closed = false;
    return {
      host,
      dnsPort: dns.port,
      apiUrl,
      zones,
      history,
      stats: () => ({ ...responder.stats }),
      close: async () => {
        if (closed) return;
        closed = true;
        await Promise.all(closers.map((c) => c()));
        zones.close();
      },
    };
  } catch (error) {
    await Promise.all(closers.map((c) => c()));
    zones.close();
    throw error;
  }
}
