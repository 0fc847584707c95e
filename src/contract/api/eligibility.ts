/**
 * Eligibility (X12 270/271, 005010X279A1): "Verify coverage" for a client, the history of checks
 * with the payer's answer in words and structured, and the 271 each answer came in.
 */
import { Type, type Static } from "@sinclair/typebox";
import { IsoDate, oneOf } from "../schema.js";
import { Id, Instant, Nullable, ProductSchema, pageSize } from "./common.js";
import { PageCursor } from "./sessions.js";

export const ELIGIBILITY_CHECK_STATUSES = [
  "queued",
  "pending",
  "active",
  "inactive",
  "rejected",
  "unknown",
  "error",
] as const;
export const ELIGIBILITY_REASONS = ["manual", "coverage_changed", "first_session", "monthly"] as const;
export const NETWORKS = ["in", "out", "both", "unknown"] as const;
export const BENEFIT_KINDS = ["copay", "coinsurance", "deductible", "out_of_pocket"] as const;

export const BenefitDto = Type.Object(
  {
    kind: oneOf(
      BENEFIT_KINDS,
      BENEFIT_KINDS.join(", "),
      "EB01: B co-pay, A co-insurance, C deductible, G out of pocket",
    ),
    network: oneOf(NETWORKS, NETWORKS.join(", "), "EB12: Y in network, N out, W both; unknown when absent"),
    serviceTypes: Type.Array(Type.String(), { description: "EB03 service type codes (MH, A6, A8 …)" }),
    coverageLevel: Nullable(Type.String({ description: "EB02: IND individual, FAM family …" })),
    amountCents: Nullable(Type.Integer({ description: "EB07 in cents" })),
    percent: Nullable(Type.Number({ description: "EB08 as a percent (20 = 20%)" })),
    period: Nullable(
      Type.String({ description: "EB06: 23 calendar year (total), 29 remaining, 27 per visit …" }),
    ),
  },
  { title: "EligibilityBenefit" },
);

export const CarveOutDto = Type.Object(
  {
    entityCode: Type.String({
      description: "2120C NM101: PR payer, VN vendor, Y2 managed care organization …",
    }),
    name: Type.String(),
    id: Nullable(Type.String({ description: "Its payer id (NM109), when given" })),
    phone: Nullable(Type.String()),
    serviceTypes: Type.Array(Type.String()),
  },
  { title: "BehavioralHealthCarveOut" },
);

export const RejectionDto = Type.Object(
  {
    level: oneOf(["payer", "receiver", "subscriber"] as const, "payer, receiver or subscriber"),
    code: Type.String({ description: "AAA03 reject reason code" }),
    words: Type.String(),
    followUp: Nullable(Type.String({ description: "AAA04 follow-up action code" })),
    followUpWords: Nullable(Type.String()),
    fix: Nullable(Type.String({ description: "What to do, for the reasons a practice can act on" })),
  },
  { title: "EligibilityRejection" },
);

export const EligibilityAnswerDto = Type.Object(
  {
    traceNumber: Nullable(Type.String({ description: "TRN02 of the TRN*2: our 270's trace number" })),
    status: oneOf(
      ["active", "inactive", "rejected", "unknown"] as const,
      "active, inactive, rejected or unknown",
    ),
    payerName: Nullable(Type.String()),
    payerId: Nullable(Type.String()),
    memberId: Nullable(Type.String()),
    subscriberName: Nullable(Type.String()),
    planName: Nullable(Type.String()),
    groupName: Nullable(Type.String()),
    groupNumber: Nullable(Type.String()),
    insuranceType: Nullable(
      Type.String({ description: "EB04: PR PPO, HM HMO, EP EPO, PS POS, MC Medicaid …" }),
    ),
    insuranceTypeWords: Nullable(Type.String()),
    product: Nullable(ProductSchema),
    planBegin: Nullable(IsoDate),
    planEnd: Nullable(IsoDate),
    eligibilityBegin: Nullable(IsoDate),
    eligibilityEnd: Nullable(IsoDate),
    benefits: Type.Array(BenefitDto, { description: "Outpatient mental health costs" }),
    carveOut: Nullable(CarveOutDto),
    rejections: Type.Array(RejectionDto),
    notes: Type.Array(Type.String(), { description: "What was read but not understood (MSG texts …)" }),
  },
  { title: "EligibilityAnswer" },
);

export const EligibilityCheckDto = Type.Object(
  {
    id: Id,
    clientId: Id,
    coverageId: Id,
    traceNumber: Type.String(),
    status: oneOf(
      ELIGIBILITY_CHECK_STATUSES,
      ELIGIBILITY_CHECK_STATUSES.join(", "),
      "queued (waiting to be sent), pending (270 sent), active / inactive / rejected / unknown (the 271's answer), error (could not be sent)",
    ),
    reason: oneOf(ELIGIBILITY_REASONS, ELIGIBILITY_REASONS.join(", ")),
    planDate: IsoDate,
    requestedAt: Instant,
    requestedBy: Nullable(Type.String({ description: "Who asked (name or email); null: the platform" })),
    sentAt: Nullable(Instant),
    answeredAt: Nullable(Instant),
    summary: Nullable(
      Type.String({
        description:
          'The answer in words: "Active PPO, mental health in network: $30 co-pay; deductible $400 of $1,500 left"',
      }),
    ),
    answer: Nullable(EligibilityAnswerDto),
    error: Nullable(Type.String()),
    sandbox: Type.Boolean({ description: "The answer came from the sandbox clearinghouse (made-up data)" }),
    answerUrl: Nullable(Type.String({ description: "The 271 as written (application/edi-x12)" })),
  },
  { title: "EligibilityCheck" },
);

export const EligibilityListQuery = Type.Object({
  limit: pageSize(50, 500),
  cursor: PageCursor,
});

export const Edi271Dto = Type.String({
  description: "The 271 as the clearinghouse wrote it (application/edi-x12)",
});

export type EligibilityCheckBody = Static<typeof EligibilityCheckDto>;
export type EligibilityAnswerBody = Static<typeof EligibilityAnswerDto>;
