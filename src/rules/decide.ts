/**
 * The decision engine: can this provider see and bill this client there, that day, and whom
 * is the claim sent to? Pure: plain data in (the case, and the payer map through `Geography`),
 * plain data out. No clock ("today" is `session.date`), no I/O.
 *
 * Evaluation order (contract §"Order of evaluation"); `reasons[0]` is the first blocking
 * problem met:
 *   1. completeness  CLIENT_LOCATION_MISSING, LOCATION_MISMATCH, UNKNOWN_PAYER → incomplete
 *   2. coverage      COVERAGE_NOT_ACTIVE → not_billable, nothing rescues it
 *   3. authority     NOT_LICENSED, LICENSE_NOT_ACTIVE, TELEHEALTH_ONLY_AUTHORITY
 *   4. route         in the home plan's area: the home plan; outside it: virtual network, then
 *                    BlueCard → NOT_CREDENTIALED, CREDENTIAL_NOT_ACTIVE, BLUECARD_NOT_AVAILABLE,
 *                    or ZIP_REQUIRED (incomplete) when the state's Blue areas disagree
 *   5. crisis        a crisis denied at 3 or 4 is billable by exception (or CRISIS_ADDRESS_REQUIRED)
 * Steps 3 and 4 both run, so a provider learns every blocking problem at once.
 */
import type { StateCode } from "../reference/states.js";
import type { Geography, Payer, Placement, Zone } from "./geography.js";
import {
  allowsPractice,
  credentialActive,
  inForce,
  type CaseInput,
  type CredentialInput,
  type Decision,
  type LicenseInput,
  type LocationInput,
  type Note,
  type Reason,
  type Requirement,
} from "./decision.js";
import * as say from "./messages.js";

/**
 * How the claim can be billed through credentials (rules 3–8), or why not. Refusals carry only
 * what `routeReason` needs to word them: routes are worked out many times per decision (per
 * Blue zone, per state for the "or see them in …" fix), sentences only once.
 */
export type Route =
  | {
      readonly ok: true;
      readonly basis: "in_network" | "virtual_network" | "bluecard";
      readonly credential: CredentialInput;
    }
  | { readonly ok: false; readonly code: "CREDENTIAL_NOT_ACTIVE"; readonly credential: CredentialInput }
  | { readonly ok: false; readonly code: "NOT_CREDENTIALED"; readonly local: readonly string[] | null }
  | { readonly ok: false; readonly code: "BLUECARD_NOT_AVAILABLE" };
export type RouteRefusal = Exclude<Route, { ok: true }>;

/** The authority to practice used (rule 2), or why there is none (`about`: the license at fault). */
export type Authority =
  | { readonly license: LicenseInput }
  | {
      readonly license?: undefined;
      readonly code: "NOT_LICENSED" | "LICENSE_NOT_ACTIVE" | "TELEHEALTH_ONLY_AUTHORITY";
      readonly about?: LicenseInput;
    };

const NOT_LICENSED: Authority = { code: "NOT_LICENSED" };
const NOT_CREDENTIALED_IN_AREA: RouteRefusal = { ok: false, code: "NOT_CREDENTIALED", local: null };
const BLUECARD_NOT_AVAILABLE: RouteRefusal = { ok: false, code: "BLUECARD_NOT_AVAILABLE" };

/**
 * The empty list that every decision without reasons, requirements or notes shares: most have
 * none, and three fresh arrays were a good part of what a decision allocated. Frozen, so nothing
 * can change it through one decision and see it in another; typed as the contract's list types
 * (which are not readonly) so that a decision is still a plain `Decision`.
 */
const NONE = Object.freeze([]) as unknown as never[];

