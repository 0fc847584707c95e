/**
 * The compact table (`data/compacts.json`) and the per-state temporary-practice facts
 * (`data/temporary-practice.json`): their types and the checks run on every load. Both files are
 * edited by hand as states join compacts and boards change their rules, so every problem is
 * reported with the entry and field at fault, e.g.
 * `compacts.json: compact "PSYPACT": members[3].joined: expected YYYY-MM-DD, got "2021/07/01"`.
 */
import { COMPACT_SOURCES } from "../contract/enums.js";
import type { CompactSource } from "../contract/schema.js";
import { isIsoDate } from "../contract/schema.js";
import type { Compact, Profession, TemporaryPractice } from "../rules/geography.js";
import { CatalogueError, type Confidence } from "./payers.js";
import { isStateCode, type StateCode } from "../contract/states.js";

export const PROFESSIONS: readonly Profession[] = [
  "psychology",
  "counseling",
  "social_work",
  "mft",
  "medicine",
  "nursing",
];
const CONFIDENCES: readonly string[] = ["sourced", "common", "approximate"];
const RULE_KINDS: readonly TemporaryPractice["kind"][] = [
  "telehealth_registration",
  "temporary_practice",
  "continuity_of_care",
  "none",
];

export interface CompactMember {
  readonly state: StateCode;
  /** The date the state's enacting law took effect: a member from that day on. */
  readonly joined: string;
  /** The date the state began issuing or honouring privileges, where known (information). */
  readonly issuing?: string;
  readonly source?: string;
  readonly note?: string;
}

/** A compact as `stateline compacts` prints it. */
export interface CompactEntry {
  readonly id: CompactSource;
  readonly name: string;
  readonly profession: Profession;
  readonly professionLabel: string;
  readonly licenseTypes: readonly string[];
  readonly operationalFrom: string | null;
  /** The date the commission first issued privileges: information for people, not a condition. */
  readonly privilegesFrom: string | null;
  readonly members: readonly CompactMember[];
  readonly enactedNotEffective: readonly { state: StateCode; effective: string; source?: string }[];
  readonly sources: readonly string[];
  readonly confidence: Confidence;
  readonly asOf: string;
  readonly notes?: string;
}

export interface CompactTable {
  readonly about: readonly string[];
  readonly compacts: readonly CompactEntry[];
  /** License types of professions no compact covers (MFT, medicine, nursing), for `professionOf`. */
  readonly otherLicenseTypes: Readonly<Partial<Record<Profession, readonly string[]>>>;
}

export interface TemporaryPracticeRule extends TemporaryPractice {
  readonly days?: number;
  readonly per?: string;
  readonly telehealthOnly?: boolean;
  readonly requires?: readonly string[];
  readonly citation?: string;
  readonly confidence: Confidence;
}

export interface TemporaryPracticeState {
  readonly state: StateCode;
  readonly rules: readonly TemporaryPracticeRule[];
  readonly board?: { readonly name: string; readonly url?: string };
}

export interface TemporaryPracticeTable {
  readonly about: readonly string[];
  readonly states: readonly TemporaryPracticeState[];
}

/** "Ph.D." → "PHD", "lcsw-c" → "LCSWC": how license types are compared. */
export function normalizeType(type: string): string {
  return type.toUpperCase().replace(/[^A-Z0-9]/g, "");
}

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const isUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\/\S+$/.test(v);
const isDate = (v: unknown): v is string => typeof v === "string" && isIsoDate(v);

function strings(v: unknown, field: string, fail: (f: string, p: string) => void): string[] {
  if (!Array.isArray(v) || !v.every(isText)) {
    fail(field, "expected a list of non-empty strings");
    return [];
  }
  return v;
}

