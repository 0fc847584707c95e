/**
 * The payer catalogue (`data/payers.json`): its types and the check run on every load. The file is
 * edited by hand, so every problem is reported with the payer and the field at fault, e.g.
 * `payers.json: payer "bcbs-kc": area[1].counties[17]: unknown county "Jaxon County" in MO`.
 */
import type { CountyTable } from "./counties.js";
import { isStateCode, type StateCode } from "../contract/states.js";
import type { PayerKind } from "../rules/geography.js";

export type Confidence = "sourced" | "common" | "approximate";
export type Mark = "both" | "blue-cross" | "blue-shield";

/**
 * One piece of a plan's service area, within one state. Exactly one shape:
 * `{ state }` the whole state; `{ state, counties }`; `{ state, zips }`;
 * `{ state, exceptCounties?, exceptZips? }` the whole state but those.
 */
export interface AreaEntry {
  readonly state: StateCode;
  readonly counties?: readonly string[];
  readonly exceptCounties?: readonly string[];
  readonly zips?: readonly string[];
  readonly exceptZips?: readonly string[];
  /** Why the entry is drawn this way, for the operator and for `stateline where`. */
  readonly note?: string;
  /** Overrides the payer's confidence for this entry. */
  readonly confidence?: Confidence;
}

/** A catalogue entry as `stateline payers` prints it. */
export interface PayerEntry {
  readonly id: string;
  readonly name: string;
  readonly kind: PayerKind;
  /** BCBS plans: which Blue mark(s) the plan holds in its area. */
  readonly mark?: Mark;
  /** BCBS plans: "see this client while they are in <areaName>". */
  readonly areaName?: string;
  /** BCBS plans: the states of the area, sorted; national payers: empty. */
  readonly states: readonly StateCode[];
  readonly area?: readonly AreaEntry[];
  readonly source: readonly string[];
  readonly confidence: Confidence;
  readonly notes?: string;
}

export interface Catalogue {
  readonly payers: readonly PayerEntry[];
  /** States and territories no Blue plan serves, and why. */
  readonly noBluePlan: { readonly states: readonly StateCode[]; readonly note: string };
}

export class CatalogueError extends Error {
  readonly problems: readonly string[];
  constructor(label: string, problems: readonly string[]) {
    const shown = problems.slice(0, 25).map((p) => `${label}: ${p}`);
    if (problems.length > shown.length) shown.push(`${label}: … and ${problems.length - shown.length} more`);
    super(shown.join("\n"));
    this.name = "CatalogueError";
    this.problems = problems;
  }
}

const CONFIDENCES: readonly string[] = ["sourced", "common", "approximate"];
const MARKS: readonly string[] = ["both", "blue-cross", "blue-shield"];
const TOP_KEYS = new Set(["about", "noBluePlan", "payers"]);
const PAYER_KEYS = new Set([
  "id",
  "name",
  "kind",
  "mark",
  "areaName",
  "area",
  "source",
  "confidence",
  "notes",
]);
const ENTRY_KEYS = new Set([
  "state",
  "counties",
  "exceptCounties",
  "zips",
  "exceptZips",
  "note",
  "confidence",
]);

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/**
 * Checks a parsed payers.json and returns the catalogue, or throws a CatalogueError listing every
 * problem found. `label` names the file in messages.
 */
