/**
 * Alerts: the provider's header (licenses and credentials about to lapse, upcoming sessions at
 * risk), dismissing one, and the operations re-check of every upcoming session.
 */
import { pageAlerts, resolveAlert, type AlertView } from "../../app/alerts/inbox.js";
import { runRecheck, type RecheckReport } from "../../app/alerts/recheck.js";
import { todayOf } from "../../app/calendar.js";
import {
  AlertDto,
  AlertParams,
  AlertQuery,
  ERRORS,
  RecheckBody,
  RecheckResultDto,
  WRITE_ERRORS,
  type Alert,
  type RecheckResult,
} from "../../contract/api/index.js";
import { actorOf, type Api, type ServerDeps } from "../context.js";
import { pagedArray, sendPage } from "../paging.js";

const alertDto = (a: AlertView): Alert => ({
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

const recheckDto = (r: RecheckReport): RecheckResult => ({
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

export function alertRoutes(api: Api, deps: ServerDeps): void {
  const now = () => deps.now?.() ?? new Date();

  api.get(
    "/alerts",
    {
      schema: {
        tags: ["alerts"],
        summary:
          "Your open alerts: sessions at risk, licenses and credentials about to lapse (operations: everyone's)",
        description:
          "Newest first (then by id); `limit` a page (default 200, at most 1000), `cursor` the next page (the X-Next-Cursor of the previous one). Alerts are kept up to date by re-checks: saving a license or credential, a client's location or coverage, and the daily operations re-check. A client has no alerts (404).",
        querystring: AlertQuery,
        response: { 200: pagedArray(AlertDto, "Alerts, newest first."), ...ERRORS },
      },
    },
    async (request, reply) => {
      const actor = await actorOf(request, deps);
      const page = await pageAlerts(deps.store, actor, request.query, todayOf(now()));
      return sendPage(request, reply, page, alertDto);
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
        params: AlertParams,
        response: { 200: AlertDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const { id } = request.params;
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
        response: { 200: RecheckResultDto, ...WRITE_ERRORS },
      },
    },
    async (request) => {
      const actor = await actorOf(request, deps);
      const body = request.body;
      const at = now();
      const report = await runRecheck(deps.store, deps.geo, actor, todayOf(at), {
        providerId: body?.providerId,
        now: at,
      });
      return recheckDto(report);
    },
  );
}
