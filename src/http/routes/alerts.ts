/**
 * Alerts: the provider's header (licenses and credentials about to lapse, upcoming sessions at
 * risk), dismissing one, and the operations re-check of every upcoming session.
 */
import { Type, type Static } from "@sinclair/typebox";
import type { FastifyInstance } from "fastify";
import {
  listAlerts,
  resolveAlert,
  runRecheck,
  todayOf,
  type AlertView,
  type RecheckReport,
} from "../../app/alerts.js";
import { IsoDate, MODALITIES, oneOf, REASON_CODES, StateCodeSchema } from "../../contract/schema.js";
import { actorOf, type ServerDeps } from "../context.js";
import { ERRORS } from "../dto.js";

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
const Id = Type.String({ format: "uuid" });
const Instant = Type.String({ description: "ISO 8601 instant (UTC)" });

const ALERT_KINDS = ["sessions_at_risk", "license_expiring", "credential_expiring"] as const;
const ALERT_STATUSES = ["open", "resolved", "all"] as const;

const AlertSessionDto = Type.Object(
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

const AlertDto = Type.Object(
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
    resolution: Nullable(
      oneOf(["cleared", "dismissed"] as const, "cleared (by a re-check) or dismissed (by a person)"),
    ),
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

const RecheckResultDto = Type.Object(
  {
    checkedOn: IsoDate,
    providers: Type.Integer(),
    ...Counts,
    byProvider: Type.Array(Type.Object({ providerId: Id, providerName: Type.String(), ...Counts })),
  },
  { title: "RecheckResult" },
);

const AlertQuery = Type.Object({
  providerId: Type.Optional(Type.String({ description: "Operations: one provider's alerts" })),
  status: Type.Optional(oneOf(ALERT_STATUSES, "open, resolved or all", "Default: open")),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 1000, default: 200 })),
});
const Params = Type.Object({ id: Type.String() });
const RecheckBody = Type.Union(
  [
    Type.Object({
      providerId: Type.Optional(Type.String({ description: "Only this provider (default: everyone)" })),
    }),
    Type.Null(),
  ],
  { description: "Optional" },
);

const alertDto = (a: AlertView): Static<typeof AlertDto> => ({
  id: a.id,
  providerId: a.providerId,
  clientId: a.clientId,
  kind: a.kind,
  message: a.message,
  fix: a.fix,
  sessionIds: [...a.sessionIds],
  sessions: a.detail.sessions.map((s) => ({ ...s })),
  reasonCode: a.detail.reasonCode ?? null,
  state: a.detail.state ?? null,
  endsOn: a.detail.endsOn ?? null,
  daysLeft: a.daysLeft,
  createdAt: a.createdAt,
  updatedAt: a.updatedAt,
  resolvedAt: a.resolvedAt,
  resolution: a.resolution,
});

const recheckDto = (r: RecheckReport): Static<typeof RecheckResultDto> => ({
  checkedOn: r.checkedOn,
  providers: r.providers,
  sessionsChecked: r.sessionsChecked,
  atRisk: r.atRisk,
  opened: r.opened,
  resolved: r.resolved,
  open: r.open,
  byProvider: r.byProvider.map((p) => ({
    providerId: p.providerId,
    providerName: p.providerName,
    sessionsChecked: p.sessionsChecked,
    atRisk: p.atRisk,
    opened: p.opened,
    resolved: p.resolved,
    open: p.open,
  })),
});

export function alertRoutes(api: FastifyInstance, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.get(
    "/alerts",
    {
      schema: {
        tags: ["alerts"],
        summary:
          "Your open alerts: sessions at risk, licenses and credentials about to lapse (operations: everyone's)",
        description:
          "Newest first. Alerts are kept up to date by re-checks: saving a license or credential, a client's location or coverage, and the daily operations re-check. A client has no alerts (404).",
        querystring: AlertQuery,
        response: { 200: Type.Array(AlertDto), ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const q = request.query as Static<typeof AlertQuery>;
      return (await listAlerts(deps.store, actor, q, todayOf(now()))).map(alertDto);
    },
  );

  api.post(
    "/alerts/:id/resolve",
    {
      schema: {
        tags: ["alerts"],
        summary: "Dismiss an alert",
        description:
          "A re-check raises a dismissed problem again only if more sessions come to be at risk; solving the problem closes its alert by itself. Dismissing a closed alert answers it as it is.",
        params: Params,
        response: { 200: AlertDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params as Static<typeof Params>;
      const at = now();
      return alertDto(await resolveAlert(deps.store, actor, id, todayOf(at), at));
    },
  );

  api.post(
    "/ops/recheck",
    {
      schema: {
        tags: ["alerts"],
        summary: "Re-check every upcoming session (operations)",
        description:
          "Decides every upcoming scheduled session again, as confirming it would, keeps the result on the session, and opens and closes alerts. Run it daily (lapses by the passage of time are caught here), or after bulk changes. Same as `stateline recheck`.",
        body: RecheckBody,
        response: { 200: RecheckResultDto, ...ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const body = request.body as Static<typeof RecheckBody>;
      const at = now();
      const report = await runRecheck(deps.store, deps.geo, actor, todayOf(at), {
        providerId: body?.providerId,
        now: at,
      });
      return recheckDto(report);
    },
  );
}
