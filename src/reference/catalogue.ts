/**
 * The reference data behind the `Geography` port: the payer catalogue (`data/payers.json`), the
 * counties (`data/counties.tsv`) and the ZIP index (`data/zips.tsv`, `data/zip-prefixes.tsv`).
 *
 * - `loadReference()` reads payers.json and counties.tsv on first call and caches the result; the
 *   ZIP files are read on the first question that needs them (a ZIP lookup, or the zones of a
 *   state whose plans split it), so `stateline payers` never pays for them.
 * - `place()` is on the decision engine's hot path: after the first call for a ZIP it is one Map
 *   lookup returning the same Placement object; zones are interned (the same plans in the same
 *   state are the same Zone object) and `zonesOf()` is memoised per state.
 * - The explanations of `stateline where` (`localPlansAt`: which plans are local and why) are
 *   where.ts, which reads the compiled area rules (area.ts) through a view; nothing of them runs
 *   on a decision.
 */
import { readFileSync } from "node:fs";
import type { CompactSource } from "../contract/schema.js";
import type {
  Compact,
  Geography,
  Payer,
  Placement,
  Profession,
  TemporaryPractice,
  Zone,
} from "../rules/geography.js";
import { zipsInCounty, type Rule, type RuleKind } from "./area.js";
import { validateBehavioralHealth, type BehavioralHealth, type CarveOut } from "./behavioral-health.js";
import {
  compactView,
  normalizeType,
  professionIndex,
  validateCompacts,
  validateTemporaryPractice,
  type CompactTable,
  type TemporaryPracticeTable,
} from "./compacts.js";
import { parseCounties, type County, type CountyTable } from "./counties.js";
import { validateCatalogue, CatalogueError, type Catalogue, type PayerEntry } from "./payers.js";
import type { StateCode } from "../contract/states.js";
import { localPlansAt, type AreaView, type LocalPlansQuery, type LocalPlansResult } from "./where.js";
import { parseZipIndex, type ZipIndex, type ZipPart } from "./zips.js";

export type { County } from "./counties.js";
export type { AreaEntry, Confidence, Mark, PayerEntry } from "./payers.js";
export type { CompactEntry, CompactTable, TemporaryPracticeTable } from "./compacts.js";
export type { BehavioralHealth } from "./behavioral-health.js";

/** A catalogue entry with who runs its behavioral health network, as `stateline payers` prints it. */
export type PayerListing = PayerEntry & {
  readonly behavioralAdministrator?: string;
  readonly behavioralCarveOuts?: readonly CarveOut[];
};
export { CatalogueError } from "./payers.js";

/**
 * The data folder. Resolved from this module so it is found both from `src/reference/*.ts` (tsx,
 * vitest) and from `dist/reference/*.js` (the built CLI): both are two levels below the root.
 */
/** What `place` answers for a string that is not a 5-digit ZIP code (the contract refuses those first). */
const NOT_A_ZIP: Placement = Object.freeze({ kind: "mismatch", zipStates: Object.freeze([]) });

export const DATA_DIR = new URL("../../src/reference/data/", import.meta.url);

export interface ZipCode {
  readonly zip: string;
  readonly state: StateCode;
}

/** The reference data: the `Geography` port plus what the `payers` and `where` commands need. */
export interface Reference extends Geography {
  /** The whole catalogue, JSON-ready (area, source, confidence), in file order. */
  payers(): readonly PayerListing[];
  /** The compact table (`data/compacts.json`), as checked on load. */
  compacts(): CompactTable;
  /** What each state allows providers licensed elsewhere (`data/temporary-practice.json`). */
  temporaryPracticeTable(): TemporaryPracticeTable;
  /** Behavioral health administrators and carve-outs (`data/behavioral-health.json`). */
  behavioralHealth(): BehavioralHealth;
  /** States and territories without a Blue plan, and why. */
  noBluePlan(): Catalogue["noBluePlan"];
  /** Every county and county-equivalent of a state, in FIPS order. */
  counties(state: StateCode): readonly County[];
  /** Counties matching a name as typed ("Monroe", "monroe county"); several when ambiguous. */
  findCounty(state: StateCode, name: string): readonly County[];
  /** Ids of the Blue plans local in all or part of a county, sorted. */
  plansInCounty(county: County): readonly string[];
  /** The Blue plans local at a ZIP code or in a county, with the area entries that matched. */
  localPlansAt(query: LocalPlansQuery): LocalPlansResult;
  /** Every ZIP code in the data, once per state it lies in, sorted by ZIP. Loads the ZIP index. */
  zipCodes(): readonly ZipCode[];
  /**
   * Loads the ZIP index now (normally lazy) and checks the catalogue's ZIP lists against it:
   * every listed ZIP must lie in the entry's state. Throws a CatalogueError otherwise.
   */
  check(): void;
}

