/** Malformed input: exit status 2, nothing on stdout, every bad field named by case and path. */
import { describe, expect, it } from "vitest";
import { stateline } from "../support/cli.js";

const good = {
  id: "ok",
  provider: {
    licenses: [{ state: "NY", type: "LCSW", status: "active", validFrom: "2020-01-01", validTo: null }],
    credentials: [{ payer: "aetna", state: "NY", network: "standard", status: "active" }],
  },
  client: { coverage: { payer: "aetna" } },
  session: { date: "2026-05-01", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
};
type Case = typeof good;
const clone = (): Case => structuredClone(good);

function refused(input: unknown) {
  const r = stateline(["evaluate", "-"], JSON.stringify(input));
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  return r.stderr;
}

describe("stateline evaluate refuses malformed input", () => {
  it("accepts the well-formed case (control)", () => {
    const r = stateline(["evaluate", "-"], good);
    expect(r.status).toBe(0);
  });

  it("a date that is not YYYY-MM-DD", () => {
    const c = clone();
    c.session.date = "05/01/2026";
    expect(refused([good, good, good, c])).toContain(
      'case 3: session.date: expected YYYY-MM-DD, got "05/01/2026"',
    );
  });

  it("a date that does not exist", () => {
    const c = clone();
    c.session.date = "2026-02-30";
    expect(refused(c)).toContain("case 0: session.date: expected YYYY-MM-DD");
  });

  it("a state code that is not a US state or territory", () => {
    const c = clone();
    (c.provider.licenses[0] as { state: string }).state = "XX";
    expect(refused(c)).toContain(
      'case 0: provider.licenses[0].state: expected a US state or territory postal code, such as NY, got "XX"',
    );
  });

  it("a ZIP that is not 5 digits", () => {
    const c = clone();
    c.session.clientLocation.zip = "1002";
    expect(refused(c)).toContain(
      'session.clientLocation.zip: expected a 5-digit ZIP code or null, got "1002"',
    );
  });

  it("missing required fields and wrong types, all named at once", () => {
    const c = clone() as Partial<Case> & { session: Record<string, unknown> };
    delete c.client;
    c.session.modality = "phone";
    c.session.crisis = "yes";
    const err = refused(c);
    expect(err).toContain("case 0: client: required field is missing");
    expect(err).toContain('case 0: session.modality: expected telehealth or in_person, got "phone"');
    expect(err).toContain('case 0: session.crisis: expected true or false, got "yes"');
  });

  it("a case that is not an object", () => {
    expect(refused([good, 42])).toContain("case 1: (whole input): expected a case object, got 42");
  });

  it("input that is not JSON", () => {
    const r = stateline(["evaluate", "-"], "{not json");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it("a file that does not exist", () => {
    const r = stateline(["evaluate", "/nonexistent/cases.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read/);
  });

  it("ignores fields outside the contract", () => {
    const r = stateline(["evaluate", "-"], {
      ...good,
      extra: { anything: true },
      session: { ...good.session, room: 4 },
    });
    expect(r.status).toBe(0);
  });

  it("a single case object gives an array of one decision", () => {
    const r = stateline(["evaluate", "-"], good);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });
});
