import { describe, expect, it } from "vitest";
import {
  ACTION_GROUPS,
  ACTION_LABELS,
  actionLabel,
  actionOptions,
  actorLabel,
  describeActionFilter,
  formatAuditTime,
  humaniseAction,
  localToInstant,
  SYSTEM_USER,
} from "./audit-actions";

describe("audit actions as people read them", () => {
  it("says what the person did", () => {
    expect(actionLabel("session.confirm")).toBe("Confirmed a session");
    expect(actionLabel("client.read")).toBe("Read a client's record");
    expect(actionLabel("roster.commit")).toBe("Imported a roster");
    expect(actionLabel("auth.login_failed")).toBe("Failed to sign in");
  });

  it("makes a code it does not know readable, never blank", () => {
    expect(actionLabel("shared_note.send_reminder")).toBe("Shared note: send reminder");
    expect(humaniseAction("payer_sync")).toBe("Payer sync");
    expect(humaniseAction("a.b.c_d")).toBe("A: b c d");
    expect(humaniseAction("")).toBe("Unknown action");
    expect(humaniseAction("..")).toBe("Unknown action");
  });

  it("every known action belongs to a group the filter offers", () => {
    for (const code of Object.keys(ACTION_LABELS)) {
      const group = code.split(".")[0] ?? "";
      expect(ACTION_GROUPS[group], code).toBeDefined();
    }
  });

  it("offers each group and each action once, sorted by code", () => {
    const options = actionOptions();
    const values = options.map((o) => o.value);
    expect(new Set(values).size).toBe(values.length);
    expect(values).toEqual([...values].sort((a, b) => a.localeCompare(b)));
    expect(options.find((o) => o.value === "claim")?.label).toBe("All: Claims");
    expect(options.find((o) => o.value === "claim.void")?.label).toBe("Voided a released claim");
    for (const o of options) expect(o.value.length).toBeLessThanOrEqual(100);
  });

  it("describes the filter as the API applies it", () => {
    expect(describeActionFilter("")).toBe("Any action");
    expect(describeActionFilter("client_location")).toBe("Client locations (every client_location.… action)");
    expect(describeActionFilter("session.confirm")).toBe("Confirmed a session");
    expect(describeActionFilter("payer_sync")).toBe("Payer sync (and its group)");
  });
});

describe("who acted", () => {
  const event = { actorUserId: "4f1c2d3e-0000-4000-8000-000000000001", actorRole: "provider" };

  it("names the person and their role", () => {
    expect(actorLabel({ ...event, actorName: "Maya R. Chen, LCSW" })).toBe("Maya R. Chen, LCSW (provider)");
    expect(actorLabel({ ...event, actorRole: "ops", actorName: "ops@stateline.test" })).toBe(
      "ops@stateline.test (operations)",
    );
  });

  it("tells the platform's own work and failed sign-ins apart from people", () => {
    expect(actorLabel({ actorUserId: SYSTEM_USER, actorRole: "ops", actorName: null })).toBe(
      "Stateline (automatic)",
    );
    expect(
      actorLabel({ actorUserId: null, actorRole: null, actorName: null, detail: { email: "x@clinic.org" } }),
    ).toBe("Not signed in (tried x@clinic.org)");
    expect(actorLabel({ actorUserId: null, actorRole: null, actorName: null, detail: null })).toBe(
      "Not signed in",
    );
    // An account since removed: its id, shortened.
    expect(actorLabel({ ...event, actorName: null })).toBe("Account 4f1c2d3e (provider)");
  });
});

describe("times", () => {
  it("shows an instant in the viewer's zone, with the zone", () => {
    expect(formatAuditTime("2026-12-04T18:05:00Z", "America/New_York")).toBe("Dec 4, 2026, 1:05 PM EST");
    expect(formatAuditTime("2026-07-04T18:05:00Z", "America/Los_Angeles")).toBe("Jul 4, 2026, 11:05 AM PDT");
    expect(formatAuditTime("not a time")).toBe("not a time");
  });

  it("turns the from/until inputs into instants: until takes the whole minute", () => {
    const from = localToInstant("2026-12-04T13:05");
    const until = localToInstant("2026-12-04T13:05", true);
    expect(from).toBeDefined();
    expect(Date.parse(until ?? "") - Date.parse(from ?? "")).toBe(59_999);
    expect(new Date(from ?? "").getMinutes()).toBe(5);
    expect(localToInstant("")).toBeUndefined();
    expect(localToInstant("2026-12-04")).toBeUndefined();
  });
});