export function decide(c: CaseInput, geo: Geography): Decision {
  const session = c.session;
  const coverage = c.client.coverage;
  const loc = session.clientLocation;
  const plan = geo.payer(coverage.payer);

  // 1. Completeness.
  const placed = loc ? geo.place(loc.state, loc.zip ?? undefined) : undefined;
  if (!loc || !plan || !placed || placed.kind === "mismatch") return incomplete(c, placed, geo);

  // 2. Coverage.
  if (!inForce(session.date, coverage.effectiveFrom, coverage.effectiveTo)) return notCovered(c, plan);

  // 3. Authority in the client's state. Why there is none is worked out only for a refusal.
  const license = licenseFor(c, loc.state);

  // 4. Credential route, worked out in each Blue zone the client may be in: a ZIP gives one zone;
  // without one, the answer must be the same in every zone of the state.
  const zones = placed.kind === "state" ? placed.zones : NO_ZONES;
  const route = routeIn(c, plan, loc.state, placed.kind === "zip" ? placed.zone : zones[0]);
  const ambiguous =
    zones.length > 1 && plan.kind === "bcbs" && differsByZone(c, plan, loc.state, zones, route);

  // The plain approval is answered here; whatever adds reasons, requirements or notes is worked
  // out in `settle`. Why: `decide` stays small, so the machine code of the common case stays in
  // the CPU's instruction cache from one decision to the next (also after the schema check ran).
  if (license && route.ok && !ambiguous && session.crisis !== true && !severalLocal(route, placed)) {
    return finish(c, "billable", NONE, license, route.basis, route.credential.payer, route.credential);
  }
  return settle(c, geo, plan, loc, placed, license, route, ambiguous);
}

type Placed = Exclude<Placement, { kind: "mismatch" }>;

/** Completeness failed: every completeness reason, the location's first. */
function incomplete(c: CaseInput, placed: Placement | undefined, geo: Geography): Decision {
  const loc = c.session.clientLocation;
  const reasons: Reason[] = [];
  if (!loc) reasons.push(say.clientLocationMissing(c.session.modality));
  else if (placed?.kind === "mismatch") reasons.push(say.locationMismatch(loc, placed.zipStates));
  const home = c.client.coverage.payer;
  if (!geo.payer(home)) reasons.push(say.unknownPayer(home));
  return finish(c, "incomplete", reasons, null);
}

function notCovered(c: CaseInput, plan: Payer): Decision {
  const reason = say.coverageNotActive(plan, c.client.coverage, c.session.date);
  return finish(c, "not_billable", [reason], null);
}

/** Whether the route in some other zone of the state differs from `route`, the first zone's. */
function differsByZone(
  c: CaseInput,
  plan: Payer,
  state: StateCode,
  zones: readonly Zone[],
  route: Route,
): boolean {
  for (let i = 1; i < zones.length; i++)
    if (!sameAnswer(route, routeIn(c, plan, state, zones[i]))) return true;
  return false;
}

/** The one zone the client is in, when the placement says: a ZIP's, or a state's only one. */
function onlyZone(placed: Placed): Zone | undefined {
  return placed.kind === "zip" ? placed.zone : placed.zones.length === 1 ? placed.zones[0] : undefined;
}

/** A BlueCard approval where several Blue plans are local (a note says which one is billed). */
function severalLocal(route: Route, placed: Placed): boolean {
  return route.ok && route.basis === "bluecard" && (onlyZone(placed)?.plans.length ?? 0) > 1;
}

/**
 * Everything but the plain approval: an approval with crisis requirements or a note, a refusal
 * with its reasons (the first fix finished with where else the provider could see the client),
 * a state whose Blue areas disagree (ZIP_REQUIRED), the crisis exception (step 5).
 */
