/**
 * `stateline where`: which Blue plans are local at a ZIP code or in a county, and why, in plain
 * sentences with the area entries that matched. Explanations for people, read once per question;
 * the engine's per-decision lookup (`place`, `zonesOf`) is catalogue.ts and never comes here.
 * The catalogue answers `Reference.localPlansAt` by handing this module a view of its compiled
 * area rules (`AreaView`).
 */
import { stateName, type StateCode } from "../contract/states.js";
import { zipsInCounty, type Rule } from "./area.js";
import type { County, CountyTable } from "./counties.js";
import type { AreaEntry, Confidence } from "./payers.js";
import type { ZipIndex, ZipPart } from "./zips.js";

export type LocalPlansQuery =
  | { readonly zip: string; readonly state?: StateCode }
  | { readonly state: StateCode; readonly county: string };

/** One area entry of a plan that matched the place. */
export interface AreaMatch {
  /** Index of the entry in the plan's `area`. */
  readonly index: number;
  readonly entry: AreaEntry;
}

export interface LocalPlan {
  readonly id: string;
  readonly name: string;
  readonly areaName: string;
  /** True when the plan is local in only part of the place (a county split by ZIP code, or a ZIP whose county is unknown). */
  readonly partial: boolean;
  /** Plain sentences: why the plan is local here. */
  readonly why: readonly string[];
  readonly matched: readonly AreaMatch[];
  /** The weakest confidence among the matched entries. */
  readonly confidence: Confidence;
  readonly source: readonly string[];
}

export interface LocalPlace {
  readonly state: StateCode;
  /** The counties of the place in this state; empty when the data knows only the state. */
  readonly counties: readonly County[];
  /** Blue plans local here, sorted by id; empty where no Blue plan operates (GU, VI, AS, MP). */
  readonly plans: readonly LocalPlan[];
}

export type LocalPlansResult =
  | { readonly kind: "found"; readonly zip: string | undefined; readonly places: readonly LocalPlace[] }
  | {
      readonly kind: "ambiguous";
      readonly state: StateCode;
      readonly county: string;
      readonly candidates: readonly County[];
    }
  | { readonly kind: "not-found"; readonly message: string; readonly states: readonly StateCode[] };

/** What the explanations read of the catalogue: its counties, its compiled rules and the ZIP index. */
export interface AreaView {
  readonly counties: CountyTable;
  /** The compiled area entries in a state, in catalogue order. */
  rulesIn(state: StateCode): readonly Rule[];
  /** The ZIP index when the state's plans split it by ZIP code (loading it), else undefined. */
  zipsIfSplit(state: StateCode): ZipIndex | undefined;
  /** The ZIP index (loaded and checked on first use). */
  zips(): ZipIndex;
}

/** The Blue plans local at a ZIP code or in a county, with the area entries that matched. */
export function localPlansAt(area: AreaView, query: LocalPlansQuery): LocalPlansResult {
  return "zip" in query
    ? plansAtZip(area, query.zip, query.state)
    : plansInNamedCounty(area, query.state, query.county);
}

const CONFIDENCE_RANK: Record<Confidence, number> = { approximate: 0, common: 1, sourced: 2 };

function possessive(name: string): string {
  return `${name}'s`;
}

