/**
 * The claim filing indicator (837P SBR09, 005010X222A1 code list), one test per code, from the
 * member's plan as the catalogue knows it and the coverage's product. Blue plans are recognised
 * by the catalogue's kind, not by their id.
 */
import { describe, expect, it } from "vitest";
import { CLAIM_FILING_INDICATORS, claimFilingIndicator } from "../../src/formats/claim-filing.js";
import { loadReference } from "../../src/reference/catalogue.js";
import type { PayerKind } from "../../src/rules/geography.js";

const geo = loadReference();
const plan = (id: string): { id: string; kind: PayerKind } => {
  const p = geo.payer(id);
  if (!p) throw new Error(`${id} is not in the catalogue`);
  return { id: p.id, kind: p.kind };
};

describe("claim filing indicator", () => {
  it("BL: every Blue plan, whatever its id or product", () => {
    for (const id of ["bcbs-nc", "anthem-ny", "excellus-ny", "highmark-wny", "carefirst", "blueshield-ca"])
      for (const product of [null, "ppo", "hmo", "epo", "pos", "exchange", "medicaid"] as const)
        expect(claimFilingIndicator(plan(id), product), `${id} ${product}`).toBe("BL");
  });

  it("BL: a Blue plan whose id does not start with bcbs is still Blue (the catalogue's kind decides)", () => {
    expect(plan("anthem-ny").kind).toBe("bcbs");
    expect(claimFilingIndicator(plan("anthem-ny"), "ppo")).toBe("BL");
    // And an id that looks Blue is not, unless the catalogue says so.
    expect(claimFilingIndicator({ id: "bcbs-lookalike", kind: "national" }, "ppo")).toBe("12");
  });

  it("FI: the Federal Employee Program of a Blue plan", () => {
    expect(claimFilingIndicator(plan("anthem-ca"), "fep")).toBe("FI");
    expect(claimFilingIndicator(plan("bcbs-tx"), "fep")).toBe("FI");
  });

  it("HM: an HMO that is not a Blue plan", () => {
    expect(claimFilingIndicator(plan("cigna"), "hmo")).toBe("HM");
    expect(claimFilingIndicator(plan("aetna"), "hmo")).toBe("HM");
  });

  it("12: a PPO", () => {
    expect(claimFilingIndicator(plan("aetna"), "ppo")).toBe("12");
  });

  it("13: a POS plan", () => {
    expect(claimFilingIndicator(plan("cigna"), "pos")).toBe("13");
  });

  it("14: an EPO", () => {
    expect(claimFilingIndicator(plan("oscar"), "epo")).toBe("14");
  });

  it("MB: Medicare (the medicare payer), whatever the product says", () => {
    expect(claimFilingIndicator(plan("medicare"), null)).toBe("MB");
    expect(claimFilingIndicator(plan("medicare"), "ppo")).toBe("MB");
  });

  it("MC: a Medicaid plan that is not a Blue plan", () => {
    expect(claimFilingIndicator(plan("uhc"), "medicaid")).toBe("MC");
  });

  it("16: Medicare Advantage (an HMO Medicare risk plan)", () => {
    expect(claimFilingIndicator(plan("humana"), "medicare_advantage")).toBe("16");
  });

  it("CH: TRICARE", () => {
    expect(claimFilingIndicator(plan("tricare"), null)).toBe("CH");
  });

  it("CI: commercial otherwise: no product on file, or an exchange plan", () => {
    expect(claimFilingIndicator(plan("aetna"), null)).toBe("CI");
    expect(claimFilingIndicator(plan("oscar"), "exchange")).toBe("CI");
  });

  it("every code it gives has its meaning for FHIR", () => {
    for (const code of ["12", "13", "14", "16", "BL", "CH", "CI", "FI", "HM", "MB", "MC"] as const)
      expect(CLAIM_FILING_INDICATORS[code]).toBeTruthy();
  });
});
