import { describe, expect, it } from "vitest";
import { decide } from "../../src/rules/decide.js";
import type { Decision } from "../../src/rules/decision.js";
import { aCase, at, credential, license, type CaseSpec } from "../support/builders.js";
import { fakeGeography } from "../support/fake-geography.js";

const run = (spec: CaseSpec): Decision => decide(aCase(spec), fakeGeography);
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const NY = license("NY");

describe("rule 1: the session happens where the client physically is", () => {
  it("judges a telehealth session by the client's location, not the provider's licenses elsewhere", () => {
    const d = run({
      licenses: [NY, license("CA")],
      credentials: [credential("aetna", "CA")],
      where: at("CA", "94110"),
    });
    expect(d).toMatchObject({ outcome: "billable", state: "CA", license: { state: "CA" } });
  });

  it("CLIENT_LOCATION_MISSING: a telehealth session without a client location is incomplete", () => {
    const d = run({ licenses: [NY], credentials: [credential("aetna", "NY")] });
    expect(d).toMatchObject({ outcome: "incomplete", basis: null, billTo: null, state: null });
    expect(codes(d)).toEqual(["CLIENT_LOCATION_MISSING"]);
    expect(d.reasons[0]?.fix).toMatch(/location/);
  });

  it("CLIENT_LOCATION_MISSING: an in-person session needs the practice location too", () => {
    const d = run({ licenses: [NY], credentials: [credential("aetna", "NY")], modality: "in_person" });
    expect(codes(d)).toEqual(["CLIENT_LOCATION_MISSING"]);
    expect(d.reasons[0]?.message).toMatch(/practice location/);
  });

  it("LOCATION_MISMATCH: a ZIP outside the given state makes the case incomplete", () => {
    const d = run({ licenses: [NY], credentials: [credential("aetna", "NY")], where: at("NJ", "10027") });
    expect(d.outcome).toBe("incomplete");
    expect(codes(d)).toEqual(["LOCATION_MISMATCH"]);
    expect(d.reasons[0]?.message).toContain("New York");
  });

  it("a ZIP the data lacks but whose prefix fits the state is treated like a missing ZIP", () => {
    const d = run({ licenses: [NY], credentials: [credential("aetna", "NY")], where: at("NY", "10999") });
    expect(d).toMatchObject({ outcome: "billable", basis: "in_network" });
  });
});

describe("completeness: UNKNOWN_PAYER", () => {
  it("an unknown plan on the client's coverage makes the case incomplete", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("aetna", "NY")],
      payer: "acme-health",
      where: at("NY", "10027"),
    });
    expect(d).toMatchObject({ outcome: "incomplete", homePlan: "acme-health" });
    expect(codes(d)).toEqual(["UNKNOWN_PAYER"]);
  });

  it("reports every completeness problem at once, location first", () => {
    const d = run({ payer: "acme-health" });
    expect(codes(d)).toEqual(["CLIENT_LOCATION_MISSING", "UNKNOWN_PAYER"]);
  });

  it("rule 11: a credential naming an unknown payer is ignored", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("acme-health", "NY"), credential("aetna", "NY")],
      where: at("NY", "10027"),
    });
    expect(d).toMatchObject({ outcome: "billable", credential: { payer: "aetna" } });
  });
});

describe("coverage: COVERAGE_NOT_ACTIVE", () => {
  it("coverage that ended before the session date is not billable, and nothing rescues it", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("aetna", "NY")],
      coverage: { effectiveTo: "2026-04-30" },
      where: at("NY", "10027", { line1: "1 Main St" }),
      crisis: true,
    });
    expect(d).toMatchObject({ outcome: "not_billable", basis: null, billTo: null });
    expect(codes(d)).toEqual(["COVERAGE_NOT_ACTIVE"]);
    expect(d.reasons[0]?.message).toContain("2026-04-30");
  });

  it("coverage dates are inclusive at both ends", () => {
    const base = { licenses: [NY], credentials: [credential("aetna", "NY")], where: at("NY", "10027") };
    expect(run({ ...base, coverage: { effectiveFrom: "2026-05-01" } }).outcome).toBe("billable");
    expect(run({ ...base, coverage: { effectiveTo: "2026-05-01" } }).outcome).toBe("billable");
    expect(run({ ...base, coverage: { effectiveFrom: "2026-05-02" } }).outcome).toBe("not_billable");
  });
});

