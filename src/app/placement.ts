/**
 * Where a session takes place, and how the platform's records read to the engine: pure, shared by
 * confirming (sessions.ts), the re-checks (alerts/recheck.ts), the client pages (clients.ts) and
 * the license checks (providers.ts).
 *
 * - Location snapshots: a client location or practice location as it is frozen on a session and
 *   its claim (`snapshotOfClient`, `snapshotOfPractice`).
 * - Where the client is expected to be on a day (`currentLocation`) and which of their places
 *   still stand (`liveWhereabouts`).
 * - The engine mapping: a provider file, a coverage and an address as the decision contract
 *   reads them (`engineProvider`, `engineCoverage`, `toLocationInput`).
 * - `placeOf` (where confirming would place a scheduled session) and `decideSession` (the
 *   engine's call for a session).
 */
import type { CaseInput, LocationInput } from "../contract/schema.js";
import { advise } from "../rules/advice.js";
import { decide } from "../rules/decide.js";
import type { Decision } from "../rules/decision.js";
import type { Geography } from "../rules/geography.js";
import type { Address, ClientLocation, Coverage, PracticeLocation, ProviderFile } from "./model.js";
import type { ServiceLocation, Session } from "./sessions-model.js";
import { zip5 } from "./text-fields.js";

// ---------------------------------------------------------------------------------------------
// Location snapshots.

/** A client location as frozen on a session (telehealth: where the client was). */
export function snapshotOfClient(l: ClientLocation): ServiceLocation {
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

/** A practice location as frozen on a session (in person: where the service was rendered). */
export function snapshotOfPractice(p: PracticeLocation): ServiceLocation {
  return {
    line1: p.line1,
    line2: p.line2,
    city: p.city,
    state: p.state,
    zip: p.zip,
    source: "practice_location",
    sourceId: p.id,
    kind: null,
  };
}

// ---------------------------------------------------------------------------------------------
// Where the client is.

/**
 * The client's places that still stand (archived ones are history), for the engine's advice,
 * with 5-digit ZIPs as the engine reads them (the advice decides at these places again). Places
 * whose dates are over stay in: the advice reads the client's life over time (a home that ended
 * is how it tells a move), and weighs each place's dates itself.
 */
export function liveWhereabouts(locations: readonly ClientLocation[]): readonly ClientLocation[] {
  return locations
    .filter((l) => l.archivedAt === null)
    .map((l) => (l.zip !== null && l.zip.length > 5 ? { ...l, zip: zip5(l.zip) } : l));
}

/**
 * Where the client is expected to be on `date`: a trip covering that day, else the latest
 * virtual-session location, else home. Only places in force that day count, whatever their kind
 * (inclusive dates, null = no bound): a home that ended on 31 December is not where the client
 * is on 2 January, nor is one they move to in March.
 */
export function currentLocation(
  locations: readonly ClientLocation[],
  date: string,
): ClientLocation | undefined {
  const live = locations.filter(
    (l) =>
      l.archivedAt === null &&
      (l.startsOn === null || l.startsOn <= date) &&
      (l.endsOn === null || date <= l.endsOn),
  );
  // A trip has both dates (the database holds it to that).
  const trip = live.find((l) => l.kind === "temporary" && l.startsOn !== null && l.endsOn !== null);
  if (trip) return trip;
  const latest = (kind: ClientLocation["kind"]) => live.filter((l) => l.kind === kind).at(-1);
  return latest("virtual_session") ?? latest("home");
}

// ---------------------------------------------------------------------------------------------
// The engine mapping.

/** An address as the engine reads it: the decision contract takes the 5-digit ZIP (not ZIP+4). */
export function toLocationInput(a: Omit<Address, "line2">): LocationInput {
  const loc: LocationInput = { state: a.state };
  if (a.zip) loc.zip = zip5(a.zip);
  if (a.line1) loc.line1 = a.line1;
  if (a.city) loc.city = a.city;
  return loc;
}

/** The contract's view of a provider and a client's coverage, for the engine. */
export function engineProvider(file: Pick<ProviderFile, "licenses" | "credentials">): CaseInput["provider"] {
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

/**
 * A coverage as the payer last verified it (issue 16): an active answer's dates and product
 * stand in for typed ones where the payer gave them; an inactive answer ends the coverage on
 * the last day the payer covered (never later than typed); a rejected or unreadable answer
 * changes nothing (the alert says so). A start after that end is dropped, so the engine never
 * reads an inverted range.
 */
export function verifiedCoverage(c: Coverage): Coverage {
  const v = c.verified;
  if (!v) return c;
  if (v.status === "active")
    return {
      ...c,
      effectiveFrom: v.from ?? c.effectiveFrom,
      effectiveTo: v.to ?? c.effectiveTo,
      product: v.product ?? c.product,
    };
  if (v.status === "inactive" && v.to !== null) {
    const to = c.effectiveTo !== null && c.effectiveTo < v.to ? c.effectiveTo : v.to;
    const from = c.effectiveFrom !== null && c.effectiveFrom > to ? null : c.effectiveFrom;
    return { ...c, effectiveFrom: from, effectiveTo: to };
  }
  return c;
}

export function engineCoverage(typed: Coverage): CaseInput["client"]["coverage"] {
  const c = verifiedCoverage(typed);
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

// ---------------------------------------------------------------------------------------------
// A session's place and decision.

/**
 * Where confirming would place a scheduled session: in person, its practice location (rule 1 of
 * the contract); telehealth, where the client is expected to be that day (`currentLocation`).
 */
export function placeOf(
  session: Session,
  file: ProviderFile,
  locations: readonly ClientLocation[],
): ServiceLocation | undefined {
  if (session.modality === "in_person") {
    const p = file.practiceLocations.find((x) => x.id === session.practiceLocationId);
    return p ? snapshotOfPractice(p) : undefined;
  }
  const l = currentLocation(locations, session.serviceDate);
  return l ? snapshotOfClient(l) : undefined;
}

/** The engine's call for a session: what confirming decides, and what re-checks ask ahead of time. */
export function decideSession(
  geo: Geography,
  session: Session,
  file: ProviderFile,
  coverage: Coverage,
  location: ServiceLocation | undefined,
  /** The client's places over time: when given, a refusal's fix fits a trip or a move. */
  whereabouts?: readonly ClientLocation[],
): Decision {
  const c: CaseInput = {
    provider: engineProvider(file),
    client: { coverage: engineCoverage(coverage) },
    session: {
      date: session.serviceDate,
      modality: session.modality,
      ...(location ? { clientLocation: toLocationInput(location) } : {}),
      crisis: session.crisis,
    },
  };
  const decision = decide(c, geo);
  return whereabouts ? advise(c, decision, liveWhereabouts(whereabouts), geo) : decision;
}