/** Checks a parsed compacts.json and returns the table, or throws a CatalogueError listing every problem. */
export function validateCompacts(doc: unknown, label = "compacts.json"): CompactTable {
  const problems: string[] = [];
  if (!isObject(doc) || !Array.isArray(doc.compacts))
    throw new CatalogueError(label, ['expected an object with a "compacts" list']);
  const about =
    doc.about === undefined ? [] : strings(doc.about, "about", (f, p) => problems.push(`${f}: ${p}`));
  const seen = new Set<string>();
  const compacts: CompactEntry[] = [];
  doc.compacts.forEach((raw: unknown, i) => {
    const where = isObject(raw) && typeof raw.id === "string" ? `compact "${raw.id}"` : `compacts[${i}]`;
    const fail = (field: string, problem: string) => problems.push(`${where}: ${field}: ${problem}`);
    if (!isObject(raw)) {
      problems.push(`compacts[${i}]: expected an object`);
      return;
    }
    const id = raw.id;
    if (typeof id !== "string" || !(COMPACT_SOURCES as readonly string[]).includes(id)) {
      fail("id", `expected one of ${COMPACT_SOURCES.join(", ")}`);
      return;
    }
    if (seen.has(id)) fail("id", "listed twice");
    seen.add(id);
    if (!isText(raw.name)) fail("name", "expected a non-empty string");
    if (typeof raw.profession !== "string" || !(PROFESSIONS as readonly string[]).includes(raw.profession))
      fail("profession", `expected one of ${PROFESSIONS.join(", ")}`);
    if (!isText(raw.professionLabel)) fail("professionLabel", 'expected a phrase such as "psychologists"');
    const types = strings(raw.licenseTypes, "licenseTypes", fail);
    if (types.length === 0) fail("licenseTypes", "expected at least one license type");
    for (const key of ["operationalFrom", "privilegesFrom"] as const)
      if (raw[key] !== null && !isDate(raw[key]))
        fail(key, `expected YYYY-MM-DD or null, got ${JSON.stringify(raw[key])}`);
    if (!isDate(raw.asOf)) fail("asOf", "expected YYYY-MM-DD");
    if (typeof raw.confidence !== "string" || !CONFIDENCES.includes(raw.confidence))
      fail("confidence", `expected one of ${CONFIDENCES.join(", ")}`);
    if (!Array.isArray(raw.sources) || raw.sources.length === 0 || !raw.sources.every(isUrl))
      fail("sources", "expected a non-empty list of http(s) URLs");
    if (raw.notes !== undefined && !isText(raw.notes)) fail("notes", "expected a string");

    const members: CompactMember[] = [];
    const states = new Set<string>();
    if (!Array.isArray(raw.members) || raw.members.length === 0) fail("members", "expected a non-empty list");
    else
      raw.members.forEach((m: unknown, j) => {
        const at = `members[${j}]`;
        if (!isObject(m)) return fail(at, 'expected { "state": "GA", "joined": "YYYY-MM-DD" }');
        if (typeof m.state !== "string" || !isStateCode(m.state))
          return fail(`${at}.state`, `unknown state ${JSON.stringify(m.state)}`);
        if (states.has(m.state)) fail(`${at}.state`, `${m.state} is listed twice`);
        states.add(m.state);
        if (!isDate(m.joined))
          return fail(`${at}.joined`, `expected YYYY-MM-DD, got ${JSON.stringify(m.joined)}`);
        if (m.issuing !== undefined && !isDate(m.issuing)) fail(`${at}.issuing`, "expected YYYY-MM-DD");
        if (m.source !== undefined && !isUrl(m.source)) fail(`${at}.source`, "expected an http(s) URL");
        if (m.note !== undefined && !isText(m.note)) fail(`${at}.note`, "expected a string");
        members.push(
          Object.freeze({
            state: m.state,
            joined: m.joined,
            ...(isDate(m.issuing) ? { issuing: m.issuing } : {}),
            ...(isUrl(m.source) ? { source: m.source } : {}),
            ...(isText(m.note) ? { note: m.note } : {}),
          }),
        );
      });
    const later: { state: StateCode; effective: string; source?: string }[] = [];
    if (raw.enactedNotEffective !== undefined) {
      if (!Array.isArray(raw.enactedNotEffective)) fail("enactedNotEffective", "expected a list");
      else
        raw.enactedNotEffective.forEach((e: unknown, j) => {
          const at = `enactedNotEffective[${j}]`;
          if (!isObject(e) || typeof e.state !== "string" || !isStateCode(e.state) || !isDate(e.effective))
            return fail(at, 'expected { "state": "XX", "effective": "YYYY-MM-DD" }');
          if (states.has(e.state)) fail(`${at}.state`, `${e.state} is also a member`);
          later.push({
            state: e.state,
            effective: e.effective,
            ...(isUrl(e.source) ? { source: e.source } : {}),
          });
        });
    }
    if (problems.length > 0) return;
    compacts.push(
      Object.freeze({
        id: id as CompactSource,
        name: raw.name as string,
        profession: raw.profession as Profession,
        professionLabel: raw.professionLabel as string,
        licenseTypes: Object.freeze(types),
        operationalFrom: (raw.operationalFrom as string | null) ?? null,
        privilegesFrom: (raw.privilegesFrom as string | null) ?? null,
        members: Object.freeze(members.sort((a, b) => a.state.localeCompare(b.state))),
        enactedNotEffective: Object.freeze(later),
        sources: Object.freeze([...(raw.sources as string[])]),
        confidence: raw.confidence as Confidence,
        asOf: raw.asOf as string,
        ...(isText(raw.notes) ? { notes: raw.notes } : {}),
      }),
    );
  });
  for (const id of COMPACT_SOURCES) if (!seen.has(id)) problems.push(`compacts: "${id}" is missing`);

  const other: Partial<Record<Profession, readonly string[]>> = {};
  if (doc.otherLicenseTypes !== undefined) {
    if (!isObject(doc.otherLicenseTypes)) problems.push("otherLicenseTypes: expected an object");
    else
      for (const [key, list] of Object.entries(doc.otherLicenseTypes)) {
        if (!(PROFESSIONS as readonly string[]).includes(key)) {
          problems.push(
            `otherLicenseTypes.${key}: unknown profession (expected one of ${PROFESSIONS.join(", ")})`,
          );
          continue;
        }
        other[key as Profession] = strings(list, `otherLicenseTypes.${key}`, (f, p) =>
          problems.push(`${f}: ${p}`),
        );
      }
  }
  // A type may belong to one profession only, or `fits` would answer both ways.
  const owner = new Map<string, string>();
  const claim = (type: string, who: string) => {
    const key = normalizeType(type);
    const was = owner.get(key);
    if (was !== undefined && was !== who)
      problems.push(`license type "${type}" belongs to both ${was} and ${who}`);
    owner.set(key, who);
  };
  for (const c of compacts) for (const t of c.licenseTypes) claim(t, c.profession);
  for (const [p, list] of Object.entries(other)) for (const t of list) claim(t, p);

  if (problems.length > 0) throw new CatalogueError(label, problems);
  return {
    about: Object.freeze(about),
    compacts: Object.freeze(compacts),
    otherLicenseTypes: Object.freeze(other),
  };
}

