/** Fixed default ports for `pnpm start`; tests and scenarios ask the OS for free ones (0). */
export const DEFAULT_PORTS = {
  platform: 8700,
  clock: 8701,
  dnsApi: 8702,
  dns: 8753,
  webApi: 8704,
  web: 8780,
  world: 8705,
  trustasia: 8710,
  wotrus: 8711,
  globalsign: 8712,
  dnspod: 8713,
} as const;

export type PortName = keyof typeof DEFAULT_PORTS;

export const portFor = (name: PortName, ports: "default" | "ephemeral") =>
  ports === "default" ? DEFAULT_PORTS[name] : 0;
