import { signFor } from "../ca/sign";
import { nextDcvCheck } from "../core/timings";
import type { Order } from "../core/types";
import { checkRecord } from "../va/check";
import type { DcvStage } from "./dcv-stage";
import type { StageHost, StageRunner } from "./stage";

/**
 * Issuance, at the instant drawn when DCV passed (or at once when the stages before it finish later, WT-3): every
 * record not reused is looked at once more (DCV-9: one gone sends the order back to pending validation, keeping
 * what else has passed), CAA is evaluated for every name (DCV-7), then the leaf is signed (CERT-1…4; a GM product's
 * signing and encryption pair under the SM2 hierarchy, SM-4).
 */
export class IssueStage implements StageRunner {
  constructor(
    private readonly host: StageHost,
    private readonly dcv: DcvStage,
  ) {}

  async run(order: Order, now: number): Promise<void> {
    if ((order.issueAt ?? now) <= now) await this.issue(order, now);
  }

  wakeAt(order: Order): number | undefined {
    return order.issueAt;
  }

  private async issue(order: Order, now: number): Promise<void> {
    const { validator, store, timings, brand } = this.host.ctx;
    const lost: string[] = [];
    for (const record of order.dcv) {
      if (record.reused) continue;
      const summary = await checkRecord(validator, record, now);
      record.lastCheck = summary;
      if (summary.status !== "found") {
        record.status = "pending";
        delete record.passedAt;
        lost.push(`${record.domain} (${summary.reason})`);
      }
    }
    if (lost.length > 0) {
      order.dcvStartedAt = now;
      order.dcvDeadlineAt = now + timings.dcvDeadline;
      order.nextCheckAt = nextDcvCheck(now, now, timings);
      order.manualHold = false;
      delete order.dcvPassedAt;
      delete order.reviewAt;
      delete order.issueAt;
      this.dcv.renewExpiredValues(order, now);
      this.host.moved(order, `DCV record gone before issuance (DCV-9): ${lost.join("; ")}`);
      return;
    }
    for (const name of order.names) {
      const verdict = await validator.evaluateCaa(name, {
        identity: brand.caaIdentities,
        wildcard: name.startsWith("*."),
      });
      if (verdict.outcome === "lookup-failed") {
        // RFC 8659: no issuance without an answer. Retry, and give up after as long as DCV itself may take.
        if (now - (order.dcvPassedAt ?? now) >= timings.dcvDeadline) {
          this.host.fail(order, {
            code: "CaaForbidden",
            reason: `${name}: CAA could not be checked: ${verdict.reason} (DCV-7)`,
          });
          return;
        }
        order.issueAt = now + timings.caaRetryInterval;
        this.host.log(order, now, `CAA check postponed: ${verdict.reason}`);
        return;
      }
      if (!verdict.allowed) {
        this.host.fail(order, { code: "CaaForbidden", reason: `${name}: ${verdict.reason} (DCV-7)` });
        return;
      }
    }
    const product = this.host.ctx.product(order.productCode);
    if (!product) throw new Error(`product ${order.productCode} of order ${order.id} is no longer sold`);
    const certificate = await signFor(this.host.ctx, order, product, new Date(now));
    store.transaction(() => {
      store.insertCertificate(certificate);
      order.serial = certificate.serial;
      delete order.issueAt;
      this.host.transition(order, "issued", "ISSUED", `certificate ${certificate.serial} issued`);
    });
  }
}
