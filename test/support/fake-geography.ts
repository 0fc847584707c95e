/**
 * A small, made-up map for rule tests: they pin the engine's logic, not the shipped data
 * (which operations may correct). Real places are tested against the real catalogue elsewhere.
 */
import type { Compact, Geography, Payer, Placement, Profession, Zone } from "../../src/rules/geography.js";
import type { StateCode } from "../../src/contract/states.js";

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
  { ...national("uhc", "UnitedHealthcare"), administrator: "optum" },
  national("optum", "Optum"),
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
  "30303": { state: "GA", county: "Fulton County", zone: zone("GA") },
  "43215": { state: "OH", county: "Franklin County", zone: zone("OH") },
  "80202": { state: "CO", county: "Denver County", zone: zone("CO") },
};

const STATE_ZONES: Partial<Record<StateCode, Zone[]>> = {
  NY: [ZONES.NYC, ZONES.ROCHESTER, ZONES.ALBANY],
};

/**
 * A made-up compact table: PSYPACT with GA, OH, TX and CO (CO from 2026-07-01); the Counseling
 * Compact with GA, CO and OH; the Social Work Compact with OH and GA. NY and CA are in none.
 */
const TYPES: Record<string, Profession> = {
  PSYD: "psychology",
  PHD: "psychology",
  LP: "psychology",
  LPC: "counseling",
  LMHC: "counseling",
  LCSW: "social_work",
  LMSW: "social_work",
  LMFT: "mft",
};
const fakeCompact = (
  id: Compact["id"],
  name: string,
  profession: Profession,
  professionLabel: string,
  members: Partial<Record<StateCode, string>>,
): Compact => ({
  id,
  name,
  professionLabel,
  joined: (state) => members[state],
  fits(type) {
    const p = TYPES[type.toUpperCase().replace(/[^A-Z0-9]/g, "")];
    return p === undefined || p === "mft" ? undefined : p === profession;
  },
});
export const COMPACTS: Compact[] = [
  fakeCompact("PSYPACT", "Psychology Interjurisdictional Compact", "psychology", "psychologists", {
    GA: "2019-07-01",
    OH: "2021-07-01",
    TX: "2019-09-01",
    CO: "2026-07-01",
  }),
  fakeCompact("counseling_compact", "Counseling Compact", "counseling", "professional counselors", {
    GA: "2021-07-01",
    CO: "2022-08-10",
    OH: "2022-09-01",
  }),
  fakeCompact("social_work_compact", "Social Work Licensure Compact", "social_work", "social workers", {
    OH: "2024-08-01",
    GA: "2024-07-01",
  }),
];

export const fakeGeography: Geography = {
  compact: (id) => COMPACTS.find((c) => c.id === id),
  professionOf: (type) => TYPES[type.toUpperCase().replace(/[^A-Z0-9]/g, "")],
  temporaryPractice: (state) =>
    state === "FL"
      ? [
          {
            kind: "telehealth_registration",
            professions: ["counseling", "social_work", "mft", "psychology"],
            summary:
              "Florida lets providers licensed elsewhere register as out-of-state telehealth providers.",
            source: ["https://example.org/fl"],
          },
        ]
      : [],
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