function settle(
  c: CaseInput,
  geo: Geography,
  plan: Payer,
  loc: LocationInput,
  placed: Placed,
  license: LicenseInput | undefined,
  route: Route,
  ambiguous: boolean,
): Decision {
  const session = c.session;
  const state = loc.state;
  const zones = placed.kind === "state" ? placed.zones : NO_ZONES;

  if (license && route.ok && !ambiguous) {
    const billTo = route.credential.payer;
    const zone = onlyZone(placed);
    return finish(
      c,
      "billable",
      NONE,
      license,
      route.basis,
      billTo,
      route.credential,
      session.crisis === true ? say.crisisRequirements(false) : NONE,
      severalLocal(route, placed) && zone ? [say.severalLocalPlans(zone.plans, billTo, geo)] : NONE,
    );
  }

  // 5. Crisis exception. A crisis is not held up by a missing ZIP: where the normal rules might
  // deny it, the exception (with its exact address) covers it.
  const home = plan.id;
  const existing =
    session.crisis === true ? existingCredential(c.provider.credentials, home, session.date) : undefined;
  // Without a license the answer is "no" in every area; with one, it depends on the area.
  if (ambiguous && license && !existing)
    return finish(c, "incomplete", [say.zipRequired(state, zones, geo)], null);

  // The blocking reasons. Refused outright (no crisis exception), the first one's fix also says
  // where else this provider could see the client: worked out first, so each sentence is built once.
  const refused = !existing && (!license || (!route.ok && !ambiguous));
  const places = refused ? elsewhere(c, plan, geo) : say.NOWHERE;
  const noAuthority = license ? undefined : authorityReason(findAuthority(c, state), c, state, places);
  const counties = placed.kind === "zip" ? placed.counties : NO_COUNTIES;
  const noRoute =
    route.ok || ambiguous
      ? undefined
      : routeReason(route, c, plan, state, counties, geo, noAuthority ? say.NOWHERE : places);
  const noZip = ambiguous && license ? say.zipRequired(state, zones, geo) : undefined;
  const blocking = present(noAuthority, noRoute, noZip);

  if (session.crisis === true) {
    if (!existing) {
      const notes = [say.crisisExceptionUnavailable(plan)];
      return finish(c, "not_billable", blocking, null, null, null, null, NONE, notes);
    }
    if (!loc.line1) return finish(c, "incomplete", [say.crisisAddressRequired(), ...blocking], null);
    const requirements = say.crisisRequirements(true);
    const notes = [say.crisisException(plan, existing, blocking)];
    return finish(c, "billable", NONE, license ?? null, "crisis", home, existing, requirements, notes);
  }

  return finish(c, "not_billable", blocking, null);
}

/**
 * The reasons given, in order, in an array of just that size (a small array grown by push
 * reserves room for 16, and allocation is much of what a refusal costs).
 */
function present(a: Reason | undefined, b: Reason | undefined, c: Reason | undefined): Reason[] {
  if (!a) return b ? (c ? [b, c] : [b]) : c ? [c] : [];
  return b ? (c ? [a, b, c] : [a, b]) : c ? [a, c] : [a];
}

const NO_ZONES: readonly Zone[] = Object.freeze([]);
const NO_COUNTIES: readonly string[] = Object.freeze([]);

/** Rule 9: the first active credential with the client's plan, in any state. */
function existingCredential(
  credentials: readonly CredentialInput[],
  home: string,
  date: string,
): CredentialInput | undefined {
  for (const cr of credentials) if (cr.payer === home && credentialActive(cr, date)) return cr;
  return undefined;
}

function finish(
  c: CaseInput,
  outcome: Decision["outcome"],
  reasons: Reason[],
  license: LicenseInput | null,
  basis: Decision["basis"] = null,
  billTo: string | null = null,
  credential: CredentialInput | null = null,
  requirements: Requirement[] = NONE,
  notes: Note[] = NONE,
): Decision {
  const homePlan = c.client.coverage.payer;
  const state = c.session.clientLocation?.state ?? null;
  const used = license ? { state: license.state, type: license.type } : null;
  const cred = credential
    ? { payer: credential.payer, state: credential.state, network: credential.network }
    : null;
  // Two literals rather than a spread: one fixed object shape each keeps the hot path fast.
  return c.id === undefined
    ? {
        outcome,
        basis,
        billTo,
        homePlan,
        state,
        license: used,
        credential: cred,
        reasons,
        requirements,
        notes,
      }
    : {
        id: c.id,
        outcome,
        basis,
        billTo,
        homePlan,
        state,
        license: used,
        credential: cred,
        reasons,
        requirements,
        notes,
      };
}

/** Whether a license or compact privilege lets the provider practise that day, for the modality (rule 2). */
function practises(l: LicenseInput, date: string, modality: CaseInput["session"]["modality"]): boolean {
  return (
    allowsPractice(l.status) &&
    inForce(date, l.validFrom, l.validTo) &&
    !(modality === "in_person" && l.telehealthOnly === true)
  );
}

/**
 * Rule 2, the question `decide` asks first: the first license or privilege (in list order) that
 * lets the provider practise in `state`. No result object: why there is none is `findAuthority`'s
 * to say, and only a refusal needs it.
 */
