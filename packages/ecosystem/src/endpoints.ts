/** Where each public interface of a running ecosystem listens (what `pnpm start --endpoints-file` writes). */
export interface Endpoints {
  /** The platform API (customers) and its admin face. */
  platform: { url: string; adminToken: string };
  /** The world's authoritative DNS server and its management API (the customer's DNS provider). */
  dns: { host: string; port: number; api: string };
  /** The customers' web host and its management API. */
  web: { host: string; port: number; api: string };
  /** Mailbox and phone line. */
  world: { url: string };
  /** Simulated clock control. */
  clock: { url: string };
  /** Each CA's reseller API and operator API. */
  cas: Record<string, { api: string; operator: string }>;
}
