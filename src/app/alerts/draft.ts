/**
 * What the re-check finds, pure: each upcoming session decided again as confirming would decide it
 * (`checkSession`), then one draft alert per problem: sessions at risk per client and reason
 * (`riskDrafts`), and licenses and credentials ending soon or lapsed under sessions that depend on
 * them (`expiryDrafts`, one routine for both kinds of record). No store, no clock: the re-check
 * (recheck.ts) gathers the data and keeps the alerts in step with these drafts.
 */
import { allowsPractice, inForce, type Decision } from "../../rules/decision.js";
import type { Geography } from "../../rules/geography.js";
import { stateName, type StateCode } from "../../contract/states.js";
import type {
  Alert,
  AlertDetail,
  AlertDraft,
  AlertKind,
  AlertSession,
  SessionCheck,
} from "../alerts-port.js";
import { addDays, daysBetween } from "../calendar.js";
import { canonical } from "../canonical.js";
import type { Client, ClientLocation, Coverage, Credential, License, ProviderFile } from "../model.js";
import { crisisBillable } from "../outlook.js";
import { decideSession, placeOf } from "../placement.js";
import type { ServiceLocation, Session } from "../sessions-model.js";

/** A license or credential ending within this many days gets an alert. */
export const EXPIRY_WINDOW_DAYS = 30;

/** An alert's message lists this many sessions, then "and N more" (its detail lists them all). */
const LISTED_SESSIONS = 6;

// ---------------------------------------------------------------------------------------------
// Deciding one session as confirming it would.

/** One upcoming session, decided again. */
export interface Checked {
  readonly session: Session;
  readonly client: Client | undefined;
  readonly location: ServiceLocation | undefined;
  readonly coverage: Coverage | undefined;
  readonly decision: Decision | null;
  readonly billable: boolean;
  /** Refused by video: whether a documented crisis session there would be billable (else null). */
  readonly crisisBillable: boolean | null;
}

/** What the session's client data looks like to the re-check. */
export interface ClientData {
  readonly client: Client | undefined;
  readonly coverage: Coverage | undefined;
  readonly locations: readonly ClientLocation[];
}

export const noClientData: ClientData = { client: undefined, coverage: undefined, locations: [] };

/** Decides a session where confirming would place it (`placeOf`); no coverage, no decision. */
export function checkSession(
  geo: Geography,
  session: Session,
  file: ProviderFile,
  data: ClientData,
): Checked {
  const location = placeOf(session, file, data.locations);
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
    crisisBillable: crisisBillable(geo, session, file, data.coverage, location, decision, data.locations),
  };
}

/** What a re-check keeps on the session (`session_checks.last_check`), with the key of its alert. */
export function sessionCheck(c: Checked, alertKey: string | null, now: Date, today: string): SessionCheck {
  return {
    checkedOn: today,
    checkedAt: now.toISOString(),
    billable: c.billable,
    location: c.location ?? null,
    decision: c.decision,
    alertKey,
    crisisBillable: c.crisisBillable,
  };
}

/** Would the session be billable with this provider file instead (what-if for expiry alerts)? */
function billableWith(geo: Geography, c: Checked, file: ProviderFile): boolean {
  if (!c.coverage || !c.location) return false;
  return decideSession(geo, c.session, file, c.coverage, c.location).outcome === "billable";
}

// ---------------------------------------------------------------------------------------------
// Alert wording.

const plural = (n: number, one: string, many = `${one}s`) => (n === 1 ? one : many);

/**
 * One formatter per time zone: building an `Intl.DateTimeFormat` costs far more than using one,
 * and the daily re-check words hundreds of thousands of sessions in a few dozen zones.
 */
const clocks = new Map<string, Intl.DateTimeFormat>();

function clockIn(timeZone: string): Intl.DateTimeFormat {
  let clock = clocks.get(timeZone);
  if (!clock) {
    clock = new Intl.DateTimeFormat("en-GB", {
      timeZone,
      hour: "2-digit",
      minute: "2-digit",
      hourCycle: "h23",
    });
    clocks.set(timeZone, clock);
  }
  return clock;
}

