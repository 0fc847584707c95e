/**
 * The decision engine: can this provider see and bill this client there, that day, and whom
 * is the claim sent to? Pure: plain data in (the case, and the payer map through `Geography`),
 * plain data out. No clock ("today" is `session.date`), no I/O.
 *
 * Evaluation order (contract §"Order of evaluation"); `reasons[0]` is the first blocking
 * problem met:
 *   1. completeness  CLIENT_LOCATION_MISSING, LOCATION_MISMATCH, UNKNOWN_PAYER → incomplete
 *   2. coverage      COVERAGE_NOT_ACTIVE → not_billable, nothing rescues it
 *   3. authority     NOT_LICENSED, LICENSE_NOT_ACTIVE, TELEHEALTH_ONLY_AUTHORITY,
 *                    PRIVILEGE_NOT_VALID (a compact privilege that fails rule 2a); NLC entries
 *                    never count
 *   4. route         FEP (rule 13): a plan local to the client, always; else in the home plan's
 *                    area: the home plan (or its behavioral administrator, rule 14); outside it:
 *                    virtual network, then BlueCard where the plan and product take part (rule 12)
 *                    → NOT_CREDENTIALED, CREDENTIAL_NOT_ACTIVE, BLUECARD_NOT_AVAILABLE,
 *                    or ZIP_REQUIRED (incomplete) when the state's Blue areas disagree
 *   5. crisis        a telehealth crisis denied at 3 or 4 is billable by exception (or
 *                    CRISIS_ADDRESS_REQUIRED); an in-person one keeps its refusal
 * Steps 3 and 4 both run, so a provider learns every blocking problem at once.
 */
import type { StateCode } from "../contract/states.js";
import type {
  Compact,
  Geography,
  Payer,
  Placement,
  Profession,
  TemporaryPractice,
  Zone,
} from "./geography.js";
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
  type PrivilegeFailure,
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
      /** Whom the claim goes to: the credential's payer, or the client's for an administrator's. */
      readonly billTo: string;
    }
  | { readonly ok: false; readonly code: "CREDENTIAL_NOT_ACTIVE"; readonly credential: CredentialInput }
  | {
      readonly ok: false;
      readonly code: "NOT_CREDENTIALED";
      /** The Blue plans local there (outside the home area, or for FEP); null inside the home area. */
      readonly local: readonly string[] | null;
      /** Rule 13: a Federal Employee Program member, billed to the local plan. */
      readonly fep: boolean;
    }
  | { readonly ok: false; readonly code: "BLUECARD_NOT_AVAILABLE" };
export type RouteRefusal = Exclude<Route, { ok: true }>;

/** The authority to practice used (rule 2), or why there is none (`about`: the license at fault). */
export type Authority =
  | { readonly license: LicenseInput }
  | {
      readonly license?: undefined;
      readonly code: "NOT_LICENSED" | "LICENSE_NOT_ACTIVE" | "TELEHEALTH_ONLY_AUTHORITY";
      readonly about?: LicenseInput;
    }
  | {
      readonly license?: undefined;
      readonly code: "PRIVILEGE_NOT_VALID";
      readonly about: LicenseInput;
      readonly failure: PrivilegeFailure;
      readonly compact: Compact | undefined;
    };