export function validateCatalogue(doc: unknown, counties: CountyTable, label = "payers.json"): Catalogue {
  const problems: string[] = [];
  if (!isObject(doc)) throw new CatalogueError(label, ['expected an object with a "payers" array']);
  for (const key of Object.keys(doc))
    if (!TOP_KEYS.has(key)) problems.push(`unknown top-level field "${key}"`);
  if (doc.about !== undefined && !(Array.isArray(doc.about) && doc.about.every((s) => typeof s === "string")))
    problems.push("about: expected a list of strings");

  const noBluePlan = checkNoBluePlan(doc.noBluePlan, problems);
  const noBlue = new Set(noBluePlan.states);

  if (!Array.isArray(doc.payers)) throw new CatalogueError(label, [...problems, "payers: expected a list"]);
  const payers: PayerEntry[] = [];
  const ids = new Map<string, number>();
  doc.payers.forEach((raw: unknown, i) => {
    const where = isObject(raw) && typeof raw.id === "string" ? `payer "${raw.id}"` : `payers[${i}]`;
    const fail = (field: string, problem: string) => problems.push(`${where}: ${field}: ${problem}`);
    if (!isObject(raw)) {
      problems.push(`payers[${i}]: expected an object`);
      return;
    }
    for (const key of Object.keys(raw)) if (!PAYER_KEYS.has(key)) fail(key, "unknown field");

    const id = raw.id;
    if (typeof id !== "string" || !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) {
      fail("id", 'expected a lowercase slug such as "bcbs-kc"');
      return;
    }
    const seen = ids.get(id);
    if (seen !== undefined) fail("id", `duplicate id (also payers[${seen}])`);
    else ids.set(id, i);

    if (!nonEmptyString(raw.name)) fail("name", "expected a non-empty string");
    const kind = raw.kind;
    if (kind !== "national" && kind !== "bcbs") {
      fail("kind", 'expected "national" or "bcbs"');
      return;
    }
    const confidence = raw.confidence;
    if (typeof confidence !== "string" || !CONFIDENCES.includes(confidence))
      fail("confidence", `expected one of ${CONFIDENCES.join(", ")}`);
    const source = raw.source;
    if (!Array.isArray(source) || !source.every((s) => typeof s === "string" && /^https?:\/\/\S+$/.test(s)))
      fail("source", "expected a list of http(s) URLs");
    else if (kind === "bcbs" && source.length === 0) fail("source", "a Blue plan needs at least one source");
    if (raw.notes !== undefined && typeof raw.notes !== "string") fail("notes", "expected a string");

    let area: AreaEntry[] = [];
    if (kind === "national") {
      for (const key of ["mark", "areaName", "area"])
        if (raw[key] !== undefined) fail(key, "a national payer has no Blue mark or service area");
    } else {
      if (typeof raw.mark !== "string" || !MARKS.includes(raw.mark))
        fail("mark", `expected one of ${MARKS.join(", ")}`);
      if (!nonEmptyString(raw.areaName)) fail("areaName", "expected a short description of the area");
      if (!Array.isArray(raw.area) || raw.area.length === 0) fail("area", "the area is empty");
      else area = raw.area.flatMap((e: unknown, j) => checkEntry(e, `area[${j}]`, counties, noBlue, fail));
    }
    if (problems.length > 0) return;

    const states = [...new Set(area.map((e) => e.state))].sort();
    payers.push(
      Object.freeze({
        id,
        name: raw.name as string,
        kind,
        ...(kind === "bcbs" ? { mark: raw.mark as Mark, areaName: raw.areaName as string } : {}),
        states: Object.freeze(states),
        ...(kind === "bcbs" ? { area: Object.freeze(area) } : {}),
        source: Object.freeze([...(source as string[])]),
        confidence: confidence as Confidence,
        ...(typeof raw.notes === "string" ? { notes: raw.notes } : {}),
      }),
    );
  });
  if (problems.length > 0) throw new CatalogueError(label, problems);
  return { payers: Object.freeze(payers), noBluePlan };
}

function checkNoBluePlan(raw: unknown, problems: string[]): Catalogue["noBluePlan"] {
  if (raw === undefined) return { states: [], note: "" };
  if (!isObject(raw) || !Array.isArray(raw.states) || !nonEmptyString(raw.note)) {
    problems.push('noBluePlan: expected { "states": [...], "note": "..." }');
    return { states: [], note: "" };
  }
  const states: StateCode[] = [];
  raw.states.forEach((s: unknown, i) => {
    if (typeof s === "string" && isStateCode(s)) states.push(s);
    else problems.push(`noBluePlan.states[${i}]: unknown state ${JSON.stringify(s)}`);
  });
  return { states: Object.freeze(states), note: raw.note };
}

