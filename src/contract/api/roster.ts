/** Credentialing rosters (CSV): a preview row by row, and the import. */
import { Type, type Static } from "@sinclair/typebox";
import { FieldErrorDto, Nullable } from "./common.js";

/** The CSV as the request body (text/csv), or wrapped in JSON as `{ "csv": "…" }`. */
export const RosterBody = Type.Union(
  [
    Type.String({ description: "The CSV file itself (Content-Type: text/csv)" }),
    Type.Object({ csv: Type.String({ description: "The CSV file's text" }) }),
  ],
  { "x-expected": 'the CSV as text/csv, or JSON {"csv": "…"}' },
);

export const ROSTER_COLUMNS = [
  "npi",
  "payer",
  "state",
  "network",
  "status",
  "effectiveFrom",
  "effectiveTo",
] as const;
const Cell = Type.String();

export const RosterRowDto = Type.Object(
  {
    index: Type.Integer({ description: "0-based data row; error paths say rows[index]" }),
    line: Type.Integer({ description: "Line in the file, header = 1" }),
    values: Type.Object({
      npi: Cell,
      payer: Cell,
      state: Cell,
      network: Cell,
      status: Cell,
      effectiveFrom: Cell,
      effectiveTo: Cell,
    }),
    provider: Nullable(Type.Object({ id: Type.String(), name: Type.String() })),
    payerName: Nullable(Type.String()),
    action: Nullable(Type.Union([Type.Literal("add"), Type.Literal("update"), Type.Literal("unchanged")])),
    errors: Type.Array(FieldErrorDto),
  },
  { title: "RosterRow" },
);

export const RosterPreviewDto = Type.Object(
  {
    rows: Type.Array(RosterRowDto),
    total: Type.Integer(),
    valid: Type.Integer(),
    invalid: Type.Integer(),
    add: Type.Integer(),
    update: Type.Integer(),
    unchanged: Type.Integer(),
  },
  { title: "RosterPreview" },
);

export const RosterResultDto = Type.Object(
  { total: Type.Integer(), added: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() },
  { title: "RosterResult" },
);

export type RosterInput = Static<typeof RosterBody>;
export type RosterColumn = (typeof ROSTER_COLUMNS)[number];
export type RosterRow = Static<typeof RosterRowDto>;
export type RosterPreview = Static<typeof RosterPreviewDto>;
export type RosterResult = Static<typeof RosterResultDto>;