// ---------------------------------------------------------------------------------------------
// Raw data, shared by every Reference built on the same data folder.

const countyCache = new Map<string, CountyTable>();
const zipCache = new Map<string, ZipIndex>();

function readData(dir: URL, name: string): string {
  return readFileSync(new URL(name, dir), "utf8");
}

function countyTable(dir: URL): CountyTable {
  let table = countyCache.get(dir.href);
  if (table === undefined) {
    table = parseCounties(readData(dir, "counties.tsv"));
    countyCache.set(dir.href, table);
  }
  return table;
}

function zipIndex(dir: URL, counties: CountyTable): ZipIndex {
  let index = zipCache.get(dir.href);
  if (index === undefined) {
    index = parseZipIndex(readData(dir, "zips.tsv"), readData(dir, "zip-prefixes.tsv"), counties);
    zipCache.set(dir.href, index);
  }
  return index;
}

// ---------------------------------------------------------------------------------------------

export interface ReferenceOptions {
  /** The folder holding counties.tsv, zips.tsv and zip-prefixes.tsv. Default: DATA_DIR. */
  readonly dataDir?: URL;
  /** A parsed compacts.json; default: the shipped one. */
  readonly compacts?: unknown;
  /** A parsed temporary-practice.json; default: the shipped one. */
  readonly temporaryPractice?: unknown;
  /** A parsed behavioral-health.json; default: the shipped one. */
  readonly behavioralHealth?: unknown;
  /** How to name the catalogue in error messages. Default: "payers.json". */
  readonly label?: string;
}

let shared: Reference | undefined;

/** The shipped catalogue, read and checked on first call and cached for the process. */
export function loadReference(): Reference {
  if (shared === undefined) {
    const doc: unknown = JSON.parse(readData(DATA_DIR, "payers.json"));
    shared = createReference(doc, { label: "src/reference/data/payers.json" });
  }
  return shared;
}

/**
 * A Reference over an explicit catalogue (a parsed payers.json), for tests and tools. Checks it
 * against the county table and throws a CatalogueError naming the payer and field at fault.
 */
export function createReference(payers: unknown, options: ReferenceOptions = {}): Reference {
  const dir = options.dataDir ?? DATA_DIR;
  const counties = countyTable(dir);
  const catalogue = validateCatalogue(payers, counties, options.label ?? "payers.json");
  const json = (name: string): unknown => JSON.parse(readData(DATA_DIR, name));
  const extra: Extra = {
    compacts: validateCompacts(options.compacts ?? json("compacts.json"), "compacts.json"),
    temporaryPractice: validateTemporaryPractice(
      options.temporaryPractice ?? json("temporary-practice.json"),
      "temporary-practice.json",
    ),
    behavioralHealth: validateBehavioralHealth(
      options.behavioralHealth ?? json("behavioral-health.json"),
      new Set(catalogue.payers.map((p) => p.id)),
      "behavioral-health.json",
    ),
  };
  return new CatalogueReference(catalogue, counties, dir, options.label ?? "payers.json", extra);
}

/** The tables beside payers.json, checked. */
interface Extra {
  readonly compacts: CompactTable;
  readonly temporaryPractice: TemporaryPracticeTable;
  readonly behavioralHealth: BehavioralHealth;
}

const NO_RULES: readonly TemporaryPractice[] = Object.freeze([]);

// ---------------------------------------------------------------------------------------------

/**
 * What `place()` answers from. ZIP codes share a record whenever their answers must agree: the
 * same counties and no ZIP-level rule naming them (most ZIPs), or, for ZIPs the data does not
 * hold, the same 3-digit prefix. A ZIP that a plan lists by number has a record of its own.
 */
