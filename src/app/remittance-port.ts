/**
 * Remittances as use cases see them: what a payer paid, adjusted and denied (X12 835), posted
 * from a kept inbound file, and the claims it answers. Part of the `Store` port (see ports.ts),
 * implemented in src/store/remittance-store.ts.
 *
 * Adjustments and lines are stored as read (codes and cents); the words (CARC/RARC) are added
 * when they are read back, so a corrected code list shows at once.
 */
import type {
  Adjustment,
  PaymentMethod,
  PaymentOutcome,
  ProviderAdjustment,
  ServiceLinePayment,
} from "../formats/x12-835.js";
import type { Paged, PageQuery } from "./paging.js";

export type { Adjustment, PaymentMethod, PaymentOutcome, ProviderAdjustment, ServiceLinePayment };

export interface NewRemittance {
  readonly ediFileId: string;
  readonly transactionControl: string;
  readonly payerName: string;
  readonly payerId: string;
  readonly cataloguePayer: string | null;
  readonly payeeName: string;
  readonly payeeNpi: string | null;
  readonly checkNumber: string;
  readonly method: PaymentMethod;
  readonly paidOn: string | null;
  /** BPR02, negative for a debit. */
  readonly totalCents: number;
  readonly claimCount: number;
  readonly providerAdjustments: readonly ProviderAdjustment[];
  readonly balanced: boolean;
  readonly problems: readonly string[];
}

export interface RemittanceSummary extends NewRemittance {
  readonly id: string;
  readonly createdAt: string;
  /** The file it came in (its name), and whether that was the sandbox clearinghouse's. */
  readonly fileName: string;
  readonly sandbox: boolean;
  /** Σ CLP04 of its claim payments. */
  readonly paidCents: number;
  /** How many of its claim payments match no claim of ours. */
  readonly unmatchedCount: number;
}

export interface NewClaimPayment {
  readonly claimId: string | null;
  readonly claimVersion: number | null;
  readonly patientControlNumber: string;
  readonly patientName: string;
  readonly memberId: string | null;
  readonly statusCode: string;
  readonly outcome: PaymentOutcome;
  readonly chargeCents: number;
  readonly paidCents: number;
  readonly patientResponsibilityCents: number;
  readonly payerControlNumber: string | null;
  readonly adjustments: readonly Adjustment[];
  readonly lines: readonly ServiceLinePayment[];
  readonly remarks: readonly string[];
}

export interface ClaimPaymentRow extends NewClaimPayment {
  readonly id: string;
  readonly remittanceId: string;
  readonly createdAt: string;
  /** The claim's client (null when unmatched): for the audit log. */
  readonly clientId: string | null;
  /** From the remittance, for lists. */
  readonly payerName: string;
  readonly checkNumber: string;
  readonly paidOn: string | null;
  readonly sandbox: boolean;
}

/** A claim the payer denied or paid in part, with the payment that said so (the denials queue). */
export interface DenialRow {
  readonly claimId: string;
  readonly claimNumber: string;
  readonly claimVersion: number;
  readonly clientId: string;
  readonly clientName: string;
  readonly providerId: string;
  readonly providerName: string;
  readonly serviceDate: string;
  readonly billTo: string;
  readonly payerStatus: "denied" | "partially_paid";
  readonly payerStatusAt: string;
  readonly payment: ClaimPaymentRow;
}

export interface RemittanceFilter {
  /** The payer's id or a part of its name. */
  readonly payer?: string | undefined;
  /** Paid on or after / on or before (BPR16), inclusive. */
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly checkNumber?: string | undefined;
}

export interface RemittanceStores {
  remittances: {
    /** The remittance already posted for this payer's check or EFT number, if any. */
    byPayerCheck(payerId: string, checkNumber: string): Promise<RemittanceSummary | undefined>;
    /** Posts a remittance and its claim payments (inside the file's transaction). */
    add(r: NewRemittance, payments: readonly NewClaimPayment[]): Promise<RemittanceSummary>;
    /** Newest first (posted, then id, descending), filtered, and the key of the last one when more follow. */
    page(filter: RemittanceFilter, q: PageQuery): Promise<Paged<RemittanceSummary>>;
    byId(id: string): Promise<RemittanceSummary | undefined>;
    /** A remittance's claim payments, in the file's order. */
    payments(remittanceId: string): Promise<ClaimPaymentRow[]>;
    /** Claim payments, oldest first; only those matching no claim with `unmatched`. */
    paymentsPage(unmatched: boolean, q: PageQuery): Promise<Paged<ClaimPaymentRow>>;
    /** A claim's payments, newest first. */
    paymentsOfClaim(claimId: string): Promise<ClaimPaymentRow[]>;
    /**
     * Claims whose payer status is denied or partially paid by a payment on their current
     * version (a replacement sent since takes a claim out), oldest answer first.
     */
    denials(q: PageQuery): Promise<Paged<DenialRow>>;
  };
}
