/**
 * The engine reads a coverage as the payer last verified it (placement.ts `verifiedCoverage`):
 * each edge pinned — an active answer's dates and product stand in where given, an inactive one
 * ends the coverage (never later than typed, never an inverted range), a rejected one changes
 * nothing.
 */
import { describe, expect, it } from "vitest";
import type { Coverage, CoverageVerification } from "../../src/app/model.js";
import { engineCoverage, verifiedCoverage } from "../../src/app/placement.js";

const typed: Coverage = {
  id: "c1",
  clientId: "k1",
  payer: "bcbs-nc",
  memberId: "YPB123456789",
  bluecard: null,
  product: "pos",
  effectiveFrom: "2025-01-01",
  effectiveTo: null,
};
const answer = (v: Partial<CoverageVerification>): Coverage => ({
  ...typed,
  verified: {
    checkId: "e1",
    status: "active",
    at: "2026-12-04T15:00:00.000Z",
    from: null,
    to: null,
    product: null,
    ...v,
  },
});

describe("verifiedCoverage", () => {
  it("no answer: the coverage as typed", () => {
    expect(verifiedCoverage(typed)).toBe(typed);
    expect(verifiedCoverage({ ...typed, verified: null })).toEqual({ ...typed, verified: null });
  });

  it("active: the payer's start, end and product where it gave them, typed ones elsewhere", () => {
    expect(verifiedCoverage(answer({ from: "2026-01-01", product: "ppo" }))).toMatchObject({
      effectiveFrom: "2026-01-01",
      effectiveTo: null,
      product: "ppo",
    });
    expect(verifiedCoverage(answer({}))).toMatchObject({ effectiveFrom: "2025-01-01", product: "pos" });
    expect(engineCoverage(answer({ from: "2026-01-01", to: "2026-12-31", product: "hmo" }))).toEqual({
      payer: "bcbs-nc",
      memberId: "YPB123456789",
      effectiveFrom: "2026-01-01",
      effectiveTo: "2026-12-31",
      product: "hmo",
    });
  });

  it("inactive: not active after the payer's last day, never later than typed", () => {
    expect(verifiedCoverage(answer({ status: "inactive", to: "2026-10-31" }))).toMatchObject({
      effectiveFrom: "2025-01-01",
      effectiveTo: "2026-10-31",
      product: "pos",
    });
    const endedEarlier = { ...answer({ status: "inactive", to: "2026-10-31" }), effectiveTo: "2026-06-30" };
    expect(verifiedCoverage(endedEarlier).effectiveTo).toBe("2026-06-30");
  });

  it("inactive before the typed start: the start is dropped, so the range is never inverted", () => {
    const c = { ...answer({ status: "inactive", to: "2026-10-31" }), effectiveFrom: "2026-11-15" };
    expect(verifiedCoverage(c)).toMatchObject({ effectiveFrom: null, effectiveTo: "2026-10-31" });
  });

  it("rejected or unknown: nothing changes (the alert says so)", () => {
    for (const status of ["rejected", "unknown"] as const) {
      const c = answer({ status, to: "2026-10-31", product: "hmo" });
      expect(verifiedCoverage(c)).toBe(c);
    }
  });
});
