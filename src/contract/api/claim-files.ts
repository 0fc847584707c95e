/** Claims as files (X12 837P, FHIR R4), batch exports, corrections, and who bills. */
import { Type, type Static } from "@sinclair/typebox";
import { MAX_FEE_CENTS, TEXT } from "../limits.js";
import { IsoDate, oneOf, StateCodeSchema } from "../schema.js";
import {
  ClaimText,
  CptCode,
  DiagnosisCodesBody,
  Id,
  Instant,
  literals,
  Maybe,
  Minutes,
  Nullable,
  OptionalClaimText,
  pageSize,
} from "./common.js";
import { ClaimDto, ClaimProblemDto, PageCursor } from "./sessions.js";

/** How a payer wants video telehealth marked: modifier 95, GT, or none. */
export const TELEHEALTH_RULES = ["95", "GT", "none"] as const;
/** The file formats a claim is written in: X12 837P or a FHIR R4 Bundle. */
export const CLAIM_FILE_FORMATS = ["x12", "fhir"] as const;
export const CLAIM_EVENT_KINDS = [
  "confirmed",
  "amended",
  "exported",
  "excluded",
  "replaced",
  "voided",
  "accepted",
  "rejected",
  "paid",
  "partially_paid",
  "denied",
  "reversed",
] as const;

const Format = oneOf(CLAIM_FILE_FORMATS, "x12 or fhir");

const Digits = (n: number, what: string) =>
  Type.String({ pattern: `^[0-9]{${n}}$`, "x-expected": `${n} digits (${what})` });
const Code = (what: string) =>
  Type.String({ pattern: "^[0-9A-Z]{2,15}$", "x-expected": `2–15 upper-case letters or digits (${what})` });

const TelehealthRule = oneOf(TELEHEALTH_RULES, "95, GT or none");
const TELEHEALTH_MODIFIERS =
  "Payer catalogue id → how the payer wants video telehealth marked: 95, GT or none. Unlisted payers: none for Medicare (the place of service 02/10 says telehealth), 95 for the others. Audio-only is 93 (FQ for Medicare) whatever this says.";

const billingSettings = {
  name: ClaimText(TEXT.organizationName, { minLength: 1 }),
  npi: Digits(10, "the group's type 2 NPI"),
  taxId: Digits(9, "EIN"),
  taxonomy: Type.String({
    pattern: "^[0-9A-Z]{9}X$",
    "x-expected": "a NUCC taxonomy code such as 261QM0801X",
  }),
  address: Type.Object({
    line1: ClaimText(TEXT.addressLine, { minLength: 1 }),
    line2: OptionalClaimText(TEXT.addressLine, "Suite, floor"),
    city: ClaimText(TEXT.city, { minLength: 1 }),
    state: StateCodeSchema,
    zip: Type.String({
      pattern: "^[0-9]{5}-?[0-9]{4}$",
      "x-expected": "the full ZIP+4 such as 10027-1234 (the billing address needs all nine digits)",
      description: "12345-6789 or 123456789; kept as 12345-6789",
    }),
  }),
  contactName: ClaimText(TEXT.contactName, { minLength: 1 }),
  contactPhone: Digits(10, "phone"),
  submitterId: Code("our id at the clearinghouse"),
  receiverName: ClaimText(TEXT.organizationName, { minLength: 1 }),
  receiverId: Code("the clearinghouse's id"),
  fees: Type.Record(
    Type.String(),
    Type.Integer({
      minimum: 1,
      maximum: MAX_FEE_CENTS,
      "x-expected": `a charge in whole cents from 1 to ${MAX_FEE_CENTS} ($${(MAX_FEE_CENTS / 100).toLocaleString("en-US")})`,
    }),
    { description: `Usual charge per CPT code, in cents (at most ${MAX_FEE_CENTS})` },
  ),
  payerIds: Type.Record(Type.String(), Type.String(), {
    description: "Payer catalogue id → electronic payer id at the clearinghouse",
  }),
};

/** Who bills: the organization named on every claim file. */
export const BillingSettingsBody = Type.Object(
  {
    ...billingSettings,
    telehealthModifiers: Type.Optional(
      Type.Record(Type.String(), TelehealthRule, { description: TELEHEALTH_MODIFIERS }),
    ),
  },
  { title: "BillingSettings" },
);

export const BillingSettingsDto = Type.Object(
  {
    ...billingSettings,
    address: Type.Object({
      line1: Type.String(),
      line2: Nullable(Type.String()),
      city: Type.String(),
      state: StateCodeSchema,
      zip: Type.String({ description: "12345-6789" }),
    }),
    telehealthModifiers: Type.Record(Type.String(), TelehealthRule, { description: TELEHEALTH_MODIFIERS }),
    updatedAt: Nullable(Instant),
  },
  { title: "BillingSettingsRecord" },
);