/** Checks a parsed temporary-practice.json. */
export function validateTemporaryPractice(
  doc: unknown,
  label = "temporary-practice.json",
): TemporaryPracticeTable {
  const problems: string[] = [];
  if (!isObject(doc) || !Array.isArray(doc.states))
    throw new CatalogueError(label, ['expected an object with a "states" list']);
  const about =
    doc.about === undefined ? [] : strings(doc.about, "about", (f, p) => problems.push(`${f}: ${p}`));
  const seen = new Set<string>();
  const states: TemporaryPracticeState[] = [];
  doc.states.forEach((raw: unknown, i) => {
    const where = isObject(raw) && typeof raw.state === "string" ? `state "${raw.state}"` : `states[${i}]`;
    const fail = (field: string, problem: string) => problems.push(`${where}: ${field}: ${problem}`);
    if (!isObject(raw) || typeof raw.state !== "string" || !isStateCode(raw.state)) {
      problems.push(`states[${i}].state: expected a state postal code`);
      return;
    }
    if (seen.has(raw.state)) fail("state", "listed twice");
    seen.add(raw.state);
    const rules: TemporaryPracticeRule[] = [];
    if (!Array.isArray(raw.rules) || raw.rules.length === 0) fail("rules", "expected a non-empty list");
    else
      raw.rules.forEach((r: unknown, j) => {
        const at = `rules[${j}]`;
        if (!isObject(r)) return fail(at, "expected an object");
        if (typeof r.kind !== "string" || !(RULE_KINDS as readonly string[]).includes(r.kind))
          fail(`${at}.kind`, `expected one of ${RULE_KINDS.join(", ")}`);
        const professions = strings(r.professions, `${at}.professions`, fail);
        for (const p of professions)
          if (!(PROFESSIONS as readonly string[]).includes(p))
            fail(`${at}.professions`, `unknown profession "${p}"`);
        if (!isText(r.summary)) fail(`${at}.summary`, "expected one sentence");
        if (!Array.isArray(r.source) || r.source.length === 0 || !r.source.every(isUrl))
          fail(`${at}.source`, "expected a non-empty list of http(s) URLs");
        if (typeof r.confidence !== "string" || !CONFIDENCES.includes(r.confidence))
          fail(`${at}.confidence`, `expected one of ${CONFIDENCES.join(", ")}`);
        if (r.days !== undefined && !(Number.isInteger(r.days) && (r.days as number) > 0))
          fail(`${at}.days`, "expected a whole number of days");
        if (problems.length > 0) return;
        rules.push(
          Object.freeze({
            kind: r.kind as TemporaryPractice["kind"],
            professions: Object.freeze(professions as Profession[]),
            summary: r.summary as string,
            source: Object.freeze([...(r.source as string[])]),
            confidence: r.confidence as Confidence,
            ...(typeof r.days === "number" ? { days: r.days } : {}),
            ...(isText(r.per) ? { per: r.per } : {}),
            ...(typeof r.telehealthOnly === "boolean" ? { telehealthOnly: r.telehealthOnly } : {}),
            ...(Array.isArray(r.requires) ? { requires: Object.freeze(r.requires.filter(isText)) } : {}),
            ...(isText(r.citation) ? { citation: r.citation } : {}),
          }),
        );
      });
    const board =
      isObject(raw.board) && isText(raw.board.name)
        ? { name: raw.board.name, ...(isUrl(raw.board.url) ? { url: raw.board.url } : {}) }
        : undefined;
    if (problems.length > 0) return;
    states.push(
      Object.freeze({ state: raw.state, rules: Object.freeze(rules), ...(board ? { board } : {}) }),
    );
  });
  if (problems.length > 0) throw new CatalogueError(label, problems);
  return { about: Object.freeze(about), states: Object.freeze(states) };
}

