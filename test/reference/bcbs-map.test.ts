/**
 * The real Blue map: places whose local plans are known, checked against the shipped data.
 * If operations correct payers.json, these are the places to re-check.
 */
import { describe, expect, it } from "vitest";
import { loadReference } from "../../src/reference/catalogue.js";
import type { StateCode } from "../../src/contract/states.js";

const ref = loadReference();

function plansAt(state: StateCode, zip: string): readonly string[] {
  const p = ref.place(state, zip);
  if (p.kind !== "zip")
    throw new Error(`${state} ${zip}: expected a ZIP placement, got ${JSON.stringify(p)}`);
  return p.zone.plans;
}

describe("local Blue plans at real places", () => {
  const places: [string, StateCode, string, string[]][] = [
    ["Kansas City, MO", "MO", "64106", ["bcbs-kc"]],
    ["Kansas City, KS", "KS", "66101", ["bcbs-kc"]],
    ["St. Louis, MO", "MO", "63101", ["anthem-mo"]],
    ["Wichita, KS", "KS", "67202", ["bcbs-ks"]],
    ["Arlington, VA", "VA", "22201", ["carefirst"]],
    ["Richmond, VA", "VA", "23219", ["anthem-va"]],
    ["Reston, VA (Fairfax County west of Route 123)", "VA", "20190", ["anthem-va"]],
    ["Annandale, VA (Fairfax County east of Route 123)", "VA", "22003", ["carefirst"]],
    ["Philadelphia, PA", "PA", "19103", ["ibx-pa"]],
    ["Pittsburgh, PA", "PA", "15222", ["highmark-pa"]],
    ["Harrisburg, PA", "PA", "17101", ["capital-pa", "highmark-pa"]],
    ["Vancouver, WA", "WA", "98660", ["regence-or"]],
    ["Seattle, WA", "WA", "98101", ["premera-wa", "regence-wa"]],
    ["Marietta, OH", "OH", "45750", ["highmark-wv"]],
    ["Columbus, OH", "OH", "43215", ["anthem-oh"]],
    ["Rochester, NY", "NY", "14604", ["excellus-ny"]],
    ["Buffalo, NY", "NY", "14202", ["highmark-wny"]],
    ["Albany, NY", "NY", "12207", ["anthem-ny", "highmark-neny"]],
    ["Manhattan, NY", "NY", "10027", ["anthem-ny"]],
    ["Los Angeles, CA", "CA", "90012", ["anthem-ca", "blueshield-ca"]],
    ["Coeur d'Alene, ID", "ID", "83814", ["bcidaho", "regence-id"]],
    ["Boise, ID", "ID", "83702", ["bcidaho"]],
    ["Baltimore, MD", "MD", "21201", ["carefirst"]],
    ["Washington, DC", "DC", "20001", ["carefirst"]],
    ["Portland, OR", "OR", "97201", ["regence-or"]],
    ["Charleston, WV", "WV", "25301", ["highmark-wv"]],
    ["San Juan, PR", "PR", "00901", ["triples-pr"]],
  ];
  for (const [name, state, zip, plans] of places)
    it(`${name} ${zip} → ${plans.join(" + ")}`, () => {
      expect(plansAt(state, zip)).toEqual(plans);
    });

  describe("Washington: Premera statewide but Clark County, Regence BlueShield in the west only", () => {
    // Corrected 2026-12-04: Regence BlueShield used to be local everywhere but Clark County.
    // The eastern Washington Blue Shield plan merged into Premera in 1998 (see payers.json).
    const wa: [string, string, string[]][] = [
      ["Spokane", "99201", ["premera-wa"]],
      ["Clarkston (Asotin and Garfield counties)", "99403", ["premera-wa", "regence-id"]],
      ["Seattle", "98101", ["premera-wa", "regence-wa"]],
      ["Tacoma", "98402", ["premera-wa", "regence-wa"]],
      ["Everett", "98201", ["premera-wa", "regence-wa"]],
      ["Olympia", "98501", ["premera-wa", "regence-wa"]],
      ["Bellingham", "98225", ["premera-wa", "regence-wa"]],
      ["Vancouver", "98660", ["regence-or"]],
    ];
    for (const [name, zip, plans] of wa)
      it(`${name}, WA ${zip} → ${plans.join(" + ")}`, () => {
        expect(plansAt("WA", zip)).toEqual(plans);
      });

    it("Regence BlueShield is not local in eastern Washington (Spokane, Kennewick, Wenatchee)", () => {
      for (const zip of ["99201", "99336", "98801"]) {
        expect(plansAt("WA", zip)).toContain("premera-wa");
        expect(plansAt("WA", zip)).not.toContain("regence-wa");
      }
    });

    it("Premera is local in Yakima (98901); whether Regence is too is unsourced", () => {
      expect(plansAt("WA", "98901")).toContain("premera-wa");
    });

    it("the Washington entries say how sure they are", () => {
      const seattle = ref.localPlansAt({ zip: "98101", state: "WA" });
      if (seattle.kind !== "found") throw new Error(JSON.stringify(seattle));
      const regence = seattle.places[0]?.plans.find((p) => p.id === "regence-wa");
      expect(regence?.confidence).toBe("common");
      const clarkston = ref.localPlansAt({ zip: "99403", state: "WA" });
      if (clarkston.kind !== "found") throw new Error(JSON.stringify(clarkston));
      const idaho = clarkston.places[0]?.plans.find((p) => p.id === "regence-id");
      expect(idaho?.confidence).toBe("approximate");
    });
  });

  it("a ZIP straddling Route 123 has both Virginia plans local (Fairfax 22030, Vienna 22180)", () => {
    expect(plansAt("VA", "22030")).toEqual(["anthem-va", "carefirst"]);
    expect(plansAt("VA", "22180")).toEqual(["anthem-va", "carefirst"]);
  });

  it("names the counties of a ZIP, several where it spans them", () => {
    expect(ref.place("NY", "10027")).toEqual({
      kind: "zip",
      zone: { state: "NY", plans: ["anthem-ny"] },
      counties: ["New York County"],
    });
    expect(ref.place("MO", "63101")).toMatchObject({ counties: ["St. Louis city"] });
    const fairfax = ref.place("VA", "22030");
    expect(fairfax.kind === "zip" ? [...fairfax.counties].sort() : []).toEqual([
      "Fairfax County",
      "Fairfax city",
    ]);
  });
});

