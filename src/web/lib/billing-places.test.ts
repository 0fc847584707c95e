import { describe, expect, it } from "vitest";
import type { BillingPlace, Decision, Risk } from "../api/types";
import {
  andList,
  billingMethodHref,
  dateRange,
  groupByState,
  isIsoDate,
  judgedWords,
  notesOf,
  placeKind,
  quickPicks,
  riskDate,
  riskTitle,
  routeWords,
  shortDate,
  temporaryPracticeNotes,
  tripTitle,
} from "./billing-places";
import { SPLIT_PAIRS, splitPatternId } from "./routes";

const NAMES: Record<string, string> = {
  "anthem-ny": "Anthem Blue Cross Blue Shield (New York)",
  "excellus-ny": "Excellus BlueCross BlueShield",
  "bcbs-nc": "Blue Cross NC",
};
const payerName = (id: string) => NAMES[id] ?? id;

const decision = (over: Partial<Decision>): Decision => ({
  outcome: "billable",
  basis: "bluecard",
  billTo: "anthem-ny",
  homePlan: "bcbs-nc",
  state: "NY",
  license: { state: "NY", type: "LCSW" },
  credential: { payer: "anthem-ny", state: "NY", network: "standard" },
  reasons: [],
  requirements: [],
  notes: [],
  ...over,
});

const notLicensed = (state: string, name: string): Decision =>
  decision({
    outcome: "not_billable",
    basis: null,
    billTo: null,
    state: state as Decision["state"],
    license: null,
    credential: null,
    reasons: [
      {
        code: "NOT_LICENSED",
        message: `You hold no license or compact privilege for ${name}, where the client will be.`,
        fix: `Get a ${name} license, or see this client while they are in New York.`,
      },
    ],
  });

let n = 0;
const place = (
  over: Partial<Omit<BillingPlace, "source">> & { source?: Partial<BillingPlace["source"]> },
): BillingPlace => {
  n += 1;
  const { source, ...rest } = over;
  return {
    place: { line1: null, city: "New York", state: "NY", zip: "10027" },
    modality: "telehealth",
    decision: decision({}),
    judgedOn: "2026-12-08",
    crisis: null,
    ...rest,
    source: {
      kind: "virtual_session",
      id: `00000000-0000-4000-8000-00000000000${n}`,
      label: null,
      startsOn: null,
      endsOn: null,
      ...source,
    },
  };
};

