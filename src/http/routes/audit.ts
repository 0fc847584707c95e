import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { searchAudit } from "../../app/audit.js";
import { actorOf, type ServerDeps } from "../context.js";
import { AuditEventDto, ERRORS, ProblemDto } from "../dto.js";

const Query = Type.Object({
  clientId: Type.Optional(Type.String()),
  actorUserId: Type.Optional(Type.String()),
  action: Type.Optional(Type.String({ maxLength: 100 })),
  since: Type.Optional(Type.String({ format: "date-time" })),
  before: Type.Optional(Type.Integer({ minimum: 1 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 500 })),
});

export function auditRoutes(api: FastifyInstance, deps: ServerDeps): void {
  api.get(
    "/audit",
    {
      schema: {
        tags: ["operations"],
        summary: "Search the audit log (operations only), newest first",
        querystring: Query,
        response: { 200: Type.Array(AuditEventDto), ...ERRORS, 403: ProblemDto },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const q = request.query as Static<typeof Query>;
      return searchAudit(deps.store, actor, { ...q, limit: q.limit ?? 100 });
    },
  );
}
