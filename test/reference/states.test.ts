import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { STATES, STATE_CODES, isStateCode, stateByFips, stateInfo } from "../../src/contract/states.js";

interface UsState {
  abbr: string;
  name: string;
  fips: string;
  is_territory: boolean;
}

/** The `us` package (CommonJS, untyped): its states (with DC) and territories. */
function usPackage(): { states: UsState[]; territories: UsState[] } {
  const us: unknown = createRequire(import.meta.url)("us");
  const list = (value: unknown): UsState[] => {
    if (!Array.isArray(value)) throw new Error("unexpected shape of the us package");
    return value.map((s: unknown) => {
      const o = s as Record<string, unknown>;
      if (typeof o.abbr !== "string" || typeof o.name !== "string" || typeof o.fips !== "string")
        throw new Error("unexpected state entry in the us package");
      return { abbr: o.abbr, name: o.name, fips: o.fips, is_territory: o.is_territory === true };
    });
  };
  const mod = us as Record<string, unknown>;
  return { states: list(mod.STATES), territories: list(mod.TERRITORIES) };
}

/** Display names that deliberately differ from the `us` package's. */
const NAME_ALIASES: Record<string, string> = { VI: "U.S. Virgin Islands" }; // us: "Virgin Islands"

describe("STATES", () => {
  const us = usPackage();
  const all = [...us.states, ...us.territories];

  it("has exactly the us package's postal codes: 50 states, DC and 5 territories", () => {
    expect([...STATE_CODES].sort()).toEqual(all.map((s) => s.abbr).sort());
    expect(STATES.filter(([, , , kind]) => kind === "state")).toHaveLength(50);
    expect(STATES.filter(([, , , kind]) => kind === "district").map(([code]) => code)).toEqual(["DC"]);
    expect(
      STATES.filter(([, , , kind]) => kind === "territory")
        .map(([code]) => code)
        .sort(),
    ).toEqual(us.territories.map((t) => t.abbr).sort());
  });

  it("matches the us package's names and FIPS codes", () => {
    for (const s of all) {
      expect(isStateCode(s.abbr)).toBe(true);
      if (!isStateCode(s.abbr)) continue;
      const info = stateInfo(s.abbr);
      expect(info.fips, s.abbr).toBe(s.fips);
      expect(info.name, s.abbr).toBe(NAME_ALIASES[s.abbr] ?? s.name);
      expect(info.kind === "territory", s.abbr).toBe(s.is_territory);
      expect(stateByFips(s.fips)?.code).toBe(s.abbr);
    }
  });

  it("rejects what is not a postal code of a state or territory", () => {
    for (const code of ["ny", "XX", "UM", "AA", "FM", "MH", "PW", ""]) expect(isStateCode(code)).toBe(false);
  });
});