const NOT_LICENSED: Authority = { code: "NOT_LICENSED" };
const NOT_CREDENTIALED_IN_AREA: RouteRefusal = {
  ok: false,
  code: "NOT_CREDENTIALED",
  local: null,
  fep: false,
};
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
  const license = licenseFor(c, loc.state, geo);

  // 4. Credential route, worked out in each Blue zone the client may be in: a ZIP gives one zone;
  // without one, the answer must be the same in every zone of the state.
  const zones = placed.kind === "state" ? placed.zones : NO_ZONES;
  const route = routeIn(c, plan, loc.state, placed.kind === "zip" ? placed.zone : zones[0]);
  const ambiguous =
    zones.length > 1 && plan.kind === "bcbs" && differsByZone(c, plan, loc.state, zones, route);

  // The plain approval is answered here; whatever adds reasons, requirements or notes is worked
  // out in `settle`. Why: `decide` stays small, so the machine code of the common case stays in
  // the CPU's instruction cache from one decision to the next (also after the schema check ran).
  if (
    license &&
    route.ok &&
    !ambiguous &&
    session.crisis !== true &&
    route.billTo === route.credential.payer &&
    !severalLocal(route, placed) &&
    !(route.basis === "in_network" && isFep(plan, coverage) && route.billTo !== plan.id)
  ) {
    // Rule 12: BlueCard for a member whose product is not recorded: one shared note.
    const notes = route.basis === "bluecard" && unknownOutOfArea(coverage) ? say.VERIFY_OUT_OF_AREA : NONE;
    return finish(c, "billable", NONE, license, route.basis, route.billTo, route.credential, NONE, notes);
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
    const billTo = route.billTo;
    const zone = onlyZone(placed);
    const notes: Note[] = [];
    if (isFep(plan, c.client.coverage) && billTo !== plan.id)
      notes.push(say.federalEmployeeProgram(plan, billTo, geo));
    if (severalLocal(route, placed) && zone) notes.push(say.severalLocalPlans(zone.plans, billTo, geo));
    if (billTo !== route.credential.payer)
      notes.push(say.behavioralAdministrator(plan, route.credential, geo));
    if (route.basis === "bluecard" && unknownOutOfArea(c.client.coverage))
      notes.push(...say.VERIFY_OUT_OF_AREA);
    return finish(
      c,
      "billable",
      NONE,
      license,
      route.basis,
      billTo,
      route.credential,
      session.crisis === true ? say.crisisRequirements(false) : NONE,
      notes.length > 0 ? notes : NONE,
    );
  }

  // 5. Crisis exception, for telehealth sessions only (a client in crisis while away). A crisis
  // is not held up by a missing ZIP: where the normal rules might deny it, the exception (with
  // its exact address) covers it.
  const home = plan.id;
  const telehealthCrisis = session.crisis === true && session.modality === "telehealth";
  const existing = telehealthCrisis
    ? existingCredential(c.provider.credentials, home, session.date)
    : undefined;
  // Without a license the answer is "no" in every area; with one, it depends on the area.
  if (ambiguous && license && !existing)
    return finish(c, "incomplete", [say.zipRequired(state, zones, geo)], null);

  // The blocking reasons. Refused outright (no crisis exception), the first one's fix also says
  // where else this provider could see the client: worked out first, so each sentence is built once.
  const refused = !existing && (!license || (!route.ok && !ambiguous));
  const places = refused ? elsewhere(c, plan, geo) : say.NOWHERE;
  const noAuthority = license
    ? undefined
    : authorityReason(findAuthority(c, state, geo), c, state, geo, places);
  const counties = placed.kind === "zip" ? placed.counties : NO_COUNTIES;
  const noRoute =
    route.ok || ambiguous
      ? undefined
      : routeReason(route, c, plan, state, counties, geo, noAuthority ? say.NOWHERE : places);
  const noZip = ambiguous && license ? say.zipRequired(state, zones, geo) : undefined;
  const blocking = present(noAuthority, noRoute, noZip);

  const notes = refusalNotes(c, geo, plan, state, license, !route.ok && route.code === "NOT_CREDENTIALED");
  if (session.crisis === true) {
    if (!telehealthCrisis) {
      const all = [...notes, say.crisisTelehealthOnly()];
      return finish(c, "not_billable", blocking, null, null, null, null, NONE, all);
    }
    if (!existing) {
      const all = [...notes, say.crisisExceptionUnavailable(plan)];
      return finish(c, "not_billable", blocking, null, null, null, null, NONE, all);
    }
    if (!loc.line1)
      return finish(
        c,
        "incomplete",
        [say.crisisAddressRequired(), ...blocking],
        null,
        null,
        null,
        null,
        NONE,
        notes,
      );
    const requirements = say.crisisRequirements(true);
    const all = [say.crisisException(plan, existing, blocking), ...notes];
    return finish(c, "billable", NONE, license ?? null, "crisis", home, existing, requirements, all);
  }

  return finish(c, "not_billable", blocking, null, null, null, null, NONE, notes);
}

