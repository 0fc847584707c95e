import { describe, expect, it } from "vitest";
import type { AtRiskSession, ClientLocation } from "../api/types";
import {
  atRiskLead,
  atRiskReason,
  draftOf,
  editBody,
  emptyDraft,
  LOCATION_LIMITS,
  localProblems,
  locationName,
  newLocationBody,
  pastTripMessage,
  removedMessage,
  sessionHref,
  sessionWhen,
} from "./location-draft";

const dorm: ClientLocation = {
  id: "00000000-0000-4000-8000-000000000001",
  clientId: "00000000-0000-4000-8000-000000000002",
  kind: "virtual_session",
  label: "Dorm, Columbia",
  line1: "1130 Amsterdam Ave",
  line2: "Room 412",
  city: "New York",
  state: "NY",
  zip: "10027-6902",
  startsOn: null,
  endsOn: null,
  createdAt: "2026-09-01T12:00:00.000Z",
  archivedAt: null,
};

const trip: ClientLocation = {
  ...dorm,
  id: "00000000-0000-4000-8000-000000000003",
  kind: "temporary",
  label: "Spring break",
  line1: null,
  line2: null,
  city: "Miami Beach",
  state: "FL",
  zip: "33139",
  startsOn: "2026-12-09",
  endsOn: "2026-12-16",
};

describe("editBody: only what changed is sent", () => {
  it("sends nothing when nothing changed", () => {
    expect(editBody(dorm, draftOf(dorm))).toEqual({});
    expect(editBody(trip, draftOf(trip))).toEqual({});
  });

  it("sends a changed address and clears an emptied field with null", () => {
    const draft = { ...draftOf(dorm), line2: "  ", city: "New York ", zip: "10025" };
    expect(editBody(dorm, draft)).toEqual({ line2: null, zip: "10025" });
  });

  it("sends a trip's new dates, and never dates for a place that is not a trip", () => {
    expect(editBody(trip, { ...draftOf(trip), endsOn: "2026-12-12" })).toEqual({ endsOn: "2026-12-12" });
    expect(editBody(dorm, { ...draftOf(dorm), startsOn: "2026-12-01" })).toEqual({});
  });
});

describe("newLocationBody", () => {
  it("keeps dates for a trip only and trims text", () => {
    const draft = {
      ...emptyDraft("home"),
      label: " Home ",
      city: "Durham",
      state: "NC" as const,
      zip: "27701",
      startsOn: "2026-12-01",
    };
    expect(newLocationBody(draft)).toEqual({
      kind: "home",
      label: "Home",
      line1: null,
      line2: null,
      city: "Durham",
      state: "NC",
      zip: "27701",
      startsOn: null,
      endsOn: null,
      replaces: null,
    });
  });
});

describe("localProblems: said before sending", () => {
  const today = "2026-12-04";
  it("refuses a trip entirely in the past, on its end date, in the server's words", () => {
    const draft = { ...draftOf(trip), startsOn: "2026-11-01", endsOn: "2026-11-08" };
    expect(localProblems(draft, today)).toEqual({ endsOn: pastTripMessage("2026-11-08", today) });
    expect(pastTripMessage("2026-11-08", today)).toBe(
      "the trip ended on 2026-11-08 — a trip in the past changes nothing ahead; give the dates of a trip still to come (today is 2026-12-04), or remove it",
    );
  });

  it("lets a trip under way or ahead, and a home, through", () => {
    expect(localProblems({ ...draftOf(trip), startsOn: "2026-12-01", endsOn: today }, today)).toEqual({});
    expect(localProblems({ ...draftOf(dorm), endsOn: "2026-11-01" }, today)).toEqual({});
  });
});

describe("wording", () => {
  const session: AtRiskSession = {
    id: "00000000-0000-4000-8000-000000000020",
    startsAt: "2026-12-08T15:00:00.000Z",
    timeZone: "America/New_York",
    serviceDate: "2026-12-08",
    modality: "telehealth",
    reason: {
      code: "NOT_LICENSED",
      message: "You hold no license or compact privilege for Florida, where the client will be.",
      fix: null,
    },
  };

  it("counts the sessions put at risk", () => {
    expect(atRiskLead(1)).toBe("This puts 1 upcoming session at risk:");
    expect(atRiskLead(2)).toBe("This puts 2 upcoming sessions at risk:");
  });

  it("says each session's time in its own zone and why it is at risk", () => {
    expect(sessionWhen(session.startsAt, session.timeZone)).toBe("Tue, Dec 8, 10:00 AM EST");
    expect(atRiskReason(session)).toBe(
      "you hold no license or compact privilege for Florida, where the client will be",
    );
    expect(atRiskReason({ ...session, reason: null })).toBe("it cannot go ahead as things stand");
    expect(sessionHref(session.id)).toBe("/sessions?session=00000000-0000-4000-8000-000000000020");
  });

  it("says whether a location was deleted or archived", () => {
    expect(removedMessage("deleted", dorm)).toBe("Deleted Dorm, Columbia.");
    expect(removedMessage("archived", dorm)).toMatch(
      /^Archived: a confirmed session took place there, so it is kept in the history\./,
    );
    expect(locationName({ label: null, kind: "home" })).toBe("Home");
  });

  it("limits text as the API does", () => {
    expect(LOCATION_LIMITS).toEqual({ label: 100, line1: 55, line2: 55, city: 30, zip: 10 });
  });
});