interface ZipRecord {
  /** The ZIP for a record of its own; "" for a shared record (its ZIP matters to no rule). */
  readonly zip: string;
  /** States the ZIP lies in; for a ZIP not in the data, the states of its prefix. */
  readonly states: readonly StateCode[];
  /** Parallel to `states`, filled on first use. */
  readonly placements: (Placement | undefined)[];
  /** For every other state. */
  readonly mismatch: Placement;
  /** The ZIP's parts when it is in the data; undefined for a ZIP known only by its prefix. */
  readonly parts: readonly ZipPart[] | undefined;
}

function makeRecord(
  zip: string,
  states: readonly StateCode[],
  parts: readonly ZipPart[] | undefined,
): ZipRecord {
  const frozen = Object.freeze([...states]);
  return {
    zip,
    states: frozen,
    placements: states.map(() => undefined),
    mismatch: Object.freeze({ kind: "mismatch", zipStates: frozen }),
    parts,
  };
}

type ZipPlacement = Extract<Placement, { kind: "zip" }>;

const MALFORMED: ZipRecord = Object.freeze(makeRecord("", [], undefined));

class CatalogueReference implements Reference {
  private readonly catalogue: Catalogue;
  private readonly countyTable: CountyTable;
  private readonly dir: URL;
  private readonly label: string;
  private readonly payerById = new Map<string, Payer>();
  private readonly rules = new Map<StateCode, Rule[]>();
  private readonly zoneByKey = new Map<string, Zone>();
  private readonly countyZones = new Map<string, Zone>();
  private readonly stateZones = new Map<StateCode, readonly Zone[]>();
  private readonly splitStates = new Map<StateCode, boolean>();
  private readonly partZones = new Map<ZipPart, Zone>();
  private readonly statePlacements = new Map<StateCode, Placement>();
  /**
   * ZIP records by ZIP number (0–99999), filled on first lookup. A flat array rather than a Map:
   * no string hashing and one memory access per lookup, which matters at a million decisions a
   * second over cases whose data is no longer in the CPU cache.
   */
  private readonly records: (ZipRecord | undefined)[] = new Array<ZipRecord | undefined>(100_000).fill(
    undefined,
  );
  /**
   * By ZIP number, the exact placement (kind "zip") in the ZIP's first state, once known: what
   * `place()` answers for nearly every ZIP, one array load away. The record path costs two more
   * dependent memory loads (the record, then its arrays), and on cases no longer in the CPU cache
   * those are a good part of a decision's time.
   */
  private readonly zipPlaced: (ZipPlacement | undefined)[] = new Array<ZipPlacement | undefined>(
    100_000,
  ).fill(undefined);
  private readonly partsRecords = new Map<readonly ZipPart[], ZipRecord>();
  private readonly prefixRecords = new Map<string, ZipRecord>();
  /** Every ZIP some area entry lists (zips or exceptZips). */
  private readonly listedZips = new Set<string>();
  private zipData: ZipIndex | undefined;
  private zipList: readonly ZipCode[] | undefined;
  private readonly extra: Extra;
  private readonly compactById = new Map<CompactSource, Compact>();
  private readonly professions: ReadonlyMap<string, Profession>;
  private readonly professionCache = new Map<string, Profession | undefined>();
  private readonly rulesByState = new Map<StateCode, readonly TemporaryPractice[]>();
  private readonly listings: readonly PayerListing[];
  /** What where.ts reads to explain `localPlansAt`. */
  private readonly area: AreaView;

