import { listen } from "@certsim/service";
import { managementApi } from "./api";
import { startSiteServer } from "./server";
import { SiteStore } from "./store";
import type { TimeSource } from "./time";

export interface WebHostOptions {
  /** Port of the websites (0 or absent: any free port). */
  port?: number;
  /** Port of the management API (0 or absent: any free port). */
  apiPort?: number;
  /** Address both servers listen on; loopback by default. */
  host?: string;
  /** SQLite file holding the sites and history; ":memory:" (the default) keeps nothing. */
  dbPath?: string;
  time?: TimeSource;
}

export interface WebHost {
  /** Port of the websites. */
  port: number;
  /** Base URL of the websites on the listening address (send the site's name in the Host header). */
  url: string;
  apiUrl: string;
  sites: SiteStore;
  close(): Promise<void>;
}

/** Starts the web host: the virtual-host web server and its management API, over one store. */
export async function startWebHost(options: WebHostOptions = {}): Promise<WebHost> {
  const address = options.host ?? "127.0.0.1";
  const sites = new SiteStore(options.dbPath ?? ":memory:", options.time);
  try {
    const web = await startSiteServer(sites, options.port ?? 0, address);
    const api = await listen(managementApi(sites), options.apiPort ?? 0, address).catch(async (e) => {
      await web.close();
      throw e;
    });
    return {
      port: web.port,
      url: web.url,
      apiUrl: api.url,
      sites,
      close: async () => {
        await Promise.all([web.close(), api.close()]);
        sites.close();
      },
    };
  } catch (e) {
    sites.close();
    throw e;
  }
}
