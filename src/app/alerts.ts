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
 * Access: a provider sees and dismisses their own alerts, operations everyone's; to clients,
 * alerts do not exist (NOT_FOUND).
 */
import { allowsPractice, inForce, type Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import { stateName, type StateCode } from "../contract/states.js";
import type { Actor } from "./actor.js";
import type {
  Alert,
  AlertDetail,
  AlertDraft,
  AlertSession,
  AlertStores,
  SessionCheck,
} from "./alerts-port.js";
import { audit, currentLocation, userOf } from "./clients.js";
import { notFound } from "./errors.js";
import type { Client, ClientLocation, Coverage, Credential, License, ProviderFile } from "./model.js";
import type { Store } from "./ports.js";
import type { ServiceLocation, Session } from "./sessions-model.js";
import { addDays, decideSession } from "./sessions.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A license or credential ending within this many days gets an alert. */
export const EXPIRY_WINDOW_DAYS = 30;

/** An alert's message lists this many sessions, then "and N more" (its detail lists them all). */
const LISTED_SESSIONS = 6;

/** The engine's calendar date for "today" at an instant (UTC, as the API's `today`). */
export const todayOf = (now: Date): string => now.toISOString().slice(0, 10);

/** Whole days from `from` to `to` (both `YYYY-MM-DD`); negative when `to` is earlier. */
export const daysBetween = (from: string, to: string): number =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

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
// Deciding one session as confirming it would.

interface Checked {
  readonly session: Session;
  readonly client: Client | undefined;
  readonly location: ServiceLocation | undefined;
  readonly coverage: Coverage | undefined;
  readonly decision: Decision | null;
  readonly billable: boolean;
}

/** What the session's client data looks like to the re-check. */
interface ClientData {
  readonly client: Client | undefined;
  readonly coverage: Coverage | undefined;
  readonly locations: readonly ClientLocation[];
}

function clientPlace(l: ClientLocation): ServiceLocation {
  return {
    line1: l.line1,
    line2: l.line2,
    city: l.city,
    state: l.state,
    zip: l.zip,
    source: "client_location",
    sourceId: l.id,
    kind: l.kind,
  };
}

/**
 * Where confirming would place the session: in person, its practice location (rule 1 of the
 * contract); telehealth, where the client is expected to be that day (a trip covering it, else
 * the latest virtual-session location, else home — as `currentLocation`).
 */
function placeOf(session: Session, file: ProviderFile, data: ClientData): ServiceLocation | undefined {
  if (session.modality === "in_person") {
    const p = file.practiceLocations.find((x) => x.id === session.practiceLocationId);
    return p
      ? {
          line1: p.line1,
          line2: p.line2,
          city: p.city,
          state: p.state,
          zip: p.zip,
          source: "practice_location",
          sourceId: p.id,
          kind: null,
        }
      : undefined;
  }
  const l = currentLocation(data.locations, session.serviceDate);
  return l ? clientPlace(l) : undefined;
}

function checkOne(geo: Geography, session: Session, file: ProviderFile, data: ClientData): Checked {
  const location = placeOf(session, file, data);
  const decision = data.coverage
    ? decideSession(geo, session, file, data.coverage, location, data.locations)
    : null;
  return {
    session,
    client: data.client,
    location,
    coverage: data.coverage,
    decision,
    billable: decision?.outcome === "billable" && location !== undefined,
  };
}

/** Would the session be billable with this provider file instead (what-if for expiry alerts)? */
function billableWith(geo: Geography, c: Checked, file: ProviderFile): boolean {
  if (!c.coverage || !c.location) return false;
  return decideSession(geo, c.session, file, c.coverage, c.location).outcome === "billable";
}

const noData: ClientData = { client: undefined, coverage: undefined, locations: [] };

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

// ---------------------------------------------------------------------------------------------
// Alert wording.

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/** `2026-12-04 10:00` where the session happens. */
function when(s: Session): string {
  const time = new Intl.DateTimeFormat("en-GB", {
    timeZone: s.timeZone,
    hour: "2-digit",
    minute: "2-digit",
    hourCycle: "h23",
  }).format(new Date(s.startsAt));
  return `${s.serviceDate} ${time}`;
}

function listed(sessions: readonly Session[]): string {
  const shown = sessions.slice(0, LISTED_SESSIONS).map(when);
  const more = sessions.length - shown.length;
  return more > 0 ? `${shown.join(", ")} and ${more} more` : shown.join(", ");
}

function alertSession(c: Checked): AlertSession {
  return {
    id: c.session.id,
    clientId: c.session.clientId,
    clientName: c.client?.name ?? "a client",
    serviceDate: c.session.serviceDate,
    startsAt: c.session.startsAt,
    timeZone: c.session.timeZone,
    modality: c.session.modality,
  };
}

const SOURCES: Record<License["source"], string> = {
  state_board: "state board",
  PSYPACT: "PSYPACT",
  counseling_compact: "Counseling Compact",
  social_work_compact: "Social Work Compact",
  NLC: "Nurse Licensure Compact",
  IMLC: "Interstate Medical Licensure Compact",
};

function licenseLabel(l: License): string {
  const number = l.number ? ` no. ${l.number}` : "";
  return l.source === "state_board"
    ? `${stateName(l.state)} ${l.type} license${number}`
    : `${l.type} privilege for ${stateName(l.state)} (${SOURCES[l.source]})${number}`;
}

function credentialLabel(c: Credential, geo: Geography): string {
  const network = c.network === "virtual" ? "virtual-network " : "";
  return `${network}credential with ${geo.payer(c.payer)?.name ?? c.payer} in ${stateName(c.state)}`;
}

function daysLeftText(days: number): string {
  return days === 0 ? "today is its last day" : `${days} ${plural(days, "day")} left`;
}

// ---------------------------------------------------------------------------------------------
// What the sessions say: one draft alert per problem.

/** The problem a session has: its client, the engine's first reason, where. */
function riskKey(c: Checked): { key: string; code: AlertDetail["reasonCode"]; state: StateCode | null } {
  const code = c.decision ? (c.decision.reasons[0]?.code ?? "CLIENT_LOCATION_MISSING") : "NO_COVERAGE";
  const state = c.decision?.state ?? c.location?.state ?? null;
  return { key: `risk:${c.session.clientId}:${code}:${state ?? "-"}`, code, state };
}

function riskDrafts(providerId: string, checked: readonly Checked[]): AlertDraft[] {
  const groups = new Map<string, Checked[]>();
  for (const c of checked) {
    if (c.billable) continue;
    const { key } = riskKey(c);
    groups.set(key, [...(groups.get(key) ?? []), c]);
  }
  const drafts: AlertDraft[] = [];
  for (const [key, group] of groups) {
    const first = group[0];
    if (!first) continue;
    const { code, state } = riskKey(first);
    const sessions = group.map((c) => c.session);
    const n = sessions.length;
    const who = first.client?.name ?? "a client";
    const head = `${n === 1 ? "An upcoming session" : `${n} upcoming sessions`} with ${who} ${plural(n, "is", "are")} at risk: ${listed(sessions)}.`;
    const reasons = first.decision?.reasons ?? [];
    const reason = reasons[0];
    const why = first.decision
      ? (reason?.message ?? "The session cannot be billed as things stand.")
      : "The client has no insurance coverage on file.";
    const fix = first.decision
      ? (reason?.fix ?? reasons.find((r) => r.fix !== undefined)?.fix ?? null)
      : "Add the client's insurance coverage.";
    drafts.push({
      providerId,
      clientId: first.session.clientId,
      kind: "sessions_at_risk",
      message: `${head} ${why}`,
      fix,
      sessionIds: sessions.map((s) => s.id),
      dedupeKey: key,
      detail: { sessions: group.map(alertSession), reasonCode: code, state },
    });
  }
  return drafts;
}

/**
 * Licenses and credentials ending within the window, unless another record of the same kind
 * takes over the day after; and lapsed ones on which upcoming sessions depend (they would be
 * billable were it still in force). "Depend" is asked of the engine: decide again with the
 * record's end date removed.
 */
function expiryDrafts(
  geo: Geography,
  file: ProviderFile,
  checked: readonly Checked[],
  today: string,
): AlertDraft[] {
  const providerId = file.provider.id;
  const atRisk = checked.filter((c) => !c.billable);
  const dependents = (endsOn: string, extended: ProviderFile) =>
    atRisk.filter((c) => c.session.serviceDate > endsOn && billableWith(geo, c, extended));
  const drafts: AlertDraft[] = [];

  // Licenses: one lapsed record per state at most (the latest to end), else history repeats.
  const lapsedByState = new Map<StateCode, License>();
  for (const l of file.licenses) {
    if (!allowsPractice(l.status) || l.validTo === null) continue;
    const days = daysBetween(today, l.validTo);
    const others = file.licenses.filter(
      (o) => o.id !== l.id && o.state === l.state && allowsPractice(o.status),
    );
    if (days >= 0 && days <= EXPIRY_WINDOW_DAYS) {
      const dayAfter = addDays(l.validTo, 1);
      if (others.some((o) => inForce(dayAfter, o.validFrom, o.validTo))) continue;
      const extended = {
        ...file,
        licenses: file.licenses.map((x) => (x.id === l.id ? { ...x, validTo: null } : x)),
      };
      const deps = dependents(l.validTo, extended);
      const tail =
        deps.length > 0
          ? ` ${deps.length} upcoming ${plural(deps.length, "session")} after that date ${plural(deps.length, "depends", "depend")} on it: ${listed(deps.map((c) => c.session))}.`
          : "";
      drafts.push({
        providerId,
        clientId: null,
        kind: "license_expiring",
        message: `Your ${licenseLabel(l)} is valid until ${l.validTo}: ${daysLeftText(days)}.${tail}`,
        fix: `Renew it and update its end date here before ${l.validTo}.`,
        sessionIds: deps.map((c) => c.session.id),
        dedupeKey: `license:${l.id}:${l.validTo}:expiring`,
        detail: {
          sessions: deps.map(alertSession),
          state: l.state,
          licenseId: l.id,
          endsOn: l.validTo,
        },
      });
    } else if (days < 0 && !others.some((o) => inForce(today, o.validFrom, o.validTo))) {
      const seen = lapsedByState.get(l.state);
      if (!seen || (seen.validTo ?? "") < l.validTo) lapsedByState.set(l.state, l);
    }
  }
  for (const l of lapsedByState.values()) {
    if (l.validTo === null) continue;
    const extended = {
      ...file,
      licenses: file.licenses.map((x) => (x.id === l.id ? { ...x, validTo: null } : x)),
    };
    const deps = dependents(l.validTo, extended);
    if (deps.length === 0) continue;
    const ago = -daysBetween(today, l.validTo);
    drafts.push({
      providerId,
      clientId: null,
      kind: "license_expiring",
      message: `Your ${licenseLabel(l)} expired on ${l.validTo} (${ago} ${plural(ago, "day")} ago), and ${deps.length} upcoming ${plural(deps.length, "session")} ${plural(deps.length, "depends", "depend")} on it: ${listed(deps.map((c) => c.session))}.`,
      fix: "Renew or reinstate it and update its dates here; until then these sessions cannot be billed.",
      sessionIds: deps.map((c) => c.session.id),
      dedupeKey: `license:${l.id}:${l.validTo}:lapsed`,
      detail: { sessions: deps.map(alertSession), state: l.state, licenseId: l.id, endsOn: l.validTo },
    });
  }

  // Credentials: the same, per payer, state and network.
  const lapsedBySlot = new Map<string, Credential>();
  for (const c of file.credentials) {
    if (c.status !== "active" || c.effectiveTo === null) continue;
    const days = daysBetween(today, c.effectiveTo);
    const others = file.credentials.filter(
      (o) =>
        o.id !== c.id &&
        o.status === "active" &&
        o.payer === c.payer &&
        o.state === c.state &&
        o.network === c.network,
    );
    const extended = {
      ...file,
      credentials: file.credentials.map((x) => (x.id === c.id ? { ...x, effectiveTo: null } : x)),
    };
    if (days >= 0 && days <= EXPIRY_WINDOW_DAYS) {
      const dayAfter = addDays(c.effectiveTo, 1);
      if (others.some((o) => inForce(dayAfter, o.effectiveFrom, o.effectiveTo))) continue;
      const deps = dependents(c.effectiveTo, extended);
      const tail =
        deps.length > 0
          ? ` ${deps.length} upcoming ${plural(deps.length, "session")} after that date ${plural(deps.length, "depends", "depend")} on it: ${listed(deps.map((x) => x.session))}.`
          : "";
      drafts.push({
        providerId,
        clientId: null,
        kind: "credential_expiring",
        message: `Your ${credentialLabel(c, geo)} is in effect until ${c.effectiveTo}: ${daysLeftText(days)}.${tail}`,
        fix: `Ask ${geo.payer(c.payer)?.name ?? c.payer} to renew it and update its end date here before ${c.effectiveTo}.`,
        sessionIds: deps.map((x) => x.session.id),
        dedupeKey: `credential:${c.id}:${c.effectiveTo}:expiring`,
        detail: {
          sessions: deps.map(alertSession),
          state: c.state,
          credentialId: c.id,
          payer: c.payer,
          endsOn: c.effectiveTo,
        },
      });
    } else if (days < 0 && !others.some((o) => inForce(today, o.effectiveFrom, o.effectiveTo))) {
      const slot = `${c.payer}:${c.state}:${c.network}`;
      const seen = lapsedBySlot.get(slot);
      if (!seen || (seen.effectiveTo ?? "") < c.effectiveTo) lapsedBySlot.set(slot, c);
    }
  }
  for (const c of lapsedBySlot.values()) {
    if (c.effectiveTo === null) continue;
    const extended = {
      ...file,
      credentials: file.credentials.map((x) => (x.id === c.id ? { ...x, effectiveTo: null } : x)),
    };
    const deps = dependents(c.effectiveTo, extended);
    if (deps.length === 0) continue;
    const ago = -daysBetween(today, c.effectiveTo);
    drafts.push({
      providerId,
      clientId: null,
      kind: "credential_expiring",
      message: `Your ${credentialLabel(c, geo)} ended on ${c.effectiveTo} (${ago} ${plural(ago, "day")} ago), and ${deps.length} upcoming ${plural(deps.length, "session")} ${plural(deps.length, "depends", "depend")} on it: ${listed(deps.map((x) => x.session))}.`,
      fix: `Ask ${geo.payer(c.payer)?.name ?? c.payer} to renew it and update its dates here; until then these sessions cannot be billed.`,
      sessionIds: deps.map((x) => x.session.id),
      dedupeKey: `credential:${c.id}:${c.effectiveTo}:lapsed`,
      detail: {
        sessions: deps.map(alertSession),
        state: c.state,
        credentialId: c.id,
        payer: c.payer,
        endsOn: c.effectiveTo,
      },
    });
  }
  return drafts;
}

// ---------------------------------------------------------------------------------------------
// Keeping the alerts in step with the drafts.

/** JSON with object keys sorted (jsonb gives them back in its own order). */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

const sameAlert = (a: Alert, d: AlertDraft) =>
  a.kind === d.kind &&
  a.message === d.message &&
  a.fix === d.fix &&
  a.clientId === d.clientId &&
  canonical(a.sessionIds) === canonical(d.sessionIds) &&
  canonical(a.detail) === canonical(d.detail);

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
    const checked = sessions.map((s) => checkOne(geo, s, file, data.get(s.clientId) ?? noData));
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
    const checked = sessions.map((s) => checkOne(geo, s, file, data.get(s.clientId) ?? noData));
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

// ---------------------------------------------------------------------------------------------
// What routes and commands call.

/** An alert as shown: with the days left to its license's or credential's end, counted today. */
export interface AlertView extends Alert {
  readonly daysLeft: number | null;
}

export interface AlertFilter {
  /** Operations only: one provider's alerts. */
  readonly providerId?: string | undefined;
  readonly status?: "open" | "resolved" | "all" | undefined;
  readonly limit?: number | undefined;
}

const view = (a: Alert, today: string): AlertView => ({
  ...a,
  daysLeft: a.detail.endsOn === undefined ? null : daysBetween(today, a.detail.endsOn),
});

/** A provider's own alerts, or (operations) everyone's; clients have none (NOT_FOUND). */
export async function listAlerts(
  store: Store,
  actor: Actor,
  filter: AlertFilter,
  today: string,
): Promise<AlertView[]> {
  let providerId = filter.providerId;
  if (actor.role === "client") throw notFound("route");
  if (actor.role === "provider") {
    if (!actor.providerId) return [];
    if (providerId !== undefined && providerId !== actor.providerId) return [];
    providerId = actor.providerId;
  }
  if (providerId !== undefined && !UUID.test(providerId)) return [];
  const alerts = await store.alerts.list({
    providerId,
    status: filter.status ?? "open",
    limit: filter.limit ?? 200,
  });
  // Alerts name clients and their session dates: reading them is reading client data.
  await audit(store, actor, "alert.list", "alert", null, null, {
    alertIds: alerts.map((a) => a.id),
    clientIds: [...new Set(alerts.flatMap((a) => (a.clientId ? [a.clientId] : [])))],
  });
  return alerts.map((a) => view(a, today));
}

/**
 * Dismisses an alert (its provider, or operations). A later re-check raises the problem again
 * only if more sessions come to be at risk; solving it clears the alert by itself.
 */
export async function resolveAlert(
  store: Store,
  actor: Actor,
  alertId: string,
  today: string,
  now: Date = new Date(),
): Promise<AlertView> {
  const alert = UUID.test(alertId) ? await store.alerts.byId(alertId) : undefined;
  const mine =
    alert !== undefined &&
    (actor.role === "ops" || (actor.role === "provider" && actor.providerId === alert.providerId));
  if (!alert || !mine) throw notFound("alert");
  if (alert.resolvedAt !== null) {
    // Already closed: nothing changes, but the alert (client name, session dates) was read.
    await audit(store, actor, "alert.resolve", "alert", alert.id, alert.clientId, {
      kind: alert.kind,
      repeated: true,
    });
    return view(alert, today);
  }
  return store.transaction(async (tx) => {
    const [resolved] = await tx.alerts.resolve([alert.id], {
      resolution: "dismissed",
      by: userOf(actor),
      at: now,
    });
    await audit(tx, actor, "alert.resolve", "alert", alert.id, alert.clientId, { kind: alert.kind });
    // Resolved meanwhile by a re-check: answer it as it is now.
    return view(resolved ?? (await tx.alerts.byId(alert.id)) ?? alert, today);
  });
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
    const exists = UUID.test(options.providerId) && (await store.providers.byId(options.providerId));
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
