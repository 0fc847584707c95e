/** The shipped compact table on real states, and the loader's checks of a hand-edited file. */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { loadReference } from "../../src/reference/catalogue.js";
import { validateCompacts, validateTemporaryPractice } from "../../src/reference/compacts.js";

const geo = loadReference();
const member = (id: "PSYPACT" | "counseling_compact" | "social_work_compact", state: string) =>
  geo.compact(id)?.joined(state as never);
const shipped = JSON.parse(
  readFileSync(new URL("../../src/reference/data/compacts.json", import.meta.url), "utf8"),
) as { compacts: { id: string; members: { state: string; joined: string }[] }[] };

describe("the compact table on real states", () => {
  it("California is in none of the three; New York is not in PSYPACT", () => {
    for (const id of ["PSYPACT", "counseling_compact", "social_work_compact"] as const)
      expect(member(id, "CA")).toBeUndefined();
    expect(member("PSYPACT", "NY")).toBeUndefined();
  });

  it("long-standing PSYPACT members joined before privileges were first issued (2020)", () => {
    for (const s of ["AZ", "CO", "GA", "TX", "UT", "NV", "IL"])
      expect(member("PSYPACT", s)! < "2020-12-31").toBe(true);
  });

  it("the Counseling Compact's early members and the Social Work Compact's activating states", () => {
    for (const s of ["GA", "CO", "OH", "FL", "NE"]) expect(member("counseling_compact", s)).toBeDefined();
    for (const s of ["MO", "SD", "UT", "WA", "KY", "VA", "KS"])
      expect(member("social_work_compact", s)).toBeDefined();
  });

  it("profession of license types: case, spaces and punctuation do not matter", () => {
    const psypact = geo.compact("PSYPACT");
    expect(psypact?.fits("PsyD")).toBe(true);
    expect(psypact?.fits("Ph.D.")).toBe(true);
    expect(psypact?.fits("lcsw")).toBe(false);
    expect(psypact?.fits("LMFT")).toBeUndefined();
    expect(geo.compact("social_work_compact")?.fits("LCSW-C")).toBe(true);
    expect(geo.professionOf("LMFT")).toBe("mft");
    expect(geo.professionOf("Licensed Clinical Social Worker")).toBe("social_work");
  });

  it("every member has a real join date, no later than the table's date", () => {
    for (const c of geo.compacts().compacts)
      for (const m of c.members) {
        expect(m.joined).toMatch(/^\d{4}-\d{2}-\d{2}$/);
        expect(m.joined <= c.asOf).toBe(true);
      }
  });

  it("temporary-practice data: Florida's telehealth registration is on file, New York allows nothing", () => {
    expect(geo.temporaryPractice("FL").some((r) => r.kind === "telehealth_registration")).toBe(true);
    expect(geo.temporaryPractice("NY")).toEqual([]);
  });

  it("behavioral administrators: UnitedHealthcare's network is run by Optum", () => {
    expect(geo.payer("uhc")?.administrator).toBe("optum");
    expect(geo.payer("aetna")?.administrator).toBeUndefined();
    expect(geo.payers().find((p) => p.id === "uhc")?.behavioralAdministrator).toBe("optum");
  });
});

describe("the loader names the compact and field at fault", () => {
  const edited = () => structuredClone(shipped);

  it("a bad date and an unknown state", () => {
    const doc = edited();
    const first = doc.compacts[0]!;
    first.members[0]!.joined = "2021/07/01";
    first.members[1]!.state = "XX";
    expect(() => validateCompacts(doc)).toThrow(
      /compact "PSYPACT": members\[0\]\.joined: expected YYYY-MM-DD, got "2021\/07\/01"[\s\S]*members\[1\]\.state: unknown state "XX"/,
    );
  });

  it("a state listed twice, and a compact missing", () => {
    const doc = edited();
    doc.compacts[1]!.members.push({ ...doc.compacts[1]!.members[0]! });
    doc.compacts.pop();
    expect(() => validateCompacts(doc)).toThrow(/is listed twice[\s\S]*"social_work_compact" is missing/);
  });

  it("a license type claimed by two professions", () => {
    const doc = edited() as unknown as { compacts: { licenseTypes: string[] }[] };
    doc.compacts[0]!.licenseTypes.push("LCSW");
    expect(() => validateCompacts(doc)).toThrow(/license type "LCSW" belongs to both/);
  });

  it("temporary-practice rules need a source and a known kind", () => {
    expect(() =>
      validateTemporaryPractice({
        states: [
          {
            state: "FL",
            rules: [
              {
                kind: "allowed",
                professions: ["counseling"],
                summary: "x",
                source: [],
                confidence: "sourced",
              },
            ],
          },
        ],
      }),
    ).toThrow(
      /state "FL": rules\[0\]\.kind: expected one of[\s\S]*rules\[0\]\.source: expected a non-empty list/,
    );
  });
});
