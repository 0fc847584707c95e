import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { commitRoster, MAX_ROSTER_ROWS, previewRoster } from "../../app/roster.js";
import { actorOf, type ServerDeps } from "../context.js";
import { ERRORS } from "../dto.js";

/** The CSV as the request body (text/csv), or wrapped in JSON as `{ "csv": "…" }`. */
const RosterBody = Type.Union(
  [
    Type.String({ description: "The CSV file itself (Content-Type: text/csv)" }),
    Type.Object({ csv: Type.String({ description: "The CSV file's text" }) }),
  ],
  { "x-expected": 'the CSV as text/csv, or JSON {"csv": "…"}' },
);
const csvOf = (body: Static<typeof RosterBody>) => (typeof body === "string" ? body : body.csv);

const FieldErrorDto = Type.Object({ path: Type.String(), message: Type.String() });
const Cell = Type.String();

const RosterRowDto = Type.Object(
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
    provider: Type.Union([Type.Object({ id: Type.String(), name: Type.String() }), Type.Null()]),
    payerName: Type.Union([Type.String(), Type.Null()]),
    action: Type.Union([Type.Literal("add"), Type.Literal("update"), Type.Literal("unchanged"), Type.Null()]),
    errors: Type.Array(FieldErrorDto),
  },
  { title: "RosterRow" },
);

const RosterPreviewDto = Type.Object(
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

const RosterResultDto = Type.Object(
  { total: Type.Integer(), added: Type.Integer(), updated: Type.Integer(), unchanged: Type.Integer() },
  { title: "RosterResult" },
);

const COLUMNS =
  "Columns: npi, payer, state, network (standard or virtual; blank = standard), status (active, pending, terminated), effective_from, effective_to (YYYY-MM-DD or blank).";

export function rosterRoutes(api: FastifyInstance, deps: ServerDeps): void {
  // Rosters arrive as CSV files; other routes keep JSON only.
  if (!api.hasContentTypeParser("text/csv")) {
    api.addContentTypeParser("text/csv", { parseAs: "string" }, (_request, body, done) => {
      done(null, body);
    });
  }
  const options = { bodyLimit: 32 * 1024 * 1024 };

  api.post(
    "/ops/roster/preview",
    {
      ...options,
      schema: {
        tags: ["operations"],
        summary: "Check a credentialing roster (CSV) row by row; stores nothing (operations only)",
        description: `${COLUMNS} Each row says what committing would do (add, update, unchanged) or its errors, with paths rows[i].column. At most ${MAX_ROSTER_ROWS} rows.`,
        consumes: ["text/csv", "application/json"],
        body: RosterBody,
        response: { 200: RosterPreviewDto, ...ERRORS },
      },
    },
    async (request) =>
      previewRoster(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        csvOf(request.body as Static<typeof RosterBody>),
      ),
  );

  api.post(
    "/ops/roster/commit",
    {
      ...options,
      schema: {
        tags: ["operations"],
        summary:
          "Import a credentialing roster (CSV): every row in one transaction, or none (operations only)",
        description: `${COLUMNS} Rows are checked again; any bad row → 400 with every row's errors (rows[i].column) and nothing stored. Audited as roster.commit.`,
        consumes: ["text/csv", "application/json"],
        body: RosterBody,
        response: { 200: RosterResultDto, ...ERRORS },
      },
    },
    async (request) =>
      commitRoster(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        csvOf(request.body as Static<typeof RosterBody>),
        deps.now?.() ?? new Date(),
      ),
  );
}
