import { Type } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { payerCatalogue } from "../../app/catalogue.js";
import { StateCodeSchema } from "../../contract/schema.js";
import { actorOf, type ServerDeps } from "../context.js";
import { ERRORS } from "../dto.js";

const Confidence = Type.Union(
  ["sourced", "common", "approximate"].map((c) => Type.Literal(c)),
  {
    description:
      "sourced: a plan's own document; common: widely published; approximate: drawn from weaker sources",
  },
);

const AreaEntryDto = Type.Object(
  {
    state: StateCodeSchema,
    counties: Type.Optional(Type.Array(Type.String())),
    exceptCounties: Type.Optional(Type.Array(Type.String())),
    zips: Type.Optional(Type.Array(Type.String())),
    exceptZips: Type.Optional(Type.Array(Type.String())),
    note: Type.Optional(Type.String()),
    confidence: Type.Optional(Confidence),
  },
  { title: "AreaEntry", description: "One piece of a Blue plan's service area, within one state" },
);

const PayerDto = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: Type.Union([Type.Literal("national"), Type.Literal("bcbs")]),
    mark: Type.Optional(Type.Union(["both", "blue-cross", "blue-shield"].map((m) => Type.Literal(m)))),
    areaName: Type.Optional(Type.String()),
    states: Type.Array(StateCodeSchema),
    area: Type.Optional(Type.Array(AreaEntryDto)),
    source: Type.Array(Type.String({ description: "URL" })),
    confidence: Confidence,
    notes: Type.Optional(Type.String()),
  },
  { title: "Payer" },
);

export const CatalogueDto = Type.Object(
  {
    payers: Type.Array(PayerDto),
    noBluePlan: Type.Object({ states: Type.Array(StateCodeSchema), note: Type.String() }),
  },
  { title: "PayerCatalogue" },
);

export function catalogueRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get(
    "/payers",
    {
      schema: {
        tags: ["reference"],
        summary:
          "The payer catalogue: national payers and every Blue plan with its service area, sources and confidence",
        response: { 200: CatalogueDto, ...ERRORS },
      },
    },
    async (request) => payerCatalogue(deps.geo, await actorOf(request, deps)),
  );
}
