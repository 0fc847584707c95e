/** Alerts (sessions at risk, licenses and credentials about to lapse) and the re-check. */
import { Type, type Static } from "@sinclair/typebox";
import { IsoDate, MODALITIES, oneOf, REASON_CODES, StateCodeSchema } from "../schema.js";
import { Id, Instant, Nullable, pageSize } from "./common.js";
import { PageCursor } from "./sessions.js";

export const ALERT_KINDS = [
  "sessions_at_risk",
  "license_expiring",
  "credential_expiring",
  "coverage_not_verified",
] as const;
export const ALERT_STATUSES = ["open", "resolved", "all"] as const;
export const ALERT_RESOLUTIONS = ["cleared", "dismissed"] as const;

export const AlertSessionDto = Type.Object(
  {
    id: Id,
    clientId: Id,
    clientName: Type.String(),
    serviceDate: IsoDate,
    startsAt: Instant,
    timeZone: Type.String(),
    modality: oneOf(MODALITIES, "telehealth or in_person"),
  },
  { title: "AlertSession" },
);

export const AlertDto = Type.Object(
  {
    id: Id,
    providerId: Id,
    clientId: Nullable(Id),
    kind: oneOf(ALERT_KINDS, ALERT_KINDS.join(", ")),
    message: Type.String({ description: "What is wrong, naming the sessions (dates) it concerns" }),
    fix: Nullable(
      Type.String({ description: "What would solve it (the engine's fix for sessions at risk)" }),
    ),
    sessionIds: Type.Array(Id),
    sessions: Type.Array(AlertSessionDto, {
      description:
        "sessions_at_risk: the sessions that cannot be billed as things stand; license and credential alerts: the upcoming sessions that depend on the record",
    }),
    reasonCode: Nullable(
      Type.String({ description: `sessions_at_risk: ${[...REASON_CODES, "NO_COVERAGE"].join(", ")}` }),
    ),
    state: Nullable(StateCodeSchema),
    endsOn: Nullable(IsoDate),
    daysLeft: Nullable(
      Type.Integer({
        description: "Days from today to endsOn (0: its last day; negative: lapsed that many days ago)",
      }),
    ),
    createdAt: Instant,
    updatedAt: Instant,
    resolvedAt: Nullable(Instant),
    resolution: Nullable(oneOf(ALERT_RESOLUTIONS, "cleared (by a re-check) or dismissed (by a person)")),
  },
  { title: "Alert" },
);

const Counts = {
  sessionsChecked: Type.Integer({ description: "Upcoming scheduled sessions decided again" }),
  atRisk: Type.Integer({ description: "Of those, the ones that cannot be billed as things stand" }),
  opened: Type.Integer({ description: "Alerts opened" }),
  resolved: Type.Integer({ description: "Alerts closed because their problem went away" }),
  open: Type.Integer({ description: "Open alerts afterwards" }),
};

export const RecheckResultDto = Type.Object(
  {
    checkedOn: IsoDate,
    providers: Type.Integer(),
    ...Counts,
    byProvider: Type.Array(Type.Object({ providerId: Id, providerName: Type.String(), ...Counts })),
  },
  { title: "RecheckResult" },
);

export const AlertQuery = Type.Object({
  providerId: Type.Optional(Type.String({ description: "Operations: one provider's alerts" })),
  status: Type.Optional(oneOf(ALERT_STATUSES, "open, resolved or all", "Default: open")),
  limit: pageSize(200, 1000),
  cursor: PageCursor,
});
export const AlertParams = Type.Object({ id: Type.String({ description: "Alert id" }) });
export const RecheckBody = Type.Union(
  [
    Type.Object({
      providerId: Type.Optional(Type.String({ description: "Only this provider (default: everyone)" })),
    }),
    Type.Null(),
  ],
  { description: "Optional" },
);

export type AlertKind = (typeof ALERT_KINDS)[number];
export type AlertSession = Static<typeof AlertSessionDto>;
export type Alert = Static<typeof AlertDto>;
export type RecheckResult = Static<typeof RecheckResultDto>;
export type AlertFilter = Static<typeof AlertQuery>;
