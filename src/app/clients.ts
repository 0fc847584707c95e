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
import { isId, visibleClient } from "./access.js";
import type { Actor } from "./actor.js";
import { checkedLocation } from "./addresses.js";
import { recheckClient } from "./alerts/recheck.js";
import { audit, userOf } from "./audit.js";
import { todayOf } from "./calendar.js";
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
import {
  currentLocation,
  engineCoverage,
  engineProvider,
  liveWhereabouts,
  toLocationInput,
} from "./placement.js";
import { checkPersonName, checkTexts, TEXT } from "./text-fields.js";
import type { NewLocation, Store } from "./ports.js";

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
    await recheckClient(tx, geo, client.id, todayOf(now), now);
    return location;
  });
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
    // Alerts (src/app/alerts/recheck.ts): re-check the client's upcoming sessions with the new coverage.
    await recheckClient(tx, geo, client.id, todayOf(now), now);
    return saved;
  });
}
