/**
 * Clients, their locations and the Billing method guidance. Every use case checks who may see
 * the client (a provider their own clients, a client themself, operations everyone; anyone
 * else gets NOT_FOUND) and writes an audit event for every read or change of client data.
 */
import { normalizeDiagnoses } from "./diagnoses.js";
import type { CaseInput } from "../contract/schema.js";
import { advise } from "../rules/advice.js";
import { decide } from "../rules/decide.js";
import type { Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import { billingPlaces, type BillingPlace, type PlaceToJudge } from "../rules/guidance.js";
import { isId, visibleClient } from "./access.js";
import type { Actor } from "./actor.js";
import { checkedLocation } from "./addresses.js";
import { recheckClient } from "./alerts/recheck.js";
import { audit, userOf } from "./audit.js";
import { todayOf } from "./calendar.js";
import { queueEligibilityCheck } from "./eligibility.js";
import { AppError, invalid, notFound } from "./errors.js";
import {
  SEXES,
  type Client,
  type ClientLocation,
  type Coverage,
  type ProviderFile,
  type Sex,
} from "./model.js";
import { firstReason, type OutlookReason } from "./outlook.js";
import {
  currentLocation,
  engineCoverage,
  engineProvider,
  liveWhereabouts,
  toLocationInput,
} from "./placement.js";
import { checkPersonName, checkTexts, TEXT } from "./text-fields.js";
import { afterCursor, ORDERS, pageOf, type Page, type Paged } from "./paging.js";
import type { NewLocation, Store, UpcomingCheck } from "./ports.js";
import type { Modality, ServiceLocation } from "./sessions-model.js";

export type Badge =
  "ok" | "missing_address" | "out_of_network" | "not_licensed" | "not_billable" | "no_coverage";

/** An upcoming scheduled session that cannot go ahead as things stand (its stored re-check). */
export interface AtRiskSession {
  readonly id: string;
  readonly startsAt: string;
  readonly timeZone: string;
  readonly serviceDate: string;
  readonly modality: Modality;
  readonly reason: OutlookReason | null;
}

/** Upcoming sessions at risk for one reason at one place ("Trip to Florida Dec 9–16: 2 sessions"). */
export interface Risk {
  readonly place: ServiceLocation | null;
  /** The client location the sessions are placed at, when it is one of their current places. */
  readonly locationId: string | null;
  readonly label: string | null;
  readonly startsOn: string | null;
  readonly endsOn: string | null;
  readonly reason: OutlookReason | null;
  readonly crisisBillable: boolean | null;
  /** The decision's notes (what the state allows providers licensed elsewhere among them). */
  readonly notes: readonly string[];
  readonly sessions: readonly AtRiskSession[];
}

export interface ClientSummary {
  readonly client: Client;
  readonly coverage: Coverage | null;
  readonly currentLocation: ClientLocation | null;
  readonly badge: Badge;
  readonly decision: Decision | null;
  readonly risks: readonly Risk[];
}

function badgeFor(
  decision: Decision | null,
  coverage: Coverage | null,
  location: ClientLocation | undefined,
): Badge {
  if (!coverage) return "no_coverage";
  if (!location || !decision) return "missing_address";
  if (decision.outcome === "billable") return "ok";
  const first = decision.reasons[0]?.code;
  if (first === "CLIENT_LOCATION_MISSING" || first === "ZIP_REQUIRED" || first === "LOCATION_MISMATCH")
    return "missing_address";
  if (first === "NOT_CREDENTIALED" || first === "CREDENTIAL_NOT_ACTIVE" || first === "BLUECARD_NOT_AVAILABLE")
    return "out_of_network";
  if (
    first === "NOT_LICENSED" ||
    first === "LICENSE_NOT_ACTIVE" ||
    first === "TELEHEALTH_ONLY_AUTHORITY" ||
    first === "PRIVILEGE_NOT_VALID"
  )
    return "not_licensed";
  return "not_billable";
}

const atRiskSession = (s: UpcomingCheck): AtRiskSession => ({
  id: s.id,
  startsAt: s.startsAt,
  timeZone: s.timeZone,
  serviceDate: s.serviceDate,
  modality: s.modality,
  reason: firstReason(s.lastCheck?.decision ?? null),
});

/**
 * A client's upcoming sessions whose stored re-check is not billable, grouped by place (the
 * client location the check placed them at, else state and city) and first reason, in the order
 * of each group's first session. Sessions never checked are not counted.
 */
export function risksOf(sessions: readonly UpcomingCheck[], locations: readonly ClientLocation[]): Risk[] {
  const byId = new Map(locations.map((l) => [l.id, l]));
  const groups = new Map<string, { first: UpcomingCheck; notes: Set<string>; sessions: UpcomingCheck[] }>();
  for (const s of sessions) {
    const check = s.lastCheck;
    if (!check || check.billable) continue;
    const place = check.location;
    const where = place ? (place.sourceId ?? `${place.state}|${place.city ?? ""}`) : "";
    const key = `${where}#${check.decision?.reasons[0]?.code ?? ""}`;
    let group = groups.get(key);
    if (!group) groups.set(key, (group = { first: s, notes: new Set(), sessions: [] }));
    group.sessions.push(s);
    for (const n of check.decision?.notes ?? []) group.notes.add(n.message);
  }
  return [...groups.values()].map(({ first, notes, sessions: list }) => {
    const check = first.lastCheck;
    const place = check?.location ?? null;
    const location =
      place?.source === "client_location" && place.sourceId ? byId.get(place.sourceId) : undefined;
    const crisis = list.map((x) => x.lastCheck?.crisisBillable).find((c) => c !== undefined && c !== null);
    return {
      place,
      locationId: location?.id ?? null,
      label: location?.label ?? null,
      startsOn: location?.startsOn ?? null,
      endsOn: location?.endsOn ?? null,
      reason: firstReason(check?.decision ?? null),
      crisisBillable: crisis ?? null,
      notes: [...notes],
      sessions: list.map(atRiskSession),
    };
  });
}

function summarise(
  geo: Geography,
  client: Client,
  file: ProviderFile | undefined,
  coverage: Coverage | null,
  locations: readonly ClientLocation[],
  upcoming: readonly UpcomingCheck[],
  date: string,
): ClientSummary {
  const location = currentLocation(locations, date);
  let decision: Decision | null = null;
  if (coverage && location && file) {
    const c: CaseInput = {
      provider: engineProvider(file),
      client: { coverage: engineCoverage(coverage) },
      session: { date, modality: "telehealth", clientLocation: toLocationInput(location) },
    };
    decision = advise(c, decide(c, geo), liveWhereabouts(locations), geo);
  }
  return {
    client,
    coverage,
    currentLocation: location ?? null,
    badge: badgeFor(decision, coverage, location),
    decision,
    risks: risksOf(upcoming, locations),
  };
}

/** Groups rows by client id, in their order. */
function byClient<T extends { readonly clientId: string }>(rows: readonly T[]): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const r of rows) {
    const list = out.get(r.clientId);
    if (list) list.push(r);
    else out.set(r.clientId, [r]);
  }
  return out;
}

