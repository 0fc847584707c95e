import { describe, expect, it } from "vitest";
import { decide } from "../../src/rules/decide.js";
import { explain } from "../../src/rules/explain.js";
import {
  billingPlaces,
  guidance,
  judgedOn,
  type PlaceSource,
  type PlaceToJudge,
} from "../../src/rules/guidance.js";
import { aCase, at, credential, license } from "../support/builders.js";
import { fakeGeography } from "../support/fake-geography.js";

const provider = {
  licenses: [license("NY"), license("NJ")],
  credentials: [credential("anthem-ny", "NY"), credential("horizon-nj", "NJ")],
  practiceLocations: [at("NY", "10001", { line1: "1 Penn Plaza" })],
};

describe("billing-method guidance: one decision per place", () => {
  it("lists practice locations (in person) first, then client locations and extra places (telehealth)", () => {
    const out = guidance(
      {
        provider,
        client: { coverage: { payer: "bcbs-nc" }, locations: [at("NY", "14604"), at("NC", "27701")] },
        date: "2026-05-01",
        places: [at("NJ", "07030")],
      },
      fakeGeography,
    );
    expect(
      out.map((g) => [g.modality, g.place.state, g.decision.outcome, g.decision.basis, g.decision.billTo]),
    ).toEqual([
      ["in_person", "NY", "billable", "bluecard", "anthem-ny"],
      ["telehealth", "NY", "not_billable", null, null],
      ["telehealth", "NC", "not_billable", null, null],
      ["telehealth", "NJ", "billable", "bluecard", "horizon-nj"],
    ]);
  });

  it("counts a place once even when listed twice with different spacing or case", () => {
    const out = guidance(
      {
        provider,
        client: { coverage: { payer: "aetna" }, locations: [at("NY", "10027", { line1: "5 Elm St" })] },
        date: "2026-05-01",
        places: [at("NY", "10027", { line1: " 5  ELM st" })],
      },
      fakeGeography,
    );
    expect(out).toHaveLength(2);
  });

  it("gives the same decision evaluate would", () => {
    const entry = guidance(
      {
        provider,
        client: { coverage: { payer: "bcbs-nc" } },
        date: "2026-05-01",
        places: [at("NY", "14604")],
      },
      fakeGeography,
    ).at(-1);
    const direct = decide(
      aCase({ ...provider, payer: "bcbs-nc", where: at("NY", "14604"), modality: "telehealth" }),
      fakeGeography,
    );
    expect(entry?.decision).toEqual(direct);
  });
});

