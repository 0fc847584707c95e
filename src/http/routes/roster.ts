import { commitRoster, MAX_ROSTER_ROWS, previewRoster, type RosterPreview } from "../../app/roster.js";
import {
  RosterBody,
  RosterPreviewDto,
  RosterResultDto,
  WRITE_ERRORS,
  type RosterInput,
  type RosterPreview as RosterPreviewBody,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";

const csvOf = (body: RosterInput) => (typeof body === "string" ? body : body.csv);

const previewDto = (p: RosterPreview): RosterPreviewBody => ({
  ...p,
  rows: p.rows.map((r) => ({
    ...r,
    values: { ...r.values },
    provider: r.provider ? { id: r.provider.id, name: r.provider.name } : null,
    errors: r.errors.map((e) => ({ path: e.path, message: e.message })),
  })),
});

const COLUMNS =
  "Columns: npi, payer, state, network (standard or virtual; blank = standard), status (active, pending, terminated), effective_from, effective_to (YYYY-MM-DD or blank).";

export function rosterRoutes(api: Api, deps: ServerDeps): void {
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
        response: { 200: RosterPreviewDto, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      previewDto(
        await previewRoster(deps.store, deps.geo, await actorOf(request, deps), csvOf(request.body)),
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
        response: { 200: RosterResultDto, ...WRITE_ERRORS },
      },
    },
    async (request) =>
      commitRoster(
        deps.store,
        deps.geo,
        await actorOf(request, deps),
        csvOf(request.body),
        deps.now?.() ?? new Date(),
      ),
  );
}
