/**
 * The ZIP index (`data/zips.tsv` and `data/zip-prefixes.tsv`): for each ZIP code, the states it
 * lies in and, within each, its counties; for each 3-digit prefix, the states it is assigned to.
 * Parsed once, on the first ZIP lookup.
 */
import type { County, CountyTable } from "./counties.js";
import { isStateCode, stateByFips, type StateCode } from "../contract/states.js";

/** Where a ZIP lies within one state. `counties` is empty when the data knows only the state. */
export interface ZipPart {
  readonly state: StateCode;
  readonly counties: readonly County[];
}

export interface ZipIndex {
  /** ZIP → its parts, one per state, in the order of the state FIPS codes. */
  readonly zips: ReadonlyMap<string, readonly ZipPart[]>;
  /** 3-digit prefix → the states it is assigned to (usually one). */
  readonly prefixes: ReadonlyMap<string, readonly StateCode[]>;
  /** The ZIPs of a county, by county FIPS (the reverse index is built on first call). */
  countyZips(fips: string): readonly string[];
  /** The distinct parts ZIPs have in a state (ZIPs with the same counties share one part). */
  partsIn(state: StateCode): readonly ZipPart[];
}

export function parseZipIndex(zipsText: string, prefixText: string, counties: CountyTable): ZipIndex {
  const zips = new Map<string, readonly ZipPart[]>();
  // Many ZIPs share one list of FIPS codes (every Manhattan ZIP is "36061"): parse each list once
  // and share the parts, which keeps the load to two short strings per line.
  const byCodes = new Map<string, readonly ZipPart[]>();
  const partsOf = (codes: string, line: number): readonly ZipPart[] => {
    const parts: { state: StateCode; counties: County[] }[] = [];
    for (const code of codes.split(",")) {
      const state = stateByFips(code.slice(0, 2))?.code;
      const county = code.length === 5 ? counties.byFips(code) : undefined;
      if (state === undefined || (code.length !== 2 && county === undefined))
        throw new Error(`zips.tsv line ${line}: unknown FIPS code ${JSON.stringify(code)}`);
      let part = parts.find((p) => p.state === state);
      if (part === undefined) parts.push((part = { state, counties: [] }));
      if (county !== undefined) part.counties.push(county);
    }
    return Object.freeze(
      parts.map((p) => Object.freeze({ state: p.state, counties: Object.freeze(p.counties) })),
    );
  };

  const text = zipsText.includes("\r") ? zipsText.replace(/\r\n/g, "\n") : zipsText;
  if (!text.startsWith("zip\tfips\n")) throw new Error("zips.tsv: unexpected header");
  let pos = text.indexOf("\n") + 1;
  let line = 1;
  while (pos < text.length) {
    line++;
    let end = text.indexOf("\n", pos);
    if (end === -1) end = text.length;
    if (end === pos) {
      pos++;
      continue;
    }
    const zip = text.slice(pos, pos + 5);
    if (text.charCodeAt(pos + 5) !== 9 || !/^\d{5}$/.test(zip) || zips.has(zip))
      throw new Error(
        `zips.tsv line ${line}: malformed or repeated ZIP: ${JSON.stringify(text.slice(pos, end))}`,
      );
    const codes = text.slice(pos + 6, end);
    let parts = byCodes.get(codes);
    if (parts === undefined) byCodes.set(codes, (parts = partsOf(codes, line)));
    zips.set(zip, parts);
    pos = end + 1;
  }

  let reverse: Map<string, string[]> | undefined;
  const countyZips = (fips: string): readonly string[] => {
    if (reverse === undefined) {
      reverse = new Map();
      for (const [zip, parts] of zips)
        for (const part of parts)
          for (const county of part.counties) {
            const list = reverse.get(county.fips);
            if (list === undefined) reverse.set(county.fips, [zip]);
            else list.push(zip);
          }
    }
    return reverse.get(fips) ?? [];
  };

  const prefixes = new Map<string, readonly StateCode[]>();
  const prefixLines = prefixText.split("\n");
  if (prefixLines[0]?.trimEnd() !== "prefix\tstates") throw new Error("zip-prefixes.tsv: unexpected header");
  for (let i = 1; i < prefixLines.length; i++) {
    const line = prefixLines[i]?.trimEnd() ?? "";
    if (line === "") continue;
    const [prefix = "", list = ""] = line.split("\t");
    const states: StateCode[] = [];
    for (const code of list.split(",")) {
      if (!isStateCode(code)) throw new Error(`zip-prefixes.tsv line ${i + 1}: unknown state ${code}`);
      states.push(code);
    }
    if (!/^\d{3}$/.test(prefix)) throw new Error(`zip-prefixes.tsv line ${i + 1}: malformed prefix`);
    prefixes.set(prefix, states);
  }
  let byState: Map<StateCode, ZipPart[]> | undefined;
  const partsIn = (state: StateCode): readonly ZipPart[] => {
    if (byState === undefined) {
      byState = new Map();
      for (const parts of byCodes.values())
        for (const part of parts) {
          const list = byState.get(part.state);
          if (list === undefined) byState.set(part.state, [part]);
          else list.push(part);
        }
    }
    return byState.get(state) ?? [];
  };
  return { zips, prefixes, countyZips, partsIn };
}