function list(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join(", ")} and ${items[items.length - 1] ?? ""}`;
}

function plansInNamedCounty(area: AreaView, state: StateCode, name: string): LocalPlansResult {
  const found = area.counties.find(state, name);
  const [county] = found;
  if (county === undefined)
    return {
      kind: "not-found",
      message: `No county or county-equivalent named "${name}" in ${stateName(state)}.`,
      states: [state],
    };
  if (found.length > 1) return { kind: "ambiguous", state, county: name, candidates: found };

  const index = area.zipsIfSplit(state);
  const plans = new Map<string, Builder>();
  const where = stateName(state);
  for (const rule of area.rulesIn(state)) {
    const b = () => builder(plans, rule);
    switch (rule.kind) {
      case "state":
        b().add(rule, `All of ${where} is in ${possessive(rule.payer.name)} area.`, false);
        break;
      case "counties":
        if (rule.counties.has(county.fips))
          b().add(rule, `${county.name} is in ${possessive(rule.payer.name)} area.`, false);
        break;
      case "except": {
        if (rule.counties.has(county.fips)) break;
        const excluded = index ? zipsInCounty(rule, county, index) : [];
        const all = index?.countyZips(county.fips) ?? [];
        if (excluded.length > 0 && excluded.length === all.length) break;
        b().add(
          rule,
          `${county.name} is in ${possessive(rule.payer.name)} area (all of ${where} except ${exceptions(rule)})${
            excluded.length > 0 ? `, but not its ZIP codes ${list(excluded)}` : ""
          }.`,
          excluded.length > 0,
        );
        break;
      }
      case "zips": {
        // A plan that already covers the whole county needs no ZIP list to say so.
        if (plans.get(rule.payer.id)?.partial === false) break;
        const listed = index ? zipsInCounty(rule, county, index) : [];
        if (listed.length > 0)
          b().add(
            rule,
            `Part of ${county.name} is in ${possessive(rule.payer.name)} area: ZIP codes ${list(listed)}.`,
            true,
          );
        break;
      }
    }
  }
  return {
    kind: "found",
    zip: undefined,
    places: [{ state, counties: [county], plans: finish(plans) }],
  };
}

function exceptions(rule: Rule): string {
  const parts: string[] = [];
  const counties = rule.entry.exceptCounties ?? [];
  const zips = rule.entry.exceptZips ?? [];
  if (counties.length > 0)
    parts.push(counties.length <= 3 ? list(counties) : `${counties.length} listed counties`);
  if (zips.length > 0) parts.push(`${zips.length} listed ZIP codes`);
  return list(parts);
}

function plansAtZip(area: AreaView, zip: string, state: StateCode | undefined): LocalPlansResult {
  if (!/^\d{5}$/.test(zip))
    return { kind: "not-found", message: `"${zip}" is not a 5-digit ZIP code.`, states: [] };
  const index = area.zips();
  const parts = index.zips.get(zip);
  if (parts === undefined) {
    const states = index.prefixes.get(zip.slice(0, 3)) ?? [];
    const prefix = zip.slice(0, 3);
    return {
      kind: "not-found",
      message:
        states.length > 0
          ? `ZIP ${zip} is not in the ZIP data; ZIP codes starting ${prefix} are in ${list(states.map(stateName))}.`
          : `ZIP ${zip} is not in the ZIP data, and no state uses ZIP codes starting ${prefix}.`,
      states,
    };
  }
  const chosen = state === undefined ? parts : parts.filter((p) => p.state === state);
  if (state !== undefined && chosen.length === 0)
    return {
      kind: "not-found",
      message: `ZIP ${zip} is in ${list(parts.map((p) => stateName(p.state)))}, not ${stateName(state)}.`,
      states: parts.map((p) => p.state),
    };
  return { kind: "found", zip, places: chosen.map((part) => placeAtZip(area, zip, part)) };
}

function placeAtZip(area: AreaView, zip: string, part: ZipPart): LocalPlace {
  const plans = new Map<string, Builder>();
  const where = stateName(part.state);
  for (const rule of area.rulesIn(part.state)) {
    const b = () => builder(plans, rule);
    if (rule.kind === "state") {
      b().add(rule, `All of ${where} is in ${possessive(rule.payer.name)} area.`, false);
      continue;
    }
    if (part.counties.length === 0) {
      b().add(
        rule,
        `The ZIP data places ${zip} in ${where} without a county; ${rule.payer.name} is local in part of ${where}.`,
        true,
      );
      continue;
    }
    switch (rule.kind) {
      case "counties":
        for (const c of part.counties)
          if (rule.counties.has(c.fips))
            b().add(rule, `${c.name} is in ${possessive(rule.payer.name)} area.`, false);
        break;
      case "except":
        if (rule.zips.has(zip)) break;
        for (const c of part.counties)
          if (!rule.counties.has(c.fips))
            b().add(
              rule,
              `${c.name} is in ${possessive(rule.payer.name)} area (all of ${where} except ${exceptions(rule)})${
                rule.zips.size > 0 ? `, and ZIP ${zip} is not among the excluded ZIP codes` : ""
              }.`,
              false,
            );
        break;
      case "zips":
        if (rule.zips.has(zip))
          b().add(rule, `ZIP ${zip} is listed in ${possessive(rule.payer.name)} area.`, false);
        break;
    }
  }
  return { state: part.state, counties: part.counties, plans: finish(plans) };
}

interface Builder {
  add(rule: Rule, why: string, partial: boolean): void;
  readonly rule: Rule;
  readonly why: string[];
  readonly matched: AreaMatch[];
  partial: boolean | undefined;
}

function builder(plans: Map<string, Builder>, rule: Rule): Builder {
  let b = plans.get(rule.payer.id);
  if (b === undefined) {
    const created: Builder = {
      rule,
      why: [],
      matched: [],
      partial: undefined,
      add(r, why, partial) {
        if (!created.why.includes(why)) created.why.push(why);
        if (!created.matched.some((m) => m.index === r.index))
          created.matched.push({ index: r.index, entry: r.entry });
        // Whole wherever any entry covers the whole place; partial only if every entry is partial.
        created.partial = created.partial === undefined ? partial : created.partial && partial;
      },
    };
    b = created;
    plans.set(rule.payer.id, b);
  }
  return b;
}

function finish(plans: ReadonlyMap<string, Builder>): LocalPlan[] {
  return [...plans.values()]
    .map((b) => {
      const p = b.rule.payer;
      const confidence = b.matched
        .map((m) => m.entry.confidence ?? p.confidence)
        .reduce<Confidence>((lo, c) => (CONFIDENCE_RANK[c] < CONFIDENCE_RANK[lo] ? c : lo), p.confidence);
      return {
        id: p.id,
        name: p.name,
        areaName: p.areaName ?? "",
        partial: b.partial === true,
        why: b.why,
        matched: b.matched,
        confidence,
        source: p.source,
      };
    })
    .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