describe("the Billing method section: every place, each judged on its own day", () => {
  const source = (over: Partial<PlaceSource> = {}): PlaceSource => ({
    kind: "home",
    id: "loc",
    label: null,
    startsOn: null,
    endsOn: null,
    ...over,
  });
  const address = (state: "NY" | "NJ", zip: string, line1: string, city: string) => ({
    line1,
    line2: null,
    city,
    state,
    zip,
  });
  const home: PlaceToJudge = {
    modality: "telehealth",
    place: at("NY", "10027", { line1: "420 W 118th St", city: "New York" }),
    address: address("NY", "10027", "420 W 118th St", "New York"),
    source: source({ id: "home", label: "Apartment" }),
  };
  const rochester: PlaceToJudge = {
    modality: "telehealth",
    place: at("NY", "14604", { line1: "100 East Ave", city: "Rochester" }),
    address: address("NY", "14604", "100 East Ave", "Rochester"),
    source: source({
      kind: "temporary",
      id: "trip",
      label: "Visiting family",
      startsOn: "2026-07-06",
      endsOn: "2026-07-17",
    }),
  };
  const office: PlaceToJudge = {
    modality: "in_person",
    place: at("NY", "10001", { line1: "1 Penn Plaza", city: "New York" }),
    address: address("NY", "10001", "1 Penn Plaza", "New York"),
    source: source({ kind: "practice", id: "office", label: "Midtown" }),
  };
  const anthemOnly = { licenses: [license("NY")], credentials: [credential("anthem-ny", "NY")] };
  const run = (places: PlaceToJudge[], date: string, provider = anthemOnly) =>
    billingPlaces(
      {
        provider,
        coverage: { payer: "anthem-ny" },
        places,
        whereabouts: places
          .filter((p) => p.source.kind !== "practice")
          .map((p) => ({
            kind: p.source.kind as "home" | "temporary",
            state: p.place.state,
            zip: p.place.zip ?? null,
            startsOn: p.source.startsOn,
            endsOn: p.source.endsOn,
          })),
        date,
      },
      fakeGeography,
    );

  it("judges a place on the day asked, a later one on its first day, and leaves out one that is over", () => {
    expect(judgedOn(source({ kind: "practice" }), "2026-06-15")).toBe("2026-06-15");
    expect(judgedOn(rochester.source, "2026-07-10")).toBe("2026-07-10");
    expect(judgedOn(rochester.source, "2026-06-15")).toBe("2026-07-06");
    expect(judgedOn(rochester.source, "2026-07-17")).toBe("2026-07-17");
    expect(judgedOn(rochester.source, "2026-07-18")).toBeNull();
    // A home the client left on 31 December is no place for a session on 2 January.
    expect(judgedOn(source({ endsOn: "2026-12-31" }), "2027-01-02")).toBeNull();
    // A home the client moves to in March is judged on moving day.
    expect(judgedOn(source({ startsOn: "2027-03-01" }), "2027-01-02")).toBe("2027-03-01");
  });

  it("keeps two places in one state apart, each with its own answer (Manhattan and Rochester)", () => {
    const out = run([home, rochester], "2026-07-10");
    expect(out.map((p) => [p.source.id, p.judgedOn, p.decision.outcome, p.decision.billTo])).toEqual([
      ["home", "2026-07-10", "billable", "anthem-ny"],
      ["trip", "2026-07-10", "not_billable", null],
    ]);
    expect(out[1]?.decision.reasons[0]?.code).toBe("NOT_CREDENTIALED");
    expect(out[1]?.decision.reasons[0]?.message).toMatch(/Excellus/);
  });

  it("says what a crisis session would get at a refused video place, and nothing elsewhere", () => {
    const [office1, home1, trip] = run([home, rochester, office], "2026-07-10");
    expect(office1?.source.kind).toBe("practice");
    expect(office1?.crisis).toBeNull();
    expect(home1?.crisis).toBeNull();
    expect(trip?.crisis?.billable).toBe(true);
    expect(trip?.crisis?.decision.basis).toBe("crisis");
  });

  it("judges a trip next month on its first day: a license that ends before it fails there", () => {
    const endsSoon = { ...anthemOnly, licenses: [license("NY", { validTo: "2026-06-30" })] };
    const out = run([home, rochester], "2026-06-15", endsSoon);
    expect(out.map((p) => [p.source.id, p.judgedOn, p.decision.outcome])).toEqual([
      ["home", "2026-06-15", "billable"],
      ["trip", "2026-07-06", "not_billable"],
    ]);
    expect(out[1]?.decision.reasons[0]?.code).toBe("LICENSE_NOT_ACTIVE");
  });

  it("leaves out a trip that is over, and merges only the very same address", () => {
    const twin: PlaceToJudge = { ...home, source: source({ kind: "virtual_session", id: "twin" }) };
    const upstairs: PlaceToJudge = {
      ...home,
      address: { ...home.address, line2: "Apt 5C" },
      source: source({ kind: "virtual_session", id: "upstairs" }),
    };
    const out = run([home, twin, upstairs, rochester], "2026-08-01");
    expect(out.map((p) => p.source.id)).toEqual(["home", "upstairs"]);
  });
});

describe("explain: the decision told for a person", () => {
  it("names the rule that decided, each check, and what would change the answer", () => {
    const c = aCase({
      licenses: [license("NY")],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY", "14604"),
    });
    const a = explain(c, decide(c, fakeGeography), fakeGeography);
    expect(a.headline).toMatch(/^Not billable/);
    expect(a.decidedBy).toMatch(/rule 3/);
    expect(a.steps.map((s) => [s.title, s.status])).toEqual([
      ["Where the session happens", "pass"],
      ["The client's plan", "pass"],
      ["Authority to practice in New York", "pass"],
      ["Outside Blue Cross and Blue Shield of North Carolina's area: virtual network, then BlueCard", "fail"],
    ]);
    expect(a.steps[0]?.lines.join(" ")).toContain("Monroe County");
    expect(a.changes[0]).toContain("Excellus");
  });

  it("tells a billable BlueCard session whom to bill", () => {
    const c = aCase({
      licenses: [license("NY")],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY", "10027"),
    });
    const a = explain(c, decide(c, fakeGeography), fakeGeography);
    expect(a.headline).toBe(
      "Billable: bill Anthem Blue Cross Blue Shield (New York) (BlueCard, for the client's Blue Cross and Blue Shield of North Carolina plan).",
    );
    expect(a.decidedBy).toMatch(/rule 6/);
  });
});
