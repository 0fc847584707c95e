/**
 * Changes that matter: when a license or credential lapses or ends, a client's location changes
 * or their coverage changes, every upcoming scheduled session is decided again, exactly as
 * confirming it would decide (telehealth: where the client is expected to be that day; in
 * person: the practice), the result is kept on the session, and the provider gets one alert
 * per problem naming the sessions at risk and the engine's fix. Alerts whose problem went away
 * are closed. Licenses and credentials that end within 30 days (or have lapsed while sessions
 * depend on them) get alerts of their own, with the date and the days left.
 *
 * The use cases that change those records call `recheckProvider` / `recheckClient` in their own
 * transaction, after the change; lapses by the mere passage of time are caught by the ops
 * re-check (`POST /api/v1/ops/recheck`, `stateline recheck`), run daily.
 *
 * This module reads and writes the store; what the sessions say is worked out in draft.ts (pure).
 */
import type { Geography } from "../../rules/geography.js";
import { isId } from "../access.js";
import type { Actor } from "../actor.js";
import type { Alert, AlertDraft, AlertStores, SessionCheck } from "../alerts-port.js";
import { audit } from "../audit.js";
import { notFound } from "../errors.js";
import type { Store } from "../ports.js";
import type { ProviderRecheck, RecheckCounts } from "../recheck-port.js";
import type { Session } from "../sessions-model.js";
import {
  checkSession,
  expiryDrafts,
  noClientData,
  riskDrafts,
  sameAlert,
  sessionCheck,
  type Checked,
  type ClientData,
} from "./draft.js";
import { recheckRun, type RunOptions, type RunResult } from "./recheck-all.js";

// ---------------------------------------------------------------------------------------------
// Results.

// The counts live beside the re-check's port, which the set-based run (recheck-all.ts) reads too.
export type { ProviderRecheck, RecheckCounts } from "../recheck-port.js";

export interface RecheckReport extends RecheckCounts {
  readonly providers: number;
  readonly checkedOn: string;
  readonly byProvider: readonly ProviderRecheck[];
  /** The whole re-check's run (absent for one provider). */
  readonly run?: {
    readonly id: string;
    /** Joined a run under way (another server's, or one interrupted earlier today). */
    readonly joined: boolean;
    /** Every chunk done (false: other workers still hold some). */
    readonly finished: boolean;
    readonly chunks: number;
    /** Sessions whose check changed and was written. */
    readonly checksWritten: number;
  };
}

// ---------------------------------------------------------------------------------------------
// Reading what the sessions need, and keeping the alerts in step with the drafts.

async function clientData(store: Store, sessions: readonly Session[]): Promise<Map<string, ClientData>> {
  const ids = [...new Set(sessions.map((s) => s.clientId))];
  const locations = await store.clients.locationsOf(ids);
  const out = new Map<string, ClientData>();
  for (const id of ids) {
    const [client, coverage] = await Promise.all([store.clients.byId(id), store.clients.coverage(id)]);
    out.set(id, { client, coverage, locations: locations.filter((l) => l.clientId === id) });
  }
  return out;
}

/**
 * Opens the drafts that are new, refreshes the open ones that changed, and clears the open
 * alerts in `scope` that no draft names any more. A problem someone dismissed stays dismissed
 * unless it now names a session the dismissed alert did not.
 */
async function reconcile(
  alerts: AlertStores["alerts"],
  providerId: string,
  drafts: readonly AlertDraft[],
  scope: (a: Alert) => boolean,
  now: Date,
): Promise<{ opened: number; resolved: number; open: Alert[] }> {
  const open = (await alerts.openFor(providerId)).filter(scope);
  const byKey = new Map(open.map((a) => [a.dedupeKey, a]));
  const fresh = drafts.filter((d) => !byKey.has(d.dedupeKey));
  const dismissed = new Map(
    (
      await alerts.dismissed(
        providerId,
        fresh.map((d) => d.dedupeKey),
      )
    ).map((a) => [a.dedupeKey, a]),
  );
  let opened = 0;
  const stillOpen: Alert[] = [];
  for (const d of drafts) {
    const current = byKey.get(d.dedupeKey);
    if (current) {
      stillOpen.push(sameAlert(current, d) ? current : await alerts.save(d, now));
      continue;
    }
    const before = dismissed.get(d.dedupeKey);
    if (before && d.sessionIds.every((id) => before.sessionIds.includes(id))) continue;
    stillOpen.push(await alerts.save(d, now));
    opened++;
  }
  const keys = new Set(drafts.map((d) => d.dedupeKey));
  const gone = open.filter((a) => !keys.has(a.dedupeKey)).map((a) => a.id);
  const resolved = await alerts.resolve(gone, { resolution: "cleared", by: null, at: now });
  return { opened, resolved: resolved.length, open: stillOpen };
}

