import { describe, expect, it } from "vitest";
import type { Denial } from "../api/types";
import { money, remittanceQuery, resubmitDraft } from "./remittance";

describe("remittance words", () => {
  it("writes cents as dollars", () => {
    expect(money(5500)).toBe("$55.00");
    expect(money(-250)).toBe("-$2.50");
    expect(money(123456789)).toBe("$1,234,567.89");
  });

  it("leaves empty filters out", () => {
    expect(remittanceQuery({ payer: " aetna ", from: "", to: "2026-06-30", checkNumber: "" })).toEqual({
      payer: "aetna",
      to: "2026-06-30",
    });
  });

  it("prefills the replacement with the payer's claim control number and the first reason", () => {
    const denial = {
      payerStatus: "denied",
      payment: {
        payerControlNumber: "SBX20260620000000005",
        reasons: ["CO-197 Precertification absent: $175.00"],
      },
    } as unknown as Denial;
    expect(resubmitDraft(denial)).toEqual({
      payerControlNumber: "SBX20260620000000005",
      reason: "Corrected after denial: CO-197 Precertification absent: $175.00",
    });
  });
});