/**
 * Notes that explain a refusal (rules 10 and 11): entries the engine set aside (an NLC entry, a
 * credential whose payer the catalogue does not hold, a virtual network with a payer that is no
 * Blue plan) and what the state allows providers licensed elsewhere.
 */
function refusalNotes(
  c: CaseInput,
  geo: Geography,
  plan: Payer,
  state: StateCode,
  license: LicenseInput | undefined,
  notCredentialed: boolean,
): Note[] {
  let notes: Note[] | undefined;
  if (!license) {
    for (const l of c.provider.licenses)
      if (l.state === state && l.source === "NLC") {
        (notes ??= []).push(say.nlcNotAuthority(l));
        break;
      }
    const allowance = temporaryPracticeNote(geo, state);
    if (allowance) (notes ??= []).push(allowance);
  }
  // Credentials set aside matter only where they could explain "you are not credentialed".
  if (notCredentialed) {
    const home = plan.id;
    const national = plan.kind !== "bcbs";
    for (const cr of c.provider.credentials) {
      if (cr.state !== state) continue;
      if (cr.payer === home) {
        if (national && cr.network === "virtual") (notes ??= []).push(say.virtualNotBcbs(cr, plan));
      } else if (!geo.payer(cr.payer)) (notes ??= []).push(say.unknownCredentialPayer(cr));
    }
  }
  return notes ?? NONE;
}

/**
 * Rule 10's note for a state: everything the state allows providers licensed elsewhere (each
 * sentence names the professions it is for), worded once per state. Not filtered by the
 * provider's professions here: that would read every license again on every refusal, cold in
 * the cache; the advice for a trip (`advice.ts`) picks the provider's own.
 */
const temporaryPracticeNotes = new WeakMap<readonly TemporaryPractice[], Note>();

function temporaryPracticeNote(geo: Geography, state: StateCode): Note | undefined {
  const all = geo.temporaryPractice(state);
  if (all.length === 0) return undefined;
  let note = temporaryPracticeNotes.get(all);
  if (!note) temporaryPracticeNotes.set(all, (note = Object.freeze(say.temporaryPractice(state, all))));
  return note;
}

/** What the state allows the provider's professions (all it allows when none is known). */
export function temporaryPracticeFor(
  c: CaseInput,
  geo: Geography,
  state: StateCode,
): readonly TemporaryPractice[] {
  const rules = geo.temporaryPractice(state);
  if (rules.length === 0) return rules;
  const professions: Profession[] = [];
  for (const l of c.provider.licenses) {
    const p = geo.professionOf(l.type);
    if (p !== undefined && !professions.includes(p)) professions.push(p);
  }
  if (professions.length === 0) return rules;
  return rules.filter((r) => r.professions.some((p) => professions.includes(p)));
}

/** Rule 12: no `bluecard` flag and no product: whether the member has out-of-area benefits is unknown. */
function unknownOutOfArea(cov: CaseInput["client"]["coverage"]): boolean {
  return cov.bluecard === undefined && cov.product == null;
}

/** Rule 13: a Federal Employee Program member of a Blue plan. */
function isFep(plan: Payer, cov: CaseInput["client"]["coverage"]): boolean {
  return cov.product === "fep" && plan.kind === "bcbs";
}