describe("groupByState: one box per state, every place in it", () => {
  it("says plainly when a state's places get different answers, place by place", () => {
    const places = [
      place({
        modality: "in_person",
        place: { line1: "200 W 57th St", city: "New York", state: "NY", zip: "10019" },
        source: { kind: "practice", label: "Manhattan" },
      }),
      place({
        place: { line1: null, city: "Rochester", state: "NY", zip: "14604" },
        decision: notLicensed("NY", "upstate New York"),
        source: { kind: "home", label: null },
      }),
    ];
    const [ny, ...others] = groupByState(places, payerName);
    expect(others).toEqual([]);
    expect(ny?.agree).toBe(false);
    expect(ny?.places).toHaveLength(2);
    expect(ny?.answers.map((a) => a.kind)).toEqual(["bluecard", "not_possible"]);
    expect(ny?.split).toEqual(["bluecard", "not_possible"]);
    expect(ny?.sentence).toBe(
      "In New York it depends on where: Manhattan (in person) — BlueCard via Anthem Blue Cross Blue Shield (New York); " +
        "Rochester (by video) — not possible, you hold no license or compact privilege for upstate New York, where the client will be.",
    );
    expect(ny?.summary.startsWith("depends on where: ")).toBe(true);
  });

  it("gives one answer, with the places listed, when they all agree", () => {
    const places = [
      place({ modality: "in_person", source: { kind: "practice", label: "Midtown office" } }),
      place({ source: { kind: "virtual_session", label: "Dorm, Columbia" } }),
    ];
    const [ny] = groupByState(places, payerName);
    expect(ny?.agree).toBe(true);
    expect(ny?.answers).toHaveLength(1);
    expect(ny?.answers[0]?.places).toHaveLength(2);
    expect(ny?.split).toBeNull();
    expect(ny?.sentence).toBe(
      "In New York, for Midtown office (in person) and Dorm, Columbia (by video): BlueCard via Anthem Blue Cross Blue Shield (New York).",
    );
    expect(ny?.summary).toBe(
      "Midtown office (in person) and Dorm, Columbia (by video): BlueCard via Anthem Blue Cross Blue Shield (New York)",
    );
  });

  it("tells apart two BlueCard answers that bill different local plans (same colour, not the same answer)", () => {
    const places = [
      place({ modality: "in_person", source: { kind: "practice", label: "Manhattan" } }),
      place({
        place: { line1: null, city: "Rochester", state: "NY", zip: "14604" },
        decision: decision({
          billTo: "excellus-ny",
          credential: { payer: "excellus-ny", state: "NY", network: "standard" },
        }),
        source: { kind: "home" },
      }),
    ];
    const [ny] = groupByState(places, payerName);
    expect(ny?.agree).toBe(false);
    expect(ny?.split).toBeNull();
    expect(ny?.kind).toBe("bluecard");
    expect(ny?.sentence).toContain("Rochester (by video) — BlueCard via Excellus BlueCross BlueShield");
  });

  it("never drops a place: states keep the order of their first place, each with all of its places", () => {
    const places = [
      place({ modality: "in_person", source: { kind: "practice", label: "Office" } }),
      place({
        place: { line1: null, city: "Durham", state: "NC", zip: "27701" },
        decision: notLicensed("NC", "North Carolina"),
        source: { kind: "home" },
      }),
      place({ source: { kind: "virtual_session", label: "Dorm" } }),
      place({
        place: { line1: null, city: "Miami Beach", state: "FL", zip: "33139" },
        decision: notLicensed("FL", "Florida"),
        source: { kind: "temporary", startsOn: "2026-12-09", endsOn: "2026-12-16" },
        judgedOn: "2026-12-09",
      }),
    ];
    const groups = groupByState(places, payerName);
    expect(groups.map((g) => g.state)).toEqual(["NY", "NC", "FL"]);
    expect(groups.flatMap((g) => g.places)).toHaveLength(4);
    expect(groups[2]?.places[0]?.name).toBe("Trip to Florida");
  });

  it("marks a refused video place as crisis only when a documented crisis session would be billable", () => {
    const refused = place({
      place: { line1: null, city: "Durham", state: "NC", zip: "27701" },
      decision: notLicensed("NC", "North Carolina"),
      crisis: { billable: true, decision: decision({ basis: "crisis", billTo: "bcbs-nc" }) },
    });
    expect(placeKind(refused)).toBe("crisis_only");
    const [nc] = groupByState([refused], payerName);
    expect(nc?.answers[0]?.crisisBillable).toBe(true);
    expect(nc?.sentence).toContain("crisis sessions only, you hold no license");
    expect(placeKind({ ...refused, crisis: { billable: false, decision: refused.decision } })).toBe(
      "not_possible",
    );
  });

  it("lists each note of a state's places once", () => {
    const note = {
      code: "VERIFY_OUT_OF_AREA_BENEFITS" as const,
      message: "Verify the member's out-of-area benefits.",
    };
    const places = [
      place({ decision: decision({ notes: [note] }) }),
      place({ decision: decision({ notes: [note] }) }),
    ];
    const [ny] = groupByState(places, payerName);
    expect(ny ? notesOf(ny) : []).toEqual([note.message]);
  });
});

describe("routeWords and andList", () => {
  it("names the route the way the boxes do", () => {
    expect(routeWords("in_network", decision({ basis: "in_network", billTo: "bcbs-nc" }), payerName)).toBe(
      "In network with Blue Cross NC",
    );
    expect(routeWords("virtual_network", decision({ basis: "virtual_network" }), payerName)).toBe(
      "Blue Cross NC virtual network",
    );
    expect(routeWords("not_possible", decision({ outcome: "incomplete" }), payerName)).toBe(
      "Not possible yet: details missing",
    );
  });

  it("joins places as a person would", () => {
    expect(andList(["A"])).toBe("A");
    expect(andList(["A", "B"])).toBe("A and B");
    expect(andList(["A", "B", "C"])).toBe("A, B and C");
  });
});

describe("trip dates", () => {
  const today = "2026-12-04";
  it("drops the current year and keeps another", () => {
    expect(shortDate("2026-12-09", today)).toBe("Dec 9");
    expect(shortDate("2027-01-03", today)).toBe("Jan 3, 2027");
  });

  it("writes ranges compactly", () => {
    expect(dateRange("2026-12-09", "2026-12-16", today)).toBe("Dec 9–16");
    expect(dateRange("2026-11-28", "2026-12-03", today)).toBe("Nov 28 – Dec 3");
    expect(dateRange("2026-12-30", "2027-01-03", today)).toBe("Dec 30, 2026 – Jan 3, 2027");
    expect(dateRange("2027-03-01", "2027-03-08", today)).toBe("Mar 1–8, 2027");
    expect(dateRange("2026-12-09", null, today)).toBe("from Dec 9");
    expect(dateRange(null, "2026-12-16", today)).toBe("until Dec 16");
    expect(dateRange("2026-12-09", "2026-12-09", today)).toBe("Dec 9");
  });

  it("names a trip by its label, else by where it goes", () => {
    expect(tripTitle(null, "FL")).toBe("Trip to Florida");
    expect(tripTitle("  Spring break ", "FL")).toBe("Spring break");
  });

  it("says which day a trip was judged on when it is not the day asked", () => {
    const trip = place({
      source: { kind: "temporary", startsOn: "2026-12-09", endsOn: "2026-12-16" },
      judgedOn: "2026-12-09",
    });
    expect(judgedWords(trip, "2026-12-08", today)).toBe("judged for Dec 9 (the trip's first day)");
    expect(judgedWords(trip, "2026-12-09", today)).toBeNull();
  });

  it("accepts only real YYYY-MM-DD dates from the address", () => {
    expect(isIsoDate("2026-12-09")).toBe(true);
    expect(isIsoDate("2026-13-45")).toBe(false);
    expect(isIsoDate("tomorrow")).toBe(false);
    expect(isIsoDate(null)).toBe(false);
  });
});

