import { describe, expect, it } from "vitest";
import { payerMatches, type Searchable } from "./payer-search";

const PLANS: readonly Searchable[] = [
  {
    id: "bcbs-nc",
    name: "Blue Cross and Blue Shield of North Carolina",
    areaName: "North Carolina",
    states: ["NC"],
  },
  {
    id: "excellus-ny",
    name: "Excellus BlueCross BlueShield",
    areaName: "central and northern upstate New York (Rochester, Syracuse)",
    states: ["NY"],
  },
  {
    id: "horizon-nj",
    name: "Horizon Blue Cross Blue Shield of New Jersey",
    areaName: "New Jersey",
    states: ["NJ"],
  },
  { id: "cigna", name: "Cigna Healthcare", states: [] },
  { id: "uhc", name: "UnitedHealthcare", states: [] },
];
const find = (q: string) => PLANS.filter((p) => payerMatches(p, q)).map((p) => p.id);

describe("finding a payer", () => {
  it("finds by name, any case, and everything when nothing is typed", () => {
    expect(find("excellus")).toEqual(["excellus-ny"]);
    expect(find("CIGNA")).toEqual(["cigna"]);
    expect(find("  ")).toHaveLength(PLANS.length);
  });

  it("finds by id", () => {
    expect(find("bcbs-nc")).toEqual(["bcbs-nc"]);
    expect(find("uhc")).toEqual(["uhc"]);
  });

  it("finds by state code or state name, and a city of the area", () => {
    expect(find("ny")).toEqual(["excellus-ny"]);
    expect(find("NJ")).toEqual(["horizon-nj"]);
    expect(find("new jersey")).toEqual(["horizon-nj"]);
    expect(find("New York")).toEqual(["excellus-ny"]);
    expect(find("rochester")).toEqual(["excellus-ny"]);
  });

  it("needs every word to match: a plan's name and its state", () => {
    expect(find("horizon nj")).toEqual(["horizon-nj"]);
    expect(find("horizon ny")).toEqual([]);
  });

  it("a short word matches the start of a word, not the middle", () => {
    // "he" starts "Healthcare" (Cigna's), not "UnitedHealthcare"; "ar" is inside "Carolina" only.
    expect(find("he")).toEqual(["cigna"]);
    expect(find("ar")).toEqual([]);
  });
});
