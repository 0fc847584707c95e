/**
 * A session's check as the store keeps it (src/app/alerts/outcome.ts): the JSON written from one
 * serialization must be the check itself, and its digest must follow the outcome, not the dates.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { storedCheck } from "../../src/app/alerts/outcome.js";
import { checksDocument } from "../../src/store/sessions-store.js";
import type { SessionCheck } from "../../src/app/sessions-model.js";
import type { Decision } from "../../src/rules/decision.js";

const text = fc.string({ unit: "grapheme", maxLength: 40 });

/** Checks with awkward text in every string (quotes, backslashes, emoji, line breaks). */
const check: fc.Arbitrary<SessionCheck> = fc.record(
  {
    checkedOn: fc.constantFrom("2026-12-04", "2027-01-31"),
    checkedAt: fc.constantFrom("2026-12-04T06:00:00.000Z", "2027-01-31T23:59:59.999Z"),
    billable: fc.boolean(),
    location: fc.option(
      fc.record({
        kind: fc.constantFrom("home" as const, "office" as const),
        line1: text,
        line2: fc.option(text),
        city: text,
        state: fc.constantFrom("NY" as const, "NJ" as const),
        zip: fc.option(fc.constantFrom("10001", "07030-1234")),
        source: fc.constantFrom("client_location" as const),
        sourceId: fc.uuid(),
      }),
    ),
    decision: fc.option(
      fc.record({
        outcome: fc.constantFrom("billable", "not_billable"),
        state: fc.constantFrom("NY", "NJ"),
        reasons: fc.array(fc.record({ code: text, message: text, fix: text }), { maxLength: 3 }),
      }) as unknown as fc.Arbitrary<Decision>,
    ),
    alertKey: fc.option(text),
    crisisBillable: fc.option(fc.boolean()),
  },
  { requiredKeys: ["checkedOn", "checkedAt", "billable", "location", "decision", "alertKey"] },
) as fc.Arbitrary<SessionCheck>;

describe("storedCheck", () => {
  it("writes the check itself: its JSON reads back as the check (a missing crisis what-if as null)", () => {
    fc.assert(
      fc.property(check, (c) => {
        expect(JSON.parse(storedCheck(c).json)).toEqual({ ...c, crisisBillable: c.crisisBillable ?? null });
      }),
    );
  });

  it("digests the outcome, not when it was checked", () => {
    fc.assert(
      fc.property(check, (c) => {
        const later = { ...c, checkedOn: "2028-02-29", checkedAt: "2028-02-29T12:00:00.000Z" };
        expect(storedCheck(later).hash).toBe(storedCheck(c).hash);
        expect(storedCheck({ ...c, billable: !c.billable }).hash).not.toBe(storedCheck(c).hash);
        expect(storedCheck({ ...c, alertKey: `${c.alertKey ?? ""}x` }).hash).not.toBe(storedCheck(c).hash);
      }),
    );
  });

  it("gathers checks into one document keyed by session id, as saveChecks reads it", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.tuple(fc.uuid(), check), { selector: ([id]) => id, maxLength: 5 }),
        (pairs) => {
          const doc: unknown = JSON.parse(
            checksDocument(pairs.map(([sessionId, c]) => ({ sessionId, stored: storedCheck(c) }))),
          );
          expect(doc).toEqual(
            Object.fromEntries(
              pairs.map(([id, c]) => [
                id,
                { c: { ...c, crisisBillable: c.crisisBillable ?? null }, h: storedCheck(c).hash },
              ]),
            ),
          );
        },
      ),
    );
  });
});