/** A claim file or a batch file, exactly as written: X12 837P text or a FHIR R4 Bundle (JSON). */
export const ClaimFileDto = Type.String({
  description: "The file itself, as application/edi-x12 or application/fhir+json",
});

/** One batch file of ready claims, written by operations. */
export const ExportDto = Type.Object(
  {
    id: Id,
    format: Format,
    since: IsoDate,
    claimCount: Type.Integer(),
    interchangeControlNumber: Nullable(Type.Integer({ description: "X12 only: ISA13" })),
    createdAt: Instant,
    createdBy: Nullable(Type.String()),
  },
  { title: "ClaimExport" },
);

/** The batch files written, newest first, a page at a time. */
export const ExportListQuery = Type.Object({
  limit: pageSize(100, 1000),
  cursor: PageCursor,
});

export const ExportBody = Type.Object({
  since: IsoDate,
  format: Format,
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 5000 })),
  allOrNothing: Type.Optional(
    Type.Boolean({
      description:
        "true: any claim with a problem fails the whole batch (409 naming every claim and field) and nothing changes. Default false: such claims are left out, flagged with why, and the rest go.",
    }),
  ),
});

export const ExcludedDto = Type.Array(
  Type.Object({ claimId: Id, number: Type.String(), problems: Type.Array(ClaimProblemDto) }),
  { description: "Claims left out of the batch, each with what to fix (they stay ready and flagged)" },
);

/** POST /claim-exports with nothing to send (200). */
export const NoExportDto = Type.Object(
  { export: Type.Null(), claimIds: Type.Array(Id), excluded: ExcludedDto },
  { title: "NoClaimExport" },
);
/** POST /claim-exports: the batch written (201). */
export const ExportResultDto = Type.Object(
  { export: ExportDto, claimIds: Type.Array(Id), excluded: ExcludedDto },
  { title: "ClaimExportResult" },
);

const PayerControlNumber = Type.Optional(
  Type.Union(
    [
      Type.String({
        minLength: 1,
        maxLength: 50,
        pattern: "^[!-~]([ -~]{0,48}[!-~])?$",
        "x-expected": "the payer's claim control number (1–50 printable characters)",
      }),
      Type.Null(),
    ],
    {
      description:
        "The payer's claim control number of the original claim (837P REF*F8), from its acknowledgement (277CA) or remittance (835 CLP07); kept on the claim",
    },
  ),
);
const Reason = Maybe(Type.String({ maxLength: 500 }));

export const ReplacementBody = Type.Object(
  {
    payerControlNumber: PayerControlNumber,
    cptCode: Type.Optional(CptCode),
    durationMinutes: Type.Optional(Minutes),
    diagnosisCodes: Type.Optional(DiagnosisCodesBody),
    reason: Reason,
  },
  { additionalProperties: false },
);

export const VoidBody = Type.Object(
  { payerControlNumber: PayerControlNumber, reason: Reason },
  { additionalProperties: false },
);

/** One step in a claim's history. */
export const ClaimEventDto = Type.Object(
  {
    id: Type.Integer(),
    claimId: Id,
    version: Type.Integer(),
    kind: literals(CLAIM_EVENT_KINDS),
    at: Instant,
    actorUserId: Nullable(Type.String()),
    exportId: Nullable(Type.String()),
    detail: Type.Unknown(),
  },
  { title: "ClaimEvent" },
);

export const ClaimHistoryDto = Type.Object(
  { claim: ClaimDto, events: Type.Array(ClaimEventDto) },
  { title: "ClaimHistory" },
);

export type TelehealthModifierRule = (typeof TELEHEALTH_RULES)[number];
export type ClaimFileFormat = (typeof CLAIM_FILE_FORMATS)[number];
export type BillingSettingsInput = Static<typeof BillingSettingsBody>;
export type BillingSettings = Static<typeof BillingSettingsDto>;
export type ClaimExport = Static<typeof ExportDto>;
export type ExportInput = Static<typeof ExportBody>;
export type ExportResult = Static<typeof NoExportDto> | Static<typeof ExportResultDto>;
export type ReplacementInput = Static<typeof ReplacementBody>;
export type VoidInput = Static<typeof VoidBody>;
export type ClaimEvent = Static<typeof ClaimEventDto>;
export type ClaimHistory = Static<typeof ClaimHistoryDto>;