/**
 * The Clients list: each client's plan, where they are now (on `date`), whether they can be seen
 * there, and their upcoming sessions at risk (from `today`). By name, a page at a time (default
 * 100, at most 200: src/contract/api/clients.ts; src/app/paging.ts). A fixed number of queries whatever the
 * number of clients: coverages, locations and sessions for all of the page at once, and the
 * page's providers' files in one query per table.
 */
export async function listClients(
  store: Store,
  geo: Geography,
  actor: Actor,
  date: string,
  today: string = date,
  page: { readonly limit?: number | undefined; readonly cursor?: string | undefined } = {},
): Promise<Page<ClientSummary>> {
  const after = afterCursor(ORDERS.clients, page.cursor);
  let clients: Client[];
  let more: Paged<Client>["more"] = null;
  if (actor.role === "client") {
    // A client's list is themself: one row, on the first page only.
    const own = actor.clientId && after === undefined ? await store.clients.byId(actor.clientId) : undefined;
    clients = own ? [own] : [];
  } else if (actor.role === "provider" && !actor.providerId) {
    // A provider account without its provider record sees nothing, never everyone's.
    clients = [];
  } else {
    const found = await store.clients.page(actor.role === "provider" ? actor.providerId : null, {
      limit: page.limit ?? 100,
      after,
    });
    clients = found.items;
    more = found.more;
  }
  const ids = clients.map((c) => c.id);
  const providerIds = [...new Set(clients.map((c) => c.providerId))];
  const [locations, coverages, upcoming, files] = await Promise.all([
    store.clients.locationsOf(ids),
    store.clients.coveragesOf(ids),
    // Only the sessions at risk: the list shows risks, and a billable session's check is most of
    // the bytes a page would otherwise read.
    store.clients.upcomingChecks(ids, today, { atRiskOnly: true }),
    store.providers.files(providerIds),
  ]);
  const locationsOf = byClient(locations);
  const coverageOf = new Map(coverages.map((c) => [c.clientId, c]));
  const upcomingOf = byClient(upcoming);
  const fileOf = new Map(files.map((f) => [f.provider.id, f]));
  const out = clients.map((client) =>
    summarise(
      geo,
      client,
      fileOf.get(client.providerId),
      coverageOf.get(client.id) ?? null,
      locationsOf.get(client.id) ?? [],
      upcomingOf.get(client.id) ?? [],
      date,
    ),
  );
  await audit(store, actor, "client.list", "client", null, null, { clientIds: ids });
  return pageOf(ORDERS.clients, { items: out, more });
}

