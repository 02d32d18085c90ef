// The public interfaces a model-based test drives, as small HTTP clients: the customer's DNS provider, the
// organisation (business registry and phone), each CA's operator face and the clock API. The same approach as the
// scenarios' `src/world.ts`, trimmed to what the order model needs.
import { JsonHttp } from "@certsim/client";

export type PhonePolicy = "confirm" | "decline" | "no-answer" | "manual";

/** The customer's DNS provider: the DNS simulator's management API. */
export class DnsProvider {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  /** A zone the customer serves themselves; changes visible at once, so "published" means "answered". */
  createZone(zone: string) {
    return this.http.call("POST", "/zones", { zone, hostedAtPlatform: false, propagationDelayMs: 0 });
  }
  setRecords(name: string, type: string, values: string[]) {
    return this.http.call("PUT", "/records", { name, type, values });
  }
  close() {
    return this.http.close();
  }
}

export interface Organisation {
  name: string;
  registrationNumber: string;
  address: string;
  city: string;
  phone: string;
}

/** The business registry and the organisation's phone line: the world's API. */
export class OrganisationDesk {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  register(organisation: Organisation) {
    return this.http.call("POST", "/registry/organisations", organisation);
  }
  answerCalls(number: string, policy: PhonePolicy) {
    return this.http.call("PUT", `/phones/${encodeURIComponent(number)}`, { policy });
  }
  close() {
    return this.http.close();
  }
}

/** The stages of a review as a CA's operator sees them. */
export interface OperatorOrder {
  order_id: string;
  partner_order_id: string;
  status: string;
  stage: string;
  review?: { stages: { name: string; state: string; passed_by?: string }[] };
  log?: { at: string; status: string; stage: string; detail: string }[];
}

/** A CA's staff: its operator API. */
export class CaOperator {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  async openOrders(): Promise<OperatorOrder[]> {
    const lists = await Promise.all(
      ["pending_dcv", "reviewing"].map((status) =>
        this.http.call<{ orders: OperatorOrder[] }>("GET", `/operator/orders?status=${status}`),
      ),
    );
    return lists.flatMap((list) => list.orders);
  }
  order(orderId: string) {
    return this.http.call<OperatorOrder>("GET", `/operator/orders/${encodeURIComponent(orderId)}`);
  }
  approve(orderId: string) {
    return this.http.call<OperatorOrder>("POST", `/operator/orders/${encodeURIComponent(orderId)}/approve`, {});
  }
  reject(orderId: string, reason: string) {
    return this.http.call<OperatorOrder>("POST", `/operator/orders/${encodeURIComponent(orderId)}/reject`, {
      reason,
    });
  }
  approveManualReview(orderId: string) {
    return this.http.call<OperatorOrder>("POST", `/operator/orders/${encodeURIComponent(orderId)}/review/approve`, {});
  }
  close() {
    return this.http.close();
  }
}

/** The simulated clock through its HTTP API. */
export class ClockApi {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 2);
  }
  async now(): Promise<number> {
    return Date.parse((await this.http.call<{ now: string }>("GET", "/clock")).now);
  }
  async advance(byMs: number): Promise<number> {
    return Date.parse((await this.http.call<{ now: string }>("POST", "/clock/advance", { by: byMs })).now);
  }
  /** Fires the next event; false when none was pending. */
  async runNext(): Promise<boolean> {
    return (await this.http.call<{ event: unknown }>("POST", "/clock/run-next", {})).event !== null;
  }
  close() {
    return this.http.close();
  }
}
