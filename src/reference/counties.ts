/**
 * The county table (`data/counties.tsv`): every county and county-equivalent of the states, DC
 * and the territories, with a forgiving name lookup ("Monroe", "monroe county", "Saint Louis").
 */
import { isStateCode, type StateCode } from "../contract/states.js";

export interface County {
  /** 5-digit FIPS code, e.g. `36055`. */
  readonly fips: string;
  readonly state: StateCode;
  /** The Census name, e.g. "Monroe County", "St. Louis city", "Doña Ana County". */
  readonly name: string;
}

/**
 * Suffixes a query may leave out, longest first. "Monroe" finds "Monroe County"; "St. Louis"
 * finds both "St. Louis County" and "St. Louis city".
 */
const SUFFIXES = [
  "cityandborough",
  "planningregion",
  "municipality",
  "censusarea",
  "municipio",
  "borough",
  "district",
  "county",
  "parish",
  "island",
  "city",
];

/**
 * A comparison key: accents and case folded, "Saint"/"Sainte" as "St"/"Ste", every character but
 * letters and digits dropped. "St. Louis city", "saint louis City" and "St Louis city" agree.
 */
export function nameKey(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/\bsainte\b/g, "ste")
    .replace(/\bsaint\b/g, "st")
    .replace(/[^a-z0-9]/g, "");
}

function baseKey(key: string): string {
  for (const suffix of SUFFIXES)
    if (key.length > suffix.length && key.endsWith(suffix)) return key.slice(0, -suffix.length);
  return key;
}

export class CountyTable {
  readonly all: readonly County[];
  private readonly fips = new Map<string, County>();
  private readonly states = new Map<StateCode, County[]>();
  private readonly exactNames = new Map<string, County>();
  private keyIndex: { full: Map<string, County[]>; base: Map<string, County[]> } | undefined;

  constructor(counties: readonly County[]) {
    this.all = counties;
    for (const c of counties) {
      if (this.fips.has(c.fips)) throw new Error(`counties.tsv: duplicate FIPS ${c.fips}`);
      this.fips.set(c.fips, c);
      push(this.states, c.state, c);
      this.exactNames.set(`${c.state}|${c.name}`, c);
    }
  }

  /** The forgiving name indexes, built on the first `find()`. */
  private keys(): { full: Map<string, County[]>; base: Map<string, County[]> } {
    if (this.keyIndex === undefined) {
      const full = new Map<string, County[]>();
      const base = new Map<string, County[]>();
      for (const c of this.all) {
        const key = nameKey(c.name);
        push(full, `${c.state}|${key}`, c);
        push(base, `${c.state}|${baseKey(key)}`, c);
      }
      this.keyIndex = { full, base };
    }
    return this.keyIndex;
  }

  byFips(fips: string): County | undefined {
    return this.fips.get(fips);
  }

  inState(state: StateCode): readonly County[] {
    return this.states.get(state) ?? [];
  }

  /** The county whose Census name is exactly `name` (as payers.json must write it). */
  exact(state: StateCode, name: string): County | undefined {
    return this.exactNames.get(`${state}|${name}`);
  }

  /**
   * Counties matching a name as a person types it: the full name in any case and spelling of
   * "Saint", or the name without its "County"/"city"/"Parish"/… suffix. Several results when the
   * name is ambiguous ("St. Louis" in MO: the county and the independent city); none when unknown.
   */
  find(state: StateCode, query: string): readonly County[] {
    const key = nameKey(query);
    if (key === "") return [];
    const { full, base } = this.keys();
    return full.get(`${state}|${key}`) ?? base.get(`${state}|${key}`) ?? [];
  }
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}

/** Parses `counties.tsv` (header `fips state name`, tab-separated). */
export function parseCounties(text: string): CountyTable {
  const lines = text.split("\n");
  if (lines[0]?.trimEnd() !== "fips\tstate\tname") throw new Error("counties.tsv: unexpected header");
  const counties: County[] = [];
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i]?.trimEnd() ?? "";
    if (line === "") continue;
    const [fips = "", state = "", name = ""] = line.split("\t");
    if (!/^\d{5}$/.test(fips) || !isStateCode(state) || name === "")
      throw new Error(`counties.tsv line ${i + 1}: malformed: ${JSON.stringify(line)}`);
    counties.push({ fips, state, name });
  }
  return new CountyTable(counties);
}
