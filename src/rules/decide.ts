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
import type { Geography, Payer, Zone } from "./geography.js";
import {
  allowsPractice,
  credentialActive,
  inForce,
  type CaseInput,
  type CredentialInput,
  type Decision,
  type LicenseInput,
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

/** A decision under construction: the contract's shape with growable lists. */
type Building = Decision & { reasons: Reason[]; requirements: Requirement[]; notes: Note[] };

export function decide(c: CaseInput, geo: Geography): Decision {
  const { provider, client, session } = c;
  const coverage = client.coverage;
  const home = coverage.payer;
  const loc = session.clientLocation;
  const date = session.date;

  // 1. Completeness.
  let incomplete: Reason[] | undefined;
  let zones: readonly Zone[] = [];
  let counties: readonly string[] = [];
  if (!loc) {
    incomplete = [say.clientLocationMissing(session.modality)];
  } else {
    const placed = geo.place(loc.state, loc.zip ?? undefined);
    if (placed.kind === "mismatch") incomplete = [say.locationMismatch(loc, placed.zipStates)];
    else if (placed.kind === "zip") {
      zones = [placed.zone];
      counties = placed.counties;
    } else zones = placed.zones;
  }
  const plan = geo.payer(home);
  if (!plan) (incomplete ??= []).push(say.unknownPayer(home));
  if (incomplete || !loc || !plan) return finish(c, "incomplete", incomplete ?? [], null);
  const state = loc.state;

  // 2. Coverage.
  if (!inForce(date, coverage.effectiveFrom, coverage.effectiveTo)) {
    return finish(c, "not_billable", [say.coverageNotActive(plan, coverage, date)], null);
  }

  // 3. Authority in the client's state.
  const authority = findAuthority(c, state);

  // 4. Credential route, worked out in each Blue zone the client may be in.
  const route = routeIn(c, plan, state, zones[0]);
  let ambiguous = false;
  for (let i = 1; i < zones.length && plan.kind === "bcbs"; i++) {
    if (!sameAnswer(route, routeIn(c, plan, state, zones[i]))) {
      ambiguous = true;
      break;
    }
  }

  if (authority.license && route.ok && !ambiguous) {
    const d = finish(
      c,
      "billable",
      [],
      authority.license,
      route.basis,
      route.credential.payer,
      route.credential,
    );
    if (session.crisis === true) d.requirements.push(...say.crisisRequirements(false));
    if (route.basis === "bluecard" && zones.length === 1 && (zones[0]?.plans.length ?? 0) > 1) {
      d.notes.push(say.severalLocalPlans(zones[0]?.plans ?? [], route.credential.payer, geo));
    }
    return d;
  }

  const blocking: Reason[] = [];
  const noAuthority = authorityReason(authority, c, state);
  if (noAuthority) blocking.push(noAuthority);
  if (!route.ok && !ambiguous) blocking.push(routeReason(route, c, plan, state, counties, geo));

  // 5. Crisis exception. A crisis is not held up by a missing ZIP: where the normal rules might
  // deny it, the exception (with its exact address) covers it.
  const existing =
    session.crisis === true
      ? provider.credentials.find((cr) => cr.payer === home && credentialActive(cr, date))
      : undefined;
  if (ambiguous && authority.license) {
    // Without a license the answer is "no" in every area; with one, it depends on the area.
    if (!existing) return finish(c, "incomplete", [say.zipRequired(state, zones, geo)], null);
    blocking.push(say.zipRequired(state, zones, geo));
  }
  if (session.crisis === true) {
    if (!existing) {
      const d = finish(c, "not_billable", withElsewhere(blocking, c, plan, geo), null);
      d.notes.push(say.crisisExceptionUnavailable(plan));
      return d;
    }
    if (!loc.line1) return finish(c, "incomplete", [say.crisisAddressRequired(), ...blocking], null);
    const d = finish(c, "billable", [], authority.license ?? null, "crisis", home, existing);
    d.requirements.push(...say.crisisRequirements(true));
    d.notes.push(say.crisisException(plan, existing, blocking));
    return d;
  }

  return finish(c, "not_billable", withElsewhere(blocking, c, plan, geo), null);
}

function finish(
  c: CaseInput,
  outcome: Decision["outcome"],
  reasons: Reason[],
  license: LicenseInput | null,
  basis: Decision["basis"] = null,
  billTo: string | null = null,
  credential: CredentialInput | null = null,
): Building {
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
        requirements: [],
        notes: [],
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
        requirements: [],
        notes: [],
      };
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

/** The sentence for a missing authority. */
export function authorityReason(a: Authority, c: CaseInput, state: StateCode): Reason | undefined {
  if (a.license) return undefined;
  if (a.code === "TELEHEALTH_ONLY_AUTHORITY" && a.about) return say.telehealthOnly(a.about, state);
  if (a.code === "LICENSE_NOT_ACTIVE" && a.about) return say.licenseNotActive(a.about, c.session.date);
  return say.notLicensed(c, state);
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
  const local = zone ? zone.plans : [];
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

/** The sentence for a refused route. `counties`: where the client is, when the ZIP says. */
export function routeReason(
  r: RouteRefusal,
  c: CaseInput,
  plan: Payer,
  state: StateCode,
  counties: readonly string[],
  geo: Geography,
): Reason {
  switch (r.code) {
    case "CREDENTIAL_NOT_ACTIVE":
      return say.credentialNotActive(r.credential, c.session.date, geo);
    case "BLUECARD_NOT_AVAILABLE":
      return say.bluecardNotAvailable(plan, state);
    case "NOT_CREDENTIALED":
      return r.local === null
        ? say.notCredentialedInArea(plan, state)
        : say.notCredentialedOutOfArea(plan, state, r.local, counties, geo);
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
 * rather than from every state and zone, so a refusal costs little more than an approval.
 */
export function elsewhere(c: CaseInput, plan: Payer, geo: Geography, limit = 3): string[] {
  const here = c.session.clientLocation?.state;
  const date = c.session.date;
  const places: string[] = [];
  const allowed: StateCode[] = [];
  const refused: StateCode[] = [];
  const mayPractise = (s: StateCode): boolean => {
    if (allowed.includes(s)) return true;
    if (refused.includes(s)) return false;
    const ok = findAuthority(c, s).license !== undefined;
    (ok ? allowed : refused).push(s);
    return ok;
  };
  const further: string[] = [];
  const national = plan.kind !== "bcbs";
  for (const cr of c.provider.credentials) {
    if (national && cr.payer !== plan.id) continue;
    const near = cr.state === here;
    if (!near && further.length >= limit) continue;
    if (!credentialActive(cr, date)) continue;
    const label = carriedWhere(cr, c, plan, geo);
    if (label === undefined || places.includes(label) || further.includes(label) || !mayPractise(cr.state))
      continue;
    if (near) {
      places.push(label);
      if (places.length >= limit) return places;
    } else further.push(label);
  }
  for (const label of further) if (places.length < limit) places.push(label);
  return places;
}

/** Where an active credential would carry this client's claim, as a place name; undefined if nowhere. */
function carriedWhere(cr: CredentialInput, c: CaseInput, plan: Payer, geo: Geography): string | undefined {
  if (plan.kind !== "bcbs") {
    return cr.payer === plan.id && cr.network === "standard" ? say.stateLabel(cr.state) : undefined;
  }
  if (cr.payer !== plan.id && (cr.network !== "standard" || c.client.coverage.bluecard === false))
    return undefined;
  // A pure function of the map, the plan and the credential: memoised per geography.
  let byGeo = carried.get(geo);
  if (!byGeo) carried.set(geo, (byGeo = new Map<string, string | null>()));
  const key = `${plan.id} ${cr.payer} ${cr.state} ${cr.network}`;
  let label = byGeo.get(key);
  if (label === undefined) {
    label = placeOfCredential(cr, plan, geo) ?? null;
    byGeo.set(key, label);
  }
  return label ?? undefined;
}

const carried = new WeakMap<Geography, Map<string, string | null>>();

function placeOfCredential(cr: CredentialInput, plan: Payer, geo: Geography): string | undefined {
  const state = cr.state;
  const zones = geo.zonesOf(state);
  let homeSomewhere = false;
  let homeEverywhere = zones.length > 0;
  for (const z of zones) {
    const home = z.plans.includes(plan.id);
    homeSomewhere ||= home;
    homeEverywhere &&= home;
  }
  if (cr.payer === plan.id) {
    if (cr.network === "standard") {
      if (!homeSomewhere) return undefined;
      return homeEverywhere ? say.stateLabel(state) : (plan.areaName ?? say.stateLabel(state));
    }
    if (homeEverywhere) return undefined; // a virtual network works only outside the home area
    return homeSomewhere
      ? `${say.stateLabel(state)} outside ${plan.areaName ?? plan.name}`
      : say.stateLabel(state);
  }
  // BlueCard through cr.payer: where it is local and the home plan is not.
  let some = false;
  let all = zones.length > 0;
  for (const z of zones) {
    const ok = z.plans.includes(cr.payer) && !z.plans.includes(plan.id);
    some ||= ok;
    all &&= ok;
  }
  if (!some) return undefined;
  return all ? say.stateLabel(state) : (geo.payer(cr.payer)?.areaName ?? say.stateLabel(state));
}

function withElsewhere(reasons: Reason[], c: CaseInput, plan: Payer, geo: Geography): Reason[] {
  const first = reasons[0];
  if (!first) return reasons;
  const places = elsewhere(c, plan, geo);
  if (places.length === 0) return reasons;
  return [say.orSeeThemIn(first, places), ...reasons.slice(1)];
}