describe("placing a state and ZIP", () => {
  it("a ZIP the data does not hold but whose prefix belongs to the state → every zone of the state", () => {
    expect(ref.place("NY", "10999")).toEqual({ kind: "state", zones: ref.zonesOf("NY") });
    expect(ref.place("TX", "75999")).toEqual({ kind: "state", zones: ref.zonesOf("TX") });
  });

  it("a ZIP of another state → mismatch, with the state it lies in", () => {
    expect(ref.place("NY", "07030")).toEqual({ kind: "mismatch", zipStates: ["NJ"] });
    expect(ref.place("KS", "64106")).toEqual({ kind: "mismatch", zipStates: ["MO"] });
  });

  it("a ZIP unknown to the data with another state's prefix, or no state's, → mismatch", () => {
    expect(ref.place("NY", "07999")).toEqual({ kind: "mismatch", zipStates: ["NJ"] });
    expect(ref.place("NY", "00000")).toEqual({ kind: "mismatch", zipStates: [] });
    expect(ref.place("NY", "1460")).toEqual({ kind: "mismatch", zipStates: [] });
  });

  it("a ZIP that crosses a state line is placed in each state by its counties there", () => {
    // Bluemont, VA: the ZCTA reaches into Jefferson County, WV.
    expect(ref.place("VA", "20135")).toMatchObject({ kind: "zip", zone: { plans: ["anthem-va"] } });
    expect(ref.place("WV", "20135")).toMatchObject({
      kind: "zip",
      zone: { plans: ["highmark-wv"] },
      counties: ["Jefferson County"],
    });
  });

  it("no ZIP → the state's zones: one for Texas, several for New York", () => {
    expect(ref.place("TX", undefined)).toEqual({
      kind: "state",
      zones: [{ state: "TX", plans: ["bcbs-tx"] }],
    });
    expect(ref.zonesOf("TX")).toHaveLength(1);
    const ny = ref.zonesOf("NY").map((z) => z.plans.join("+"));
    expect(ny.length).toBeGreaterThan(3);
    expect(ny).toEqual(
      expect.arrayContaining(["anthem-ny", "excellus-ny", "highmark-wny", "anthem-ny+highmark-neny"]),
    );
    expect(ref.zonesOf("VA").map((z) => z.plans.join("+"))).toEqual([
      "anthem-va",
      "anthem-va+carefirst",
      "carefirst",
    ]);
  });

  it("a territory without a Blue plan has one zone with no plans", () => {
    expect(ref.zonesOf("GU")).toEqual([{ state: "GU", plans: [] }]);
    expect(ref.place("GU", "96910")).toMatchObject({ kind: "zip", zone: { state: "GU", plans: [] } });
  });

  it("returns the same objects every time: memoised placements, interned zones", () => {
    const a = ref.place("NY", "14604");
    expect(ref.place("NY", String(14604))).toBe(a);
    expect(ref.zonesOf("NY")).toBe(ref.zonesOf("NY"));
    expect(ref.place("NY", undefined)).toBe(ref.place("NY", undefined));
    const rochester = ref.place("NY", "14604");
    const syracuse = ref.place("NY", "13202");
    if (rochester.kind !== "zip" || syracuse.kind !== "zip") throw new Error("expected ZIP placements");
    expect(rochester.zone).toBe(syracuse.zone);
    expect(ref.zonesOf("NY")).toContain(rochester.zone);
  });
});