function licenseFor(c: CaseInput, state: StateCode): LicenseInput | undefined {
  const { date, modality } = c.session;
  for (const license of c.provider.licenses)
    if (license.state === state && practises(license, date, modality)) return license;
  return undefined;
}

/** Rule 2: a license or compact privilege for `state`, in force on the date, usable for the modality. */
export function findAuthority(c: CaseInput, state: StateCode): Authority {
  const { date, modality } = c.session;
  let forState: LicenseInput | undefined;
  let telehealthOnly: LicenseInput | undefined;
  for (const license of c.provider.licenses) {
    if (license.state !== state) continue;
    // The most recent license best explains a lapse.
    if (!forState || (license.validTo ?? "9999-12-31") > (forState.validTo ?? "9999-12-31"))
      forState = license;
    if (!allowsPractice(license.status) || !inForce(date, license.validFrom, license.validTo)) continue;
    if (modality === "in_person" && license.telehealthOnly === true) {
      telehealthOnly ??= license;
      continue;
    }
    return { license };
  }
  if (telehealthOnly) return { code: "TELEHEALTH_ONLY_AUTHORITY", about: telehealthOnly };
  if (forState) return { code: "LICENSE_NOT_ACTIVE", about: forState };
  return NOT_LICENSED;
}

/** The sentence for a missing authority; `elsewhere` finishes its fix (see `elsewhere`). */
export function authorityReason(
  a: Authority,
  c: CaseInput,
  state: StateCode,
  elsewhere = say.NOWHERE,
): Reason | undefined {
  if (a.license) return undefined;
  if (a.code === "TELEHEALTH_ONLY_AUTHORITY" && a.about) return say.telehealthOnly(a.about, state, elsewhere);
  if (a.code === "LICENSE_NOT_ACTIVE" && a.about)
    return say.licenseNotActive(a.about, c.session.date, elsewhere);
  return say.notLicensed(c, state, elsewhere);
}

/**
 * Rules 3–8 in one place of the map. `zone` is the set of Blue plans local there; undefined
 * for a place no Blue plan serves (and irrelevant for national payers).
 */
export function routeIn(c: CaseInput, plan: Payer, state: StateCode, zone: Zone | undefined): Route {
  const creds = c.provider.credentials;
  const date = c.session.date;
  const home = plan.id;
  let inactive: CredentialInput | undefined;

  const inArea = plan.kind !== "bcbs" || (zone !== undefined && zone.plans.includes(home));
  if (inArea) {
    for (const cr of creds) {
      if (cr.payer !== home || cr.state !== state || cr.network !== "standard") continue;
      if (credentialActive(cr, date)) return { ok: true, basis: "in_network", credential: cr };
      inactive ??= cr;
    }
    return inactive
      ? { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive }
      : NOT_CREDENTIALED_IN_AREA;
  }

  // Outside the home plan's area: the home plan's virtual network first (rule 7), then BlueCard
  // through a plan local to the client (rule 6) where the home plan takes part. One pass: the
  // first active virtual credential wins at once; the first BlueCard one waits for the end.
  const bluecard = c.client.coverage.bluecard !== false;
  const local = zone ? zone.plans : say.NOWHERE;
  let viaBluecard: CredentialInput | undefined;
  let inactiveVirtual: CredentialInput | undefined;
  for (const cr of creds) {
    if (cr.state !== state) continue;
    if (cr.network === "virtual") {
      if (cr.payer !== home) continue;
      if (credentialActive(cr, date)) return { ok: true, basis: "virtual_network", credential: cr };
      inactiveVirtual ??= cr;
    } else if (bluecard && viaBluecard === undefined && local.includes(cr.payer)) {
      if (credentialActive(cr, date)) viaBluecard = cr;
      else inactive ??= cr;
    }
  }
  if (viaBluecard) return { ok: true, basis: "bluecard", credential: viaBluecard };
  inactive = inactiveVirtual ?? inactive;
  if (inactive) return { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive };
  if (!bluecard) return BLUECARD_NOT_AVAILABLE;
  return { ok: false, code: "NOT_CREDENTIALED", local };
}