  constructor(catalogue: Catalogue, counties: CountyTable, dir: URL, label: string, extra: Extra) {
    this.catalogue = catalogue;
    this.countyTable = counties;
    this.dir = dir;
    this.label = label;
    this.extra = extra;
    this.area = {
      counties,
      rulesIn: (state) => this.rules.get(state) ?? [],
      zipsIfSplit: (state) => (this.needsZips(state) ? this.zips() : undefined),
      zips: () => this.zips(),
    };
    for (const c of extra.compacts.compacts) this.compactById.set(c.id, compactView(c, extra.compacts));
    this.professions = professionIndex(extra.compacts);
    for (const st of extra.temporaryPractice.states)
      this.rulesByState.set(
        st.state,
        st.rules.filter((r) => r.kind !== "none"),
      );
    const admins = new Map(extra.behavioralHealth.administrators.map((a) => [a.payer, a.administrator]));
    this.listings = Object.freeze(
      catalogue.payers.map((p) => {
        const admin = admins.get(p.id);
        const carve = extra.behavioralHealth.carveOuts.filter((c) => c.payer === p.id);
        return Object.freeze({
          ...p,
          ...(admin ? { behavioralAdministrator: admin } : {}),
          ...(carve.length > 0 ? { behavioralCarveOuts: carve } : {}),
        });
      }),
    );
    for (const p of catalogue.payers) {
      this.payerById.set(
        p.id,
        Object.freeze({
          id: p.id,
          name: p.name,
          kind: p.kind,
          areaName: p.areaName,
          states: p.states,
          administrator: admins.get(p.id),
        }),
      );
      (p.area ?? []).forEach((entry, index) => {
        const fips = (names: readonly string[] | undefined) =>
          new Set((names ?? []).map((n) => counties.exact(entry.state, n)?.fips ?? ""));
        const kind: RuleKind =
          entry.counties !== undefined
            ? "counties"
            : entry.zips !== undefined
              ? "zips"
              : entry.exceptCounties !== undefined || entry.exceptZips !== undefined
                ? "except"
                : "state";
        const rule: Rule = {
          payer: p,
          index,
          entry,
          kind,
          counties: fips(kind === "counties" ? entry.counties : entry.exceptCounties),
          zips: new Set(kind === "zips" ? entry.zips : entry.exceptZips),
        };
        for (const zip of rule.zips) this.listedZips.add(zip);
        const forState = this.rules.get(entry.state);
        if (forState === undefined) this.rules.set(entry.state, [rule]);
        else forState.push(rule);
      });
    }
  }

  // --- Geography ---------------------------------------------------------------------------

  payer(id: string): Payer | undefined {
    return this.payerById.get(id);
  }

  place(state: StateCode, zip: string | undefined): Placement {
    if (zip === undefined) return this.stateWide(state);
    const n = zipNumber(zip);
    if (n < 0) return NOT_A_ZIP;
    // A zone is of one state, so the zone says whether the remembered placement is for `state`.
    const known = this.zipPlaced[n];
    if (known !== undefined && known.zone.state === state) return known;
    const rec = this.records[n] ?? this.record(zip);
    const states = rec.states;
    for (let i = 0; i < states.length; i++)
      if (states[i] === state) {
        const placement = rec.placements[i] ?? this.fill(rec, i);
        if (i === 0 && placement.kind === "zip") this.zipPlaced[n] = placement;
        return placement;
      }
    return rec.mismatch;
  }

  zonesOf(state: StateCode): readonly Zone[] {
    let zones = this.stateZones.get(state);
    if (zones === undefined) {
      zones = this.computeZones(state);
      this.stateZones.set(state, zones);
    }
    return zones;
  }

  // --- Catalogue -----------------------------------------------------------------------------

  compact(id: CompactSource): Compact | undefined {
    return this.compactById.get(id);
  }

  professionOf(type: string): Profession | undefined {
    // Types repeat (a few dozen spellings across all providers): normalize each once.
    let found = this.professionCache.get(type);
    if (found === undefined && !this.professionCache.has(type)) {
      found = this.professions.get(normalizeType(type));
      if (this.professionCache.size < 10_000) this.professionCache.set(type, found);
    }
    return found;
  }

  temporaryPractice(state: StateCode): readonly TemporaryPractice[] {
    return this.rulesByState.get(state) ?? NO_RULES;
  }

  payers(): readonly PayerListing[] {
    return this.listings;
  }

  compacts(): CompactTable {
    return this.extra.compacts;
  }

  temporaryPracticeTable(): TemporaryPracticeTable {
    return this.extra.temporaryPractice;
  }

  behavioralHealth(): BehavioralHealth {
    return this.extra.behavioralHealth;
  }

  noBluePlan(): Catalogue["noBluePlan"] {
    return this.catalogue.noBluePlan;
  }

  counties(state: StateCode): readonly County[] {
    return this.countyTable.inState(state);
  }

  findCounty(state: StateCode, name: string): readonly County[] {
    return this.countyTable.find(state, name);
  }

  plansInCounty(county: County): readonly string[] {
    const index = this.needsZips(county.state) ? this.zips() : undefined;
    const ids = new Set<string>();
    for (const rule of this.rules.get(county.state) ?? [])
      if (this.countyMatch(rule, county.fips) || (index && zipsInCounty(rule, county, index).length > 0))
        ids.add(rule.payer.id);
    return [...ids].sort();
  }

