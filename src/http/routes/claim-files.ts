/**
 * Claims as files (X12 837P, FHIR R4), batch exports, the billing organization's settings and
 * the job runner's state. Thin: parse, one use case, answer.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  claimFile,
  CONTENT_TYPES,
  exportClaims,
  getBillingSettings,
  getExport,
  listExports,
  saveBillingSettings,
  type X12Usage,
} from "../../app/claim-files.js";
import type { BillingSettings } from "../../app/claim-files-port.js";
import { IsoDate, StateCodeSchema } from "../../contract/schema.js";
import { actorOf, type ServerDeps } from "../context.js";
import { ClaimText, DiagnosisCodesBody, ERRORS, OptionalClaimText, ProblemDto } from "../dto.js";
import { ClaimDto, claimDto } from "../session-dto.js";
import { claimHistory, replaceClaim, voidClaim } from "../../app/claim-corrections.js";
import { MAX_FEE_CENTS, TEXT } from "../../app/text-fields.js";

const Params = Type.Object({ id: Type.String() });
const TELEHEALTH_RULES = ["95", "GT", "none"] as const;
const FORMATS = ["x12", "fhir"] as const;
const Format = Type.Union(
  FORMATS.map((f) => Type.Literal(f)),
  { "x-expected": "x12 or fhir" },
);

const Digits = (n: number, what: string) =>
  Type.String({ pattern: `^[0-9]{${n}}$`, "x-expected": `${n} digits (${what})` });
const Code = (what: string) =>
  Type.String({ pattern: "^[0-9A-Z]{2,15}$", "x-expected": `2–15 upper-case letters or digits (${what})` });

const BillingSettingsBody = Type.Object(
  {
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
    telehealthModifiers: Type.Optional(
      Type.Record(
        Type.String(),
        Type.Union(
          TELEHEALTH_RULES.map((r) => Type.Literal(r)),
          { "x-expected": "95, GT or none" },
        ),
        {
          description:
            "Payer catalogue id → how the payer wants video telehealth marked: 95, GT or none. Unlisted payers: none for Medicare (the place of service 02/10 says telehealth), 95 for the others. Audio-only is 93 (FQ for Medicare) whatever this says.",
        },
      ),
    ),
  },
  { title: "BillingSettings" },
);

const BillingSettingsDto = Type.Intersect(
  [
    BillingSettingsBody,
    Type.Object({
      telehealthModifiers: Type.Record(Type.String(), Type.String()),
      updatedAt: Type.Union([Type.String(), Type.Null()]),
    }),
  ],
  { title: "BillingSettingsRecord" },
);

const ExportDto = Type.Object(
  {
    id: Type.String({ format: "uuid" }),
    format: Format,
    since: IsoDate,
    claimCount: Type.Integer(),
    interchangeControlNumber: Type.Union([Type.Integer(), Type.Null()]),
    createdAt: Type.String(),
    createdBy: Type.Union([Type.String(), Type.Null()]),
  },
  { title: "ClaimExport" },
);

const ExportBody = Type.Object({
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

const ProblemList = Type.Array(Type.Object({ field: Type.String(), message: Type.String() }));
const ExcludedDto = Type.Array(
  Type.Object({ claimId: Type.String({ format: "uuid" }), number: Type.String(), problems: ProblemList }),
  { description: "Claims left out of the batch, each with what to fix (they stay ready and flagged)" },
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
const Reason = Type.Optional(Type.Union([Type.String({ maxLength: 500 }), Type.Null()]));

const ReplacementBody = Type.Object(
  {
    payerControlNumber: PayerControlNumber,
    cptCode: Type.Optional(
      Type.String({ pattern: "^[0-9]{5}$", "x-expected": "a 5-digit CPT code such as 90834" }),
    ),
    durationMinutes: Type.Optional(
      Type.Integer({ minimum: 1, maximum: 600, "x-expected": "whole minutes from 1 to 600" }),
    ),
    diagnosisCodes: Type.Optional(DiagnosisCodesBody),
    reason: Reason,
  },
  { additionalProperties: false },
);

const VoidBody = Type.Object(
  { payerControlNumber: PayerControlNumber, reason: Reason },
  { additionalProperties: false },
);

const ClaimEventDto = Type.Object(
  {
    id: Type.Integer(),
    version: Type.Integer(),
    kind: Type.Union(
      ["confirmed", "amended", "exported", "excluded", "replaced", "voided"].map((k) => Type.Literal(k)),
    ),
    at: Type.String(),
    actorUserId: Type.Union([Type.String(), Type.Null()]),
    exportId: Type.Union([Type.String(), Type.Null()]),
    detail: Type.Unknown(),
  },
  { title: "ClaimEvent" },
);

const HistoryDto = Type.Object(
  { claim: ClaimDto, events: Type.Array(ClaimEventDto) },
  { title: "ClaimHistory" },
);

const billingDto = (s: BillingSettings) => ({
  name: s.name,
  npi: s.npi,
  taxId: s.taxId,
  taxonomy: s.taxonomy,
  address: {
    line1: s.address.line1 ?? "",
    line2: s.address.line2,
    city: s.address.city ?? "",
    state: s.address.state,
    zip: s.address.zip ?? "",
  },
  contactName: s.contactName,
  contactPhone: s.contactPhone,
  submitterId: s.submitterId,
  receiverName: s.receiverName,
  receiverId: s.receiverId,
  fees: { ...s.fees },
  payerIds: { ...s.payerIds },
  telehealthModifiers: { ...s.telehealthModifiers },
  updatedAt: s.updatedAt,
});

export function claimFileRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();
  const usage: X12Usage = deps.x12Usage ?? "P";

  for (const format of FORMATS) {
    api.get(
      `/claims/:id/${format}`,
      {
        schema: {
          tags: ["claims"],
          summary:
            format === "x12"
              ? "The claim as an X12 837P (005010X222A1) interchange"
              : "The claim as a FHIR R4 Bundle (Claim, Patient, Coverage, Practitioner, Organization, Location)",
          description:
            "409 with field paths when the claim lacks what a payer needs (NPI, member ID, address, diagnosis, fee); nothing is written then.",
          params: Params,
          produces: [CONTENT_TYPES[format]],
          response: { ...ERRORS, 409: ProblemDto },
        },
      },
      async (request, reply) => {
        const actor = await actorOf(request, deps);
        const { id } = request.params as Static<typeof Params>;
        const file = await claimFile(deps.store, deps.geo, actor, id, format, now(), usage);
        return reply
          .type(`${file.contentType}; charset=utf-8`)
          .header("content-disposition", `inline; filename="${file.filename}"`)
          .send(file.content);
      },
    );
  }

  api.get(
    "/billing-settings",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: who bills (NPI, tax id, address, clearinghouse, fees, electronic payer ids)",
        response: { 200: BillingSettingsDto, ...ERRORS },
      },
    },
    async (request) => billingDto(await getBillingSettings(deps.store, await actorOf(request, deps))),
  );

  api.put(
    "/billing-settings",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: set who bills",
        body: BillingSettingsBody,
        response: { 200: BillingSettingsDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const b = request.body as Static<typeof BillingSettingsBody>;
      const address = { ...b.address, line2: b.address.line2 ?? null };
      const telehealthModifiers = b.telehealthModifiers ?? {};
      return billingDto(
        await saveBillingSettings(deps.store, deps.geo, actor, { ...b, address, telehealthModifiers }),
      );
    },
  );

  api.post(
    "/claim-exports",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: write the ready claims since a service date into one batch file",
        description:
          "The claims that are complete go out and are marked exported (201); a claim with a problem is left out, flagged on the claim (exportProblems) and listed in `excluded` with each field and its fix, and stays ready for the next export. Nothing to send → 200 with export null. allOrNothing: true → any problem is a 409 naming every claim and field, and nothing changes.",
        body: ExportBody,
        response: {
          200: Type.Object({
            export: Type.Null(),
            claimIds: Type.Array(Type.String()),
            excluded: ExcludedDto,
          }),
          201: Type.Object({ export: ExportDto, claimIds: Type.Array(Type.String()), excluded: ExcludedDto }),
          ...ERRORS,
          409: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body as Static<typeof ExportBody>;
      const result = await exportClaims(deps.store, deps.geo, actor, { ...b, usage }, now());
      return reply.code(result.export ? 201 : 200).send({
        export: result.export,
        claimIds: result.claimIds,
        excluded: result.excluded.map((x) => ({ ...x, problems: x.problems.map((p) => ({ ...p })) })),
      });
    },
  );

  api.post(
    "/claims/:id/replacement",
    {
      schema: {
        tags: ["claims"],
        summary: "Correct a released claim: its next version, a replacement (837P CLM05-3 = 7)",
        description:
          "For a ready or exported claim (a held one is corrected with PATCH). The new version carries the corrected codes and the payer's claim control number of the original (REF*F8), is ready at once and goes out with the next export; the history keeps every version. A ready claim never sent is corrected as a new version of the original (frequency 1). The claim's provider or operations. 400 with the field's path on bad input, 409 when the claim is held, voided or changed meanwhile; nothing is written then.",
        params: Params,
        body: ReplacementBody,
        response: { 200: ClaimDto, ...ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof ReplacementBody>;
      return claimDto(await replaceClaim(deps.store, actor, id, b));
    },
  );

  api.post(
    "/claims/:id/void",
    {
      schema: {
        tags: ["claims"],
        summary: "Void a claim the payer has: its next version, a void (837P CLM05-3 = 8)",
        description:
          "For a claim that was sent (exported, or a correction of one that was): the void carries the payer's claim control number (REF*F8), is ready at once and goes out with the next export. The claim's provider or operations. 409 when the claim is held, never sent, already voided or changed meanwhile.",
        params: Params,
        body: VoidBody,
        response: { 200: ClaimDto, ...ERRORS, 409: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const b = request.body as Static<typeof VoidBody>;
      return claimDto(await voidClaim(deps.store, actor, id, b));
    },
  );

  api.get(
    "/claims/:id/history",
    {
      schema: {
        tags: ["claims"],
        summary:
          "A claim's versions and what happened to each: confirmed, amended, exported, left out, replaced, voided",
        params: Params,
        response: { 200: HistoryDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const history = await claimHistory(deps.store, actor, id);
      return { claim: claimDto(history.claim), events: history.events.map((e) => ({ ...e })) };
    },
  );

  api.get(
    "/claim-exports",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: batch files written, newest first",
        response: { 200: Type.Array(ExportDto), ...ERRORS },
      },
    },
    async (request) => listExports(deps.store, await actorOf(request, deps)),
  );

  api.get(
    "/claim-exports/:id/file",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: a batch file exactly as it was written",
        params: Params,
        produces: Object.values(CONTENT_TYPES),
        response: { ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const found = await getExport(deps.store, actor, id);
      const ext = found.format === "x12" ? "x12" : "json";
      return reply
        .type(`${CONTENT_TYPES[found.format]}; charset=utf-8`)
        .header(
          "content-disposition",
          `attachment; filename="claims-${found.createdAt.slice(0, 10)}-${found.id}.${ext}"`,
        )
        .send(found.content);
    },
  );
}