describe("rule 2: authority to practice in the client's state", () => {
  const cred = [credential("aetna", "NY")];
  it("NOT_LICENSED: no license or privilege for the client's state", () => {
    const d = run({ licenses: [license("CA")], credentials: cred, where: at("NY", "10027") });
    expect(codes(d)[0]).toBe("NOT_LICENSED");
    expect(d.license).toBeNull();
  });

  it("LICENSE_NOT_ACTIVE: a license past its end date", () => {
    const d = run({
      licenses: [license("NY", { validTo: "2026-04-30" })],
      credentials: cred,
      where: at("NY", "10027"),
    });
    expect(codes(d)[0]).toBe("LICENSE_NOT_ACTIVE");
    expect(d.reasons[0]?.message).toContain("expired on 2026-04-30");
  });

  it("LICENSE_NOT_ACTIVE: a status that forbids practice (suspended, revoked, inactive, expired)", () => {
    for (const status of ["suspended", "revoked", "inactive", "expired"] as const) {
      const d = run({ licenses: [license("NY", { status })], credentials: cred, where: at("NY", "10027") });
      expect(codes(d)[0]).toBe("LICENSE_NOT_ACTIVE");
      expect(d.reasons[0]?.message).toContain(status);
    }
  });

  it("a license on probation still allows practice", () => {
    const d = run({
      licenses: [license("NY", { status: "probation" })],
      credentials: cred,
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("billable");
  });

  it("license dates are inclusive; null means no bound", () => {
    const w = at("NY", "10027");
    expect(
      run({ licenses: [license("NY", { validFrom: "2026-05-01" })], credentials: cred, where: w }).outcome,
    ).toBe("billable");
    expect(
      run({ licenses: [license("NY", { validTo: "2026-05-01" })], credentials: cred, where: w }).outcome,
    ).toBe("billable");
    expect(
      run({ licenses: [license("NY", { validFrom: null, validTo: null })], credentials: cred, where: w })
        .outcome,
    ).toBe("billable");
    expect(
      codes(run({ licenses: [license("NY", { validFrom: "2026-05-02" })], credentials: cred, where: w }))[0],
    ).toBe("LICENSE_NOT_ACTIVE");
  });

  it("a renewed license wins over the lapsed one it replaced", () => {
    const d = run({
      licenses: [
        license("NY", { validTo: "2025-12-31" }),
        license("NY", { validFrom: "2026-01-01", validTo: null }),
      ],
      credentials: cred,
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("billable");
  });

  it("TELEHEALTH_ONLY_AUTHORITY: a telehealth-only registration does not cover an in-person session", () => {
    const apit = license("NY", { type: "PsyD", source: "state_board", telehealthOnly: true });
    const inPerson = run({
      licenses: [apit],
      credentials: cred,
      where: at("NY", "10027"),
      modality: "in_person",
    });
    expect(codes(inPerson)[0]).toBe("TELEHEALTH_ONLY_AUTHORITY");
    const video = run({ licenses: [apit], credentials: cred, where: at("NY", "10027") });
    expect(video).toMatchObject({ outcome: "billable", license: { state: "NY", type: "PsyD" } });
  });

  it("reports the credential problem too when the license is missing", () => {
    const d = run({
      licenses: [license("CA")],
      credentials: [credential("aetna", "CA")],
      where: at("TX", "75201"),
    });
    expect(codes(d)).toEqual(["NOT_LICENSED", "NOT_CREDENTIALED"]);
  });
});

describe("rules 3–4: credentialed with the client's plan where the client is", () => {
  it("NOT_CREDENTIALED: licensed in NY but credentialed only in CA", () => {
    const d = run({
      licenses: [license("CA"), NY],
      credentials: [credential("aetna", "CA")],
      where: at("NY", "10027"),
    });
    expect(d).toMatchObject({ outcome: "not_billable", license: null, credential: null });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
    expect(d.reasons[0]?.fix).toContain("Get credentialed with Aetna in New York");
    expect(d.reasons[0]?.fix).toContain("or see this client while they are in California");
  });

  it("in_network: billTo is the payer and the decision names the license and credential used", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("cigna", "NY")],
      payer: "cigna",
      where: at("NY", "10001"),
    });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "in_network",
      billTo: "cigna",
      license: { state: "NY", type: "LCSW" },
      credential: { payer: "cigna", state: "NY", network: "standard" },
      reasons: [],
    });
  });

  it("CREDENTIAL_NOT_ACTIVE: pending, terminated, not yet effective, or ended", () => {
    const w = at("NY", "10027");
    const cases: [Partial<Parameters<typeof credential>[2]>, RegExp][] = [
      [{ status: "pending" }, /pending/],
      [{ status: "terminated" }, /terminated/],
      [{ effectiveFrom: "2026-06-01" }, /takes effect on 2026-06-01/],
      [{ effectiveTo: "2026-04-30" }, /ended on 2026-04-30/],
    ];
    for (const [over, message] of cases) {
      const d = run({ licenses: [NY], credentials: [credential("aetna", "NY", over)], where: w });
      expect(codes(d)).toEqual(["CREDENTIAL_NOT_ACTIVE"]);
      expect(d.reasons[0]?.message).toMatch(message);
    }
  });

  it("credential dates are inclusive", () => {
    const w = at("NY", "10027");
    expect(
      run({ licenses: [NY], credentials: [credential("aetna", "NY", { effectiveFrom: DATE_ })], where: w })
        .outcome,
    ).toBe("billable");
    expect(
      run({ licenses: [NY], credentials: [credential("aetna", "NY", { effectiveTo: DATE_ })], where: w })
        .outcome,
    ).toBe("billable");
  });

  it("a virtual-network credential does nothing for a national payer", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("aetna", "NY", { network: "virtual" })],
      where: at("NY", "10027"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });
});

