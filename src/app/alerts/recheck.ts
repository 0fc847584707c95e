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
import type { Session } from "../sessions-model.js";
import {
  checkSession,
  expiryDrafts,
  noClientData,
  riskDrafts,
  sameAlert,
  type Checked,
  type ClientData,
} from "./draft.js";

// ---------------------------------------------------------------------------------------------
// Results.

export interface RecheckCounts {
  /** Upcoming scheduled sessions decided again. */
  readonly sessionsChecked: number;
  /** Of those, the ones that could not be billed as things stand. */
  readonly atRisk: number;
  readonly opened: number;
  /** Alerts closed because their problem went away. */
  readonly resolved: number;
  /** Open alerts once the re-check finished (of the provider, or of the client's sessions). */
  readonly open: number;
}

export interface ProviderRecheck extends RecheckCounts {
  readonly providerId: string;
  readonly providerName: string;
}

export interface RecheckReport extends RecheckCounts {
  readonly providers: number;
  readonly checkedOn: string;
  readonly byProvider: readonly ProviderRecheck[];
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

/** What each session's re-check keeps on it (`sessions.last_check`), with its alert's key. */
function checksOf(checked: readonly Checked[], drafts: readonly AlertDraft[], now: Date, today: string) {
  const keyOf = new Map<string, string>();
  for (const d of drafts)
    if (d.kind === "sessions_at_risk") for (const id of d.sessionIds) keyOf.set(id, d.dedupeKey);
  const out = new Map<string, SessionCheck>();
  for (const c of checked) {
    out.set(c.session.id, {
      checkedOn: today,
      checkedAt: now.toISOString(),
      billable: c.billable,
      location: c.location ?? null,
      decision: c.decision,
      alertKey: keyOf.get(c.session.id) ?? null,
    });
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// The re-checks.

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
    const result = await reconcile(tx.alerts, providerId, drafts, () => true, now);
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

export interface RecheckOptions {
  /** Only this provider. */
  readonly providerId?: string | undefined;
  readonly now?: Date | undefined;
  /** Called after each provider (the command line's progress line). */
  readonly onProgress?: ((done: number, total: number, last: ProviderRecheck) => void) | undefined;
}

/** Every provider, each in its own transaction (a long run never holds one big transaction). */
export async function recheckAll(
  store: Store,
  geo: Geography,
  today: string,
  options: RecheckOptions = {},
): Promise<RecheckReport> {
  const now = options.now ?? new Date();
  let providers = await store.providers.list();
  if (options.providerId !== undefined) providers = providers.filter((p) => p.id === options.providerId);
  const byProvider: ProviderRecheck[] = [];
  for (const p of providers) {
    const r = await recheckProvider(store, geo, p.id, today, now);
    byProvider.push(r);
    options.onProgress?.(byProvider.length, providers.length, r);
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
  await audit(store, actor, "alert.recheck", "alert", null, null, {
    checkedOn: today,
    providerId: options.providerId ?? null,
    providers: report.providers,
    sessionsChecked: report.sessionsChecked,
    atRisk: report.atRisk,
    opened: report.opened,
    resolved: report.resolved,
    open: report.open,
  });
  return report;
}