export interface ClientDetail extends ClientSummary {
  readonly locations: readonly ClientLocation[];
}

export async function getClient(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  date: string,
  today: string = date,
): Promise<ClientDetail> {
  const client = await visibleClient(store, actor, clientId);
  const [locations, file, coverage, upcoming] = await Promise.all([
    store.clients.locations(client.id),
    store.providers.file(client.providerId),
    store.clients.coverage(client.id),
    store.clients.upcomingChecks([client.id], today),
  ]);
  const summary = summarise(geo, client, file, coverage ?? null, locations, upcoming, date);
  await audit(store, actor, "client.read", "client", client.id, client.id);
  return { ...summary, locations };
}

export async function listLocations(
  store: Store,
  actor: Actor,
  clientId: string,
  history: boolean,
): Promise<ClientLocation[]> {
  const client = await visibleClient(store, actor, clientId);
  const locations = await store.clients.locations(client.id, history);
  await audit(store, actor, "client_location.list", "client", client.id, client.id, { history });
  return locations;
}

/** A location as saved, with the upcoming sessions the change put at risk. */
export interface SavedLocation extends ClientLocation {
  /** The location archived in its place (a used location whose address changed). */
  readonly replaced?: string | null;
  readonly atRisk: readonly AtRiskSession[];
}

export interface RemovedLocation {
  readonly outcome: "deleted" | "archived";
  readonly location: ClientLocation;
  readonly atRisk: readonly AtRiskSession[];
}

/** The checks every saved location passes: the map, the text limits, a trip's dates. */
function checkedPlace<T extends NewLocation>(geo: Geography, input: T, today: string): T {
  const checked = checkedLocation(geo, input, "");
  if (input.kind === "temporary" && (!input.startsOn || !input.endsOn)) {
    throw invalid(input.startsOn ? "endsOn" : "startsOn", "a trip needs the dates it starts and ends");
  }
  if (input.startsOn && input.endsOn && input.startsOn > input.endsOn) {
    throw invalid("endsOn", `the trip ends (${input.endsOn}) before it starts (${input.startsOn})`);
  }
  if (input.kind === "temporary" && input.endsOn && input.endsOn < today) {
    throw invalid(
      "endsOn",
      `the trip ended on ${input.endsOn} — a trip in the past changes nothing ahead; give the dates of a trip still to come (today is ${today}), or remove it`,
    );
  }
  return checked;
}

