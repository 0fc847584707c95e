import { Type } from "@sinclair/typebox";
import { searchAudit } from "../../app/audit.js";
import { AuditEventDto, AuditQuery, ERRORS, ProblemDto } from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { nextLink, PAGE_HEADERS } from "../paging.js";

export function auditRoutes(api: Api, deps: ServerDeps): void {
  api.get(
    "/audit",
    {
      schema: {
        tags: ["operations"],
        summary: "Search the audit log (operations only), newest first",
        description:
          "Each event names the person who acted and the client it is about. Filters: client, person (actorUserId), action or group of actions, a time window (since … until, both inclusive); page backwards with before (the last id shown). Searching is itself recorded.",
        querystring: AuditQuery,
        response: {
          200: Type.Array(AuditEventDto, {
            description:
              'Newest first (by id). Paged by keyset with `before`: a full page carries `Link: </api/v1/audit?…&before=…>; rel="next"` (the same search, older events; it may be empty when the log ends exactly there).',
            headers: { Link: PAGE_HEADERS.Link },
          }),
          ...ERRORS,
          403: ProblemDto,
        },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const q = request.query;
      const limit = q.limit ?? 100;
      const events = await searchAudit(deps.store, actor, { ...q, limit });
      const last = events.at(-1);
      if (events.length === limit && last)
        void reply.header("link", nextLink(request, String(last.id), "before"));
      return events;
    },
  );
}
