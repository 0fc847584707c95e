/** The pure parts of sessions and claims: calendar dates in a zone, crisis codes, place of service. */
import { describe, expect, it } from "vitest";
import { claimFor, crisisCodes, modifiersFor, placeOfService } from "../../src/app/claims.js";
import { AppError } from "../../src/app/errors.js";
import type { ServiceLocation, Session } from "../../src/app/sessions-model.js";
import { addDays, dateIn, parseInstant, timeZoneName } from "../../src/app/calendar.js";
import type { Decision } from "../../src/rules/decision.js";

describe("dateIn", () => {
  it("is the calendar date where the clock is, not in UTC", () => {
    const instant = new Date("2026-06-21T02:30:00Z");
    expect(dateIn(instant, "America/Los_Angeles")).toBe("2026-06-20");
    expect(dateIn(instant, "America/New_York")).toBe("2026-06-20");
    expect(dateIn(instant, "Europe/Berlin")).toBe("2026-06-21");
    expect(dateIn(instant, "Pacific/Honolulu")).toBe("2026-06-20");
  });

  it("follows daylight saving time", () => {
    // 04:30 UTC is 00:30 in New York in summer (UTC-4), but 23:30 the day before in winter (UTC-5).
    expect(dateIn(new Date("2026-07-01T04:30:00Z"), "America/New_York")).toBe("2026-07-01");
    expect(dateIn(new Date("2026-01-01T04:30:00Z"), "America/New_York")).toBe("2025-12-31");
  });
});

describe("timeZoneName", () => {
  it("takes IANA names and gives their canonical spelling", () => {
    expect(timeZoneName("America/New_York")).toBe("America/New_York");
    expect(timeZoneName("america/new_york")).toBe("America/New_York");
    expect(timeZoneName("UTC")).toBe("UTC");
  });

  it("refuses unknown zones and bare offsets", () => {
    for (const zone of ["Mars/Olympus_Mons", "+05:00", "-0500", "", "America/New York"]) {
      expect(timeZoneName(zone)).toBeUndefined();
    }
  });
});

describe("parseInstant", () => {
  it("needs a date, a time and an offset", () => {
    expect(parseInstant("2026-07-01T10:00:00-04:00")?.toISOString()).toBe("2026-07-01T14:00:00.000Z");
    expect(parseInstant("2026-07-01T10:00Z")?.toISOString()).toBe("2026-07-01T10:00:00.000Z");
    for (const text of ["2026-07-01T10:00:00", "2026-07-01", "2026-02-30T10:00:00Z", "07/01/2026 10:00"]) {
      expect(parseInstant(text)).toBeUndefined();
    }
  });

  it("adds days across months", () => {
    expect(addDays("2026-06-15", -30)).toBe("2026-05-16");
    expect(addDays("2026-03-01", -1)).toBe("2026-02-28");
  });
});

describe("crisisCodes", () => {
  const cases: [number, string[]][] = [
    // Too short for crisis psychotherapy: the psychotherapy code for the length (16–37 → 90832).
    [16, ["90832"]],
    [29, ["90832"]],
    [30, ["90839"]],
    [74, ["90839"]],
    [75, ["90839", "90840"]],
    [104, ["90839", "90840"]],
    [105, ["90839", "90840", "90840"]],
    [134, ["90839", "90840", "90840"]],
    [135, ["90839", "90840", "90840", "90840"]],
  ];
  it.each(cases)("%i minutes → %j", (minutes, codes) => {
    expect(crisisCodes(minutes)).toEqual(codes);
  });

  it("refuses under 16 minutes (no psychotherapy code fits), naming durationMinutes", () => {
    try {
      crisisCodes(15);
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(AppError);
      expect((e as AppError).extra.fields?.[0]?.path).toBe("durationMinutes");
    }
  });
});

describe("place of service and modifiers", () => {
  it("is 11 in the office, 10 at the client's home, 02 anywhere else (issue 11)", () => {
    expect(placeOfService("in_person", null)).toBe("11");
    expect(placeOfService("telehealth", "home")).toBe("10");
    expect(placeOfService("telehealth", "temporary")).toBe("02");
    expect(placeOfService("telehealth", "virtual_session")).toBe("02");
    expect(placeOfService("telehealth", null)).toBe("02");
  });

  it("marks telehealth with 95", () => {
    expect(modifiersFor("telehealth")).toEqual(["95"]);
    expect(modifiersFor("in_person")).toEqual([]);
  });
});

describe("claimFor", () => {
  const session: Session = {
    id: "s1",
    providerId: "p1",
    clientId: "c1",
    startsAt: "2026-06-20T14:00:00.000Z",
    timeZone: "America/New_York",
    serviceDate: "2026-06-20",
    durationMinutes: 80,
    modality: "telehealth",
    cptCode: "90839",
    crisis: true,
    audioOnly: false,
    practiceLocationId: null,
    status: "confirmed",
    confirmedAt: null,
    confirmedBy: null,
    location: null,
    decision: null,
    crisisDocumentation: "documented",
    createdAt: "2026-06-01T00:00:00.000Z",
    lastCheck: null,
  };
  const where: ServiceLocation = {
    line1: "30 Hudson St",
    line2: null,
    city: "Jersey City",
    state: "NJ",
    zip: "07302",
    source: "new_address",
    sourceId: null,
    kind: "virtual_session",
  };
  const decision: Decision = {
    outcome: "billable",
    basis: "crisis",
    billTo: "aetna",
    homePlan: "aetna",
    state: "NJ",
    license: null,
    credential: { payer: "aetna", state: "NY", network: "standard" },
    reasons: [],
    requirements: [],
    notes: [],
  };
  const coverage = {
    id: "cov",
    clientId: "c1",
    payer: "aetna",
    memberId: "M1",
    bluecard: null,
    product: null,
    effectiveFrom: null,
    effectiveTo: null,
  };

  it("bills what the engine decided, with crisis codes, 48 hours after confirmation", () => {
    const claim = claimFor(session, decision, coverage, where, new Date("2026-06-21T12:00:00Z"), ["F4310"]);
    expect(claim).toMatchObject({
      diagnosisCodes: ["F4310"],
      billTo: "aetna",
      basis: "crisis",
      memberId: "M1",
      cptCodes: ["90839", "90840"],
      modifiers: ["95"],
      // A friend's place (a virtual-session location), not the client's home: POS 02.
      placeOfService: "02",
      serviceLocation: where,
      serviceDate: "2026-06-20",
    });
    expect(claim.readyAt.toISOString()).toBe("2026-06-23T12:00:00.000Z");
  });

  it("holds the claim for the configured number of hours", () => {
    const claim = claimFor(
      session,
      decision,
      coverage,
      where,
      new Date("2026-06-21T12:00:00Z"),
      ["F4310"],
      2,
    );
    expect(claim.readyAt.toISOString()).toBe("2026-06-21T14:00:00.000Z");
  });

  it("never bills a session the engine did not find billable", () => {
    expect(() =>
      claimFor(
        session,
        { ...decision, outcome: "not_billable", billTo: null, basis: null },
        coverage,
        where,
        new Date(),
        ["F4310"],
      ),
    ).toThrow(/not decided billable/);
  });
});
