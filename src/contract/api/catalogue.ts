/** The payer catalogue: national payers and every Blue plan with its service area. */
import { Type, type Static } from "@sinclair/typebox";
import { StateCodeSchema } from "../schema.js";
import { literals } from "./common.js";

export const CONFIDENCES = ["sourced", "common", "approximate"] as const;
const Confidence = literals(
  CONFIDENCES,
  "sourced: a plan's own document; common: widely published; approximate: drawn from weaker sources",
);

export const AreaEntryDto = Type.Object(
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

export const PayerDto = Type.Object(
  {
    id: Type.String(),
    name: Type.String(),
    kind: literals(["national", "bcbs"] as const),
    mark: Type.Optional(literals(["both", "blue-cross", "blue-shield"] as const)),
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

export type Confidence = (typeof CONFIDENCES)[number];
export type AreaEntry = Static<typeof AreaEntryDto>;
export type Payer = Static<typeof PayerDto>;
export type PayerCatalogue = Static<typeof CatalogueDto>;
