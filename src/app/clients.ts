/**
 * Clients, their locations and the Billing method guidance. Every use case checks who may see
 * the client (a provider their own clients, a client themself, operations everyone; anyone
 * else gets NOT_FOUND) and writes an audit event for every read or change of client data.
 */
import { normalizeDiagnoses } from "./diagnoses.js";
import type { CaseInput, LocationInput } from "../contract/schema.js";
import { advise } from "../rules/advice.js";
import { decide } from "../rules/decide.js";
import type { Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import { guidance } from "../rules/guidance.js";
import { SYSTEM, type Actor } from "./actor.js";
import { recheckClient, todayOf } from "./alerts.js";
import { AppError, invalid, notFound } from "./errors.js";
import {
  SEXES,
  type Address,
  type Client,
  type ClientLocation,
  type Coverage,
  type ProviderFile,
  type Sex,
} from "./model.js";
import { checkPersonName, checkTexts, normalizeZip, TEXT, zip5 } from "./text-fields.js";
import type { NewAuditEvent, NewLocation, Store } from "./ports.js";

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function mayAct(actor: Actor, client: Client): boolean {
  switch (actor.role) {
    case "ops":
      return true;
    case "provider":
      return client.providerId === actor.providerId;
    case "client":
      return client.id === actor.clientId;
  }
}

/** The client if the actor may see it; NOT_FOUND otherwise (also for ids that are not ids). */
export async function visibleClient(store: Store, actor: Actor, clientId: string): Promise<Client> {
  const client = UUID.test(clientId) ? await store.clients.byId(clientId) : undefined;
  if (!client || !mayAct(actor, client)) throw notFound("client");
  return client;
}

/** The account behind an actor, or null for the platform itself. */
export const userOf = (actor: Actor): string | null => (actor.userId === SYSTEM.userId ? null : actor.userId);

/** One audit event of the actor's (see `audit`); for writing several in one statement. */
export function auditEvent(
  actor: Actor,
  action: string,
  entity: string,
  entityId: string | null,
  clientId: string | null,
  detail?: unknown,
): NewAuditEvent {
  return {
    actorUserId: actor.userId,
    actorRole: actor.role,
    action,
    entity,
    entityId,
    clientId,
    ip: actor.ip,
    detail,
  };
}

/** Appends one audit event: who (the actor, from where), did what, to which record, of which client. */
export async function audit(store: Store, ...event: Parameters<typeof auditEvent>): Promise<void> {
  await store.audit.record(auditEvent(...event));
}

/** An address as the engine reads it: the decision contract takes the 5-digit ZIP (not ZIP+4). */
export function toLocationInput(a: Omit<Address, "line2">): LocationInput {
  const loc: LocationInput = { state: a.state };
  if (a.zip) loc.zip = zip5(a.zip);
  if (a.line1) loc.line1 = a.line1;
  if (a.city) loc.city = a.city;
  return loc;
}

/** The contract's view of a provider and a client's coverage, for the engine. */
export function engineProvider(file: ProviderFile): CaseInput["provider"] {
  return {
    licenses: file.licenses.map((l) => ({
      state: l.state,
      type: l.type,
      status: l.status,
      validFrom: l.validFrom,
      validTo: l.validTo,
      telehealthOnly: l.telehealthOnly,
      source: l.source,
      homeState: l.homeState,
    })),
    credentials: file.credentials.map((c) => ({
      payer: c.payer,
      state: c.state,
      network: c.network,
      status: c.status,
      effectiveFrom: c.effectiveFrom,
      effectiveTo: c.effectiveTo,
    })),
  };
}

export function engineCoverage(c: Coverage): CaseInput["client"]["coverage"] {
  const coverage: CaseInput["client"]["coverage"] = {
    payer: c.payer,
    memberId: c.memberId,
    effectiveFrom: c.effectiveFrom,
    effectiveTo: c.effectiveTo,
  };
  if (c.bluecard !== null) coverage.bluecard = c.bluecard;
  if (c.product !== null) coverage.product = c.product;
  return coverage;
}

/**
 * The client's places that still stand (archived ones are history), for the engine's advice,
 * with 5-digit ZIPs as the engine reads them (the advice decides at these places again).
 */
export function liveWhereabouts(locations: readonly ClientLocation[]): readonly ClientLocation[] {
  return locations
    .filter((l) => l.archivedAt === null)
    .map((l) => (l.zip !== null && l.zip.length > 5 ? { ...l, zip: zip5(l.zip) } : l));
}

/**
 * Where the client is expected to be on `date`: a trip covering that day, else the latest
 * virtual-session location, else home.
 */
export function currentLocation(
  locations: readonly ClientLocation[],
  date: string,
): ClientLocation | undefined {
  const live = locations.filter((l) => l.archivedAt === null);
  const trip = live.find(
    (l) => l.kind === "temporary" && (l.startsOn ?? "") <= date && date <= (l.endsOn ?? ""),
  );
  if (trip) return trip;
  const latest = (kind: ClientLocation["kind"]) => live.filter((l) => l.kind === kind).at(-1);
  return latest("virtual_session") ?? latest("home");
}

export type Badge =
  "ok" | "missing_address" | "out_of_network" | "not_licensed" | "not_billable" | "no_coverage";

export interface ClientSummary {
  readonly client: Client;
  readonly coverage: Coverage | null;
  readonly currentLocation: ClientLocation | null;
  readonly badge: Badge;
  readonly decision: Decision | null;
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

async function summarise(
  store: Store,
  geo: Geography,
  client: Client,
  file: ProviderFile | undefined,
  locations: readonly ClientLocation[],
  date: string,
): Promise<ClientSummary> {
  const coverage = (await store.clients.coverage(client.id)) ?? null;
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
  };
}

/** The Clients list: each client's plan, where they are now, and whether they can be seen there. */
export async function listClients(
  store: Store,
  geo: Geography,
  actor: Actor,
  date: string,
): Promise<ClientSummary[]> {
  let clients: Client[];
  if (actor.role === "client") {
    const own = actor.clientId ? await store.clients.byId(actor.clientId) : undefined;
    clients = own ? [own] : [];
  } else {
    clients = await store.clients.list(actor.role === "provider" ? actor.providerId : null);
  }
  const locations = await store.clients.locationsOf(clients.map((c) => c.id));
  const files = new Map<string, ProviderFile | undefined>();
  const out: ClientSummary[] = [];
  for (const client of clients) {
    if (!files.has(client.providerId))
      files.set(client.providerId, await store.providers.file(client.providerId));
    const mine = locations.filter((l) => l.clientId === client.id);
    out.push(await summarise(store, geo, client, files.get(client.providerId), mine, date));
  }
  await audit(store, actor, "client.list", "client", null, null, { clientIds: clients.map((c) => c.id) });
  return out;
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
): Promise<ClientDetail> {
  const client = await visibleClient(store, actor, clientId);
  const locations = await store.clients.locations(client.id);
  const file = await store.providers.file(client.providerId);
  const summary = await summarise(store, geo, client, file, locations, date);
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

/**
 * A new location for a client, from their provider or the client themself. Checked against the
 * map: the ZIP must lie in the state. `replaces` archives an earlier location in the same step.
 */
export async function addLocation(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  input: NewLocation & { replaces?: string | null },
  now: Date = new Date(),
): Promise<ClientLocation> {
  const client = await visibleClient(store, actor, clientId);
  const checked = checkedLocation(geo, input, "");
  if (input.kind === "temporary" && (!input.startsOn || !input.endsOn)) {
    throw invalid(input.startsOn ? "endsOn" : "startsOn", "a trip needs the dates it starts and ends");
  }
  if (input.startsOn && input.endsOn && input.startsOn > input.endsOn) {
    throw invalid("endsOn", `the trip ends (${input.endsOn}) before it starts (${input.startsOn})`);
  }
  return store.transaction(async (tx) => {
    if (input.replaces) {
      const archived =
        UUID.test(input.replaces) && (await tx.clients.archiveLocation(client.id, input.replaces, now));
      if (!archived) throw invalid("replaces", "no current location of this client has that id");
    }
    const location = await tx.clients.addLocation(client.id, checked, userOf(actor));
    await audit(tx, actor, "client_location.create", "client_location", location.id, client.id, {
      state: location.state,
      kind: location.kind,
      replaces: input.replaces ?? null,
    });
    // Alerts (src/app/alerts.ts): re-check the client's upcoming sessions from the new location.
    await recheckClient(tx, geo, client.id, todayOf(now), now);
    return location;
  });
}

/** A state and ZIP that agree, or INVALID_INPUT naming the field. `prefix` is the path to the address. */
export function checkAddress(
  geo: Geography,
  a: { state: Address["state"]; zip: string | null },
  prefix: string,
): void {
  if (!a.zip) return;
  const placed = geo.place(a.state, zip5(a.zip));
  if (placed.kind === "mismatch") {
    const where =
      placed.zipStates.length > 0 ? `lies in ${placed.zipStates.join(" or ")}` : "is not a ZIP code in use";
    throw invalid(`${prefix}zip`, `ZIP ${a.zip} ${where}, not ${a.state}`);
  }
}

/**
 * An address's lines and city as a claim file needs them (837P N301, N302, N401): within their
 * lengths, no separator or control character. `prefix` is the path to the address.
 */
export function checkAddressText(
  a: { readonly line1?: string | null; readonly line2?: string | null; readonly city?: string | null },
  prefix: string,
): void {
  checkTexts([
    [`${prefix}line1`, a.line1, TEXT.addressLine],
    [`${prefix}line2`, a.line2, TEXT.addressLine],
    [`${prefix}city`, a.city, TEXT.city],
  ]);
}

/**
 * A new location as it is kept: lines and city checked, the ZIP normalized (12345 or
 * 12345-6789) and placed in its state. `prefix` is the path to the location.
 */
export function checkedLocation<T extends NewLocation>(geo: Geography, input: T, prefix: string): T {
  const zip = normalizeZip(input.zip, `${prefix}zip`);
  checkAddressText(input, prefix);
  const location = { ...input, zip };
  checkAddress(geo, location, prefix);
  return location;
}

/**
 * The Billing method section: one guidance box per distinct state among the provider's practice
 * locations and the client's locations (in person at the practice, by video where the client is).
 */
export async function billingMethod(
  store: Store,
  geo: Geography,
  actor: Actor,
  clientId: string,
  date: string,
): Promise<ReturnType<typeof guidance>> {
  const client = await visibleClient(store, actor, clientId);
  const [coverage, locations, file] = await Promise.all([
    store.clients.coverage(client.id),
    store.clients.locations(client.id),
    store.providers.file(client.providerId),
  ]);
  if (!file) throw notFound("provider");
  if (!coverage) throw new AppError("CONFLICT", "the client has no insurance coverage on file; add it first");
  const provider = engineProvider(file);
  const engineCov = engineCoverage(coverage);
  const boxes = guidance(
    {
      provider: { ...provider, practiceLocations: onePerState(file.practiceLocations) },
      client: { coverage: engineCov, locations: onePerState(locations) },
      date,
    },
    geo,
  ).map((box) => {
    // A refusal's fix, fitted to a trip or a move (the box is judged on `date`).
    const c: CaseInput = {
      provider,
      client: { coverage: engineCov },
      session: { date, modality: box.modality, clientLocation: box.place },
    };
    return { ...box, decision: advise(c, box.decision, liveWhereabouts(locations), geo) };
  });
  await audit(store, actor, "client.billing_method", "client", client.id, client.id, { date });
  return boxes;
}

/** One place per state (the first listed), as the Billing method section shows one box per state. */
function onePerState(places: readonly Address[]): LocationInput[] {
  const seen = new Set<string>();
  const out: LocationInput[] = [];
  for (const p of places) {
    if (seen.has(p.state)) continue;
    seen.add(p.state);
    out.push(toLocationInput(p));
  }
  return out;
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
    // Alerts (src/app/alerts.ts): re-check the client's upcoming sessions with the new coverage.
    await recheckClient(tx, geo, client.id, todayOf(now), now);
    return saved;
  });
}