/**
 * After a change to a client's places, in the change's transaction: re-checks their upcoming
 * sessions (alerts/recheck.ts) and answers the ones at risk now that were not before (billable
 * or never checked before the change, not billable after).
 */
async function recheckedRisks(
  tx: Store,
  geo: Geography,
  clientId: string,
  before: readonly UpcomingCheck[],
  now: Date,
): Promise<AtRiskSession[]> {
  const today = todayOf(now);
  await recheckClient(tx, geo, clientId, today, now);
  const earlier = new Map(before.map((s) => [s.id, s.lastCheck]));
  const after = await tx.clients.upcomingChecks([clientId], today);
  return after
    .filter((s) => {
      if (!s.lastCheck || s.lastCheck.billable) return false;
      const was = earlier.get(s.id);
      return !was || was.billable;
    })
    .map(atRiskSession);
}

/**
 * A new location for a client, from their provider or the client themself. Checked against the
 * map: the ZIP must lie in the state; a trip needs its dates and may not be over already.
 * `replaces` archives an earlier location in the same step.
 */
export async function addLocation(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  input: NewLocation & { replaces?: string | null },
  now: Date = new Date(),
): Promise<SavedLocation> {
  const client = await visibleClient(store, actor, clientId);
  const checked = checkedPlace(geo, input, todayOf(now));
  return store.transaction(async (tx) => {
    const before = await tx.clients.upcomingChecks([client.id], todayOf(now));
    if (input.replaces) {
      const archived =
        isId(input.replaces) && (await tx.clients.archiveLocation(client.id, input.replaces, now));
      if (!archived) throw invalid("replaces", "no current location of this client has that id");
    }
    const location = await tx.clients.addLocation(client.id, checked, userOf(actor));
    await audit(tx, actor, "client_location.create", "client_location", location.id, client.id, {
      state: location.state,
      kind: location.kind,
      replaces: input.replaces ?? null,
    });
    // Alerts (src/app/alerts/recheck.ts): re-check the client's upcoming sessions from the new location.
    const atRisk = await recheckedRisks(tx, geo, client.id, before, now);
    return { ...location, atRisk };
  });
}

/** Changes to a location: a field left out stays; null clears an optional one. */
export interface LocationEdit {
  readonly label?: string | null | undefined;
  readonly line1?: string | null | undefined;
  readonly line2?: string | null | undefined;
  readonly city?: string | null | undefined;
  readonly state?: NewLocation["state"] | undefined;
  readonly zip?: string | null | undefined;
  readonly startsOn?: string | null | undefined;
  readonly endsOn?: string | null | undefined;
}

const ADDRESS_FIELDS = ["state", "zip", "line1", "line2", "city"] as const;
const EDITABLE = ["label", ...ADDRESS_FIELDS, "startsOn", "endsOn"] as const;

/** One of the client's current locations, or NOT_FOUND (someone else's id answers the same). */
async function currentLocationOf(
  store: Store,
  clientId: string,
  locationId: string,
): Promise<ClientLocation> {
  const location = isId(locationId)
    ? (await store.clients.locations(clientId)).find((l) => l.id === locationId)
    : undefined;
  if (!location) throw notFound("location");
  return location;
}

/**
 * Edits one of a client's current locations (their provider, the client themself, operations).
 * The same checks as adding one. A location no session used changes in place; one a confirmed
 * session or a claim names keeps its address for them: when the address changes it is archived
 * and the edited one saved in its place (`replaced`); its dates and label change in place.
 * Ending a location is setting its `endsOn`.
 */
