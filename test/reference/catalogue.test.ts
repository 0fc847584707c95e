import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CatalogueError,
  DATA_DIR,
  createReference,
  loadReference,
  type Reference,
} from "../../src/reference/catalogue.js";
import { STATES, type StateCode } from "../../src/contract/states.js";

/** The plan ids of /work/shared/domain/bcbs-plans.md, in its order. */
const BCBS_IDS = [
  "bcbs-al",
  "premera-ak",
  "bcbs-az",
  "bcbs-ar",
  "anthem-ca",
  "blueshield-ca",
  "anthem-co",
  "anthem-ct",
  "highmark-de",
  "carefirst",
  "bcbs-fl",
  "anthem-ga",
  "bcbs-hi",
  "bcidaho",
  "regence-id",
  "bcbs-il",
  "anthem-in",
  "wellmark-ia",
  "bcbs-ks",
  "bcbs-kc",
  "anthem-ky",
  "bcbs-la",
  "anthem-me",
  "bcbs-ma",
  "bcbs-mi",
  "bcbs-mn",
  "bcbs-ms",
  "anthem-mo",
  "bcbs-mt",
  "bcbs-ne",
  "anthem-nv",
  "anthem-nh",
  "horizon-nj",
  "bcbs-nm",
  "anthem-ny",
  "excellus-ny",
  "highmark-wny",
  "highmark-neny",
  "bcbs-nc",
  "bcbs-nd",
  "anthem-oh",
  "bcbs-ok",
  "regence-or",
  "highmark-pa",
  "ibx-pa",
  "capital-pa",
  "bcbs-ri",
  "bcbs-sc",
  "wellmark-sd",
  "bcbs-tn",
  "bcbs-tx",
  "regence-ut",
  "bcbs-vt",
  "anthem-va",
  "premera-wa",
  "regence-wa",
  "highmark-wv",
  "anthem-wi",
  "bcbs-wy",
  "triples-pr",
];
const NATIONAL_IDS = ["aetna", "cigna", "uhc", "optum", "oscar", "humana", "medicare", "tricare"];
const NO_BLUE_PLAN: StateCode[] = ["GU", "VI", "AS", "MP"];

const ref = loadReference();
const shipped = (): Record<string, unknown> =>
  JSON.parse(readFileSync(new URL("payers.json", DATA_DIR), "utf8")) as Record<string, unknown>;

/** A copy of the shipped payers.json with one payer changed. */
function withPayer(id: string, change: (p: Record<string, unknown>) => void): Record<string, unknown> {
  const doc = shipped();
  const payers = doc.payers as Record<string, unknown>[];
  const p = payers.find((x) => x.id === id);
  if (!p) throw new Error(`no payer ${id}`);
  change(p);
  return doc;
}

function rejection(doc: unknown): string {
  try {
    createReference(doc).check();
  } catch (e) {
    expect(e).toBeInstanceOf(CatalogueError);
    return (e as Error).message;
  }
  throw new Error("the catalogue was accepted");
}

describe("the payer catalogue", () => {
  it("holds exactly the plans of bcbs-plans.md and the 8 national payers", () => {
    const payers = ref.payers();
    expect(payers.filter((p) => p.kind === "bcbs").map((p) => p.id)).toEqual(BCBS_IDS);
    expect(
      payers
        .filter((p) => p.kind === "national")
        .map((p) => p.id)
        .sort(),
    ).toEqual([...NATIONAL_IDS].sort());
    expect(new Set(payers.map((p) => p.id)).size).toBe(payers.length);
  });

  it("gives every Blue plan a mark, an area name, a source and a confidence; national payers no area", () => {
    for (const p of ref.payers()) {
      expect(["sourced", "common", "approximate"], p.id).toContain(p.confidence);
      expect(ref.payer(p.id)).toMatchObject({ id: p.id, name: p.name, kind: p.kind, states: p.states });
      if (p.kind === "bcbs") {
        expect(["both", "blue-cross", "blue-shield"], p.id).toContain(p.mark);
        expect(p.areaName, p.id).toMatch(/\S/);
        expect(p.source.length, p.id).toBeGreaterThan(0);
        expect(p.states.length, p.id).toBeGreaterThan(0);
      } else {
        expect(p.area, p.id).toBeUndefined();
        expect(ref.payer(p.id)?.areaName).toBeUndefined();
        expect(p.states).toEqual([]);
      }
    }
    expect(ref.payer("acme-health")).toBeUndefined();
  });

  it("puts every county of the 50 states, DC and Puerto Rico in at least one Blue plan's area", () => {
    const uncovered: string[] = [];
    let counted = 0;
    for (const [state] of STATES) {
      if (NO_BLUE_PLAN.includes(state)) continue;
      const counties = ref.counties(state);
      expect(counties.length, state).toBeGreaterThan(0);
      for (const county of counties) {
        counted++;
        if (ref.plansInCounty(county).length === 0) uncovered.push(`${county.name}, ${state}`);
      }
    }
    expect(uncovered).toEqual([]);
    expect(counted).toBeGreaterThan(3200);
  });

  it("has no Blue plan in Guam, the Virgin Islands, American Samoa or the Northern Marianas", () => {
    expect([...ref.noBluePlan().states].sort()).toEqual([...NO_BLUE_PLAN].sort());
    for (const state of NO_BLUE_PLAN) {
      for (const county of ref.counties(state)) expect(ref.plansInCounty(county)).toEqual([]);
      expect(ref.zonesOf(state).map((z) => z.plans)).toEqual([[]]);
    }
  });

  it("gives every Blue plan a non-empty area: local in some county or at some ZIP code", () => {
    const local = new Set<string>();
    for (const [state] of STATES) {
      for (const county of ref.counties(state)) for (const id of ref.plansInCounty(county)) local.add(id);
      for (const zone of ref.zonesOf(state)) for (const id of zone.plans) local.add(id);
    }
    for (const p of ref.payers().filter((x) => x.kind === "bcbs")) {
      expect(p.area?.length, p.id).toBeGreaterThan(0);
      expect(local.has(p.id), p.id).toBe(true);
    }
  });

  it("covers New York's 62 counties with the four plans, two local plans in the 13 northeastern ones", () => {
    const counties = ref.counties("NY");
    expect(counties).toHaveLength(62);
    const two = counties.filter((c) => ref.plansInCounty(c).length === 2);
    expect(two).toHaveLength(13);
    for (const c of two) expect(ref.plansInCounty(c)).toEqual(["anthem-ny", "highmark-neny"]);
    for (const c of counties) expect(ref.plansInCounty(c).length, c.name).toBeGreaterThan(0);
  });

  it("splits Pennsylvania: Independence's 5 counties, Capital's 21 shared with Highmark, Highmark's 41 alone", () => {
    const byPlans = new Map<string, number>();
    for (const c of ref.counties("PA")) {
      const key = ref.plansInCounty(c).join("+");
      byPlans.set(key, (byPlans.get(key) ?? 0) + 1);
    }
    expect(Object.fromEntries(byPlans)).toEqual({
      "ibx-pa": 5,
      "capital-pa+highmark-pa": 21,
      "highmark-pa": 41,
    });
  });

  it("lists ZIP codes only in the state of their area entry (checked when the ZIP index loads)", () => {
    expect(() => {
      ref.check();
    }).not.toThrow();
  });
});

