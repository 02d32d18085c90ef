// The platform's own DNS hosting service (its management API): automatic DNS validation is offered only for a
// zone hosted there, and then the platform writes the DCV record itself (DCV-1).
import { z } from "zod";
import { exchangeJson, expectShape, PartnerRefusedError, type RetryPolicy, withRetries } from "../adapters/http";

const zoneSchema = z.object({ hostedAtPlatform: z.boolean().optional() });

export class DnsHostingClient {
  readonly #base: string;

  constructor(
    url: string,
    private readonly policy: RetryPolicy,
  ) {
    this.#base = url.replace(/\/+$/, "");
  }

  /**
   * The zone that holds `name` and is hosted at the platform, walking up from `name` to `apex` (the primary
   * domain); undefined when none is.
   */
  async hostedZoneFor(name: string, apex: string): Promise<string | undefined> {
    const labels = name.split(".");
    const apexLength = apex.split(".").length;
    for (let i = 0; labels.length - i >= apexLength; i++) {
      const zone = labels.slice(i).join(".");
      const hosted = await this.#zoneHosted(zone);
      if (hosted !== undefined) return hosted ? zone : undefined;
    }
    return undefined;
  }

  /** undefined: no such zone; otherwise whether the platform hosts it. */
  async #zoneHosted(zone: string): Promise<boolean | undefined> {
    return withRetries("DNS hosting", this.policy, async () => {
      const answer = await exchangeJson({
        method: "GET",
        url: `${this.#base}/zones/${encodeURIComponent(zone)}`,
        timeoutMs: this.policy.timeoutMs,
      });
      if (answer.status === 404) return undefined;
      if (answer.status >= 400)
        throw new PartnerRefusedError("DNS hosting", answer.status, "", answer.text.slice(0, 200));
      return expectShape(answer, zoneSchema, "DNS hosting zone").hostedAtPlatform === true;
    });
  }

  /** Adds one value to the record set at `name` (other values there, e.g. another order's, stay). */
  async addRecord(name: string, type: "TXT" | "CNAME", value: string): Promise<void> {
    await this.#write("POST", { name, type, value });
  }

  async removeRecord(name: string, type: "TXT" | "CNAME", value: string): Promise<void> {
    await this.#write("DELETE", { name, type, value });
  }

  async #write(method: "POST" | "DELETE", body: unknown): Promise<void> {
    await withRetries("DNS hosting", this.policy, async () => {
      const answer = await exchangeJson({
        method,
        url: `${this.#base}/records`,
        body,
        timeoutMs: this.policy.timeoutMs,
      });
      if (answer.status >= 400 && !(method === "DELETE" && answer.status === 404)) {
        throw new PartnerRefusedError("DNS hosting", answer.status, "", answer.text.slice(0, 200));
      }
    });
  }
}