  zipCodes(): readonly ZipCode[] {
    if (this.zipList === undefined) {
      const out: ZipCode[] = [];
      for (const [zip, parts] of this.zips().zips)
        for (const part of parts) out.push({ zip, state: part.state });
      out.sort((a, b) => (a.zip < b.zip ? -1 : a.zip > b.zip ? 1 : 0));
      this.zipList = Object.freeze(out);
    }
    return this.zipList;
  }

  check(): void {
    this.zips();
  }

  localPlansAt(query: LocalPlansQuery): LocalPlansResult {
    return localPlansAt(this.area, query);
  }

  // --- Zones ---------------------------------------------------------------------------------

  private zone(state: StateCode, ids: readonly string[]): Zone {
    const plans = [...new Set(ids)].sort();
    const key = `${state}|${plans.join(",")}`;
    let zone = this.zoneByKey.get(key);
    if (zone === undefined) {
      zone = Object.freeze({ state, plans: Object.freeze(plans) });
      this.zoneByKey.set(key, zone);
    }
    return zone;
  }

  private countyMatch(rule: Rule, fips: string): boolean {
    switch (rule.kind) {
      case "state":
        return true;
      case "counties":
        return rule.counties.has(fips);
      case "except":
        return !rule.counties.has(fips);
      case "zips":
        return false;
    }
  }

  /** A rule matches a ZIP (within one state) when it matches the ZIP itself or any of its counties there. */
  private zipMatch(rule: Rule, zip: string, counties: readonly County[]): boolean {
    switch (rule.kind) {
      case "state":
        return true;
      case "counties":
        return counties.some((c) => rule.counties.has(c.fips));
      case "except":
        return !rule.zips.has(zip) && counties.some((c) => !rule.counties.has(c.fips));
      case "zips":
        return rule.zips.has(zip);
    }
  }

  /** The zone of a county as a whole, ZIP-level rules aside. */
  private countyZone(county: County): Zone {
    let zone = this.countyZones.get(county.fips);
    if (zone === undefined) {
      const ids = (this.rules.get(county.state) ?? [])
        .filter((r) => this.countyMatch(r, county.fips))
        .map((r) => r.payer.id);
      zone = this.zone(county.state, ids);
      this.countyZones.set(county.fips, zone);
    }
    return zone;
  }

  /** The zone of a ZIP within one state: its own when a rule lists it, else its part's. */
  private zipZone(zip: string, part: ZipPart): Zone {
    if (!this.listedZips.has(zip)) return this.partZone(part);
    const ids = (this.rules.get(part.state) ?? [])
      .filter((r) => this.zipMatch(r, zip, part.counties))
      .map((r) => r.payer.id);
    return this.zone(part.state, ids);
  }

  /** The zone of ZIPs no rule lists, which depends only on their counties (shared per part). */
  private partZone(part: ZipPart): Zone {
    let zone = this.partZones.get(part);
    if (zone === undefined) {
      const [first] = part.counties;
      // Where the state is not split, every county has the same zone and so has every ZIP.
      if (first !== undefined && !this.needsZips(part.state)) zone = this.countyZone(first);
      else
        zone = this.zone(
          part.state,
          (this.rules.get(part.state) ?? [])
            .filter((r) => this.zipMatch(r, "", part.counties))
            .map((r) => r.payer.id),
        );
      this.partZones.set(part, zone);
    }
    return zone;
  }

  /**
   * Whether a state's zones depend on ZIP codes: its counties do not all share one set of plans
   * (so a ZIP spanning two of them may have a set of its own), or a plan lists ZIP codes there.
   */
  private needsZips(state: StateCode): boolean {
    let split = this.splitStates.get(state);
    if (split === undefined) {
      const zones = new Set(this.countyTable.inState(state).map((c) => this.countyZone(c)));
      split =
        zones.size > 1 ||
        (this.rules.get(state) ?? []).some(
          (r) => r.kind === "zips" || (r.kind === "except" && r.zips.size > 0),
        );
      this.splitStates.set(state, split);
    }
    return split;
  }

