/**
 * The audit log: every use case appends who did what to which record of which client (`audit`,
 * `auditEvent`); operations search it; no one can change it (the database refuses).
 */
import { SYSTEM, type Actor } from "./actor.js";
import { AppError, invalid } from "./errors.js";
import type { NewAuditEvent } from "./model.js";
import type { AuditEntry, AuditQuery, Store } from "./ports.js";

/** The account behind an actor, or null for the platform itself. */
export const userOf = (actor: Actor): string | null => (actor.userId === SYSTEM.userId ? null : actor.userId);

/** One audit event of the actor's (see `audit`); for writing several in one statement. */
export function auditEvent(
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | null,
  clientId: string | null,
  detail?: unknown,
): NewAuditEvent {
  return {
    actorUserId: actor.userId,
    actorRole: actor.role,
    action,
    entity,
    entityId,
    clientId,
    ip: actor.ip,
    detail,
  };
}

/** Appends one audit event: who (the actor, from where), did what, to which record, of which client. */
export async function audit(store: Store, ...event: Parameters<typeof auditEvent>): Promise<void> {
  await store.audit.record(auditEvent(...event));
}

/**
 * Operations search the log, newest first, with the acting person's and the client's names: by
 * client, person, action or group of actions, time window (`since` … `until`, both inclusive), and
 * page backwards with `before` (the last id of the page shown).
 */
export async function searchAudit(store: Store, actor: Actor, query: AuditQuery): Promise<AuditEntry[]> {
  // Not "forbidden": to anyone but operations the audit log does not exist.
  if (actor.role !== "ops") throw new AppError("NOT_FOUND", "no such resource");
  if (query.since && query.until && Date.parse(query.until) < Date.parse(query.since))
    throw invalid("query.until", "must not be before since");
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
