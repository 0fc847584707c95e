/**
 * The directory's reach, pure: which rows a provider's file puts in the candidate index
 * (`reachRows`), which of those rows can carry a client's claims at a place (`reachKeys`), and
 * the license and credential a billable decision used (`usedLicense`, `usedCredential`).
 *
 * The index is a superset: a row says "this provider could perhaps see and bill, there, through
 * this credential, within these dates"; the engine (`decide`) settles each candidate of a page.
 * So the rows need no rule the engine has, only a bound on all of them:
 * - authority (rule 2): a license or privilege in the state whose status allows practice (active,
 *   probation), NLC entries left out; its dates widen the row's (rule 2a, the compact table and
 *   telehealth-only entries are the engine's to check; `inPerson` says whether some license
 *   could serve an in-person session);
 * - route (rules 3–8, 12–14): an active credential in the same state, keyed by its payer, or
 *   `payer/virtual` for a virtual-network one; its dates widen the row's.
 * Neither depends on the reference data: what the catalogue says (administrators, Blue areas,
 * products) is applied by `reachKeys` when a query comes, so a catalogue change rebuilds nothing.
 */
import type { CaseInput, CoverageInput, CredentialInput, LicenseInput } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import { privilegeFailure } from "../rules/decide.js";
import { allowsPractice, credentialActive, inForce, type Decision } from "../rules/decision.js";
import type { Geography, Payer, Placement, Zone } from "../rules/geography.js";
import type { Credential, License } from "./model.js";

/** `lo` / `hi` of a row without a bound, as PostgreSQL writes them. */
export const NO_START = "-infinity";
export const NO_END = "infinity";

export interface ReachRow {
  readonly state: StateCode;
  /** The credential's payer id; `payer/virtual` for a virtual-network credential. */
  readonly key: string;
  /** First and last day the row may hold (`-infinity`, `infinity` for no bound). */
  readonly lo: string;
  readonly hi: string;
  /** Some license behind the row is not telehealth-only. */
  readonly inPerson: boolean;
  /** The license types behind the row, sorted, once each. */
  readonly licenseTypes: readonly string[];
}

/** The key of a credential in the index. */
export const keyOf = (payer: string, network: "standard" | "virtual"): string =>
  network === "virtual" ? `${payer}/virtual` : payer;

/** A bound as a string that sorts where it belongs: no start first, no end last. */
const ord = (d: string): string => (d === NO_START ? "" : d === NO_END ? "~" : d);
const earlier = (a: string, b: string): string => (ord(a) <= ord(b) ? a : b);
const later = (a: string, b: string): string => (ord(a) >= ord(b) ? a : b);

interface Span {
  lo: string;
  hi: string;
}

/** The rows a provider's licenses and credentials put in the index, by state, then key. */
export function reachRows(file: {
  readonly licenses: readonly Pick<
    License,
    "state" | "type" | "status" | "validFrom" | "validTo" | "telehealthOnly" | "source"
  >[];
  readonly credentials: readonly Pick<
    Credential,
    "payer" | "state" | "network" | "status" | "effectiveFrom" | "effectiveTo"
  >[];
}): ReachRow[] {
  const authority = new Map<StateCode, Span & { inPerson: boolean; types: Set<string> }>();
  for (const l of file.licenses) {
    if (!allowsPractice(l.status) || l.source === "NLC") continue;
    const lo = l.validFrom ?? NO_START;
    const hi = l.validTo ?? NO_END;
    const a = authority.get(l.state);
    if (!a) authority.set(l.state, { lo, hi, inPerson: !l.telehealthOnly, types: new Set([l.type]) });
    else {
      a.lo = earlier(a.lo, lo);
      a.hi = later(a.hi, hi);
      a.inPerson ||= !l.telehealthOnly;
      a.types.add(l.type);
    }
  }
  const routes = new Map<string, Span & { state: StateCode; key: string }>();
  for (const c of file.credentials) {
    if (c.status !== "active" || !authority.has(c.state)) continue;
    const key = keyOf(c.payer, c.network);
    const id = `${c.state} ${key}`;
    const lo = c.effectiveFrom ?? NO_START;
    const hi = c.effectiveTo ?? NO_END;
    const r = routes.get(id);
    if (!r) routes.set(id, { state: c.state, key, lo, hi });
    else {
      r.lo = earlier(r.lo, lo);
      r.hi = later(r.hi, hi);
    }
  }
  const rows: ReachRow[] = [];
  for (const r of routes.values()) {
    const a = authority.get(r.state);
    if (!a) continue;
    const lo = later(a.lo, r.lo);
    const hi = earlier(a.hi, r.hi);
    if (ord(lo) > ord(hi)) continue; // the two never overlap
    rows.push({
      state: r.state,
      key: r.key,
      lo,
      hi,
      inPerson: a.inPerson,
      licenseTypes: [...a.types].sort(),
    });
  }
  return rows.sort((x, y) => (x.state === y.state ? (x.key < y.key ? -1 : 1) : x.state < y.state ? -1 : 1));
}

