/** The audit log: operations search it; no one can change it (the database refuses). */
import type { Actor } from "./actor.js";
import { AppError } from "./errors.js";
import type { AuditEvent } from "./model.js";
import type { AuditQuery, Store } from "./ports.js";

export async function searchAudit(store: Store, actor: Actor, query: AuditQuery): Promise<AuditEvent[]> {
  // Not "forbidden": to anyone but operations the audit log does not exist.
  if (actor.role !== "ops") throw new AppError("NOT_FOUND", "no such resource");
  const events = await store.audit.search(query);
  // Reading the log is itself recorded.
  await store.audit.record({
    actorUserId: actor.userId,
    actorRole: actor.role,
    action: "audit.search",
    entity: "audit_event",
    entityId: null,
    clientId: query.clientId ?? null,
    ip: actor.ip,
    detail: { ...query },
  });
  return events;
}
