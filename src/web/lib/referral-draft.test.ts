import { describe, expect, it } from "vitest";
import type { Risk } from "../api/types";
import {
  clientQuery,
  directoryQuery,
  emptyDirectoryDraft,
  entryRoute,
  firstName,
  referralReason,
  referredNotice,
  riskSearchPlace,
  untilWords,
  whyWords,
} from "./referral-draft";

const TODAY = "2026-12-01";

const session = (id: string, serviceDate: string) => ({
  id,
  startsAt: `${serviceDate}T15:00:00Z`,
  timeZone: "America/New_York",
  serviceDate,
  modality: "telehealth" as const,
  reason: null,
});

const vacation: Risk = {
  place: {
    line1: "1200 Ocean Dr",
    line2: null,
    city: "Miami Beach",
    state: "FL",
    zip: "33139-1234",
    source: "client_location",
    sourceId: "00000000-0000-4000-8000-000000000010",
    kind: "temporary",
  },
  locationId: "00000000-0000-4000-8000-000000000010",
  label: "Vacation",
  startsOn: "2026-12-09",
  endsOn: "2026-12-16",
  reason: {
    code: "NOT_LICENSED",
    message: "You hold no license or privilege for Florida.",
    fix: "Add a Florida license",
  },
  crisisBillable: true,
  notes: [],
  sessions: [
    session("00000000-0000-4000-8000-000000000012", "2026-12-14"),
    session("00000000-0000-4000-8000-000000000011", "2026-12-10"),
  ],
};

describe("a risk's directory search", () => {
  it("searches at the trip's place (5-digit ZIP) on the first session at risk", () => {
    const place = riskSearchPlace(vacation);
    expect(place).toEqual({
      state: "FL",
      zip: "33139",
      city: "Miami Beach",
      date: "2026-12-10",
      startsOn: "2026-12-09",
      endsOn: "2026-12-16",
    });
    expect(place && clientQuery("c1", place)).toEqual({
      clientId: "c1",
      state: "FL",
      zip: "33139",
      date: "2026-12-10",
    });
  });

  it("has nothing to search when the place is not on file", () => {
    expect(riskSearchPlace({ ...vacation, place: null })).toBeUndefined();
  });
});

describe("the prefilled reason", () => {
  it("says where the client will be, when, and why the provider cannot see them there", () => {
    const place = riskSearchPlace(vacation);
    if (!place) throw new Error("no place");
    expect(referralReason("Sam Rivera", place, "NOT_LICENSED", TODAY)).toBe(
      "Sam will be in Miami Beach, Florida, Dec 9–16; I am not licensed there.",
    );
  });

  it("names a move's first day and a plan the provider cannot bill", () => {
    expect(
      referralReason(
        "Taylor Brooks",
        { state: "PA", zip: "19103", city: "Philadelphia", date: "2026-12-03", startsOn: null, endsOn: null },
        "NOT_CREDENTIALED",
        TODAY,
      ),
    ).toBe("Taylor will be in Philadelphia, Pennsylvania from Dec 3; I cannot bill their plan there.");
  });

  it("falls back to plain words for a reason it does not name, and a state without a city", () => {
    expect(
      referralReason(
        "Ana",
        { state: "NJ", zip: null, city: null, date: "2027-01-05", startsOn: null, endsOn: null },
        null,
        TODAY,
      ),
    ).toBe("Ana will be in New Jersey from Jan 5, 2027; I cannot see and bill them there.");
    expect(whyWords("TELEHEALTH_ONLY_AUTHORITY")).toBe("I may see clients there by video only");
    expect(firstName("  Sam   Rivera ")).toBe("Sam");
  });
});

describe("a directory entry in words", () => {
  it("names the route and the bill-to payer", () => {
    expect(entryRoute({ basis: "in_network", billToName: "Cigna Healthcare" })).toBe(
      "In network with Cigna Healthcare",
    );
    expect(entryRoute({ basis: "bluecard", billToName: "Florida Blue" })).toBe("BlueCard via Florida Blue");
    expect(
      entryRoute({ basis: "virtual_network", billToName: "Blue Cross Blue Shield of Massachusetts" }),
    ).toBe("Virtual network, billed to Blue Cross Blue Shield of Massachusetts");
  });

  it("says until when, with the days left", () => {
    expect(untilWords({ until: "2027-03-31", daysLeft: 111 }, TODAY)).toBe(
      "Until Mar 31, 2027 (111 days left)",
    );
    expect(untilWords({ until: "2026-12-20", daysLeft: 1 }, TODAY)).toBe("Until Dec 20 (1 day left)");
    expect(untilWords({ until: null, daysLeft: null }, TODAY)).toBe("No end date on file");
  });

  it("confirms a referral in one sentence", () => {
    expect(
      referredNotice(
        {
          client: { id: "c", name: "Sam Rivera" },
          to: { id: "p", name: "Nadia Flores, LCSW" },
          state: "FL",
          date: "2026-12-10",
        },
        "Miami Beach",
        TODAY,
      ),
    ).toBe("Referred Sam Rivera to Nadia Flores, LCSW for Miami Beach, Florida on Dec 10.");
  });
});

describe("the operations directory form", () => {
  it("asks for the payer and the state, next to their fields", () => {
    expect(directoryQuery({ ...emptyDirectoryDraft(TODAY), zip: "331" })).toEqual({
      query: null,
      problems: {
        payer: "choose the client's payer",
        state: "choose the state the client will be in",
        zip: "a 5-digit ZIP code such as 33139",
      },
    });
  });

  it("sends only what was given", () => {
    expect(directoryQuery({ ...emptyDirectoryDraft(TODAY), payer: "cigna", state: "FL" })).toEqual({
      problems: null,
      query: { payer: "cigna", state: "FL", date: TODAY, modality: "telehealth" },
    });
    expect(
      directoryQuery({
        ...emptyDirectoryDraft(TODAY),
        payer: "bcbs-fl",
        product: "ppo",
        state: "FL",
        zip: " 33139 ",
        licenseType: " LCSW ",
        acceptingNew: true,
        modality: "in_person",
      }).query,
    ).toEqual({
      payer: "bcbs-fl",
      product: "ppo",
      state: "FL",
      zip: "33139",
      date: TODAY,
      modality: "in_person",
      licenseType: "LCSW",
      acceptingNew: true,
    });
  });
});
