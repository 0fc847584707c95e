/** The audit log, searched by operations. */
import { Type, type Static } from "@sinclair/typebox";
import { Instant, Nullable } from "./common.js";

export const AuditEventDto = Type.Object(
  {
    id: Type.Integer(),
    at: Instant,
    actorUserId: Nullable(Type.String()),
    actorRole: Nullable(Type.String()),
    actorName: Nullable(
      Type.String({
        description:
          "The person who acted: the provider's name for a provider's account, the client's name for a client's, otherwise the account's email; null for the platform itself and failed sign-ins",
      }),
    ),
    action: Type.String(),
    entity: Type.String(),
    entityId: Nullable(Type.String()),
    clientId: Nullable(Type.String()),
    clientName: Nullable(Type.String({ description: "The name of the client the event is about" })),
    ip: Nullable(Type.String()),
    detail: Type.Unknown(),
  },
  { title: "AuditEvent" },
);

const UUID = "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$";
export const AuditQuery = Type.Object({
  clientId: Type.Optional(
    Type.String({
      pattern: UUID,
      "x-expected": "a client id (UUID)",
      description: "The client's events, and the list reads that included the client",
    }),
  ),
  actorUserId: Type.Optional(Type.String({ pattern: UUID, "x-expected": "a user id (UUID)" })),
  action: Type.Optional(
    Type.String({
      minLength: 1,
      maxLength: 100,
      description:
        'An action ("session.confirm"), or a group of actions: the part before a dot matches the action itself and every action of the group ("client_location" finds "client_location.create", "client_location.list", …; "claim" finds "claim.read", "claim.void", … but not "claim_export.read")',
    }),
  ),
  since: Type.Optional(
    Type.String({
      format: "date-time",
      "x-expected": "a date and time with its offset, such as 2026-12-04T10:00:00Z",
      description: "Events at or after this instant",
    }),
  ),
  until: Type.Optional(
    Type.String({
      format: "date-time",
      "x-expected": "a date and time with its offset, such as 2026-12-04T18:00:00Z",
      description: "Events at or before this instant (not before `since`)",
    }),
  ),
  before: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: Number.MAX_SAFE_INTEGER,
      "x-expected": "an event id",
      description: "Events older than this one: the last id of the page shown, for the next (older) page",
    }),
  ),
  limit: Type.Optional(
    Type.Integer({ minimum: 1, maximum: 500, description: "At most this many events (100 unless given)" }),
  ),
});

export type AuditEvent = Static<typeof AuditEventDto>;
export type AuditFilter = Static<typeof AuditQuery>;
