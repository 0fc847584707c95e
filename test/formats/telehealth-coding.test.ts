/**
 * Issue 11 fault 8: telehealth coded as each payer wants it. Place of service 10 when the client
 * was at home, 02 anywhere else; modifier 95 for commercial video, none for Medicare (POS 02/10
 * say telehealth; CMS CY 2024 PFS final rule, NGS "Telehealth Changes for 2024 – Modifier 95 and
 * Place of Service Codes"), GT where billing settings say a payer wants it; audio-only 93, FQ for
 * Medicare. Then the same through the 837P: the record's lines carry what the claim file writes.
 */
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import { MEDICARE, modifiersFor, placeOfService } from "../../src/app/claims.js";
import { serviceLines, type ClaimRecord } from "../../src/formats/claim-record.js";
import { write837p } from "../../src/formats/x12-837p.js";
import { billing, inNetwork } from "./records.js";

describe("place of service", () => {
  it.each([
    ["home", "10"],
    ["virtual_session", "02"],
    ["temporary", "02"],
    [null, "02"],
  ] as const)("telehealth with the client's location of kind %s is POS %s", (kind, pos) => {
    expect(placeOfService("telehealth", kind)).toBe(pos);
  });

  it("in person is the office, 11", () => {
    expect(placeOfService("in_person", null)).toBe("11");
  });
});

describe("telehealth modifiers per payer", () => {
  it.each([
    ["a commercial payer, video", { payer: "aetna" }, ["95"]],
    ["a commercial payer, audio only", { payer: "aetna", audioOnly: true }, ["93"]],
    ["Medicare, video: the POS says telehealth", { payer: MEDICARE }, []],
    ["Medicare, audio only", { payer: MEDICARE, audioOnly: true }, ["FQ"]],
    ["a payer set to GT, video", { payer: "cigna", rule: "GT" as const }, ["GT"]],
    ["a payer set to GT, audio only", { payer: "cigna", rule: "GT" as const, audioOnly: true }, ["93"]],
    ["a payer set to none, video", { payer: "uhc", rule: "none" as const }, []],
  ])("%s → %j", (_, options, expected) => {
    expect(modifiersFor("telehealth", options)).toEqual(expected);
  });

  it("never marks an in-person session", () => {
    expect(modifiersFor("in_person", { payer: "aetna", audioOnly: true, rule: "GT" })).toEqual([]);
  });

  it.each([
    [[], "HC:90837"],
    [["GT"], "HC:90837:GT"],
    [["FQ"], "HC:90837:FQ"],
    [["93"], "HC:90837:93"],
  ])("the 837P writes SV101 with modifiers %j as %s, read back strictly", (modifiers, sv101) => {
    const record: ClaimRecord = {
      ...inNetwork,
      claim: { ...inNetwork.claim, lines: serviceLines(["90837"], modifiers, billing.fees) },
    };
    const edi = write837p([record], {
      interchangeControlNumber: 1,
      groupControlNumber: 1,
      createdAt: new Date("2026-12-04T12:00:00Z"),
      usage: "T",
    });
    const parsed = new X12Parser(true).parse(edi);
    expect(parsed).toBeInstanceOf(X12Interchange);
    const segments = (parsed as X12Interchange).functionalGroups.flatMap((g) =>
      g.transactions.flatMap((t) => t.segments),
    );
    expect(segments.find((s) => s.tag === "SV1")?.elements[0]?.value).toBe(sv101);
  });
});
