import type { Scheduler } from "@certsim/clock";
import type { CallState, RegistryMismatch } from "../core/flow";

/** The world did not answer, or answered something a CA cannot use: the review waits and tries again. */
export class WorldUnavailable extends Error {
  readonly code = "WorldUnavailable";
  constructor(message: string) {
    super(message);
    this.name = "WorldUnavailable";
  }
}

export interface OrganisationClaim {
  name: string;
  registrationNumber: string;
  address: string;
  phone: string;
}

export type RegistryVerdict = { ok: true } | { ok: false; mismatches: RegistryMismatch[] };

/** One mail in a world mailbox (`at` in ms). */
export interface WorldMail {
  id: string;
  to: string;
  from: string;
  subject: string;
  body: string;
  at: number;
}

export interface WorldCall {
  id: string;
  to: string;
  state: CallState;
}

/**
 * What a CA's reviewer asks the world (the business registry, the phone line, the mailbox), over its HTTP API with
 * the global `fetch`. Every request is tracked by the clock, so "run until idle" waits for it.
 */
export class WorldClient {
  readonly #base: string;

  constructor(
    baseUrl: string,
    private readonly clock: Scheduler,
    private readonly timeoutMs = 5000,
  ) {
    this.#base = baseUrl.replace(/\/$/, "");
  }

  /** OV-5: the claim against the registry. */
  async verifyOrganisation(claim: OrganisationClaim): Promise<RegistryVerdict> {
    const body = await this.#call("POST", "/registry/verify", claim);
    if (body?.ok === true) return { ok: true };
    if (body?.ok === false && Array.isArray(body.mismatches)) {
      return {
        ok: false,
        mismatches: (body.mismatches as Record<string, unknown>[]).map((m) => ({
          field: String(m.field),
          registered: String(m.registered ?? ""),
          claimed: String(m.claimed ?? ""),
        })),
      };
    }
    throw new WorldUnavailable("the business registry gave no verdict");
  }

  /** The organisation's registered phone (OV-3 calls this number, not the one on the application). */
  async registeredPhone(registrationNumber: string): Promise<string | undefined> {
    const body = await this.#call(
      "GET",
      `/registry/organisations/${encodeURIComponent(registrationNumber)}`,
      undefined,
      true,
    );
    return body && typeof body.phone === "string" ? body.phone : undefined;
  }

  async placeCall(call: { to: string; from: string; purpose: string }): Promise<WorldCall> {
    return toCall(await this.#call("POST", "/calls", call));
  }

  async call(id: string): Promise<WorldCall> {
    return toCall(await this.#call("GET", `/calls/${encodeURIComponent(id)}`));
  }

  async sendMail(mail: { to: string; from: string; subject: string; body: string }): Promise<void> {
    await this.#call("POST", "/mail", mail);
  }

  /** The mail delivered to an address, oldest first (a CA reads its own mailbox, e.g. for answers, GS-1). */
  async inbox(address: string): Promise<WorldMail[]> {
    const body = await this.#call("GET", `/mail?to=${encodeURIComponent(address)}`);
    if (!body || !Array.isArray(body.messages)) throw new WorldUnavailable("the mailbox gave no messages");
    return (body.messages as Record<string, unknown>[]).map((mail) => ({
      id: String(mail.id),
      to: String(mail.to ?? ""),
      from: String(mail.from ?? ""),
      subject: String(mail.subject ?? ""),
      body: String(mail.body ?? ""),
      at: Date.parse(String(mail.at ?? "")),
    }));
  }

  // biome-ignore lint/suspicious/noExplicitAny: the world's JSON is read field by field
  async #call(method: string, path: string, body?: unknown, allowNotFound = false): Promise<any> {
    const request = (async () => {
      let response: Response;
      try {
        response = await fetch(`${this.#base}${path}`, {
          method,
          headers: body === undefined ? {} : { "content-type": "application/json" },
          ...(body === undefined ? {} : { body: JSON.stringify(body) }),
          signal: AbortSignal.timeout(this.timeoutMs),
        });
      } catch (error) {
        throw new WorldUnavailable(`${method} ${path}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const text = await response.text().catch(() => "");
      if (allowNotFound && response.status === 404) return undefined;
      if (!response.ok) throw new WorldUnavailable(`${method} ${path}: HTTP ${response.status} ${text.slice(0, 200)}`);
      try {
        return text ? JSON.parse(text) : undefined;
      } catch {
        throw new WorldUnavailable(`${method} ${path}: the answer is not JSON`);
      }
    })();
    return this.clock.track(request);
  }
}

const CALL_STATES: readonly CallState[] = ["ringing", "confirmed", "declined", "no-answer"];

// biome-ignore lint/suspicious/noExplicitAny: see #call
function toCall(body: any): WorldCall {
  if (!body || body.id === undefined || !CALL_STATES.includes(body.state)) {
    throw new WorldUnavailable("the phone line's answer has no call");
  }
  return { id: String(body.id), to: String(body.to), state: body.state };
}