/**
 * The sentence for a refused route. `counties`: where the client is, when the ZIP says;
 * `elsewhere` finishes its fix (see `elsewhere`).
 */
export function routeReason(
  r: RouteRefusal,
  c: CaseInput,
  plan: Payer,
  state: StateCode,
  counties: readonly string[],
  geo: Geography,
  elsewhere = say.NOWHERE,
): Reason {
  switch (r.code) {
    case "CREDENTIAL_NOT_ACTIVE":
      return say.credentialNotActive(r.credential, c.session.date, geo, elsewhere);
    case "BLUECARD_NOT_AVAILABLE":
      return say.bluecardNotAvailable(plan, state, elsewhere);
    case "NOT_CREDENTIALED":
      return r.local === null
        ? say.notCredentialedInArea(plan, state, elsewhere)
        : say.notCredentialedOutOfArea(plan, state, r.local, counties, geo, elsewhere);
  }
}

/** Two routes give the same answer when the provider would bill the same way, or be refused. */
function sameAnswer(a: Route, b: Route): boolean {
  if (a.ok && b.ok) return a.basis === b.basis && a.credential === b.credential;
  return !a.ok && !b.ok;
}

/**
 * Where else, that day and for that kind of session, this provider could see this client and
 * bill: places in the client's state first, then other states, in the order the provider's
 * credentials are listed. Only computed for refusals, to finish the first reason's fix
 * ("..., or see this client while they are in downstate New York").
 *
 * Works from the credentials (each active one says where it would carry this client's claim)
 * rather than from every state and zone: one pass over them, most dismissed by an id comparison;
 * the others read their state's precomputed `PlanInState` (where each credential there carries
 * the claim), and only then are dates and licenses checked.
 */
export function elsewhere(c: CaseInput, plan: Payer, geo: Geography, limit = 3): readonly string[] {
  const here = c.session.clientLocation?.state;
  const date = c.session.date;
  const home = plan.id;
  const national = plan.kind !== "bcbs";
  const bluecard = c.client.coverage.bluecard !== false;
  const byState = statesOf(geo, plan);
  const hereFacts = here !== undefined && licenseFor(c, here) ? inState(byState, geo, plan, here) : undefined;
  // Every place a credential in the client's own state could name: once they are all listed
  // and the other states' quota is full, no later credential can change the answer, so the
  // pass stops early (always where the provider may not practise: nothing there can be listed).
  const nearby = hereFacts ? hereFacts.places : say.NOWHERE;
  // Up to `limit` places in the client's state (found[0, near)) and as many in other states
  // (found[limit, limit + far)), in one array of that size: a small array grown by push reserves
  // room for 16 entries, and allocation is much of what a refusal costs.
  const found = new Array<string>(2 * limit);
  let near = 0;
  let far = 0;
  for (const cr of c.provider.credentials) {
    // Cheapest tests first, the date comparisons last: most credentials fail an id comparison.
    const own = cr.payer === home;
    // Only the plan itself carries a national payer's claims; another Blue plan only by BlueCard.
    if (!own && (national || !bluecard || cr.network !== "standard")) continue;
    const isNear = cr.state === here;
    if (!isNear && far >= limit) continue;
    const there = isNear ? hereFacts : inState(byState, geo, plan, cr.state);
    if (there === undefined) continue;
    const label = own
      ? cr.network === "standard"
        ? there.standard
        : there.virtual
      : hostPlace(there, cr.payer);
    if (
      label === undefined ||
      has(found, 0, near, label) ||
      has(found, limit, limit + far, label) ||
      !credentialActive(cr, date) ||
      (!isNear && !licenseFor(c, cr.state))
    )
      continue;
    if (isNear) {
      found[near++] = label;
      if (near >= limit) break;
    } else {
      found[limit + far++] = label;
      if (far >= limit && allFound(nearby, found, near, limit)) break;
    }
  }
  if (near + far === 0) return say.NOWHERE;
  // The client's state first, then the others, up to `limit` in all.
  for (let i = 0; i < far && near < limit; i++) found[near++] = found[limit + i] ?? "";
  found.length = near;
  return found;
}

