/**
 * A small, made-up map for rule tests: they pin the engine's logic, not the shipped data
 * (which operations may correct). Real places are tested against the real catalogue elsewhere.
 */
import type { Geography, Payer, Placement, Zone } from "../../src/rules/geography.js";
import type { StateCode } from "../../src/reference/states.js";

const bcbs = (id: string, name: string, states: StateCode[], areaName: string): Payer => ({
  id,
  name,
  kind: "bcbs",
  areaName,
  states,
});
const national = (id: string, name: string): Payer => ({
  id,
  name,
  kind: "national",
  areaName: undefined,
  states: [],
});

export const PAYERS: Payer[] = [
  national("aetna", "Aetna"),
  national("cigna", "Cigna"),
  bcbs("bcbs-nc", "Blue Cross and Blue Shield of North Carolina", ["NC"], "North Carolina"),
  bcbs("anthem-ny", "Anthem Blue Cross Blue Shield (New York)", ["NY"], "downstate New York"),
  bcbs(
    "excellus-ny",
    "Excellus BlueCross BlueShield",
    ["NY"],
    "upstate New York around Rochester and Syracuse",
  ),
  bcbs("highmark-neny", "Highmark Blue Shield of Northeastern New York", ["NY"], "the Albany area"),
  bcbs("bcbs-ma", "Blue Cross Blue Shield of Massachusetts", ["MA"], "Massachusetts"),
  bcbs("bcbs-tx", "Blue Cross and Blue Shield of Texas", ["TX"], "Texas"),
  bcbs("bcbs-fl", "Florida Blue", ["FL"], "Florida"),
  bcbs("horizon-nj", "Horizon Blue Cross Blue Shield of New Jersey", ["NJ"], "New Jersey"),
  bcbs("anthem-ca", "Anthem Blue Cross", ["CA"], "California"),
  bcbs("blueshield-ca", "Blue Shield of California", ["CA"], "California"),
];

const zone = (state: StateCode, ...plans: string[]): Zone => ({ state, plans: plans.sort() });

export const ZONES = {
  NC: zone("NC", "bcbs-nc"),
  NYC: zone("NY", "anthem-ny"),
  ROCHESTER: zone("NY", "excellus-ny"),
  ALBANY: zone("NY", "anthem-ny", "highmark-neny"),
  TX: zone("TX", "bcbs-tx"),
  MA: zone("MA", "bcbs-ma"),
  FL: zone("FL", "bcbs-fl"),
  NJ: zone("NJ", "horizon-nj"),
  CA: zone("CA", "anthem-ca", "blueshield-ca"),
  GU: zone("GU"),
} as const;

/** ZIP → state, county and zone. */
const ZIPS: Record<string, { state: StateCode; county: string; zone: Zone }> = {
  "27701": { state: "NC", county: "Durham County", zone: ZONES.NC },
  "10027": { state: "NY", county: "New York County", zone: ZONES.NYC },
  "10001": { state: "NY", county: "New York County", zone: ZONES.NYC },
  "14604": { state: "NY", county: "Monroe County", zone: ZONES.ROCHESTER },
  "12207": { state: "NY", county: "Albany County", zone: ZONES.ALBANY },
  "75201": { state: "TX", county: "Dallas County", zone: ZONES.TX },
  "02116": { state: "MA", county: "Suffolk County", zone: ZONES.MA },
  "33139": { state: "FL", county: "Miami-Dade County", zone: ZONES.FL },
  "07030": { state: "NJ", county: "Hudson County", zone: ZONES.NJ },
  "94110": { state: "CA", county: "San Francisco County", zone: ZONES.CA },
  "96910": { state: "GU", county: "Guam", zone: ZONES.GU },
};

const STATE_ZONES: Partial<Record<StateCode, Zone[]>> = {
  NY: [ZONES.NYC, ZONES.ROCHESTER, ZONES.ALBANY],
};

export const fakeGeography: Geography = {
  payer: (id) => PAYERS.find((p) => p.id === id),
  zonesOf(state) {
    const many = STATE_ZONES[state];
    if (many) return many;
    const one = Object.values(ZIPS).find((z) => z.state === state);
    return [one ? one.zone : zone(state)];
  },
  place(state, zip): Placement {
    if (zip === undefined) return { kind: "state", zones: this.zonesOf(state) };
    const known = ZIPS[zip];
    if (!known)
      return zip.startsWith("99")
        ? { kind: "mismatch", zipStates: [] }
        : { kind: "state", zones: this.zonesOf(state) };
    if (known.state !== state) return { kind: "mismatch", zipStates: [known.state] };
    return { kind: "zip", zone: known.zone, counties: [known.county] };
  },
};
