/**
 * Remittances and denials in words for the operations pages: money from cents, what a claim
 * payment's outcome is called and how it is marked (a colour AND a symbol AND a word), and the
 * replacement a denial leads to, with the payer's claim control number from the 835.
 */
import type { ClaimPayment, Denial, Remittance } from "../api/types";
import type { Tone } from "../components/ui";

/** 5500 → "$55.00", -250 → "-$2.50". */
export function money(cents: number): string {
  const abs = Math.abs(cents);
  const dollars = Math.floor(abs / 100).toLocaleString("en-US");
  return `${cents < 0 ? "-" : ""}$${dollars}.${String(abs % 100).padStart(2, "0")}`;
}

export const OUTCOME_STYLE: Record<ClaimPayment["outcome"], { label: string; tone: Tone; symbol: string }> = {
  paid: { label: "Paid", tone: "good", symbol: "✓" },
  partially_paid: { label: "Partially paid", tone: "amber", symbol: "◐" },
  denied: { label: "Denied", tone: "bad", symbol: "✕" },
  reversed: { label: "Reversed", tone: "violet", symbol: "↺" },
};

/** "Claim payments $245.00 − provider adjustments $2.50 = $242.50". */
export function balanceLine(r: Remittance): string {
  return `Claim payments ${money(r.paidCents)} − provider-level adjustments ${money(r.providerAdjustmentCents)} = ${money(r.expectedTotalCents)}`;
}

/** Whether the payment (BPR02) is what its claims add up to. */
export const balances = (r: Remittance): boolean => r.balanced && r.totalCents === r.expectedTotalCents;

/** A remittance's search filters as the form holds them: empty strings are left out. */
export function remittanceQuery(f: { payer: string; from: string; to: string; checkNumber: string }): {
  payer?: string;
  from?: string;
  to?: string;
  checkNumber?: string;
} {
  const out: { payer?: string; from?: string; to?: string; checkNumber?: string } = {};
  if (f.payer.trim()) out.payer = f.payer.trim();
  if (f.from) out.from = f.from;
  if (f.to) out.to = f.to;
  if (f.checkNumber.trim()) out.checkNumber = f.checkNumber.trim();
  return out;
}

/** What the replacement form starts from: the payer's claim control number of the denied claim. */
export function resubmitDraft(d: Denial): { payerControlNumber: string; reason: string } {
  const first = d.payment.reasons[0];
  return {
    payerControlNumber: d.payment.payerControlNumber ?? "",
    reason: first
      ? `Corrected after ${d.payerStatus === "denied" ? "denial" : "partial payment"}: ${first}`
      : "",
  };
}