/** Rule 12: BlueCard applies unless the plan says otherwise, or its product covers only local care. */
function takesBluecard(cov: CaseInput["client"]["coverage"]): boolean {
  if (cov.bluecard !== undefined) return cov.bluecard;
  const p = cov.product;
  return !(p === "hmo" || p === "epo" || p === "exchange" || p === "medicaid");
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

/** Sources whose entries are compact privileges, checked by rule 2a. */
function isPrivilege(
  source: LicenseInput["source"],
): source is "PSYPACT" | "counseling_compact" | "social_work_compact" {
  return source === "PSYPACT" || source === "counseling_compact" || source === "social_work_compact";
}

/**
 * Rule 2, the question `decide` asks first: the first license or privilege (in list order) that
 * lets the provider practise in `state`. No result object: why there is none is `findAuthority`'s
 * to say, and only a refusal needs it. NLC entries never count; a compact privilege counts only
 * when rule 2a holds.
 */
function licenseFor(c: CaseInput, state: StateCode, geo: Geography): LicenseInput | undefined {
  const { date, modality } = c.session;
  for (const license of c.provider.licenses) {
    if (license.state !== state || !practises(license, date, modality)) continue;
    const source = license.source;
    // State licenses (and IMLC's) hold as they are; NLC entries never; privileges by rule 2a.
    if (source === undefined || source === "state_board" || source === "IMLC") return license;
    if (source !== "NLC" && privilegeFailure(license, c, geo) === undefined) return license;
  }
  return undefined;
}

/**
 * Rule 2a: why a compact privilege does not hold on the session date, or undefined when it does.
 * The privilege's own status and dates are rule 2's; this checks what it rests on.
 */
export function privilegeFailure(
  l: LicenseInput,
  c: CaseInput,
  geo: Geography,
): PrivilegeFailure | undefined {
  const home = l.homeState;
  if (home == null) return NO_HOME_STATE;
  const compact = isPrivilege(l.source) ? geo.compact(l.source) : undefined;
  const date = c.session.date;
  const joined = compact?.joined(l.state);
  if (joined === undefined || joined > date)
    return { why: "not_member", state: l.state, joins: joined, home: false };
  const homeJoined = compact?.joined(home);
  if (homeJoined === undefined || homeJoined > date)
    return { why: "not_member", state: home, joins: homeJoined, home: true };
  let lapsed: LicenseInput | undefined;
  let other: LicenseInput | undefined;
  for (const h of c.provider.licenses) {
    if (h.state !== home || !(h.source === undefined || h.source === "state_board" || h.source === "IMLC"))
      continue;
    if (compact?.fits(h.type) === false) {
      other ??= h;
      continue;
    }
    if (h.status === "active" && inForce(date, h.validFrom, h.validTo)) return undefined;
    // The most recent home license best explains a lapse.
    if (!lapsed || (h.validTo ?? "9999-12-31") > (lapsed.validTo ?? "9999-12-31")) lapsed = h;
  }
  if (lapsed) return { why: "home_license_not_active", license: lapsed };
  if (other) return { why: "home_license_profession", license: other };
  return { why: "no_home_license", home };
}

const NO_HOME_STATE: PrivilegeFailure = { why: "no_home_state" };

/**
 * Rule 2 (and 2a), told: the authority for `state`, or why there is none, in the contract's
 * order: an entry that holds; a valid telehealth-only one for an in-person session; a privilege
 * in force that fails rule 2a; an entry not in force; nothing (NLC entries left out).
 */
export function findAuthority(c: CaseInput, state: StateCode, geo: Geography): Authority {
  const { date, modality } = c.session;
  let forState: LicenseInput | undefined;
  let telehealthOnly: LicenseInput | undefined;
  let privilege: { license: LicenseInput; failure: PrivilegeFailure } | undefined;
  for (const license of c.provider.licenses) {
    if (license.state !== state || license.source === "NLC") continue;
    // The most recent license best explains a lapse.
    if (!forState || (license.validTo ?? "9999-12-31") > (forState.validTo ?? "9999-12-31"))
      forState = license;
    if (!allowsPractice(license.status) || !inForce(date, license.validFrom, license.validTo)) continue;
    if (isPrivilege(license.source)) {
      const failure = privilegeFailure(license, c, geo);
      if (failure) {
        privilege ??= { license, failure };
        continue;
      }
    }
    if (modality === "in_person" && license.telehealthOnly === true) {
      telehealthOnly ??= license;
      continue;
    }
    return { license };
  }
  if (telehealthOnly) return { code: "TELEHEALTH_ONLY_AUTHORITY", about: telehealthOnly };
  if (privilege) {
    const source = privilege.license.source;
    return {
      code: "PRIVILEGE_NOT_VALID",
      about: privilege.license,
      failure: privilege.failure,
      compact: isPrivilege(source) ? geo.compact(source) : undefined,
    };
  }
  if (forState) return { code: "LICENSE_NOT_ACTIVE", about: forState };
  return NOT_LICENSED;
}

/** The sentence for a missing authority; `elsewhere` finishes its fix (see `elsewhere`). */
export function authorityReason(
  a: Authority,
  c: CaseInput,
  state: StateCode,
  geo: Geography,
  elsewhere = say.NOWHERE,
): Reason | undefined {
  if (a.license) return undefined;
  if (a.code === "PRIVILEGE_NOT_VALID")
    return say.privilegeNotValid(a.about, a.failure, a.compact, c.session.date, elsewhere);
  if (a.code === "TELEHEALTH_ONLY_AUTHORITY" && a.about) return say.telehealthOnly(a.about, state, elsewhere);
  if (a.code === "LICENSE_NOT_ACTIVE" && a.about)
    return say.licenseNotActive(a.about, c.session.date, elsewhere);
  return say.notLicensed(c, state, elsewhere);
}

/**
 * Rules 3–8 and 12–14 in one place of the map. `zone` is the set of Blue plans local there;
 * undefined for a place no Blue plan serves (and irrelevant for national payers).
 */
export function routeIn(c: CaseInput, plan: Payer, state: StateCode, zone: Zone | undefined): Route {
  const creds = c.provider.credentials;
  const date = c.session.date;
  const home = plan.id;
  const coverage = c.client.coverage;
  let inactive: CredentialInput | undefined;

  if (coverage.product === "fep" && plan.kind === "bcbs") return fepRoute(c, state, zone);

  const inArea = plan.kind !== "bcbs" || (zone !== undefined && zone.plans.includes(home));
  if (inArea) {
    // Rule 14: the payer's behavioral administrator counts too, the payer itself preferred.
    const admin = plan.administrator;
    if (admin === undefined) {
      for (const cr of creds) {
        if (cr.payer !== home || cr.state !== state || cr.network !== "standard") continue;
        if (credentialActive(cr, date))
          return { ok: true, basis: "in_network", credential: cr, billTo: home };
        inactive ??= cr;
      }
      return inactive
        ? { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive }
        : NOT_CREDENTIALED_IN_AREA;
    }
    let viaAdmin: CredentialInput | undefined;
    let inactiveAdmin: CredentialInput | undefined;
    for (const cr of creds) {
      if (cr.payer === home) {
        if (cr.state !== state || cr.network !== "standard") continue;
        if (credentialActive(cr, date))
          return { ok: true, basis: "in_network", credential: cr, billTo: home };
        inactive ??= cr;
      } else if (cr.payer === admin && cr.state === state && cr.network === "standard") {
        if (credentialActive(cr, date)) viaAdmin ??= cr;
        else inactiveAdmin ??= cr;
      }
    }
    if (viaAdmin) return { ok: true, basis: "in_network", credential: viaAdmin, billTo: home };
    inactive ??= inactiveAdmin;
    return inactive
      ? { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive }
      : NOT_CREDENTIALED_IN_AREA;
  }

  // Outside the home plan's area: the home plan's virtual network first (rule 7), then BlueCard
  // through a plan local to the client (rule 6) where the home plan takes part. One pass: the
  // first active virtual credential wins at once; the first BlueCard one waits for the end.
  const bluecard = takesBluecard(coverage);
  const local = zone ? zone.plans : say.NOWHERE;
  let viaBluecard: CredentialInput | undefined;
  let inactiveVirtual: CredentialInput | undefined;
  for (const cr of creds) {
    if (cr.state !== state) continue;
    if (cr.network === "virtual") {
      if (cr.payer !== home) continue;
      if (credentialActive(cr, date))
        return { ok: true, basis: "virtual_network", credential: cr, billTo: home };
      inactiveVirtual ??= cr;
    } else if (bluecard && viaBluecard === undefined && local.includes(cr.payer)) {
      if (credentialActive(cr, date)) viaBluecard = cr;
      else inactive ??= cr;
    }
  }
  if (viaBluecard) return { ok: true, basis: "bluecard", credential: viaBluecard, billTo: viaBluecard.payer };
  inactive = inactiveVirtual ?? inactive;
  if (inactive) return { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive };
  if (!bluecard) return BLUECARD_NOT_AVAILABLE;
  return { ok: false, code: "NOT_CREDENTIALED", local, fep: false };
}

/**
 * Rule 13: a Federal Employee Program member is billed to the Blue plan local where the client
 * is, inside the home plan's area or outside it; a standard credential with any plan local
 * there, in that state, is in network (the first listed). No BlueCard, no virtual network.
 */
function fepRoute(c: CaseInput, state: StateCode, zone: Zone | undefined): Route {
  const date = c.session.date;
  const local = zone ? zone.plans : say.NOWHERE;
  let inactive: CredentialInput | undefined;
  for (const cr of c.provider.credentials) {
    if (cr.state !== state || cr.network !== "standard" || !local.includes(cr.payer)) continue;
    if (credentialActive(cr, date))
      return { ok: true, basis: "in_network", credential: cr, billTo: cr.payer };
    inactive ??= cr;
  }
  if (inactive) return { ok: false, code: "CREDENTIAL_NOT_ACTIVE", credential: inactive };
  return { ok: false, code: "NOT_CREDENTIALED", local, fep: true };
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
      if (r.fep) return say.notCredentialedFep(plan, state, r.local ?? say.NOWHERE, counties, geo, elsewhere);
      return r.local === null
        ? say.notCredentialedInArea(plan, state, geo, elsewhere)
        : say.notCredentialedOutOfArea(plan, state, r.local, counties, geo, elsewhere);
  }
}

