// The world's mailbox and phone line, as the platform sends notifications to them (PAID-5).
import { exchangeJson, PartnerRefusedError, type RetryPolicy, withRetries } from "../adapters/http";

export class WorldClient {
  readonly #base: string;

  constructor(
    url: string,
    private readonly policy: RetryPolicy,
  ) {
    this.#base = url.replace(/\/+$/, "");
  }

  sendMail(mail: { to: string; from: string; subject: string; body: string }): Promise<void> {
    return this.#post("/mail", mail);
  }

  sendSms(sms: { to: string; body: string }): Promise<void> {
    return this.#post("/sms", sms);
  }

  async #post(path: string, body: unknown): Promise<void> {
    await withRetries("world", this.policy, async () => {
      const answer = await exchangeJson({
        method: "POST",
        url: `${this.#base}${path}`,
        body,
        timeoutMs: this.policy.timeoutMs,
      });
      if (answer.status >= 400) throw new PartnerRefusedError("world", answer.status, "", answer.text.slice(0, 200));
    });
  }
}