  private computeZones(state: StateCode): readonly Zone[] {
    const counties = this.countyTable.inState(state);
    const zones = new Set<Zone>(counties.map((c) => this.countyZone(c)));
    if (counties.length === 0)
      zones.add(
        this.zone(
          state,
          (this.rules.get(state) ?? []).filter((r) => r.kind === "state").map((r) => r.payer.id),
        ),
      );
    if (this.needsZips(state)) {
      const index = this.zips();
      if ((this.rules.get(state) ?? []).some((r) => r.zips.size > 0)) {
        // ZIP-level rules: every ZIP of the state, each with its own answer.
        for (const county of counties)
          for (const zip of index.countyZips(county.fips)) {
            const part = index.zips.get(zip)?.find((p) => p.state === state);
            if (part !== undefined) zones.add(this.zipZone(zip, part));
          }
      } else {
        // Counties decide alone: one answer per distinct set of counties a ZIP spans.
        for (const part of index.partsIn(state)) if (part.counties.length > 0) zones.add(this.partZone(part));
      }
    }
    const key = (z: Zone) => z.plans.join(",");
    return Object.freeze([...zones].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0)));
  }

  private stateWide(state: StateCode): Placement {
    let placement = this.statePlacements.get(state);
    if (placement === undefined) {
      placement = Object.freeze({ kind: "state", zones: this.zonesOf(state) });
      this.statePlacements.set(state, placement);
    }
    return placement;
  }

  // --- ZIP codes -----------------------------------------------------------------------------

  private zips(): ZipIndex {
    if (this.zipData === undefined) {
      const index = zipIndex(this.dir, this.countyTable);
      this.checkZipLists(index);
      this.zipData = index;
    }
    return this.zipData;
  }

  private checkZipLists(index: ZipIndex): void {
    const problems: string[] = [];
    for (const rules of this.rules.values())
      for (const rule of rules)
        for (const key of ["zips", "exceptZips"] as const)
          (rule.entry[key] ?? []).forEach((zip, k) => {
            const parts = index.zips.get(zip);
            if (parts?.some((p) => p.state === rule.entry.state) !== true)
              problems.push(
                `payer "${rule.payer.id}": area[${rule.index}].${key}[${k}]: ZIP ${zip} ${
                  parts
                    ? `lies in ${parts.map((p) => p.state).join(", ")}, not`
                    : "is not in the ZIP data for"
                } ${rule.entry.state}`,
              );
          });
    if (problems.length > 0) throw new CatalogueError(this.label, problems);
  }

  /** Finds or builds the record for a ZIP and keeps it under that ZIP (not for a malformed one). */
  private record(zip: string): ZipRecord {
    if (zip.length !== 5 || !/^\d{5}$/.test(zip)) return MALFORMED;
    const index = this.zips();
    const parts = index.zips.get(zip);
    let rec: ZipRecord | undefined;
    if (parts === undefined) {
      const prefix = zip.slice(0, 3);
      rec = this.prefixRecords.get(prefix);
      if (rec === undefined) {
        rec = makeRecord("", index.prefixes.get(prefix) ?? [], undefined);
        this.prefixRecords.set(prefix, rec);
      }
    } else if (this.listedZips.has(zip)) {
      rec = makeRecord(
        zip,
        parts.map((p) => p.state),
        parts,
      );
    } else {
      rec = this.partsRecords.get(parts);
      if (rec === undefined) {
        rec = makeRecord(
          "",
          parts.map((p) => p.state),
          parts,
        );
        this.partsRecords.set(parts, rec);
      }
    }
    this.records[Number(zip)] = rec;
    return rec;
  }

  private fill(rec: ZipRecord, i: number): Placement {
    const state = rec.states[i];
    if (state === undefined) return rec.mismatch;
    const part = rec.parts?.[i];
    let placement: Placement;
    if (part === undefined) placement = this.stateWide(state);
    else if (part.counties.length > 0)
      placement = Object.freeze({
        kind: "zip",
        zone: this.zipZone(rec.zip, part),
        counties: Object.freeze(part.counties.map((c) => c.name)),
      });
    else {
      // The data knows only the state: exact when the state has one zone, else any of its zones.
      const zones = this.zonesOf(part.state);
      const [only] = zones;
      placement =
        zones.length === 1 && only !== undefined
          ? Object.freeze({ kind: "zip", zone: only, counties: Object.freeze([]) })
          : this.stateWide(part.state);
    }
    rec.placements[i] = placement;
    return placement;
  }
}

/** "01234" → 1234;}

/** "01234" → 1234; -1 for anything but 5 ASCII digits. */
function zipNumber(zip: string): number {
  if (zip.length !== 5) return -1;
  let n = 0;
  for (let i = 0; i < 5; i++) {
    const d = zip.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}