describe("the catalogue loader", () => {
  it("accepts the shipped payers.json as an explicit object", () => {
    const r: Reference = createReference(shipped());
    expect(r.payers().map((p) => p.id)).toEqual(ref.payers().map((p) => p.id));
    expect(r.place("NY", "14604")).toMatchObject({ kind: "zip", zone: { plans: ["excellus-ny"] } });
  });

  it("rejects an unknown county, naming the payer and the field", () => {
    const doc = withPayer("bcbs-kc", (p) => {
      const area = p.area as { counties: string[] }[];
      area[1]!.counties[17] = "Jaxon County";
    });
    const message = rejection(doc);
    expect(message).toContain('payer "bcbs-kc"');
    expect(message).toContain("area[1].counties[17]");
    expect(message).toContain('unknown county "Jaxon County" in MO');
  });

  it("suggests the Census spelling of a county written without its suffix", () => {
    const doc = withPayer("regence-or", (p) => {
      p.area = [{ state: "OR" }, { state: "WA", counties: ["Clark"] }];
    });
    expect(rejection(doc)).toMatch(
      /area\[1\]\.counties\[0\]: unknown county "Clark" in WA \(did you mean "Clark County"\?\)/,
    );
  });

  it("rejects an unknown state, a duplicate id and an empty area", () => {
    expect(rejection(withPayer("bcbs-tx", (p) => (p.area = [{ state: "TZ" }])))).toMatch(
      /payer "bcbs-tx": area\[0\]\.state: unknown state "TZ"/,
    );
    expect(rejection(withPayer("bcbs-tx", (p) => (p.area = [])))).toMatch(
      /payer "bcbs-tx": area: the area is empty/,
    );
    expect(rejection(withPayer("bcbs-tx", (p) => (p.id = "bcbs-ok")))).toMatch(
      /payer "bcbs-ok": id: duplicate id/,
    );
    expect(rejection(withPayer("bcbs-tx", (p) => (p.area = [{ state: "TX", counties: [] }])))).toMatch(
      /payer "bcbs-tx": area\[0\]\.counties: expected a non-empty list/,
    );
  });

  it("rejects an entry that mixes shapes, and a Blue plan in a state listed without one", () => {
    expect(
      rejection(
        withPayer(
          "bcbs-tx",
          (p) => (p.area = [{ state: "TX", counties: ["Harris County"], zips: ["77002"] }]),
        ),
      ),
    ).toMatch(/payer "bcbs-tx": area\[0\]: use one of counties, zips/);
    expect(rejection(withPayer("bcbs-tx", (p) => (p.area = [{ state: "GU" }])))).toMatch(
      /payer "bcbs-tx": area\[0\]\.state: GU is listed under noBluePlan/,
    );
  });

  it("rejects a listed ZIP code that does not lie in the entry's state when the ZIP index loads", () => {
    const doc = withPayer("carefirst", (p) => {
      const area = p.area as { zips?: string[] }[];
      area[4]!.zips = ["22003", "10027"];
    });
    expect(rejection(doc)).toMatch(/payer "carefirst": area\[4\]\.zips\[1\]: ZIP 10027 lies in NY, not VA/);
  });
});