function checkEntry(
  raw: unknown,
  field: string,
  counties: CountyTable,
  noBlue: ReadonlySet<StateCode>,
  fail: (field: string, problem: string) => void,
): AreaEntry[] {
  if (!isObject(raw)) {
    fail(field, 'expected an object such as { "state": "TX" }');
    return [];
  }
  const status = { ok: true };
  const bad = (sub: string, problem: string) => {
    status.ok = false;
    fail(sub === "" ? field : `${field}.${sub}`, problem);
  };
  for (const key of Object.keys(raw)) if (!ENTRY_KEYS.has(key)) bad(key, "unknown field");
  const state = raw.state;
  if (typeof state !== "string" || !isStateCode(state)) {
    bad("state", `unknown state ${JSON.stringify(state)} (expected a postal code such as "NY")`);
    return [];
  }
  if (noBlue.has(state)) bad("state", `${state} is listed under noBluePlan`);

  const has = (key: string) => raw[key] !== undefined;
  const shapes = [has("counties"), has("zips"), has("exceptCounties") || has("exceptZips")].filter(Boolean);
  if (shapes.length > 1) bad("", "use one of counties, zips, or exceptCounties/exceptZips in an entry");

  const names = (key: "counties" | "exceptCounties"): string[] | undefined => {
    const list = raw[key];
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || list.length === 0) {
      bad(key, "expected a non-empty list of county names");
      return undefined;
    }
    const seen = new Set<string>();
    list.forEach((name: unknown, k) => {
      if (typeof name !== "string") {
        bad(`${key}[${k}]`, "expected a county name");
        return;
      }
      if (seen.has(name)) bad(`${key}[${k}]`, `"${name}" is listed twice`);
      seen.add(name);
      if (counties.exact(state, name) === undefined) {
        const close = counties.find(state, name).map((c) => `"${c.name}"`);
        const hint = close.length > 0 ? ` (did you mean ${close.join(" or ")}?)` : "";
        bad(
          `${key}[${k}]`,
          `unknown county "${name}" in ${state}${hint}; names are written as in counties.tsv`,
        );
      }
    });
    return list as string[];
  };
  const zipList = (key: "zips" | "exceptZips"): string[] | undefined => {
    const list = raw[key];
    if (list === undefined) return undefined;
    if (!Array.isArray(list) || list.length === 0) {
      bad(key, "expected a non-empty list of 5-digit ZIP codes");
      return undefined;
    }
    const seen = new Set<string>();
    list.forEach((zip: unknown, k) => {
      if (typeof zip !== "string" || !/^\d{5}$/.test(zip)) {
        bad(`${key}[${k}]`, `expected a 5-digit ZIP code as a string, got ${JSON.stringify(zip)}`);
        return;
      }
      if (seen.has(zip)) bad(`${key}[${k}]`, `${zip} is listed twice`);
      seen.add(zip);
    });
    return list as string[];
  };
  const listed = names("counties");
  const excepted = names("exceptCounties");
  const zips = zipList("zips");
  const exceptZips = zipList("exceptZips");
  if (excepted !== undefined && new Set(excepted).size >= counties.inState(state).length)
    bad("exceptCounties", `excludes every county of ${state}: the entry is empty`);
  if (raw.note !== undefined && !nonEmptyString(raw.note)) bad("note", "expected a string");
  const confidence = raw.confidence;
  if (confidence !== undefined && (typeof confidence !== "string" || !CONFIDENCES.includes(confidence)))
    bad("confidence", `expected one of ${CONFIDENCES.join(", ")}`);
  if (!status.ok) return [];

  return [
    Object.freeze({
      state,
      ...(listed ? { counties: Object.freeze([...listed]) } : {}),
      ...(excepted ? { exceptCounties: Object.freeze([...excepted]) } : {}),
      ...(zips ? { zips: Object.freeze([...zips]) } : {}),
      ...(exceptZips ? { exceptZips: Object.freeze([...exceptZips]) } : {}),
      ...(typeof raw.note === "string" ? { note: raw.note } : {}),
      ...(typeof confidence === "string" ? { confidence: confidence as Confidence } : {}),
    }),
  ];
}