describe("quickPicks", () => {
  const today = "2026-12-04";
  it("offers today, the next session and each trip's first day still ahead", () => {
    const picks = quickPicks(today, "2026-12-08", [
      { label: null, state: "FL", startsOn: "2026-12-09", endsOn: "2026-12-16" },
      { label: "Ski week", state: "CO", startsOn: "2026-12-01", endsOn: "2026-12-06" },
      { label: "Last summer", state: "ME", startsOn: "2026-07-01", endsOn: "2026-07-10" },
    ]);
    // The trip under way starts today for the picker, and today is offered once already.
    expect(picks).toEqual([
      { date: today, label: "Today" },
      { date: "2026-12-08", label: "Next session, Dec 8" },
      { date: "2026-12-09", label: "Trip to Florida, Dec 9" },
    ]);
  });

  it("offers a day once", () => {
    const picks = quickPicks(today, "2026-12-09", [
      { label: null, state: "FL", startsOn: "2026-12-09", endsOn: "2026-12-16" },
    ]);
    expect(picks.map((p) => p.label)).toEqual(["Today", "Next session, Dec 9"]);
  });
});

describe("risks on the Clients list", () => {
  const today = "2026-12-04";
  const session = (id: string, serviceDate: string) => ({
    id,
    startsAt: `${serviceDate}T15:00:00.000Z`,
    timeZone: "America/New_York",
    serviceDate,
    modality: "telehealth" as const,
    reason: null,
  });
  const trip: Risk = {
    place: {
      line1: null,
      line2: null,
      city: "Miami Beach",
      state: "FL",
      zip: "33139",
      source: "client_location",
      sourceId: "00000000-0000-4000-8000-000000000010",
      kind: "temporary",
    },
    locationId: "00000000-0000-4000-8000-000000000010",
    label: null,
    startsOn: "2026-12-09",
    endsOn: "2026-12-16",
    reason: {
      code: "NOT_LICENSED",
      message: "You hold no license or compact privilege for Florida, where the client will be.",
      fix: null,
    },
    crisisBillable: true,
    notes: [
      "A counselor licensed in another state can register with Florida as an out-of-state telehealth provider. An allowance to practise in Florida does not by itself make a session billable: check the board's rules, and the client's plan still needs a credential there.",
      "Verify the member's out-of-area benefits.",
    ],
    sessions: [
      session("00000000-0000-4000-8000-000000000021", "2026-12-11"),
      session("00000000-0000-4000-8000-000000000020", "2026-12-10"),
    ],
  };

  it("titles a trip's risk with its dates and the count", () => {
    expect(riskTitle(trip, today)).toBe("Trip to Florida Dec 9–16: 2 sessions at risk");
    expect(riskTitle({ ...trip, label: "Spring break", sessions: trip.sessions.slice(0, 1) }, today)).toBe(
      "Spring break Dec 9–16: 1 session at risk",
    );
  });

  it("titles a home's risk by its state", () => {
    const home: Risk = {
      ...trip,
      place: trip.place ? { ...trip.place, kind: "home", state: "NJ" } : null,
      startsOn: null,
      endsOn: null,
    };
    expect(riskTitle(home, today)).toBe("Home in New Jersey: 2 sessions at risk");
  });

  it("keeps only the temporary-practice notes, and links to the first session's date", () => {
    expect(temporaryPracticeNotes(trip.notes)).toHaveLength(1);
    expect(riskDate(trip)).toBe("2026-12-10");
    expect(billingMethodHref("abc", "2026-12-10")).toBe("/clients/abc?date=2026-12-10");
    expect(billingMethodHref("abc", null)).toBe("/clients/abc");
  });
});

describe("split states on the map", () => {
  it("names one striped pattern per pair of kinds, best kind first", () => {
    expect(splitPatternId("not_possible", "bluecard")).toBe("route-split-bluecard-not_possible");
    expect(splitPatternId("bluecard", "not_possible")).toBe("route-split-bluecard-not_possible");
    expect(SPLIT_PAIRS).toHaveLength(10);
    expect(new Set(SPLIT_PAIRS.map(([a, b]) => splitPatternId(a, b))).size).toBe(10);
  });
});
