import { isIP } from "node:net";
import { Agent, buildConnector } from "undici";
import type { SimulatedDns } from "./dns-client";
import type { LookupResult } from "./types";

/**
 * Why a connection was not even attempted: the name has no usable address at the simulated DNS server, or the
 * address lies outside the simulated world (anything but loopback). `lookup` is the A lookup, when one was made.
 */
export class AddressError extends Error {
  readonly code = "DCV_NO_ADDRESS";

  constructor(
    message: string,
    readonly lookup?: LookupResult<string>,
  ) {
    super(message);
    this.name = "AddressError";
  }
}

/** The simulated world lives on loopback; a simulated name must never send traffic anywhere else. */
export function isLoopback(address: string): boolean {
  const ip = address.replace(/^\[|\]$/g, "").toLowerCase();
  if (isIP(ip) === 4) return ip.startsWith("127.");
  return ip === "::1" || ip.startsWith("::ffff:127.");
}

// Handed to net.connect as a guard: the connector always passes an IP address, so Node never calls it. Should it
// ever be called, it refuses instead of falling back to the machine's resolver (dns.lookup, /etc/hosts).
function refuseSystemLookup(hostname: string, _options: unknown, callback: (error: Error) => void) {
  callback(new AddressError(`refusing to resolve ${hostname} through the machine's resolver`));
}

/**
 * An undici Agent whose every connection goes to the address the host name has at the simulated DNS server (an A
 * lookup there, never `dns.lookup`), on loopback only, with the URL's port mapped through `portMap` (the web host
 * serves every site on one port). Certificates of https targets are not checked: an HTTPS redirect target is
 * fetched as Let's Encrypt's validation authority does, for the content only.
 */
export function simulatedAgent(options: {
  dns: SimulatedDns;
  portMap: Readonly<Record<number, number>>;
  timeoutMs: number;
}): Agent {
  const connector = buildConnector({
    timeout: options.timeoutMs,
    rejectUnauthorized: false,
    lookup: refuseSystemLookup,
  } as buildConnector.BuildOptions);

  async function addressOf(hostname: string): Promise<string> {
    const literal = hostname.replace(/^\[|\]$/g, "");
    if (isIP(literal) !== 0) {
      if (isLoopback(literal)) return literal;
      throw new AddressError(`refusing to connect to ${literal}: outside the simulated world (loopback only)`);
    }
    const lookup = await options.dns.lookupA(hostname);
    if (lookup.status !== "ok") throw new AddressError(`no address for ${hostname}: ${lookup.reason}`, lookup);
    const address = lookup.values.find(isLoopback);
    if (address === undefined) {
      throw new AddressError(
        `${hostname} resolves to ${lookup.values.join(", ")}: outside the simulated world (loopback only)`,
        lookup,
      );
    }
    return address;
  }

  return new Agent({
    connect: (connectOptions, callback) => {
      const port = Number(connectOptions.port || (connectOptions.protocol === "https:" ? 443 : 80));
      addressOf(connectOptions.hostname).then(
        (address) =>
          connector(
            {
              ...connectOptions,
              hostname: address,
              port: String(options.portMap[port] ?? port),
              // TLS names the host, not the address it was resolved to.
              ...(isIP(connectOptions.hostname) === 0 ? { servername: connectOptions.hostname } : {}),
            },
            callback,
          ),
        (error: Error) => callback(error, null),
      );
    },
    headersTimeout: options.timeoutMs,
    bodyTimeout: options.timeoutMs,
  });
}
