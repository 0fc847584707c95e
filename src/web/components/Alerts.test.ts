/**
 * The header's alerts from the API: session times in the viewer's time zone with the zone named,
 * never the bare `2026-12-04 10:00` of the alert text (which is the session's own local time).
 */
import { describe, expect, it } from "vitest";
import type { ServedAlert } from "../api/types";
import { normalise, withViewerTimes } from "./Alerts";

const NOW = new Date("2026-11-20T12:00:00Z");

const session = (id: string, startsAt: string, timeZone = "America/New_York") => ({
  id,
  clientId: "3f1c2a9e-8b7d-4c5e-9a1b-2c3d4e5f6a7b",
  clientName: "Sam Rivera",
  serviceDate: startsAt.slice(0, 10),
  startsAt,
  timeZone,
  modality: "telehealth" as const,
});

const atRisk: ServedAlert = {
  id: "8c9d0e1f-2a3b-4c5d-8e6f-7a8b9c0d1e2f",
  providerId: "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d",
  clientId: "3f1c2a9e-8b7d-4c5e-9a1b-2c3d4e5f6a7b",
  kind: "sessions_at_risk",
  message:
    "2 upcoming sessions with Sam Rivera are at risk: 2026-12-04 10:00, 2026-12-11 10:00. The provider is not licensed in Florida.",
  fix: "See Sam Rivera while they are in New York.",
  sessionIds: [],
  sessions: [session("s1", "2026-12-04T15:00:00Z"), session("s2", "2026-12-11T15:00:00Z")],
  reasonCode: "NOT_LICENSED",
  state: "FL",
  endsOn: null,
  daysLeft: null,
  createdAt: "2026-11-19T06:00:00Z",
  updatedAt: "2026-11-19T06:00:00Z",
  resolvedAt: null,
  resolution: null,
};

describe("alert times", () => {
  it("shows each session's start in the viewer's zone, naming it", () => {
    const [chicago] = normalise([atRisk], "America/Chicago", NOW);
    expect(chicago?.title).toBe(
      "2 upcoming sessions with Sam Rivera are at risk: Fri, Dec 4 at 9:00 AM CST, Fri, Dec 11 at 9:00 AM CST. The provider is not licensed in Florida.",
    );
    const [newYork] = normalise([atRisk], "America/New_York", NOW);
    expect(newYork?.title).toContain("Fri, Dec 4 at 10:00 AM EST");
    expect(newYork?.title).not.toMatch(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}/);
    expect(newYork).toMatchObject({ severity: "warning", href: "/sessions", detail: atRisk.fix });
  });

  it("reads the API's time where the session takes place (a Los Angeles session at 09:00)", () => {
    const la = session("s3", "2026-12-04T17:00:00Z", "America/Los_Angeles");
    expect(withViewerTimes("At risk: 2026-12-04 09:00.", [la], "America/New_York", NOW)).toBe(
      "At risk: Fri, Dec 4 at 12:00 PM EST.",
    );
  });

  it("leaves a time that matches no session, and text without sessions, as it is", () => {
    expect(withViewerTimes("At risk: 2026-12-05 08:00.", atRisk.sessions, "America/Chicago", NOW)).toBe(
      "At risk: 2026-12-05 08:00.",
    );
    const license: ServedAlert = {
      ...atRisk,
      kind: "license_expiring",
      message: "Your LCSW license in New York ends 2026-12-01: 11 days left.",
      sessions: [],
      daysLeft: 5,
    };
    expect(normalise([license], "America/Chicago", NOW)[0]).toMatchObject({
      title: license.message,
      severity: "critical",
      href: "/credentials",
    });
  });
});