export async function editLocation(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  locationId: string,
  edit: LocationEdit,
  now: Date = new Date(),
): Promise<SavedLocation> {
  const client = await visibleClient(store, actor, clientId);
  const old = await currentLocationOf(store, client.id, locationId);
  const pick = <K extends (typeof EDITABLE)[number]>(k: K) => (edit[k] === undefined ? old[k] : edit[k]);
  const wanted: NewLocation = {
    kind: old.kind,
    label: pick("label") ?? null,
    line1: pick("line1") ?? null,
    line2: pick("line2") ?? null,
    city: pick("city") ?? null,
    state: pick("state"),
    zip: pick("zip") ?? null,
    startsOn: pick("startsOn") ?? null,
    endsOn: pick("endsOn") ?? null,
  };
  const checked = checkedPlace(geo, wanted, todayOf(now));
  const changed = EDITABLE.filter((k) => (checked[k] ?? null) !== (old[k] ?? null));
  const addressChanged = changed.some((k) => (ADDRESS_FIELDS as readonly string[]).includes(k));
  return store.transaction(async (tx) => {
    const before = await tx.clients.upcomingChecks([client.id], todayOf(now));
    let saved: ClientLocation;
    let replaced: string | null = null;
    if (addressChanged && (await tx.clients.locationUsed(client.id, old.id))) {
      // Sessions and claims keep the old address: the old location stays, archived, as history.
      if (!(await tx.clients.archiveLocation(client.id, old.id, now))) throw notFound("location");
      saved = await tx.clients.addLocation(client.id, checked, userOf(actor));
      replaced = old.id;
      await audit(tx, actor, "client_location.archive", "client_location", old.id, client.id, {
        replacedBy: saved.id,
      });
      await audit(tx, actor, "client_location.update", "client_location", saved.id, client.id, {
        fields: changed,
        replaces: old.id,
      });
    } else {
      const updated = await tx.clients.updateLocation(client.id, old.id, checked);
      if (!updated) throw notFound("location");
      saved = updated;
      await audit(tx, actor, "client_location.update", "client_location", saved.id, client.id, {
        fields: changed,
      });
    }
    const atRisk = await recheckedRisks(tx, geo, client.id, before, now);
    return { ...saved, replaced, atRisk };
  });
}

/**
 * Removes one of a client's current locations: deleted for good when no session or claim used
 * it, else archived (sessions and claims keep their snapshot; the history keeps the place).
 */
export async function removeLocation(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  locationId: string,
  now: Date = new Date(),
): Promise<RemovedLocation> {
  const client = await visibleClient(store, actor, clientId);
  const old = await currentLocationOf(store, client.id, locationId);
  return store.transaction(async (tx) => {
    const before = await tx.clients.upcomingChecks([client.id], todayOf(now));
    const used = await tx.clients.locationUsed(client.id, old.id);
    const done = used
      ? await tx.clients.archiveLocation(client.id, old.id, now)
      : await tx.clients.deleteLocation(client.id, old.id);
    if (!done) throw notFound("location");
    const outcome = used ? "archived" : "deleted";
    await audit(
      tx,
      actor,
      `client_location.${used ? "archive" : "delete"}`,
      "client_location",
      old.id,
      client.id,
      {
        state: old.state,
        kind: old.kind,
      },
    );
    const atRisk = await recheckedRisks(tx, geo, client.id, before, now);
    return { outcome, location: used ? { ...old, archivedAt: now.toISOString() } : old, atRisk };
  });
}

/**
 * The Billing method section: every practice location (in person) and every current client
 * location (by video), each with its own answer (a Manhattan home and a Rochester trip are two),
 * judged on `date`, or on a later place's first day (`judgedOn`, src/rules/guidance.ts); places
 * that ended before `date` are left out. A refused video place says what a crisis session there
 * would get.
 */
export async function billingMethod(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  date: string,
): Promise<BillingPlace[]> {
  const client = await visibleClient(store, actor, clientId);
  const [coverage, locations, file] = await Promise.all([
    store.clients.coverage(client.id),
    store.clients.locations(client.id),
    store.providers.file(client.providerId),
  ]);
  if (!file) throw notFound("provider");
  if (!coverage) throw new AppError("CONFLICT", "the client has no insurance coverage on file; add it first");
  const places: PlaceToJudge[] = [
    ...file.practiceLocations.map((p): PlaceToJudge => ({
      modality: "in_person",
      place: toLocationInput(p),
      address: p,
      source: { kind: "practice", id: p.id, label: p.label, startsOn: null, endsOn: null },
    })),
    ...locations.map((l): PlaceToJudge => ({
      modality: "telehealth",
      place: toLocationInput(l),
      address: l,
      source: { kind: l.kind, id: l.id, label: l.label, startsOn: l.startsOn, endsOn: l.endsOn },
    })),
  ];
  const { licenses, credentials } = engineProvider(file);
  const answer = billingPlaces(
    {
      provider: { licenses, credentials },
      coverage: engineCoverage(coverage),
      places,
      whereabouts: liveWhereabouts(locations),
      date,
    },
    geo,
  );
  await audit(store, actor, "client.billing_method", "client", client.id, client.id, { date });
  return answer;
}

