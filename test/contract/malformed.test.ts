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

async function refused(input: unknown) {
  const r = await stateline(["evaluate", "-"], JSON.stringify(input));
  expect(r.status).toBe(2);
  expect(r.stdout).toBe("");
  return r.stderr;
}

describe("stateline evaluate refuses malformed input", () => {
  it("accepts the well-formed case (control)", async () => {
    const r = await stateline(["evaluate", "-"], good);
    expect(r.status).toBe(0);
  });

  it("a date that is not YYYY-MM-DD", async () => {
    const c = clone();
    c.session.date = "05/01/2026";
    expect(await refused([good, good, good, c])).toContain(
      'case 3: session.date: expected YYYY-MM-DD, got "05/01/2026"',
    );
  });

  it("a date that does not exist", async () => {
    const c = clone();
    c.session.date = "2026-02-30";
    expect(await refused(c)).toContain("case 0: session.date: expected YYYY-MM-DD");
  });

  it("a state code that is not a US state or territory", async () => {
    const c = clone();
    (c.provider.licenses[0] as { state: string }).state = "XX";
    expect(await refused(c)).toContain(
      'case 0: provider.licenses[0].state: expected a US state or territory postal code, such as NY, got "XX"',
    );
  });

  it("v2: a product outside the list and a homeState that is not a state, each named", async () => {
    const c = clone() as Case & { client: { coverage: { product?: string } } };
    c.client.coverage.product = "gold";
    (c.provider.licenses[0] as Record<string, unknown>).homeState = "Texas";
    const err = await refused(c);
    expect(err).toContain(
      'case 0: client.coverage.product: expected one of ppo, pos, hmo, epo, exchange, medicaid, medicare_advantage, fep, or null, got "gold"',
    );
    expect(err).toContain(
      'case 0: provider.licenses[0].homeState: expected a US state postal code such as TX, or null, got "Texas"',
    );
  });

  it("a ZIP that is not 5 digits", async () => {
    const c = clone();
    c.session.clientLocation.zip = "1002";
    expect(await refused(c)).toContain(
      'session.clientLocation.zip: expected a 5-digit ZIP code or null, got "1002"',
    );
  });

  it("missing required fields and wrong types, all named at once", async () => {
    const c = clone() as Partial<Case> & { session: Record<string, unknown> };
    delete c.client;
    c.session.modality = "phone";
    c.session.crisis = "yes";
    const err = await refused(c);
    expect(err).toContain("case 0: client: required field is missing");
    expect(err).toContain('case 0: session.modality: expected telehealth or in_person, got "phone"');
    expect(err).toContain('case 0: session.crisis: expected true or false, got "yes"');
  });

  it("a case that is not an object", async () => {
    expect(await refused([good, 42])).toContain("case 1: (whole input): expected a case object, got 42");
  });

  it("input that is not JSON", async () => {
    const r = await stateline(["evaluate", "-"], "{not json");
    expect(r.status).toBe(2);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(/not valid JSON/);
  });

  it("a file that does not exist", async () => {
    const r = await stateline(["evaluate", "/nonexistent/cases.json"]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/cannot read/);
  });

  it("ignores fields outside the contract", async () => {
    const r = await stateline(["evaluate", "-"], {
      ...good,
      extra: { anything: true },
      session: { ...good.session, room: 4 },
    });
    expect(r.status).toBe(0);
  });

  it("a single case object gives an array of one decision", async () => {
    const r = await stateline(["evaluate", "-"], good);
    expect(JSON.parse(r.stdout)).toHaveLength(1);
  });
});

describe("stateline compacts", () => {
  it("prints the compact table as JSON: members with the dates they joined, and sources", async () => {
    const r = await stateline(["compacts"], "");
    expect(r.status).toBe(0);
    const table = JSON.parse(r.stdout) as {
      id: string;
      profession: string;
      licenseTypes: string[];
      members: { state: string; joined: string }[];
      sources: string[];
    }[];
    expect(table.map((c) => c.id)).toEqual(["PSYPACT", "counseling_compact", "social_work_compact"]);
    for (const c of table) {
      expect(c.sources.length).toBeGreaterThan(0);
      expect(c.members.map((m) => m.state)).not.toContain("CA");
    }
    const psypact = table[0];
    expect(psypact?.licenseTypes).toContain("PsyD");
    expect(psypact?.members.map((m) => m.state)).not.toContain("NY");
    expect(psypact?.members.find((m) => m.state === "GA")?.joined).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("--state says which compacts a state is in", async () => {
    const co = await stateline(["compacts", "--state", "co", "--date", "2026-12-01"], "");
    expect(co.status).toBe(0);
    expect(co.stdout).toContain("Colorado on 2026-12-01: a member of 3 of 3 compacts.");
    const ny = await stateline(["compacts", "--state", "NY", "--json"], "");
    const parsed = JSON.parse(ny.stdout) as { compacts: { member: boolean }[] };
    expect(parsed.compacts.every((m) => !m.member)).toBe(true);
  });

  it("refuses a state that is not one, with exit status 2", async () => {
    const r = await stateline(["compacts", "--state", "XX"], "");
    expect(r.status).toBe(2);
    expect(r.stderr).toContain("--state: expected a US state or territory postal code");
  });
});
