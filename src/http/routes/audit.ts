import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import { searchAudit } from "../../app/audit.js";
import { actorOf, type ServerDeps } from "../context.js";
import { AuditEventDto, ERRORS, ProblemDto } from "../dto.js";

const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
const Query = Type.Object({
  clientId: Type.Optional(Type.String({ pattern: UUID, "x-expected": "a client id (UUID)" })),
  actorUserId: Type.Optional(Type.String({ pattern: UUID, "x-expected": "a user id (UUID)" })),
  action: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  since: Type.Optional(
    Type.String({
      format: "date-time",
      "x-expected": "a date and time with its offset, such as 2026-12-04T10:00:00Z",
    }),
  ),
  before: Type.Optional(
    Type.Integer({ minimum: 1, maximum: Number.MAX_SAFE_INTEGER, "x-expected": "an event id" }),
  ),
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