/** The engine's view of one compact: a Map per lookup, built once. */
export function compactView(entry: CompactEntry, table: CompactTable): Compact {
  const joined = new Map<StateCode, string>(entry.members.map((m) => [m.state, m.joined]));
  const own = new Set(entry.licenseTypes.map(normalizeType));
  const known = new Set<string>();
  for (const c of table.compacts) for (const t of c.licenseTypes) known.add(normalizeType(t));
  // Remembers each type as written, so the hot path normalizes a type once.
  const fitsCache = new Map<string, boolean | undefined>();
  return {
    id: entry.id,
    name: entry.name,
    professionLabel: entry.professionLabel,
    joined: (state) => joined.get(state),
    fits(type) {
      if (fitsCache.has(type)) return fitsCache.get(type);
      const key = normalizeType(type);
      const answer = own.has(key) ? true : known.has(key) ? false : undefined;
      if (fitsCache.size < 10_000) fitsCache.set(type, answer);
      return answer;
    },
  };
}

/** License type (normalized) → profession, from the compacts and the other professions' lists. */
export function professionIndex(table: CompactTable): ReadonlyMap<string, Profession> {
  const index = new Map<string, Profession>();
  for (const c of table.compacts) for (const t of c.licenseTypes) index.set(normalizeType(t), c.profession);
  for (const [p, list] of Object.entries(table.otherLicenseTypes))
    for (const t of list) index.set(normalizeType(t), p as Profession);
  return index;
}
