/**
 * Code sets claims use: ICD-10-CM diagnoses (`data/icd10cm-billable.txt`, `data/icd10cm-descriptions.tsv`,
 * generated from the CMS release by `npm run reference:code-sets`) and the CPT/HCPCS procedure
 * codes Stateline bills (`data/procedure-codes.json`, hand-written, checked on every load).
 *
 * Both load lazily, once per data folder, on the first question: `stateline --help` never pays
 * for them. After that a lookup is one Set or Map lookup.
 */
import { readFileSync } from "node:fs";

export const CODE_SETS_DIR = new URL("../../src/reference/data/", import.meta.url);

/** The ICD-10-CM release the shipped list comes from (see `data/NOTICE.md`). */
export const ICD10CM_RELEASE = "FY2026";

/**
 * A diagnosis as people type it ("f41.1", " F41.1 ") in the form claims carry it ("F411"):
 * trimmed, upper case, the dot removed.
 */
export function normalizeIcd10(raw: string): string {
  return raw.trim().toUpperCase().replace(".", "");
}

/** The code as people read it: a dot after the third character ("F411" → "F41.1"). */
export function dottedIcd10(code: string): string {
  return code.length > 3 ? `${code.slice(0, 3)}.${code.slice(3)}` : code;
}

// ---------------------------------------------------------------------------------------------
// ICD-10-CM

export interface Icd10Cm {
  readonly release: string;
  readonly size: number;
  /** Whether the code (no dot, upper case) is billable: listed in the release's codes file. */
  isBillable(code: string): boolean;
  /** The long description of a billable code of chapters F or Z; undefined for the others. */
  description(code: string): string | undefined;
  /** The billable codes beginning with `prefix` (sorted), e.g. "F41" → F410, F411, F413, F418, F419. */
  under(prefix: string): readonly string[];
  /**
   * Why a code that is not billable is refused, and what to use instead (undefined when it is
   * billable): `"F41" is not a billable ICD-10-CM code: it is a category; use a code such as …`.
   */
  refusal(code: string, raw?: string): string | undefined;
}

class Icd10CmList implements Icd10Cm {
  readonly release = ICD10CM_RELEASE;
  private readonly set: ReadonlySet<string>;

  constructor(
    private readonly sorted: readonly string[],
    private readonly descriptions: ReadonlyMap<string, string>,
  ) {
    this.set = new Set(sorted);
  }

  get size(): number {
    return this.sorted.length;
  }

  isBillable(code: string): boolean {
    return this.set.has(code);
  }

  description(code: string): string | undefined {
    return this.descriptions.get(code);
  }

  under(prefix: string): readonly string[] {
    // First index whose code is >= prefix, then every code that begins with it.
    let lo = 0;
    let hi = this.sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.sorted[mid] ?? "") < prefix) lo = mid + 1;
      else hi = mid;
    }
    const out: string[] = [];
    for (let i = lo; i < this.sorted.length; i++) {
      const code = this.sorted[i] ?? "";
      if (!code.startsWith(prefix)) break;
      out.push(code);
    }
    return out;
  }

  refusal(code: string, raw: string = dottedIcd10(code)): string | undefined {
    if (this.isBillable(code)) return undefined;
    const named = (c: string) => {
      const d = this.description(c);
      return d === undefined ? dottedIcd10(c) : `${dottedIcd10(c)} (${d})`;
    };
    const children = this.under(code);
    if (children.length > 0) {
      const what = code.length === 3 ? "a category" : "a subcategory";
      // The codes one level down first (F41 → F41.0, F41.1, …, not F41.81x), three at most.
      const shortest = Math.min(...children.map((c) => c.length));
      const examples = children.filter((c) => c.length === shortest).slice(0, 3);
      const last = examples.pop() ?? code;
      const list =
        examples.length === 0 ? named(last) : `${examples.map(named).join(", ")} or ${named(last)}`;
      const more =
        children.length > examples.length + 1
          ? `; ${children.length} billable codes begin with ${dottedIcd10(code)}`
          : "";
      return `"${raw}" is not a billable ICD-10-CM code: it is ${what}; use a code such as ${list}${more}`;
    }
    // The longest billable code the text begins with, if any ("F99.999" → F99).
    for (let n = code.length - 1; n >= 3; n--) {
      const prefix = code.slice(0, n);
      if (this.isBillable(prefix)) {
        return `"${raw}" is not a billable ICD-10-CM code (${this.release} code set); did you mean ${named(prefix)}?`;
      }
    }
    return `"${raw}" is not a billable ICD-10-CM code (${this.release} code set)`;
  }
}