/** Two routes give the same answer when the provider would bill the same way, or be refused. */
function sameAnswer(a: Route, b: Route): boolean {
  if (a.ok && b.ok) return a.basis === b.basis && a.credential === b.credential && a.billTo === b.billTo;
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
  const fep = !national && c.client.coverage.product === "fep";
  const bluecard = !fep && takesBluecard(c.client.coverage);
  const admin = plan.administrator;
  const byState = statesOf(geo, plan);
  const hereFacts =
    here !== undefined && licenseFor(c, here, geo) ? inState(byState, geo, plan, here) : undefined;
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
    // The plan itself, or the company running its behavioral network (rule 14).
    const own = cr.payer === home || (admin !== undefined && cr.payer === admin && cr.network === "standard");
    // Only the plan itself carries a national payer's claims; another Blue plan only by BlueCard
    // (or, for FEP members, as the local plan: rule 13).
    if (!own && (national || !(bluecard || fep) || cr.network !== "standard")) continue;
    if (fep && cr.network !== "standard") continue;
    const isNear = cr.state === here;
    if (!isNear && far >= limit) continue;
    const there = isNear ? hereFacts : inState(byState, geo, plan, cr.state);
    if (there === undefined) continue;
    const label = fep
      ? fepPlace(geo, cr.payer, cr.state)
      : own
        ? cr.network === "standard"
          ? there.standard
          : there.virtual
        : hostPlace(there, cr.payer);
    if (
      label === undefined ||
      has(found, 0, near, label) ||
      has(found, limit, limit + far, label) ||
      !credentialActive(cr, date) ||
      (!isNear && !licenseFor(c, cr.state, geo))
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

/** Rule 13: where a credential with Blue plan `id` in `state` carries an FEP member's claims. */
function fepPlace(geo: Geography, id: string, state: StateCode): string | undefined {
  let some = false;
  let all = true;
  for (const z of geo.zonesOf(state)) {
    const local = z.plans.includes(id);
    some ||= local;
    all &&= local;
  }
  if (!some) return undefined;
  return all ? say.stateLabel(state) : (geo.payer(id)?.areaName ?? say.stateLabel(state));
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