/** Rule 12: BlueCard applies unless the coverage says otherwise, or its product stays local. */
export function takesBluecard(cov: CoverageInput): boolean {
  if (cov.bluecard !== undefined) return cov.bluecard;
  const p = cov.product;
  return !(p === "hmo" || p === "epo" || p === "exchange" || p === "medicaid");
}

/**
 * The index keys whose rows can carry the claims of a client with `coverage`, placed at
 * `placed`: the credentials `routeIn` would accept in the zone the engine decides in (a ZIP's
 * zone; without a ZIP, every zone of the state, which must all agree).
 * - national payer: the payer and its behavioral administrator (rule 14);
 * - Blue plan, FEP member (rule 13): any Blue plan local there;
 * - Blue plan, inside its area: the plan and its administrator;
 * - Blue plan, outside: its virtual network (rule 7), and, where BlueCard applies, the plans
 *   local there (rule 6).
 * Empty when the payer is not in the catalogue.
 */
export function reachKeys(
  geo: Geography,
  coverage: CoverageInput,
  placed: Exclude<Placement, { kind: "mismatch" }>,
): string[] {
  const plan = geo.payer(coverage.payer);
  if (!plan) return [];
  const zones = zonesOf(placed);
  if (zones.length <= 1 || plan.kind !== "bcbs") return keysIn(plan, coverage, zones[0]);
  // No ZIP in a state of several Blue areas: the engine bills a Blue plan's member only when the
  // route is the same in every area (else ZIP_REQUIRED), so through a credential every area takes.
  const [first, ...others] = zones.map((z) => keysIn(plan, coverage, z));
  return (first ?? []).filter((k) => others.every((keys) => keys.includes(k)));
}

/**
 * The payers whose credentials can carry a client's claims at the place: those of every Blue area
 * the place may be in (not only the routes all areas share, as `reachKeys`), so `decide` sees, in
 * each area, every credential that gives a route there. Any other credential never does.
 */
export function reachPayers(
  geo: Geography,
  coverage: CoverageInput,
  placed: Exclude<Placement, { kind: "mismatch" }>,
): string[] {
  const plan = geo.payer(coverage.payer);
  if (!plan) return [];
  const payers = new Set<string>();
  for (const zone of zonesOf(placed))
    for (const key of keysIn(plan, coverage, zone)) payers.add(key.replace(/\/virtual$/, ""));
  return [...payers];
}

/** The Blue areas the place may be in: a ZIP's one; without a ZIP, each of the state's (none known: one, unnamed). */
function zonesOf(placed: Exclude<Placement, { kind: "mismatch" }>): readonly (Zone | undefined)[] {
  if (placed.kind === "zip") return [placed.zone];
  return placed.zones.length > 0 ? placed.zones : [undefined];
}

function keysIn(plan: Payer, coverage: CoverageInput, zone: Zone | undefined): string[] {
  const local = zone?.plans ?? [];
  const keys: string[] = [];
  const add = (k: string) => {
    if (!keys.includes(k)) keys.push(k);
  };
  if (plan.kind === "bcbs" && coverage.product === "fep") {
    for (const p of local) add(p);
    return keys;
  }
  if (plan.kind !== "bcbs" || local.includes(plan.id)) {
    add(plan.id);
    if (plan.administrator !== undefined) add(plan.administrator);
    return keys;
  }
  add(keyOf(plan.id, "virtual"));
  if (takesBluecard(coverage)) for (const p of local) add(p);
  return keys;
}

/**
 * The license a billable decision used: the first of the file, in order, that `decide` accepts
 * as the authority there (rule 2: in the state, allowing practice that day for the modality, no
 * NLC entry; a compact privilege when rule 2a holds).
 */
export function usedLicense<L extends LicenseInput>(
  c: CaseInput,
  licenses: readonly L[],
  geo: Geography,
): L | undefined {
  const { date, modality } = c.session;
  const state = c.session.clientLocation?.state;
  for (const l of licenses) {
    if (l.state !== state || l.source === "NLC" || !allowsPractice(l.status)) continue;
    if (!inForce(date, l.validFrom, l.validTo) || (modality === "in_person" && l.telehealthOnly === true))
      continue;
    const source = l.source;
    if (source === undefined || source === "state_board" || source === "IMLC") return l;
    if (privilegeFailure(l, c, geo) === undefined) return l;
  }
  return undefined;
}

/**
 * The credential a billable decision used: the decision names its payer, state and network, and
 * every route takes the first active credential in order with those.
 */
export function usedCredential<C extends CredentialInput>(
  decision: Decision,
  credentials: readonly C[],
  date: string,
): C | undefined {
  const d = decision.credential;
  if (!d) return undefined;
  return credentials.find(
    (c) => c.payer === d.payer && c.state === d.state && c.network === d.network && credentialActive(c, date),
  );
}
