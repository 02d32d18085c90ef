// PAID-5: review results reach the customer three ways. The in-site message and the outgoing mail and SMS are
// written with the status change (one transaction); this module sends the mail and SMS afterwards, so a world
// that is briefly down delays a notification but never loses it.
import type { WorldClient } from "../integrations/world";
import type { PlatformStore } from "../store/types";

export interface NotifierOptions {
  store: PlatformStore;
  world: WorldClient;
  mailFrom: string;
  now: () => Date;
  /** Lets the simulated clock wait for deliveries in flight (runUntilIdle). */
  track?: <T>(work: Promise<T>) => Promise<T>;
}

export class Notifier {
  #flushing: Promise<void> | undefined;
  #again = false;

  constructor(private readonly options: NotifierOptions) {}

  /** Starts sending what is waiting; returns at once. Concurrent calls coalesce into one more pass. */
  kick(): void {
    // A failed pass leaves its deliveries waiting in the store; nothing to report here.
    const work = this.flush().catch(() => undefined);
    void (this.options.track ? this.options.track(work) : work);
  }

  /** Waits for a pass in progress (before closing the store). */
  async idle(): Promise<void> {
    await this.#flushing?.catch(() => undefined);
  }

  /** Sends everything waiting (one pass, plus one more if kicked meanwhile). */
  async flush(): Promise<void> {
    if (this.#flushing) {
      this.#again = true;
      return this.#flushing;
    }
    this.#flushing = (async () => {
      do {
        this.#again = false;
        await this.#pass();
      } while (this.#again);
    })().finally(() => {
      this.#flushing = undefined;
    });
    return this.#flushing;
  }

  async #pass(): Promise<void> {
    const { store, world } = this.options;
    for (;;) {
      const batch = await store.claimDeliveries(20, 60_000);
      if (batch.length === 0) return;
      let failures = 0;
      for (const delivery of batch) {
        try {
          if (delivery.channel === "mail") {
            await world.sendMail({
              to: delivery.to,
              from: this.options.mailFrom,
              subject: delivery.subject,
              body: delivery.body,
            });
          } else {
            await world.sendSms({ to: delivery.to, body: `【${delivery.subject}】${delivery.body}` });
          }
          await store.deliveryDone(delivery.id, this.options.now());
        } catch (error) {
          failures++;
          await store.deliveryFailed(delivery.id, error instanceof Error ? error.message : String(error));
        }
      }
      // Whatever failed waits for the next kick rather than spinning against a world that is down.
      if (failures > 0) return;
    }
  }
}