/** A new client of a provider (a provider adds their own; operations name the provider). */
export async function createClient(
  store: Store,
  geo: Geography,
  actor: Actor,
  input: {
    providerId?: string | null;
    name: string;
    birthDate: string | null;
    /** F, M or U (unknown, the default). */
    sex?: Sex | undefined;
    diagnosisCodes?: readonly string[] | undefined;
    coverage: Omit<Coverage, "id" | "clientId">;
    location?: NewLocation | null;
  },
): Promise<Client> {
  const providerId =
    actor.role === "provider" ? actor.providerId : actor.role === "ops" ? input.providerId : null;
  if (actor.role === "client" || !providerId) {
    throw actor.role === "ops"
      ? invalid("providerId", "name the provider this client belongs to")
      : notFound("route");
  }
  if (!(await store.providers.byId(providerId))) throw invalid("providerId", "no provider has that id");
  const name = input.name.trim();
  if (!name) throw invalid("name", "must not be empty");
  checkPersonName("name", name);
  if (input.sex !== undefined && !(SEXES as readonly string[]).includes(input.sex))
    throw invalid("sex", `expected F, M or U (unknown), got ${JSON.stringify(input.sex)}`);
  if (!geo.payer(input.coverage.payer))
    throw invalid("coverage.payer", `"${input.coverage.payer}" is not in the payer catalogue`);
  checkTexts([["coverage.memberId", input.coverage.memberId, TEXT.memberId]]);
  const location = input.location ? checkedLocation(geo, input.location, "location.") : null;
  const diagnosisCodes = normalizeDiagnoses(input.diagnosisCodes ?? [], "diagnosisCodes");
  return store.transaction(async (tx) => {
    const client = await tx.clients.add({
      providerId,
      name,
      birthDate: input.birthDate,
      sex: input.sex ?? "U",
      diagnosisCodes,
    });
    await tx.clients.setCoverage(client.id, input.coverage);
    // Eligibility (eligibility.ts): the new coverage is checked with the payer by the send job.
    await queueEligibilityCheck(tx, client.id, "coverage_changed", actor, new Date());
    if (location) await tx.clients.addLocation(client.id, location, userOf(actor));
    await audit(tx, actor, "client.create", "client", client.id, client.id);
    return client;
  });
}

/** New coverage for a client (the old one stays in the history). */
export async function setCoverage(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  coverage: Omit<Coverage, "id" | "clientId">,
  now: Date = new Date(),
): Promise<Coverage> {
  const client = await visibleClient(store, actor, clientId);
  if (!geo.payer(coverage.payer)) throw invalid("payer", `"${coverage.payer}" is not in the payer catalogue`);
  checkTexts([["memberId", coverage.memberId, TEXT.memberId]]);
  if (coverage.effectiveFrom && coverage.effectiveTo && coverage.effectiveFrom > coverage.effectiveTo) {
    throw invalid("effectiveTo", "coverage ends before it starts");
  }
  return store.transaction(async (tx) => {
    const saved = await tx.clients.setCoverage(client.id, coverage);
    await audit(tx, actor, "coverage.update", "coverage", saved.id, client.id, {
      payer: coverage.payer,
      product: coverage.product,
    });
    // Eligibility (eligibility.ts): the changed coverage is checked with the payer by the send job.
    await queueEligibilityCheck(tx, client.id, "coverage_changed", actor, now);
    // Alerts (src/app/alerts/recheck.ts): re-check the client's upcoming sessions with the new coverage.
    await recheckClient(tx, geo, client.id, todayOf(now), now);
    return saved;
  });
}
