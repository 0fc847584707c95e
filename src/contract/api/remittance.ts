/**
 * Remittances (X12 835) as operations read them: each payer's payment with totals that balance,
 * each claim payment and service line with its adjustments (CARC) and remarks (RARC) in words,
 * the payments that match no claim, and the denials queue. Amounts are whole cents.
 */
import { Type, type Static } from "@sinclair/typebox";
import { IsoDate } from "../schema.js";
import { Id, Instant, literals, Nullable, pageSize } from "./common.js";
import { PageCursor } from "./sessions.js";

export const PAYMENT_METHODS = ["ACH", "BOP", "CHK", "FWT", "NON"] as const;
export const PAYMENT_OUTCOMES = ["paid", "partially_paid", "denied", "reversed"] as const;
export const ADJUSTMENT_GROUP_CODES = ["CO", "CR", "OA", "PI", "PR"] as const;

const Cents = Type.Integer({ description: "Whole cents" });

const Limit = pageSize(100, 1000);

export const AdjustmentDto = Type.Object({
  group: literals(ADJUSTMENT_GROUP_CODES),
  reason: Type.String({ description: "The claim adjustment reason code (CARC)" }),
  amountCents: Cents,
  quantity: Nullable(Type.Number()),
  groupText: Nullable(Type.String({ description: '"Contractual Obligations" …' })),
  reasonText: Nullable(
    Type.String({ description: "The CARC's meaning; null when the code is not in the list" }),
  ),
  text: Type.String({ description: '"CO-45 Charge exceeds fee schedule/maximum allowable …: $55.00"' }),
});

export const RemarkDto = Type.Object({
  code: Type.String({ description: "A remittance advice remark code (RARC)" }),
  text: Nullable(Type.String()),
});

export const ServiceLineDto = Type.Object({
  qualifier: Type.String(),
  procedure: Type.String(),
  modifiers: Type.Array(Type.String()),
  chargeCents: Cents,
  paidCents: Cents,
  units: Type.Number(),
  serviceDate: Nullable(IsoDate),
  adjustments: Type.Array(AdjustmentDto),
  remarks: Type.Array(RemarkDto),
  allowedCents: Nullable(Cents),
});

export const ClaimPaymentDto = Type.Object({
  id: Id,
  remittanceId: Id,
  claimId: Nullable(Id),
  claimVersion: Nullable(Type.Integer()),
  patientControlNumber: Type.String({ description: "CLP01: the claim's number as we sent it (CLM01)" }),
  patientName: Type.String(),
  memberId: Nullable(Type.String()),
  statusCode: Type.String({ description: "CLP02" }),
  status: Type.String({ description: "CLP02 in words" }),
  outcome: literals(PAYMENT_OUTCOMES),
  chargeCents: Cents,
  paidCents: Cents,
  patientResponsibilityCents: Cents,
  payerControlNumber: Nullable(Type.String({ description: "CLP07: what a replacement or void quotes" })),
  adjustments: Type.Array(AdjustmentDto, { description: "Claim-level adjustments" }),
  lines: Type.Array(ServiceLineDto),
  remarks: Type.Array(RemarkDto),
  reasons: Type.Array(Type.String(), {
    description: "Every adjustment of the claim and its lines, in words",
  }),
  payerName: Type.String(),
  checkNumber: Type.String(),
  paidOn: Nullable(IsoDate),
  sandbox: Type.Boolean({ description: "From the sandbox clearinghouse: made-up data" }),
  createdAt: Instant,
});

export const ProviderAdjustmentDto = Type.Object({
  providerId: Type.String(),
  fiscalPeriodDate: Nullable(IsoDate),
  reason: Type.String({ description: "PLB adjustment reason: WO overpayment recovery, L6 interest …" }),
  reference: Nullable(Type.String()),
  amountCents: Type.Integer({ description: "Positive: held back from the payment; negative: added" }),
});

export const RemittanceDto = Type.Object({
  id: Id,
  ediFileId: Id,
  fileName: Type.String(),
  sandbox: Type.Boolean({ description: "From the sandbox clearinghouse: made-up data" }),
  transactionControl: Type.String(),
  payerName: Type.String(),
  payerId: Type.String(),
  cataloguePayer: Nullable(Type.String()),
  payeeName: Type.String(),
  payeeNpi: Nullable(Type.String()),
  checkNumber: Type.String({ description: "TRN02: the check or EFT trace number" }),
  method: literals(PAYMENT_METHODS),
  methodText: Type.String(),
  paidOn: Nullable(IsoDate),
  totalCents: Type.Integer({ description: "BPR02 (negative for a debit)" }),
  paidCents: Type.Integer({ description: "Σ of the claim payments (CLP04)" }),
  providerAdjustmentCents: Type.Integer({ description: "Σ of the provider-level adjustments (PLB)" }),
  expectedTotalCents: Type.Integer({
    description: "Claim payments minus provider-level adjustments: BPR02 when it balances",
  }),
  claimCount: Type.Integer(),
  unmatchedCount: Type.Integer(),
  providerAdjustments: Type.Array(ProviderAdjustmentDto),
  balanced: Type.Boolean(),
  problems: Type.Array(Type.String()),
  createdAt: Instant,
});

export const RemittanceDetailDto = Type.Object({
  remittance: RemittanceDto,
  claims: Type.Array(ClaimPaymentDto),
});

export const DenialDto = Type.Object({
  claimId: Id,
  claimNumber: Type.String(),
  claimVersion: Type.Integer(),
  clientId: Id,
  clientName: Type.String(),
  providerId: Id,
  providerName: Type.String(),
  serviceDate: IsoDate,
  billTo: Type.String(),
  payerStatus: literals(["denied", "partially_paid"] as const),
  payerStatusAt: Instant,
  payment: ClaimPaymentDto,
});

export const RemittanceListQuery = Type.Object({
  payer: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description: "The payer's id, catalogue id or part of its name",
    }),
  ),
  from: Type.Optional(IsoDate),
  to: Type.Optional(IsoDate),
  checkNumber: Type.Optional(Type.String({ minLength: 1, maxLength: 50 })),
  limit: Limit,
  cursor: PageCursor,
});

export const ClaimPaymentListQuery = Type.Object({
  unmatched: Type.Optional(Type.Boolean({ description: "true: only the payments no claim of ours matched" })),
  limit: Limit,
  cursor: PageCursor,
});

export const DenialListQuery = Type.Object({ limit: Limit, cursor: PageCursor });

export type RemittanceAdjustment = Static<typeof AdjustmentDto>;
export type ClaimPayment = Static<typeof ClaimPaymentDto>;
export type Remittance = Static<typeof RemittanceDto>;
export type RemittanceDetail = Static<typeof RemittanceDetailDto>;
export type Denial = Static<typeof DenialDto>;
