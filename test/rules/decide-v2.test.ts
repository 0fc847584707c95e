/**
 * The rules added in contract v2, each pinned on the made-up map (test/support/fake-geography.ts):
 * 2a compact privileges, NLC entries, 9 (crisis exception for telehealth only), 10 and 11 notes,
 * 12 products, 13 the Federal Employee Program, 14 behavioral health administrators.
 */
import { describe, expect, it } from "vitest";
import { decide } from "../../src/rules/decide.js";
import type { Decision } from "../../src/rules/decision.js";
import { explain } from "../../src/rules/explain.js";
import { aCase, at, credential, license, type CaseSpec } from "../support/builders.js";
import { fakeGeography } from "../support/fake-geography.js";

const run = (spec: CaseSpec): Decision => decide(aCase(spec), fakeGeography);
const codes = (d: Decision) => d.reasons.map((r) => r.code);
const notes = (d: Decision) => d.notes.map((n) => n.code);

const ohioPsyD = license("OH", { type: "PsyD" });
const gaPrivilege = license("GA", { type: "PsyD", source: "PSYPACT", telehealthOnly: true, homeState: "OH" });
const inGeorgia = at("GA", "30303");
const aetnaGA = credential("aetna", "GA");

describe("rule 2a: compact privileges are checked, not taken on trust", () => {
  it("a PSYPACT privilege on an active home license, both states members, authorises the session", () => {
    const d = run({ licenses: [ohioPsyD, gaPrivilege], credentials: [aetnaGA], where: inGeorgia });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "in_network",
      license: { state: "GA", type: "PsyD" },
    });
  });

  it("PRIVILEGE_NOT_VALID: no homeState", () => {
    const { homeState: _, ...bare } = gaPrivilege;
    const d = run({ licenses: [ohioPsyD, bare], credentials: [aetnaGA], where: inGeorgia });
    expect(d.outcome).toBe("not_billable");
    expect(codes(d)[0]).toBe("PRIVILEGE_NOT_VALID");
    expect(d.reasons[0]?.message).toMatch(/does not say which home license/);
  });

  it("PRIVILEGE_NOT_VALID: the client's state is not a member (New York is in no compact here)", () => {
    const ny = license("NY", { type: "PsyD", source: "PSYPACT", telehealthOnly: true, homeState: "OH" });
    const d = run({
      licenses: [ohioPsyD, ny],
      credentials: [credential("aetna", "NY")],
      where: at("NY", "10027"),
    });
    expect(codes(d)[0]).toBe("PRIVILEGE_NOT_VALID");
    expect(d.reasons[0]?.message).toContain("New York is not a PSYPACT member state");
  });

  it("PRIVILEGE_NOT_VALID: a state counts only from the date it joined", () => {
    const co = license("CO", { type: "PsyD", source: "PSYPACT", homeState: "OH" });
    const spec = {
      licenses: [ohioPsyD, co],
      credentials: [credential("aetna", "CO")],
      where: at("CO", "80202"),
    };
    const before = run({ ...spec, date: "2026-06-30" });
    expect(codes(before)[0]).toBe("PRIVILEGE_NOT_VALID");
    expect(before.reasons[0]?.message).toContain("until 2026-07-01");
    expect(run({ ...spec, date: "2026-07-01" }).outcome).toBe("billable");
  });

  it("PRIVILEGE_NOT_VALID: the home state must be a member too", () => {
    const nyHome = license("NY", { type: "PsyD" });
    const priv = { ...gaPrivilege, homeState: "NY" as const };
    const d = run({ licenses: [nyHome, priv], credentials: [aetnaGA], where: inGeorgia });
    expect(d.reasons[0]?.message).toMatch(
      /New York, your home state for this privilege, is not a PSYPACT member/,
    );
  });

  it("PRIVILEGE_NOT_VALID: a home license on probation does not carry a privilege", () => {
    const d = run({
      licenses: [
        license("CO", { type: "LPC", status: "probation" }),
        license("GA", { type: "LPC", source: "counseling_compact", homeState: "CO" }),
      ],
      credentials: [credential("cigna", "GA")],
      payer: "cigna",
      where: inGeorgia,
    });
    expect(codes(d)[0]).toBe("PRIVILEGE_NOT_VALID");
    expect(d.reasons[0]?.message).toMatch(/probation/);
  });

  it("PRIVILEGE_NOT_VALID: an expired home license names its end date", () => {
    const d = run({
      licenses: [{ ...ohioPsyD, validTo: "2026-01-31" }, gaPrivilege],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(d.reasons[0]?.message).toContain("your Ohio home license, which expired on 2026-01-31");
  });

  it("PRIVILEGE_NOT_VALID: a home license of another compact's profession", () => {
    const d = run({
      licenses: [license("OH", { type: "LCSW" }), gaPrivilege],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(d.reasons[0]?.message).toBe("PSYPACT is for psychologists; your Ohio license is an LCSW.");
  });

  it("a home license type the catalogue does not know is not refused", () => {
    const d = run({
      licenses: [license("OH", { type: "Psychologist (HSP)" }), gaPrivilege],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(d.outcome).toBe("billable");
  });

  it("an IMLC entry is a license and can be the home license", () => {
    const d = run({
      licenses: [license("OH", { type: "PsyD", source: "IMLC" }), gaPrivilege],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(d.outcome).toBe("billable");
  });

  it("a privilege failing 2a does not hide a state license that holds", () => {
    const bad = { ...gaPrivilege, homeState: "NY" as const };
    const d = run({
      licenses: [bad, license("GA", { type: "PsyD" })],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(d).toMatchObject({ outcome: "billable", license: { state: "GA" } });
  });

  it("a lapsed license for the state and an invalid privilege: the privilege explains (order step 3)", () => {
    const d = run({
      licenses: [license("GA", { type: "PsyD", validTo: "2025-12-31" }), { ...gaPrivilege, homeState: "NY" }],
      credentials: [aetnaGA],
      where: inGeorgia,
    });
    expect(codes(d)[0]).toBe("PRIVILEGE_NOT_VALID");
  });

  it("NLC entries never authorise these sessions, and a note says so", () => {
    const d = run({
      licenses: [license("TX", { type: "RN" }), license("FL", { type: "RN", source: "NLC" })],
      credentials: [credential("aetna", "FL")],
      where: at("FL", "33139"),
    });
    expect(codes(d)[0]).toBe("NOT_LICENSED");
    expect(notes(d)).toContain("NLC_NOT_AUTHORITY");
  });
});

describe("rule 9 (v2): the crisis exception is for telehealth only", () => {
  it("an in-person crisis session where the provider may not practise gets the normal refusal", () => {
    const d = run({
      licenses: [license("NY")],
      credentials: [credential("aetna", "NY")],
      where: at("NJ", "07030", { line1: "1 Hudson Pl" }),
      modality: "in_person",
      crisis: true,
    });
    expect(d).toMatchObject({ outcome: "not_billable", basis: null, billTo: null });
    expect(codes(d)[0]).toBe("NOT_LICENSED");
    expect(notes(d)).toContain("CRISIS_TELEHEALTH_ONLY");
  });

  it("the same session by video is billable by exception", () => {
    const d = run({
      licenses: [license("NY")],
      credentials: [credential("aetna", "NY")],
      where: at("NJ", "07030", { line1: "1 Hudson Pl" }),
      crisis: true,
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "crisis", billTo: "aetna" });
  });

  it("explain: a crisis lacking only the address says the exception applies and asks for the address only", () => {
    const c = aCase({
      licenses: [license("NY")],
      credentials: [credential("aetna", "NY")],
      where: at("NJ", "07030"),
      crisis: true,
    });
    const d = decide(c, fakeGeography);
    expect(codes(d)[0]).toBe("CRISIS_ADDRESS_REQUIRED");
    const a = explain(c, d, fakeGeography);
    const crisis = a.steps.find((s) => s.title === "Crisis session");
    expect(crisis?.status).toBe("open");
    expect(crisis?.lines[0]).toMatch(/crisis exception applies/);
    expect(a.changes).toEqual([d.reasons[0]?.fix]);
    expect(a.changes.join(" ")).not.toMatch(/licensed|credentialed/i);
  });
});

describe("rules 10 and 11: notes", () => {
  it("a credential with an unknown payer id is ignored with a note", () => {
    const d = run({
      licenses: [license("NY")],
      credentials: [credential("aetnna", "NY")],
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(notes(d)).toContain("UNKNOWN_CREDENTIAL_PAYER");
    expect(d.notes.find((n) => n.code === "UNKNOWN_CREDENTIAL_PAYER")?.message).toContain('"aetnna"');
  });

  it("a virtual-network credential with a national payer is ignored with a note", () => {
    const d = run({
      licenses: [license("NY")],
      credentials: [credential("aetna", "NY", { network: "virtual" })],
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(notes(d)).toContain("VIRTUAL_NETWORK_NOT_BCBS");
  });

  it("a state's temporary-practice allowance is a note, never billability", () => {
    const d = run({
      licenses: [license("NY")],
      credentials: [credential("aetna", "NY")],
      where: at("FL", "33139"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(notes(d)).toContain("TEMPORARY_PRACTICE");
  });
});

describe("rule 12: products", () => {
  const texan = {
    licenses: [license("NY")],
    credentials: [credential("anthem-ny", "NY")],
    payer: "bcbs-tx",
    where: at("NY", "10027"),
  };

  it.each(["hmo", "epo", "exchange", "medicaid"] as const)("%s behaves as bluecard: false", (product) => {
    const d = run({ ...texan, coverage: { product } });
    expect(d.outcome).toBe("not_billable");
    expect(codes(d)).toEqual(["BLUECARD_NOT_AVAILABLE"]);
  });

  it.each(["ppo", "pos", "medicare_advantage"] as const)("%s takes part in BlueCard", (product) => {
    const d = run({ ...texan, coverage: { product } });
    expect(d).toMatchObject({ outcome: "billable", basis: "bluecard", billTo: "anthem-ny" });
    expect(notes(d)).not.toContain("VERIFY_OUT_OF_AREA_BENEFITS");
  });

  it("an explicit bluecard wins over the product", () => {
    expect(run({ ...texan, coverage: { product: "hmo", bluecard: true } }).outcome).toBe("billable");
    expect(run({ ...texan, coverage: { product: "ppo", bluecard: false } }).outcome).toBe("not_billable");
  });

  it("no product and no flag: BlueCard, with a note asking to verify out-of-area benefits", () => {
    const d = run(texan);
    expect(d).toMatchObject({ outcome: "billable", basis: "bluecard" });
    expect(notes(d)).toContain("VERIFY_OUT_OF_AREA_BENEFITS");
  });

  it("an HMO member inside the home area is seen in network as before", () => {
    const d = run({
      ...texan,
      credentials: [credential("bcbs-tx", "TX")],
      licenses: [license("TX")],
      where: at("TX", "75201"),
      coverage: { product: "hmo" },
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "in_network", billTo: "bcbs-tx" });
  });
});

describe("rule 13: the Federal Employee Program", () => {
  const fep = { payer: "bcbs-tx", coverage: { product: "fep" as const } };

  it("outside the home area, a credential with the local plan is in network, billed to it", () => {
    const d = run({
      ...fep,
      licenses: [license("NY")],
      credentials: [credential("anthem-ny", "NY")],
      where: at("NY", "10027"),
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "in_network", billTo: "anthem-ny" });
    expect(notes(d)).toContain("FEDERAL_EMPLOYEE_PROGRAM");
  });

  it("inside the home area, the home plan is the local plan", () => {
    const d = run({
      ...fep,
      licenses: [license("TX")],
      credentials: [credential("bcbs-tx", "TX")],
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({ outcome: "billable", basis: "in_network", billTo: "bcbs-tx" });
  });

  it("no virtual network and no BlueCard: a home-plan virtual credential elsewhere does not help", () => {
    const d = run({
      ...fep,
      licenses: [license("NY")],
      credentials: [credential("bcbs-tx", "NY", { network: "virtual" })],
      where: at("NY", "10027"),
    });
    expect(d.outcome).toBe("not_billable");
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
    expect(d.reasons[0]?.message).toMatch(/Federal Employee Program/);
  });

  it("a plan local elsewhere in the state does not count where the client is", () => {
    const d = run({
      ...fep,
      licenses: [license("NY")],
      credentials: [credential("excellus-ny", "NY")],
      where: at("NY", "10027"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
  });

  it("without a ZIP in a split state, an answer that differs by area is ZIP_REQUIRED", () => {
    const d = run({
      ...fep,
      licenses: [license("NY")],
      credentials: [credential("anthem-ny", "NY")],
      where: at("NY"),
    });
    expect(d).toMatchObject({ outcome: "incomplete" });
    expect(codes(d)).toEqual(["ZIP_REQUIRED"]);
  });

  it("the first listed local credential wins where two plans are local", () => {
    const d = run({
      ...fep,
      licenses: [license("NY")],
      credentials: [credential("highmark-neny", "NY"), credential("anthem-ny", "NY")],
      where: at("NY", "12207"),
    });
    expect(d).toMatchObject({ outcome: "billable", billTo: "highmark-neny" });
  });
});

describe("rule 14: behavioral health administrators", () => {
  it("an Optum credential is in network for UnitedHealthcare members, billed to UHC", () => {
    const d = run({
      payer: "uhc",
      licenses: [license("TX")],
      credentials: [credential("optum", "TX")],
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({
      outcome: "billable",
      basis: "in_network",
      billTo: "uhc",
      credential: { payer: "optum" },
    });
    expect(notes(d)).toContain("BEHAVIORAL_ADMINISTRATOR");
  });

  it("a credential with the payer itself is preferred, whatever the order", () => {
    const d = run({
      payer: "uhc",
      licenses: [license("TX")],
      credentials: [credential("optum", "TX"), credential("uhc", "TX")],
      where: at("TX", "75201"),
    });
    expect(d).toMatchObject({ billTo: "uhc", credential: { payer: "uhc" } });
  });

  it("an administrator's credential in another state does not count", () => {
    const d = run({
      payer: "uhc",
      licenses: [license("TX")],
      credentials: [credential("optum", "NY")],
      where: at("TX", "75201"),
    });
    expect(codes(d)).toEqual(["NOT_CREDENTIALED"]);
    expect(d.reasons[0]?.message).toContain("Optum");
  });

  it("only the payer's own members: an Optum credential does nothing for Aetna members", () => {
    const d = run({
      payer: "aetna",
      licenses: [license("TX")],
      credentials: [credential("optum", "TX")],
      where: at("TX", "75201"),
    });
    expect(d.outcome).toBe("not_billable");
  });
});