describe("counties and the where command", () => {
  it("finds a county as typed: Monroe, Monroe County, monroe county", () => {
    for (const name of ["Monroe", "Monroe County", "monroe county", " MONROE "])
      expect(ref.findCounty("NY", name).map((c) => c.fips)).toEqual(["36055"]);
    expect(ref.findCounty("NY", "Nowhere")).toEqual([]);
  });

  it("reports St. Louis in Missouri as ambiguous between the county and the city", () => {
    expect(ref.findCounty("MO", "St. Louis").map((c) => c.name)).toEqual([
      "St. Louis County",
      "St. Louis city",
    ]);
    expect(ref.findCounty("MO", "Saint Louis City").map((c) => c.name)).toEqual(["St. Louis city"]);
    const answer = ref.localPlansAt({ state: "MO", county: "St. Louis" });
    expect(answer).toMatchObject({ kind: "ambiguous", state: "MO" });
    expect(answer.kind === "ambiguous" ? answer.candidates.map((c) => c.fips) : []).toEqual([
      "29189",
      "29510",
    ]);
  });

  it("says why a plan is local in a county", () => {
    const answer = ref.localPlansAt({ state: "NY", county: "Monroe" });
    if (answer.kind !== "found") throw new Error(JSON.stringify(answer));
    const [place] = answer.places;
    expect(place?.plans.map((p) => p.id)).toEqual(["excellus-ny"]);
    expect(place?.plans[0]?.why).toEqual(["Monroe County is in Excellus BlueCross BlueShield's area."]);
    expect(place?.plans[0]?.partial).toBe(false);
  });

  it("marks the plans local in only part of a county split by ZIP code", () => {
    const answer = ref.localPlansAt({ state: "VA", county: "Fairfax County" });
    if (answer.kind !== "found") throw new Error(JSON.stringify(answer));
    const plans = answer.places[0]?.plans ?? [];
    expect(plans.map((p) => [p.id, p.partial])).toEqual([
      ["anthem-va", true],
      ["carefirst", true],
    ]);
    expect(plans[1]?.why[0]).toMatch(
      /^Part of Fairfax County is in CareFirst BlueCross BlueShield's area: ZIP codes 22003/,
    );
  });

  it("says why plans are local at a ZIP code, by county and by ZIP list", () => {
    const annandale = ref.localPlansAt({ zip: "22003" });
    if (annandale.kind !== "found") throw new Error(JSON.stringify(annandale));
    expect(annandale.places[0]?.plans.map((p) => [p.id, p.why])).toEqual([
      ["carefirst", ["ZIP 22003 is listed in CareFirst BlueCross BlueShield's area."]],
    ]);
    expect(annandale.places[0]?.plans[0]?.confidence).toBe("approximate");

    const albany = ref.localPlansAt({ zip: "12207", state: "NY" });
    if (albany.kind !== "found") throw new Error(JSON.stringify(albany));
    expect(albany.places[0]?.plans.map((p) => p.id)).toEqual(["anthem-ny", "highmark-neny"]);
    expect(albany.places[0]?.counties.map((c) => c.name)).toEqual(["Albany County"]);
  });

  it("explains a ZIP it cannot place", () => {
    expect(ref.localPlansAt({ zip: "10999" })).toMatchObject({ kind: "not-found", states: ["NY"] });
    expect(ref.localPlansAt({ zip: "07030", state: "NY" })).toMatchObject({
      kind: "not-found",
      message: "ZIP 07030 is in New Jersey, not New York.",
    });
  });
});