/** Parses the generated files (exported for tests; the product calls `icd10cm()`). */
export function parseIcd10Cm(billableText: string, descriptionsText: string): Icd10Cm {
  const codes = billableText.split("\n").filter((l) => l !== "");
  codes.forEach((code, i) => {
    if (i > 0 && !((codes[i - 1] ?? "") < code))
      throw new Error(`icd10cm-billable.txt line ${i + 1}: not sorted or repeated`);
  });
  const descriptions = new Map<string, string>();
  const lines = descriptionsText.split("\n");
  if (lines[0] !== "code\tdescription") throw new Error("icd10cm-descriptions.tsv: unexpected header");
  lines.forEach((line, i) => {
    if (i === 0 || line === "") return;
    const tab = line.indexOf("\t");
    if (tab < 0) throw new Error(`icd10cm-descriptions.tsv line ${i + 1}: no tab`);
    descriptions.set(line.slice(0, tab), line.slice(tab + 1));
  });
  return new Icd10CmList(codes, descriptions);
}

const icd10Loaded = new Map<string, Icd10Cm>();

/** The ICD-10-CM code set, read on the first call (≈25–100 ms, once per process) and kept. */
export function icd10cm(dir: URL = CODE_SETS_DIR): Icd10Cm {
  let set = icd10Loaded.get(dir.href);
  if (!set) {
    set = parseIcd10Cm(
      readFileSync(new URL("icd10cm-billable.txt", dir), "utf8"),
      readFileSync(new URL("icd10cm-descriptions.tsv", dir), "utf8"),
    );
    icd10Loaded.set(dir.href, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// CPT / HCPCS

export const PROCEDURE_KINDS = [
  "evaluation",
  "psychotherapy",
  "crisis",
  "family",
  "group",
  "e/m",
  "add-on",
] as const;
export type ProcedureKind = (typeof PROCEDURE_KINDS)[number];

export interface ProcedureCode {
  readonly code: string;
  readonly description: string;
  readonly kind: ProcedureKind;
  /** The time the code needs; `max` absent: no upper limit. */
  readonly minutes?: { readonly min: number; readonly max?: number };
  /** Add-ons only: the codes it is billed with. */
  readonly addOnTo?: readonly string[];
  readonly notes?: string;
  readonly source: readonly string[];
}

export interface ProcedureCodes {
  readonly all: readonly ProcedureCode[];
  get(code: string): ProcedureCode | undefined;
  /** Every code, sorted: what a refusal lists as allowed. */
  readonly codes: readonly string[];
}

/** A mistake in procedure-codes.json, naming the entry and field. */
export class ProcedureCodesError extends Error {
  override readonly name = "ProcedureCodesError";
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);
const isText = (v: unknown): v is string => typeof v === "string" && v.trim() !== "";
const isUrl = (v: unknown): v is string => typeof v === "string" && /^https?:\/\/\S+$/.test(v);
const isMinutes = (v: unknown): v is number =>
  typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 600;
/** CPT (5 digits, or 4 digits and F/T for category II/III) or HCPCS Level II (a letter, 4 digits). */
const PROCEDURE_CODE = /^(\d{5}|\d{4}[FT]|[A-V]\d{4})$/;
const FIELDS = new Set(["code", "description", "kind", "minutes", "addOnTo", "notes", "source"]);

/**
 * Checks procedure-codes.json (parsed) and returns its codes. Every problem names the entry and
 * field: `procedure-codes.json: codes[3] (90834).minutes.max: expected whole minutes ≥ min (38)`.
 */
export function parseProcedureCodes(data: unknown, label = "procedure-codes.json"): ProcedureCodes {
  const fail = (at: string, problem: string): never => {
    throw new ProcedureCodesError(`${label}: ${at}: ${problem}`);
  };
  if (!isRecord(data) || !Array.isArray(data.codes)) fail("codes", "expected a list of codes");
  const raw = (data as { codes: unknown[] }).codes;
  const byCode = new Map<string, ProcedureCode>();
  raw.forEach((entry, i) => {
    let at = `codes[${i}]`;
    if (!isRecord(entry)) return fail(at, "expected an object");
    if (typeof entry.code !== "string" || !PROCEDURE_CODE.test(entry.code)) {
      return fail(
        `${at}.code`,
        `expected a CPT or HCPCS code such as 90837, got ${JSON.stringify(entry.code)}`,
      );
    }
    const code = entry.code;
    at = `${at} (${code})`;
    if (byCode.has(code)) fail(`${at}.code`, "listed twice");
    for (const key of Object.keys(entry)) if (!FIELDS.has(key)) fail(`${at}.${key}`, "unknown field");
    if (!isText(entry.description)) fail(`${at}.description`, "expected a description");
    const kind = entry.kind;
    if (!PROCEDURE_KINDS.includes(kind as ProcedureKind)) {
      fail(`${at}.kind`, `expected one of ${PROCEDURE_KINDS.join(", ")}, got ${JSON.stringify(kind)}`);
    }
    let minutes: ProcedureCode["minutes"];
    if (entry.minutes !== undefined) {
      const m = entry.minutes;
      if (!isRecord(m) || !isMinutes(m.min))
        return fail(`${at}.minutes.min`, "expected whole minutes from 1 to 600");
      if (m.max !== undefined && (!isMinutes(m.max) || m.max < m.min)) {
        fail(`${at}.minutes.max`, `expected whole minutes ≥ min (${m.min})`);
      }
      for (const key of Object.keys(m))
        if (key !== "min" && key !== "max") fail(`${at}.minutes.${key}`, "unknown field");
      minutes = m.max === undefined ? { min: m.min } : { min: m.min, max: m.max as number };
    }
    let addOnTo: string[] | undefined;
    if (kind === "add-on") {
      if (
        !Array.isArray(entry.addOnTo) ||
        entry.addOnTo.length === 0 ||
        !entry.addOnTo.every((c) => typeof c === "string")
      ) {
        return fail(`${at}.addOnTo`, "an add-on needs the list of codes it is billed with");
      }
      addOnTo = entry.addOnTo;
    } else if (entry.addOnTo !== undefined) {
      fail(`${at}.addOnTo`, `only add-on codes have addOnTo (this one is ${String(kind)})`);
    }
    if (entry.notes !== undefined && !isText(entry.notes)) fail(`${at}.notes`, "expected a string");
    if (!Array.isArray(entry.source) || entry.source.length === 0 || !entry.source.every(isUrl)) {
      fail(`${at}.source`, "expected a non-empty list of http(s) URLs");
    }
    byCode.set(
      code,
      Object.freeze({
        code,
        description: entry.description as string,
        kind: kind as ProcedureKind,
        ...(minutes === undefined ? {} : { minutes: Object.freeze(minutes) }),
        ...(addOnTo === undefined ? {} : { addOnTo: Object.freeze([...addOnTo]) }),
        ...(entry.notes === undefined ? {} : { notes: entry.notes as string }),
        source: Object.freeze([...(entry.source as string[])]),
      }),
    );
  });
  // An add-on names codes of the list (after every entry is read, so order does not matter).
  // Entries were added in file order, one each, so `i` is the entry's index in the file.
  [...byCode.values()].forEach((entry, i) => {
    entry.addOnTo?.forEach((c, j) => {
      if (!byCode.has(c)) fail(`codes[${i}] (${entry.code}).addOnTo[${j}]`, `"${c}" is not in the list`);
      if (c === entry.code)
        fail(`codes[${i}] (${entry.code}).addOnTo[${j}]`, "an add-on is not billed with itself");
    });
  });
  const all = Object.freeze([...byCode.values()]);
  const codes = Object.freeze([...byCode.keys()].sort());
  return { all, codes, get: (code) => byCode.get(code) };
}

const proceduresLoaded = new Map<string, ProcedureCodes>();

/** The procedure codes Stateline bills, read and checked on the first call, then kept. */
export function procedureCodes(dir: URL = CODE_SETS_DIR): ProcedureCodes {
  let set = proceduresLoaded.get(dir.href);
  if (!set) {
    const text = readFileSync(new URL("procedure-codes.json", dir), "utf8");
    let data: unknown;
    try {
      data = JSON.parse(text);
    } catch (e) {
      throw new ProcedureCodesError(`procedure-codes.json: not valid JSON: ${(e as Error).message}`);
    }
    set = parseProcedureCodes(data);
    proceduresLoaded.set(dir.href, set);
  }
  return set;
}
