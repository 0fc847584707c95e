/** The audit log, searched by operations. */
import { Type, type Static } from "@sinclair/typebox";
import { Instant, Nullable } from "./common.js";

export const AuditEventDto = Type.Object(
  {
    id: Type.Integer(),
    at: Instant,
    actorUserId: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    action: Type.String(),
    entity: Type.String(),
    entityId: Nullable(Type.String()),
    clientId: Nullable(Type.String()),
    ip: Nullable(Type.String()),
    detail: Type.Unknown(),
  },
  { title: "AuditEvent" },
);

const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const AuditQuery = Type.Object({
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

export type AuditEvent = Static<typeof AuditEventDto>;
export type AuditFilter = Static<typeof AuditQuery>;
