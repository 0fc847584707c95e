import { Type } from "@sinclair/typebox";
import { searchAudit } from "../../app/audit.js";
import { AuditEventDto, AuditQuery, ERRORS, ProblemDto } from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";

export function auditRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    "/audit",
    {
      schema: {
        tags: ["operations"],
        summary: "Search the audit log (operations only), newest first",
        querystring: AuditQuery,
        response: { 200: Type.Array(AuditEventDto), ...ERRORS, 403: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const q = request.query;
      return searchAudit(deps.store, actor, { ...q, limit: q.limit ?? 100 });
    },
  );
}
