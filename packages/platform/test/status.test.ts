import { describe, expect, it } from "vitest";
import {
  canTransition,
  planTransition,
  QUOTA_EFFECT,
  STATUS_NAMES,
  Status,
  type StatusCode,
  TRANSITIONS,
  TransitionError,
} from "../src/orders/status";

const ALL = Object.keys(STATUS_NAMES).map(Number) as StatusCode[];

describe("status machine", () => {
  it("PAID-4: the vendor's codes 0-13 all have a name", () => {
    expect(ALL).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13]);
    expect(STATUS_NAMES[Status.DnsRecordAdded]).toBe("DNS record added automatically");
    expect(STATUS_NAMES[Status.FreeInformationToSubmit]).toBe("Free certificate information to submit");
  });

  it("PAID-4: final statuses (failed, expired, cancelled, revoked) go nowhere", () => {
    for (const final of [Status.ReviewFailed, Status.Expired, Status.Cancelled, Status.Revoked]) {
      for (const to of ALL) if (to !== final) expect(canTransition(final, to)).toBe(false);
    }
  });

  it("PAID-4: only listed transitions are planned; sub-statuses only where the status carries them", () => {
    expect(() =>
      planTransition({ status: 0, subStatus: "PENDING-DCV" }, { status: 0, subStatus: "CA-REVIEWING" }),
    ).not.toThrow();
    expect(() => planTransition({ status: 0, subStatus: "PENDING-DCV" }, { status: 10, subStatus: null })).toThrow(
      TransitionError,
    );
    expect(() => planTransition({ status: 1, subStatus: null }, { status: 1, subStatus: "PENDING-DCV" })).toThrow(
      TransitionError,
    );
    expect(() =>
      planTransition({ status: 0, subStatus: "PENDING-DCV" }, { status: 0, subStatus: "PENDING-DCV" }),
    ).toThrow(TransitionError);
  });

  it("FREE-6: quota is released by failure, cancellation, expiry and revocation, and held until expiry once issued", () => {
    expect(planTransition({ status: 0, subStatus: "PENDING-DCV" }, { status: 2, subStatus: null }).quota).toBe(
      "release",
    );
    expect(planTransition({ status: 6, subStatus: null }, { status: 7, subStatus: null }).quota).toBe("release");
    expect(planTransition({ status: 1, subStatus: null }, { status: 3, subStatus: null }).quota).toBe("release");
    expect(planTransition({ status: 9, subStatus: null }, { status: 10, subStatus: null }).quota).toBe("release");
    expect(planTransition({ status: 4, subStatus: "PENDING-DCV" }, { status: 1, subStatus: null }).quota).toBe(
      "hold-until-expiry",
    );
    expect(planTransition({ status: 0, subStatus: "PENDING-DCV" }, { status: 6, subStatus: null }).quota).toBe("keep");
    // every transition into a released status from a holding one releases
    for (const [from, tos] of Object.entries(TRANSITIONS)) {
      for (const to of tos ?? []) {
        if (QUOTA_EFFECT[to] === "released" && QUOTA_EFFECT[Number(from) as StatusCode] !== "released") {
          const sub = to === 0 || to === 4 ? "PENDING-DCV" : null;
          expect(
            planTransition({ status: Number(from) as StatusCode, subStatus: null }, { status: to, subStatus: sub })
              .quota,
          ).toBe("release");
        }
      }
    }
  });
});