/** What each session's re-check keeps on it (`session_checks.last_check`), with its alert's key. */
function checksOf(checked: readonly Checked[], drafts: readonly AlertDraft[], now: Date, today: string) {
  const keyOf = new Map<string, string>();
  for (const d of drafts)
    if (d.kind === "sessions_at_risk") for (const id of d.sessionIds) keyOf.set(id, d.dedupeKey);
  const out = new Map<string, SessionCheck>();
  for (const c of checked)
    out.set(c.session.id, sessionCheck(c, keyOf.get(c.session.id) ?? null, now, today));
  return out;
}

// ---------------------------------------------------------------------------------------------
// The re-checks.

/**
 * One session the re-checks do not reach (its service date is before `today`, like a crisis
 * recorded afterwards, still to be confirmed) decided as they would decide it, and its check kept
 * on it. No alert: alerts are about upcoming sessions.
 */
export async function recheckSession(
  store: Store,
  geo: Geography,
  session: Session,
  today: string,
  now: Date = new Date(),
): Promise<void> {
  const file = await store.providers.file(session.providerId);
  if (!file) throw notFound("provider");
  const data = await clientData(store, [session]);
  const checked = checkSession(geo, session, file, data.get(session.clientId) ?? noClientData);
  await store.checks.record(checksOf([checked], [], now, today));
}

/**
 * Re-decides every upcoming scheduled session of the provider (service date ≥ `today`), keeps
 * each result on its session, and brings the provider's alerts in step: sessions at risk per
 * client and problem, licenses and credentials ending soon or lapsed under sessions.
 */
export async function recheckProvider(
  store: Store,
  geo: Geography,
  providerId: string,
  today: string,
  now: Date = new Date(),
): Promise<ProviderRecheck> {
  return store.transaction(async (tx) => {
    await tx.alerts.lockProvider(providerId);
    const file = await tx.providers.file(providerId);
    if (!file) throw notFound("provider");
    const sessions = await tx.checks.upcoming({ providerId }, today);
    const data = await clientData(tx, sessions);
    const checked = sessions.map((s) => checkSession(geo, s, file, data.get(s.clientId) ?? noClientData));
    const drafts = [...riskDrafts(providerId, checked), ...expiryDrafts(geo, file, checked, today)];
    await tx.checks.record(checksOf(checked, drafts, now, today));
    // Eligibility alerts are opened and cleared by eligibility answers (src/app/eligibility.ts).
    const result = await reconcile(
      tx.alerts,
      providerId,
      drafts,
      (a) => a.kind !== "coverage_not_verified",
      now,
    );
    return {
      providerId,
      providerName: file.provider.name,
      sessionsChecked: checked.length,
      atRisk: checked.filter((c) => !c.billable).length,
      opened: result.opened,
      resolved: result.resolved,
      open: result.open.length,
    };
  });
}

/**
 * After a change to one client (location, coverage): re-decides that client's upcoming sessions
 * and brings their sessions-at-risk alerts in step. License and credential alerts are the
 * provider's and are left to the provider's re-checks.
 */
