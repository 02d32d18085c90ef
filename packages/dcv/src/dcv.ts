import { checkCaa, findCaaSet } from "./caa-check";
import { checkCname, checkTxt } from "./dns-checks";
import { SimulatedDns } from "./dns-client";
import { DcvError } from "./errors";
import { checkFile } from "./file-check";
import { simulatedAgent } from "./http-agent";
import type { CreateDcvOptions, Dcv } from "./types";

export const DEFAULT_TIMEOUT_MS = 5000;
/** DCV-5: at most two redirects. */
export const MAX_REDIRECTS = 2;

/**
 * The network checks of a CA's validation authority, bound to the world's authoritative DNS server (DCV-4): every
 * DNS question goes to that server, every file fetch connects to the address a name has there.
 */
export function createDcv(options: CreateDcvOptions): Dcv {
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  if (!Number.isInteger(timeoutMs) || timeoutMs < 1) {
    throw new DcvError("InvalidOption", "DCV-4", `timeoutMs must be a positive whole number of ms, not ${timeoutMs}`);
  }
  const maxRedirects = options.maxRedirects ?? MAX_REDIRECTS;
  if (!Number.isInteger(maxRedirects) || maxRedirects < 0 || maxRedirects > MAX_REDIRECTS) {
    throw new DcvError("InvalidOption", "DCV-5", `maxRedirects must be 0, 1 or 2 (DCV-5), not ${maxRedirects}`);
  }
  const portMap = { ...(options.httpPortMap ?? {}) };
  for (const [from, to] of Object.entries(portMap)) {
    if (!Number.isInteger(to) || to < 1 || to > 65535) {
      throw new DcvError("InvalidOption", "DCV-4", `httpPortMap[${from}] must be a port number, not ${to}`);
    }
  }
  const dns = new SimulatedDns(options.dns, timeoutMs);
  const agent = simulatedAgent({ dns, portMap, timeoutMs });
  const fileDeps = { agent, maxRedirects, timeoutMs, userAgent: options.userAgent ?? "certsim-dcv" };

  return {
    lookupTxt: (name) => dns.lookupTxt(name),
    lookupCname: (name) => dns.lookupCname(name),
    lookupA: (name) => dns.lookupA(name),
    lookupCaa: (name) => dns.lookupCaa(name),
    checkTxt: (name, expected) => checkTxt(dns, name, expected),
    checkCname: (name, expected) => checkCname(dns, name, expected),
    checkFile: (target) => checkFile(fileDeps, target),
    findCaaSet: (name) => findCaaSet(dns, name),
    checkCaa: (name, request) => checkCaa(dns, name, request),
    evaluateCaa: (name, request) => checkCaa(dns, name, request),
    close: async () => {
      dns.cancel();
      await agent.close();
    },
  };
}
