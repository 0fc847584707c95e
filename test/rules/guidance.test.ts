import { describe, expect, it } from "vitest";
import { decide } from "../../src/rules/decide.js";
import { explain } from "../../src/rules/explain.js";
import { guidance } from "../../src/rules/guidance.js";
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