const DATE_ = "2026-05-01";

describe("rule 5: inside the home Blue plan's area only the home plan counts", () => {
  it("BCBS NC member in NC: a BlueCard-capable provider without BCBS NC is not credentialed", () => {
    const d = run({
      licenses: [NY, license("NC")],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NC", "27701"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
    expect(d.reasons[0]?.message).toMatch(/inside .*North Carolina's own area/);
  });

  it("in_network with the home plan inside its area", () => {
    const d = run({
      licenses: [license("NC")],
      credentials: [credential("bcbs-nc", "NC")],
      payer: "bcbs-nc",
      where: at("NC", "27701"),
    });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "in_network",
      billTo: "bcbs-nc",
      homePlan: "bcbs-nc",
    });
  });

  it("another local plan of the same area does not help a member at home", () => {
    const d = run({
      licenses: [license("CA")],
      credentials: [credential("blueshield-ca", "CA")],
      payer: "anthem-ca",
      where: at("CA", "94110"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });
});

describe("rule 6: BlueCard outside the home plan's area", () => {
  it("BCBS NC member at college in Manhattan, provider credentialed with Anthem NY: bill Anthem NY", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY", "10027"),
    });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "bluecard",
      billTo: "anthem-ny",
      homePlan: "bcbs-nc",
    });
  });

  it("the local plan must serve the client's county: Anthem NY does not route a client in Rochester", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY", "14604"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
    expect(d.reasons[0]?.fix).toBe(
      "Get credentialed with Excellus BlueCross BlueShield in New York, or see this client while they are in downstate New York.",
    );
  });

  it("where two Blue plans serve the place, either will do (California)", () => {
    for (const local of ["anthem-ca", "blueshield-ca"]) {
      const d = run({
        licenses: [license("CA")],
        credentials: [credential(local, "CA")],
        payer: "bcbs-tx",
        where: at("CA", "94110"),
      });
      expect(d).toMatchObject({ outcome: "billable", basis: "bluecard", billTo: local });
    }
  });

  it("between credentials of the same route, the one listed first wins", () => {
    const d = run({
      licenses: [license("CA")],
      credentials: [credential("blueshield-ca", "CA"), credential("anthem-ca", "CA")],
      payer: "bcbs-tx",
      where: at("CA", "94110"),
    });
    expect(d.billTo).toBe("blueshield-ca");
  });

  it("a local credential for another state does not count", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NJ")],
      payer: "bcbs-nc",
      where: at("NY", "10027"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });

  it("CREDENTIAL_NOT_ACTIVE: the local plan credential is pending", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY", { status: "pending" })],
      payer: "bcbs-nc",
      where: at("NY", "10027"),
    });
    expect(codes(d)).toEqual(["CREDENTIAL_NOT_ACTIVE"]);
  });

  it("BLUECARD_NOT_AVAILABLE: a plan outside BlueCard has no route outside its area", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      coverage: { bluecard: false },
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(codes(d)).toEqual(["BLUECARD_NOT_AVAILABLE"]);
  });

  it("a place no Blue plan serves has no BlueCard route", () => {
    const d = run({
      licenses: [license("GU")],
      credentials: [credential("bcbs-nc", "GU")],
      payer: "bcbs-nc",
      where: at("GU", "96910"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });
});

describe("rule 7: a BCBS virtual network", () => {
  const tx = license("TX");
  const maVirtualInTx = credential("bcbs-ma", "TX", { network: "virtual" });
  it("lets the provider see that plan's members located in that state", () => {
    const d = run({
      licenses: [tx],
      credentials: [maVirtualInTx],
      payer: "bcbs-ma",
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "virtual_network",
      billTo: "bcbs-ma",
      credential: { network: "virtual" },
    });
  });

  it("gives nothing for other plans' members", () => {
    const d = run({
      licenses: [tx],
      credentials: [maVirtualInTx],
      payer: "bcbs-tx",
      where: at("TX", "75201"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });

  it("gives nothing for the plan's members located elsewhere", () => {
    const d = run({
      licenses: [tx, license("MA")],
      credentials: [maVirtualInTx],
      payer: "bcbs-ma",
      where: at("MA", "02116"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });

  it("still needs a license in the client's state", () => {
    const d = run({
      licenses: [license("MA")],
      credentials: [maVirtualInTx],
      payer: "bcbs-ma",
      where: at("TX", "75201"),
    });
    expect(codes(d)[0]).toBe("NOT_LICENSED");
  });

  it("routes a plan that stays out of BlueCard", () => {
    const d = run({
      licenses: [tx],
      credentials: [maVirtualInTx],
      payer: "bcbs-ma",
      coverage: { bluecard: false },
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "virtual_network" });
  });
});

describe("rule 8: route preference", () => {
  it("outside the home area, the virtual network beats BlueCard even when listed later", () => {
    const d = run({
      licenses: [license("TX")],
      credentials: [credential("bcbs-tx", "TX"), credential("bcbs-ma", "TX", { network: "virtual" })],
      payer: "bcbs-ma",
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({ basis: "virtual_network", billTo: "bcbs-ma" });
  });

  it("inside the home area, only in_network applies", () => {
    const d = run({
      licenses: [license("MA")],
      credentials: [credential("bcbs-ma", "MA", { network: "virtual" })],
      payer: "bcbs-ma",
      where: at("MA", "02116"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });
});

describe("ZIP_REQUIRED: a state split between Blue plans", () => {
  it("is incomplete when the answer differs between the state's Blue areas and no ZIP says which", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY"),
    });
    expect(d.outcome).toBe("incomplete");
    expect(codes(d)).toEqual(["ZIP_REQUIRED"]);
    expect(d.reasons[0]?.fix).toMatch(/ZIP/);
  });

  it("decides without a ZIP when every area gives the same answer", () => {
    const none = run({
      licenses: [NY],
      credentials: [credential("aetna", "NY")],
      payer: "bcbs-nc",
      where: at("NY"),
    });
    expect(none.outcome).toBe("not_billable");
    const both = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY"), credential("excellus-ny", "NY")],
      payer: "bcbs-tx",
      where: at("NY"),
    });
    expect(both.outcome).toBe("incomplete"); // different local plans → different claims
  });

  it("a national payer never needs the ZIP", () => {
    const d = run({ licenses: [NY], credentials: [credential("aetna", "NY")], where: at("NY") });
    expect(d.outcome).toBe("billable");
  });

  it("a missing license settles it whatever the ZIP", () => {
    const d = run({
      licenses: [license("CA")],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-nc",
      where: at("NY"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(codes(d)).toEqual(["NOT_LICENSED"]);
  });
});

describe("rule 9: crisis sessions", () => {
  const vacation = at("FL", "33139", { line1: "1200 Ocean Dr", city: "Miami Beach" });
  const nyProvider = { licenses: [NY], credentials: [credential("cigna", "NY")], payer: "cigna" };

  it("a crisis where the normal rules allow it is billed normally, with crisis codes", () => {
    const d = run({ ...nyProvider, where: at("NY", "10001"), crisis: true });
    expect(d).toMatchObject({ outcome: "billable", basis: "in_network", billTo: "cigna" });
    expect(d.requirements.map((r) => r.code)).toEqual(["CRISIS_DOCUMENTATION", "CRISIS_CODES"]);
  });

  it("a crisis the normal rules deny is billable by exception with the exact address", () => {
    const d = run({ ...nyProvider, where: vacation, crisis: true });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "crisis",
      billTo: "cigna",
      credential: { payer: "cigna", state: "NY" },
    });
    expect(d.reasons).toEqual([]);
    expect(d.requirements.map((r) => r.code)).toEqual([
      "CRISIS_DOCUMENTATION",
      "CRISIS_CODES",
      "EXACT_ADDRESS",
    ]);
    expect(d.notes.map((n) => n.code)).toContain("CRISIS_EXCEPTION");
  });

  it("CRISIS_ADDRESS_REQUIRED: the exception without a street address is incomplete", () => {
    const d = run({ ...nyProvider, where: at("FL", "33139"), crisis: true });
    expect(d.outcome).toBe("incomplete");
    expect(codes(d)).toEqual(["CRISIS_ADDRESS_REQUIRED", "NOT_LICENSED", "NOT_CREDENTIALED"]);
  });

  it("no exception without an active credential with the client's plan somewhere", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("aetna", "NY")],
      payer: "cigna",
      where: vacation,
      crisis: true,
    });
    expect(d.outcome).toBe("not_billable");
    expect(d.requirements).toEqual([]);
    expect(d.notes.map((n) => n.code)).toContain("CRISIS_EXCEPTION_UNAVAILABLE");
  });

  it("crisis: false or absent is an ordinary session", () => {
    expect(run({ ...nyProvider, where: vacation, crisis: false }).outcome).toBe("not_billable");
    expect(run({ ...nyProvider, where: vacation }).outcome).toBe("not_billable");
  });
});

describe("the decision record", () => {
  it("echoes the id when given and leaves it out when not", () => {
    expect(run({ id: "abc", where: at("NY", "10027") }).id).toBe("abc");
    expect("id" in run({ where: at("NY", "10027") })).toBe(false);
  });

  it("every reason carries a readable sentence", () => {
    const d = run({ licenses: [license("CA")], credentials: [], payer: "bcbs-nc", where: at("NY", "14604") });
    for (const r of d.reasons) expect(r.message.length).toBeGreaterThan(20);
  });
});

describe("rule 9 with a split state and no ZIP", () => {
  it("a crisis is not held up by a missing ZIP when the exception covers every area", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY"), credential("bcbs-nc", "NC")],
      payer: "bcbs-nc",
      where: at("NY", undefined, { line1: "5 Elm St" }),
      crisis: true,
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "crisis", billTo: "bcbs-nc" });
    expect(d.requirements.map((r) => r.code)).toContain("EXACT_ADDRESS");
  });

  it("without an exception to fall back on, the ZIP is still required", () => {
    const d = run({
      licenses: [NY],
      credentials: [credential("anthem-ny", "NY")],
      payer: "bcbs-tx",
      where: at("NY", undefined, { line1: "5 Elm St" }),
      crisis: true,
    });
    expect(d.outcome).toBe("incomplete");
    expect(codes(d)).toEqual(["ZIP_REQUIRED"]);
  });
});