/** Whether each of `labels` is among the places found: found[0, near) and found[limit, 2 × limit). */
function allFound(labels: readonly string[], found: readonly string[], near: number, limit: number): boolean {
  for (const label of labels)
    if (!has(found, 0, near, label) && !has(found, limit, 2 * limit, label)) return false;
  return true;
}

/** Whether `item` is among list[from, to). */
function has(list: readonly string[], from: number, to: number, item: string): boolean {
  for (let i = from; i < to; i++) if (list[i] === item) return true;
  return false;
}

/** Where BlueCard through `host` carries the home plan's claims in the state of `f`; undefined if nowhere. */
function hostPlace(f: PlanInState, host: string): string | undefined {
  for (let i = 0; i < f.hosts.length; i++) if (f.hosts[i] === host) return f.hostPlaces[i];
  return undefined;
}

// --- What depends only on the map, a home plan and a state ----------------------------------

/**
 * For one home plan in one state: where a credential there would carry the plan's members, as a
 * place name (undefined: nowhere), for a refusal's "or see this client while they are in …".
 * A pure function of the map (the port promises its answers never change), so worked out once
 * per geography, plan and state, then only read: a refusal compares ids instead of walking
 * zones and building place names for every credential.
 */
class PlanInState {
  /** A standard credential with the home plan itself. */
  readonly standard: string | undefined;
  /** A virtual-network credential with the home plan (Blue plans only: outside its own area). */
  readonly virtual: string | undefined;
  /** Other Blue plans through which BlueCard carries the claim somewhere in the state... */
  readonly hosts: readonly string[];
  /** ...and where, parallel to `hosts`. */
  readonly hostPlaces: readonly string[];
  /** Every place named above, once each. */
  readonly places: readonly string[];

  constructor(plan: Payer, state: StateCode, geo: Geography) {
    const whole = say.stateLabel(state);
    const hosts: string[] = [];
    const hostPlaces: string[] = [];
    const places: string[] = [];
    this.hosts = hosts;
    this.hostPlaces = hostPlaces;
    this.places = places;
    if (plan.kind !== "bcbs") {
      this.standard = whole;
      this.virtual = undefined;
      places.push(whole);
      return;
    }
    const zones = geo.zonesOf(state);
    let homeSomewhere = false;
    let homeEverywhere = zones.length > 0;
    for (const z of zones) {
      const home = z.plans.includes(plan.id);
      homeSomewhere ||= home;
      homeEverywhere &&= home;
    }
    this.standard = !homeSomewhere ? undefined : homeEverywhere ? whole : (plan.areaName ?? whole);
    // A virtual network works only outside the home area.
    this.virtual = homeEverywhere
      ? undefined
      : homeSomewhere
        ? `${whole} outside ${plan.areaName ?? plan.name}`
        : whole;
    // BlueCard through another Blue plan: where it is local and the home plan is not.
    for (const z of zones)
      for (const host of z.plans) {
        if (host === plan.id || hosts.includes(host)) continue;
        let some = false;
        let all = true;
        for (const y of zones) {
          const ok = y.plans.includes(host) && !y.plans.includes(plan.id);
          some ||= ok;
          all &&= ok;
        }
        if (!some) continue;
        hosts.push(host);
        hostPlaces.push(all ? whole : (geo.payer(host)?.areaName ?? whole));
      }
    for (const place of [this.standard, this.virtual, ...hostPlaces])
      if (place !== undefined && !places.includes(place)) places.push(place);
  }
}

/** Per geography, per home plan id, per state; filled as they come up. */
const planInStateCache = new WeakMap<Geography, Map<string, Map<StateCode, PlanInState>>>();

function statesOf(geo: Geography, plan: Payer): Map<StateCode, PlanInState> {
  let byPlan = planInStateCache.get(geo);
  if (!byPlan) planInStateCache.set(geo, (byPlan = new Map<string, Map<StateCode, PlanInState>>()));
  let byState = byPlan.get(plan.id);
  if (!byState) byPlan.set(plan.id, (byState = new Map<StateCode, PlanInState>()));
  return byState;
}

function inState(
  byState: Map<StateCode, PlanInState>,
  geo: Geography,
  plan: Payer,
  state: StateCode,
): PlanInState {
  let f = byState.get(state);
  if (!f) byState.set(state, (f = new PlanInState(plan, state, geo)));
  return f;
}
