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
import { ERRORS, ProblemDto } from "../dto.js";

const Params = Type.Object({ id: Type.String() });
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
    name: Type.String({ minLength: 1, maxLength: 60 }),
    npi: Digits(10, "the group's type 2 NPI"),
    taxId: Digits(9, "EIN"),
    taxonomy: Type.String({
      pattern: "^[0-9A-Z]{9}X$",
      "x-expected": "a NUCC taxonomy code such as 261QM0801X",
    }),
    address: Type.Object({
      line1: Type.String({ minLength: 1, maxLength: 55 }),
      city: Type.String({ minLength: 1, maxLength: 30 }),
      state: StateCodeSchema,
      zip: Type.String({ pattern: "^[0-9]{9}$", "x-expected": "the 9-digit ZIP+4, digits only" }),
    }),
    contactName: Type.String({ minLength: 1, maxLength: 60 }),
    contactPhone: Digits(10, "phone"),
    submitterId: Code("our id at the clearinghouse"),
    receiverName: Type.String({ minLength: 1, maxLength: 60 }),
    receiverId: Code("the clearinghouse's id"),
    fees: Type.Record(Type.String(), Type.Integer({ minimum: 1 }), {
      description: "Usual charge per CPT code, in cents",
    }),
    payerIds: Type.Record(Type.String(), Type.String(), {
      description: "Payer catalogue id → electronic payer id at the clearinghouse",
    }),
  },
  { title: "BillingSettings" },
);

const BillingSettingsDto = Type.Intersect(
  [BillingSettingsBody, Type.Object({ updatedAt: Type.Union([Type.String(), Type.Null()]) })],
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
});

const billingDto = (s: BillingSettings) => ({
  name: s.name,
  npi: s.npi,
  taxId: s.taxId,
  taxonomy: s.taxonomy,
  address: {
    line1: s.address.line1 ?? "",
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
      return billingDto(await saveBillingSettings(deps.store, deps.geo, actor, b));
    },
  );

  api.post(
    "/claim-exports",
    {
      schema: {
        tags: ["claims"],
        summary: "Operations: write the ready claims since a service date into one batch file",
        description:
          "All or nothing: every claim goes out and is marked exported, or 409 names each claim and field at fault and nothing changes. No ready claims → 200 with export null.",
        body: ExportBody,
        response: {
          200: Type.Object({ export: Type.Null(), claimIds: Type.Array(Type.String()) }),
          201: Type.Object({ export: ExportDto, claimIds: Type.Array(Type.String()) }),
          ...ERRORS,
          409: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const b = request.body as Static<typeof ExportBody>;
      const result = await exportClaims(deps.store, deps.geo, actor, { ...b, usage }, now());
      return reply.code(result.export ? 201 : 200).send({ export: result.export, claimIds: result.claimIds });
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