export async function recheckClient(
  store: Store,
  geo: Geography,
  clientId: string,
  today: string,
  now: Date = new Date(),
): Promise<ProviderRecheck> {
  const client = await store.clients.byId(clientId);
  if (!client) throw notFound("client");
  return store.transaction(async (tx) => {
    await tx.alerts.lockProvider(client.providerId);
    const file = await tx.providers.file(client.providerId);
    if (!file) throw notFound("provider");
    const sessions = await tx.checks.upcoming({ clientId }, today);
    const data = await clientData(tx, sessions);
    const checked = sessions.map((s) => checkSession(geo, s, file, data.get(s.clientId) ?? noClientData));
    const drafts = riskDrafts(client.providerId, checked);
    await tx.checks.record(checksOf(checked, drafts, now, today));
    const result = await reconcile(
      tx.alerts,
      client.providerId,
      drafts,
      (a) => a.kind === "sessions_at_risk" && a.clientId === clientId,
      now,
    );
    return {
      providerId: client.providerId,
      providerName: file.provider.name,
      sessionsChecked: checked.length,
      atRisk: checked.filter((c) => !c.billable).length,
      opened: result.opened,
      resolved: result.resolved,
      open: result.open.length,
    };
  });
}

export interface RecheckOptions extends RunOptions {
  /** Only this provider (re-checked on its own, as a use case does; no run record). */
  readonly providerId?: string | undefined;
}

/**
 * Every provider: the day's run (recheck-all.ts), set-based, in chunks of providers that other
 * servers' runs share; or one provider. The report counts what this call did; `run` says whether
 * it joined a run under way and whether the run is complete.
 */
export async function recheckAll(
  store: Store,
  geo: Geography,
  today: string,
  options: RecheckOptions = {},
): Promise<RecheckReport> {
  const now = options.now ?? new Date();
  let byProvider: ProviderRecheck[];
  let run: RunResult | undefined;
  if (options.providerId !== undefined) {
    const one = await recheckProvider(store, geo, options.providerId, today, now);
    byProvider = [one];
    options.onProgress?.({ done: 1, total: 1, sessionsChecked: one.sessionsChecked, providers: 1 });
  } else {
    run = await recheckRun(store, geo, today, { ...options, now });
    // By name, as the providers are listed (chunks go by id).
    const order = (p: ProviderRecheck) => `${p.providerName}\u0000${p.providerId}`;
    byProvider = run.byProvider.sort((a, b) => (order(a) < order(b) ? -1 : 1));
  }
  const sum = (f: (r: ProviderRecheck) => number) => byProvider.reduce((n, r) => n + f(r), 0);
  return {
    providers: byProvider.length,
    checkedOn: today,
    sessionsChecked: sum((r) => r.sessionsChecked),
    atRisk: sum((r) => r.atRisk),
    opened: sum((r) => r.opened),
    resolved: sum((r) => r.resolved),
    open: sum((r) => r.open),
    byProvider,
    ...(run
      ? {
          run: {
            id: run.runId,
            joined: run.joined,
            finished: run.finished,
            chunks: run.chunks,
            checksWritten: run.checksWritten,
          },
        }
      : {}),
  };
}

/** The operations re-check (`POST /ops/recheck`, `stateline recheck`): everything, or one provider. */
export async function runRecheck(
  store: Store,
  geo: Geography,
  actor: Actor,
  today: string,
  options: RecheckOptions = {},
): Promise<RecheckReport> {
  if (actor.role !== "ops") throw notFound("route");
  if (options.providerId !== undefined) {
    const exists = isId(options.providerId) && (await store.providers.byId(options.providerId));
    if (!exists) throw notFound("provider");
  }
  const report = await recheckAll(store, geo, today, options);
  await recordRecheck(store, actor, today, options.providerId, report);
  return report;
}

/**
 * The audit event of a re-check someone ran (`runRecheck`, or `stateline recheck` when it ran
 * the work in a worker thread).
 */
export async function recordRecheck(
  store: Store,
  actor: Actor,
  today: string,
  providerId: string | undefined,
  report: RecheckReport,
): Promise<void> {
  if (actor.role !== "ops") throw notFound("route");
  await audit(store, actor, "alert.recheck", "alert", null, null, {
    checkedOn: today,
    providerId: providerId ?? null,
    providers: report.providers,
    sessionsChecked: report.sessionsChecked,
    atRisk: report.atRisk,
    opened: report.opened,
    resolved: report.resolved,
    open: report.open,
  });
}
