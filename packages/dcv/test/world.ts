import { type DnsServer, startDnsServer } from "@certsim/dns";
import { startWebHost, type WebHost } from "@certsim/web";
import { type CreateDcvOptions, createDcv, type Dcv } from "../src";

/** The part of the world a validation authority looks at: the real DNS server and the real web host, on loopback. */
export interface World {
  dns: DnsServer;
  web: WebHost;
  /** A validation authority pointed at this world (port 80 mapped to the web host). */
  dcv: Dcv;
  /** Another one with other options, closed with the world. */
  dcvWith(options: Partial<CreateDcvOptions>): Dcv;
  close(): Promise<void>;
}

export async function startWorld(zones: string[]): Promise<World> {
  const dns = await startDnsServer({ dnsPort: 0, apiPort: null });
  const web = await startWebHost();
  for (const zone of zones) dns.zones.createZone({ zone });
  const made: Dcv[] = [];
  const dcvWith = (options: Partial<CreateDcvOptions>) => {
    const dcv = createDcv({
      dns: { host: dns.host, port: dns.dnsPort },
      httpPortMap: { 80: web.port },
      timeoutMs: 2000,
      ...options,
    });
    made.push(dcv);
    return dcv;
  };
  const dcv = dcvWith({});
  return {
    dns,
    web,
    dcv,
    dcvWith,
    close: async () => {
      await Promise.all(made.map((d) => d.close()));
      await web.close();
      await dns.close();
    },
  };
}

/** A site on the web host whose name resolves to loopback at the simulated DNS server. */
export function addSite(world: World, host: string, files: Record<string, string> = {}) {
  world.dns.zones.addRecords({ name: host, type: "A", value: "127.0.0.1" });
  world.web.sites.addHost(host);
  for (const [path, body] of Object.entries(files)) world.web.sites.putFile({ host, path, body });
}

export const FILE_PATH = "/.well-known/pki-validation/fileauth.txt";