/** `2026-12-04 10:00` where the session happens. */
function when(s: Session): string {
  return `${s.serviceDate} ${clockIn(s.timeZone).format(new Date(s.startsAt))}`;
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

/** One sessions_at_risk draft per client, reason and state, naming every session it concerns. */
export function riskDrafts(providerId: string, checked: readonly Checked[]): AlertDraft[] {
  const groups = new Map<string, Checked[]>();
  for (const c of checked) {
    if (c.billable) continue;
    const { key } = riskKey(c);
    const group = groups.get(key);
    if (group) group.push(c);
    else groups.set(key, [c]);
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

// ---------------------------------------------------------------------------------------------
// Licenses and credentials that end.

/** What the expiry routine needs to know about one kind of record (licenses, credentials). */
interface Expiring<T extends { readonly id: string }> {
  readonly kind: Extract<AlertKind, "license_expiring" | "credential_expiring">;
  /** The dedupe key's first part. */
  readonly key: "license" | "credential";
  readonly records: (file: ProviderFile) => readonly T[];
  /** Whether the record is one that authorizes anything (status). */
  readonly counts: (r: T) => boolean;
  readonly from: (r: T) => string | null;
  readonly to: (r: T) => string | null;
  /** Records in the same slot take over from one another (a license's state; a credential's payer, state and network). */
  readonly slot: (r: T) => string;
  /** The provider file with this record's end date removed. */
  readonly unending: (file: ProviderFile, r: T) => ProviderFile;
  readonly label: (r: T) => string;
  /** "is valid until" / "is in effect until". */
  readonly lasts: string;
  /** "expired on" / "ended on". */
  readonly ended: string;
  readonly fixBefore: (r: T, endsOn: string) => string;
  readonly fixLapsed: (r: T) => string;
  readonly detail: (r: T, endsOn: string) => Omit<AlertDetail, "sessions">;
}

/**
 * Records ending within the window, unless another record of the same slot takes over the day
 * after; and lapsed ones on which upcoming sessions depend (they would be billable were it still
 * in force), one per slot at most (the latest to end), else history repeats. "Depend" is asked
 * of the engine: decide again with the record's end date removed.
 */
function expiring<T extends { readonly id: string }>(
  geo: Geography,
  file: ProviderFile,
  atRisk: readonly Checked[],
  today: string,
  of: Expiring<T>,
): AlertDraft[] {
  const providerId = file.provider.id;
  const dependents = (r: T, endsOn: string) => {
    const extended = of.unending(file, r);
    return atRisk.filter((c) => c.session.serviceDate > endsOn && billableWith(geo, c, extended));
  };
  const dependOn = (n: number) => `${n} upcoming ${plural(n, "session")}`;
  const depend = (n: number) => plural(n, "depends", "depend");
  const drafts: AlertDraft[] = [];
  const records = of.records(file);
  const lapsedBySlot = new Map<string, T>();
  for (const r of records) {
    const endsOn = of.to(r);
    if (!of.counts(r) || endsOn === null) continue;
    const days = daysBetween(today, endsOn);
    const others = records.filter((o) => o.id !== r.id && of.counts(o) && of.slot(o) === of.slot(r));
    if (days >= 0 && days <= EXPIRY_WINDOW_DAYS) {
      const dayAfter = addDays(endsOn, 1);
      if (others.some((o) => inForce(dayAfter, of.from(o), of.to(o)))) continue;
      const deps = dependents(r, endsOn);
      const tail =
        deps.length > 0
          ? ` ${dependOn(deps.length)} after that date ${depend(deps.length)} on it: ${listed(deps.map((c) => c.session))}.`
          : "";
      drafts.push({
        providerId,
        clientId: null,
        kind: of.kind,
        message: `Your ${of.label(r)} ${of.lasts} ${endsOn}: ${daysLeftText(days)}.${tail}`,
        fix: of.fixBefore(r, endsOn),
        sessionIds: deps.map((c) => c.session.id),
        dedupeKey: `${of.key}:${r.id}:${endsOn}:expiring`,
        detail: { sessions: deps.map(alertSession), ...of.detail(r, endsOn) },
      });
    } else if (days < 0 && !others.some((o) => inForce(today, of.from(o), of.to(o)))) {
      const seen = lapsedBySlot.get(of.slot(r));
      if (!seen || (of.to(seen) ?? "") < endsOn) lapsedBySlot.set(of.slot(r), r);
    }
  }
  for (const r of lapsedBySlot.values()) {
    const endsOn = of.to(r);
    if (endsOn === null) continue;
    const deps = dependents(r, endsOn);
    if (deps.length === 0) continue;
    const ago = -daysBetween(today, endsOn);
    drafts.push({
      providerId,
      clientId: null,
      kind: of.kind,
      message: `Your ${of.label(r)} ${of.ended} ${endsOn} (${ago} ${plural(ago, "day")} ago), and ${dependOn(deps.length)} ${depend(deps.length)} on it: ${listed(deps.map((c) => c.session))}.`,
      fix: of.fixLapsed(r),
      sessionIds: deps.map((c) => c.session.id),
      dedupeKey: `${of.key}:${r.id}:${endsOn}:lapsed`,
      detail: { sessions: deps.map(alertSession), ...of.detail(r, endsOn) },
    });
  }
  return drafts;
}

const LICENSES: Expiring<License> = {
  kind: "license_expiring",
  key: "license",
  records: (file) => file.licenses,
  counts: (l) => allowsPractice(l.status),
  from: (l) => l.validFrom,
  to: (l) => l.validTo,
  slot: (l) => l.state,
  unending: (file, l) => ({
    ...file,
    licenses: file.licenses.map((x) => (x.id === l.id ? { ...x, validTo: null } : x)),
  }),
  label: licenseLabel,
  lasts: "is valid until",
  ended: "expired on",
  fixBefore: (_l, endsOn) => `Renew it and update its end date here before ${endsOn}.`,
  fixLapsed: () =>
    "Renew or reinstate it and update its dates here; until then these sessions cannot be billed.",
  detail: (l, endsOn) => ({ state: l.state, licenseId: l.id, endsOn }),
};

const credentials = (geo: Geography): Expiring<Credential> => {
  const payerName = (c: Credential) => geo.payer(c.payer)?.name ?? c.payer;
  return {
    kind: "credential_expiring",
    key: "credential",
    records: (file) => file.credentials,
    counts: (c) => c.status === "active",
    from: (c) => c.effectiveFrom,
    to: (c) => c.effectiveTo,
    slot: (c) => `${c.payer}:${c.state}:${c.network}`,
    unending: (file, c) => ({
      ...file,
      credentials: file.credentials.map((x) => (x.id === c.id ? { ...x, effectiveTo: null } : x)),
    }),
    label: (c) => credentialLabel(c, geo),
    lasts: "is in effect until",
    ended: "ended on",
    fixBefore: (c, endsOn) =>
      `Ask ${payerName(c)} to renew it and update its end date here before ${endsOn}.`,
    fixLapsed: (c) =>
      `Ask ${payerName(c)} to renew it and update its dates here; until then these sessions cannot be billed.`,
    detail: (c, endsOn) => ({ state: c.state, credentialId: c.id, payer: c.payer, endsOn }),
  };
};

/** Licenses, then credentials, ending within the window or lapsed under upcoming sessions. */
export function expiryDrafts(
  geo: Geography,
  file: ProviderFile,
  checked: readonly Checked[],
  today: string,
): AlertDraft[] {
  const atRisk = checked.filter((c) => !c.billable);
  return [
    ...expiring(geo, file, atRisk, today, LICENSES),
    ...expiring(geo, file, atRisk, today, credentials(geo)),
  ];
}

/** Whether an open alert already says what a draft says (then it is left as it is). */
export const sameAlert = (a: Alert, d: AlertDraft): boolean =>
  a.kind === d.kind &&
  a.message === d.message &&
  a.fix === d.fix &&
  a.clientId === d.clientId &&
  canonical(a.sessionIds) === canonical(d.sessionIds) &&
  canonical(a.detail) === canonical(d.detail);
