import { JsonHttp } from "@certsim/client";

/** The customer's DNS provider: the DNS simulator's management API. */
export class DnsProvider {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  createZone(zone: string, options: { hostedAtPlatform?: boolean } = {}) {
    return this.http.call("POST", "/zones", { zone, ...options });
  }
  addRecord(name: string, type: string, value: string) {
    return this.http.call("POST", "/records", { name, type, value });
  }
  setRecords(name: string, type: string, values: string[]) {
    return this.http.call("PUT", "/records", { name, type, values });
  }
  deleteRecords(name: string, type: string) {
    return this.http.call("DELETE", "/records", { name, type });
  }
  history(query: { name?: string; type?: string } = {}) {
    const qs = new URLSearchParams(query as Record<string, string>);
    return this.http.call<{ queries: { name: string; type: string; transport: string }[] }>("GET", `/history?${qs}`);
  }
  close() {
    return this.http.close();
  }
}

/** The customer's website: the web simulator's management API. */
export class Website {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  addHost(host: string) {
    return this.http.call("POST", "/hosts", { host });
  }
  putFile(host: string, path: string, body: string) {
    return this.http.call("PUT", "/files", { host, path, body });
  }
  close() {
    return this.http.close();
  }
}

export interface Mail {
  id: string | number;
  to: string;
  from: string;
  subject: string;
  body: string;
}

/** The customer's mailbox and phone: the world's API. */
export class Inbox {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  async mail(to: string): Promise<Mail[]> {
    const answer = await this.http.call<Mail[] | { messages: Mail[] }>("GET", `/mail?to=${encodeURIComponent(to)}`);
    return Array.isArray(answer) ? answer : answer.messages;
  }
  async sms(to: string): Promise<{ to: string; body: string }[]> {
    const answer = await this.http.call<{ to: string; body: string }[] | { messages: { to: string; body: string }[] }>(
      "GET",
      `/sms?to=${encodeURIComponent(to)}`,
    );
    return Array.isArray(answer) ? answer : answer.messages;
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
  province?: string;
  country?: string;
}

export interface Call {
  id: number;
  to: string;
  from: string;
  purpose: string;
  state: "ringing" | "confirmed" | "declined" | "no-answer";
}

/** The business registry and the organisation's phone line: the world's API as the organisation uses it. */
export class Organisations {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  register(organisation: Organisation) {
    return this.http.call("POST", "/registry/organisations", organisation);
  }
  /** How the phone at `number` answers calls: at once (confirm / decline / no-answer) or not until told (manual). */
  answerCalls(number: string, policy: "confirm" | "decline" | "no-answer" | "manual") {
    return this.http.call("PUT", `/phones/${encodeURIComponent(number)}`, { policy });
  }
  async calls(number: string): Promise<Call[]> {
    return (await this.http.call<{ calls: Call[] }>("GET", `/calls?to=${encodeURIComponent(number)}`)).calls;
  }
  answer(callId: number, outcome: "confirmed" | "declined") {
    return this.http.call("POST", `/calls/${callId}/answer`, { outcome });
  }
  close() {
    return this.http.close();
  }
}

/** A CA's staff: its operator API. */
export class CaOperator {
  private readonly http: JsonHttp;
  constructor(url: string) {
    this.http = new JsonHttp(url, {}, 4);
  }
  roots() {
    return this.http.call<{ root: string; intermediate: string; sm2?: { root: string; intermediate: string } }>(
      "GET",
      "/operator/roots",
    );
  }
  createReseller(name: string) {
    return this.http.call<{ reseller_id: string; api_key: string }>("POST", "/operator/resellers", { name });
  }
  orders(status?: string) {
    return this.http.call<unknown>("GET", `/operator/orders${status ? `?status=${status}` : ""}`);
  }
  approve(orderId: string) {
    return this.http.call("POST", `/operator/orders/${orderId}/approve`, {});
  }
  reject(orderId: string, reason: string) {
    return this.http.call("POST", `/operator/orders/${orderId}/reject`, { reason });
  }
  certificate(serial: string) {
    return this.http.call<{ serial: string; status: string }>("GET", `/operator/certificates/${serial}`);
  }
  close() {
    return this.http.close();
  }
}

/** A CA's reseller API, for scenarios that play another reseller (FREE-3). */
export class CaReseller {
  private readonly http: JsonHttp;
  constructor(url: string, apiKey: string) {
    this.http = new JsonHttp(url, { "x-api-key": apiKey }, 4);
  }
  createOrder(order: Record<string, unknown>) {
    return this.http.call<{ order_id: string; dcv: { host: string; value: string }[] }>(
      "POST",
      "/api/v2/orders",
      order,
    );
  }
  close() {
    return this.http.close();
  }
}
