/** Advice fitted to the situation: a trip is not a move, and neither calls for the same fix. */
import { describe, expect, it } from "vitest";
import { advise, nextDay, situationOf, type Whereabouts } from "../../src/rules/advice.js";
import { decide } from "../../src/rules/decide.js";
import { aCase, at, credential, license, type CaseSpec } from "../support/builders.js";
import { fakeGeography } from "../support/fake-geography.js";

const home = (state: Whereabouts["state"], zip: string, startsOn: string | null = null): Whereabouts => ({
  kind: "home",
  state,
  zip,
  startsOn,
  endsOn: null,
});
const trip = (state: Whereabouts["state"], zip: string, startsOn: string, endsOn: string): Whereabouts => ({
  kind: "temporary",
  state,
  zip,
  startsOn,
  endsOn,
});

const nyTherapist = { licenses: [license("NY")], credentials: [credential("aetna", "NY")] };
const run = (spec: CaseSpec, places: Whereabouts[]) => {
  const c = aCase(spec);
  const d = decide(c, fakeGeography);
  return { before: d, after: advise(c, d, places, fakeGeography) };
};

describe("advice for a trip", () => {
  const places = [home("NY", "10027"), trip("FL", "33139", "2026-12-09", "2026-12-16")];
  const spec: CaseSpec = { ...nyTherapist, where: at("FL", "33139"), date: "2026-12-10" };

  it("says what the state allows, when they are back, and the crisis option — not 'get licensed' first", () => {
    const { before, after } = run(spec, places);
    expect(after.outcome).toBe(before.outcome);
    expect(after.reasons.map((r) => r.code)).toEqual(before.reasons.map((r) => r.code));
    const fix = after.reasons[0]?.fix ?? "";
    expect(fix).toMatch(/^While the client is in Florida until 2026-12-16: Florida lets providers/);
    expect(fix).toContain("Check the Florida board's rules on temporary practice");
    expect(fix).toContain("Or see them again from 2026-12-17, when they are back in New York.");
    expect(fix).toContain("a crisis session by video is billable under the crisis exception");
    expect(fix.indexOf("Get licensed")).toBe(-1);
    expect(fix).toContain("For sessions in Florida later on: get licensed in Florida");
  });

  it("a state without data gets the neutral sentence", () => {
    const { after } = run({ ...nyTherapist, where: at("TX", "75201"), date: "2026-12-10" }, [
      home("NY", "10027"),
      trip("TX", "75201", "2026-12-09", "2026-12-16"),
    ]);
    expect(after.reasons[0]?.fix).toMatch(
      /^While the client is in Texas until 2026-12-16, check the Texas board's rules on temporary practice/,
    );
  });

  it("does not promise the return when the provider could not see them back home either", () => {
    const { after } = run({ ...spec, credentials: [] }, places);
    expect(after.reasons[0]?.fix).not.toContain("when they are back");
  });

  it("no crisis option without a credential with the client's plan", () => {
    const { after } = run({ ...spec, credentials: [credential("cigna", "NY")] }, places);
    expect(after.reasons[0]?.fix).not.toContain("crisis");
  });
});

describe("advice for a move", () => {
  it("refers first, with licensing and credentialing second", () => {
    const { after } = run({ ...nyTherapist, where: at("NJ", "07030"), date: "2027-01-10" }, [
      { ...home("NY", "10027"), endsOn: "2026-12-31" },
      home("NJ", "07030", "2027-01-01"),
    ]);
    const fix = after.reasons[0]?.fix ?? "";
    expect(fix).toMatch(
      /^New Jersey is now the client's home: refer them to a provider who can see them in New Jersey/,
    );
    expect(fix).toContain("to keep seeing them yourself: get licensed in New Jersey");
  });
});

describe("a home that is not a move", () => {
  it("a family home with no start date (a student at college) keeps the engine's fix", () => {
    const { before, after } = run({ ...nyTherapist, where: at("NC", "27701"), date: "2026-12-20" }, [
      home("NC", "27701"),
      { kind: "virtual_session", state: "NY", zip: "10027", startsOn: null, endsOn: null },
    ]);
    expect(after).toBe(before);
  });

  it("a home begun within the last season is a move; one begun long ago is not", () => {
    const spec = { ...nyTherapist, where: at("NJ", "07030"), date: "2026-12-20" };
    expect(run(spec, [home("NJ", "07030", "2026-11-01")]).after.reasons[0]?.fix).toMatch(
      /^New Jersey is now/,
    );
    const old = run(spec, [home("NJ", "07030", "2024-01-01")]);
    expect(old.after).toBe(old.before);
  });
});

describe("what advice leaves alone", () => {
  it("billable and incomplete decisions", () => {
    const places = [home("NY", "10027")];
    const billable = run({ ...nyTherapist, where: at("NY", "10027") }, places);
    expect(billable.after).toBe(billable.before);
    const incomplete = run({ ...nyTherapist, where: at("NY"), payer: "acme" }, places);
    expect(incomplete.after).toBe(incomplete.before);
  });

  it("a place that is neither a trip nor the home (a one-off address)", () => {
    const { before, after } = run({ ...nyTherapist, where: at("NJ", "07030") }, [home("NY", "10027")]);
    expect(after).toBe(before);
  });

  it("situations: in-person sessions are judged at the practice, never a trip", () => {
    const c = aCase({ ...nyTherapist, where: at("FL", "33139"), modality: "in_person", date: "2026-12-10" });
    expect(situationOf(c, [trip("FL", "33139", "2026-12-09", "2026-12-16")]).kind).toBe("other");
  });

  it("nextDay crosses months and leap days", () => {
    expect(nextDay("2026-12-31")).toBe("2027-01-01");
    expect(nextDay("2028-02-28")).toBe("2028-02-29");
  });
});
