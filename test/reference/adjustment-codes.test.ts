/**
 * The CARC and RARC lists as shipped (the x12.org lists retrieved 2026-08-17): known codes mean
 * what X12 and CMS publish, the counts are pinned (a refresh changes them on purpose), deactivated
 * codes are kept and flagged, unknown codes answer null, and the loader names the code and field
 * of a hand-edit mistake.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  adjustmentInWords,
  carcList,
  carcText,
  groupText,
  parseAdjustmentCodes,
  rarcList,
  rarcText,
} from "../../src/reference/adjustment-codes.js";

const dataFile = (name: string) =>
  readFileSync(new URL(`../../src/reference/data/${name}`, import.meta.url), "utf8");

describe("CARC meanings", () => {
  it("the codes a mental-health practice sees most", () => {
    expect(carcText("1")).toBe("Deductible Amount");
    expect(carcText("2")).toBe("Coinsurance Amount");
    expect(carcText("3")).toBe("Co-payment Amount");
    expect(carcText("45")).toBe(
      "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.",
    );
    expect(carcText("50")).toBe(
      "These are non-covered services because this is not deemed a 'medical necessity' by the payer.",
    );
    expect(carcText("96")).toMatch(/^Non-covered charge\(s\)\. At least one Remark Code must be provided/);
    expect(carcText("97")).toBe(
      "The benefit for this service is included in the payment/allowance for another service/procedure that has already been adjudicated.",
    );
    expect(carcText("109")).toBe(
      "Claim/service not covered by this payer/contractor. You must send the claim/service to the correct payer/contractor.",
    );
    expect(carcText("197")).toBe("Precertification/authorization/notification/pre-treatment absent.");
    expect(carcText("204")).toBe(
      "This service/equipment/drug is not covered under the patient's current benefit plan",
    );
    expect(carcText("242")).toBe("Services not provided by network/primary care providers.");
    expect(carcText("253")).toBe("Sequestration - reduction in federal payment");
    expect(carcText("283")).toBe("Attending provider is not eligible to provide direction of care.");
    expect(carcText("P32")).toBe("Payment adjusted due to Apportionment.");
  });

  it("drops X12's Usage guidance to payers, keeping the meaning", () => {
    for (const code of carcList().codes) expect(code.description).not.toMatch(/Usage:/);
    expect(carcText("4")).toBe("The procedure code is inconsistent with the modifier used.");
  });

  it("trims and upper-cases a code; never pads or guesses", () => {
    expect(carcText(" p32 ")).toBe("Payment adjusted due to Apportionment.");
    expect(carcText("045")).toBeNull();
    expect(carcText("999")).toBeNull();
    expect(carcText("")).toBeNull();
    expect(carcText("N130")).toBeNull(); // a RARC, not a CARC
  });
});

describe("RARC meanings", () => {
  it("known remark codes", () => {
    expect(rarcText("M15")).toBe(
      "Separately billed services/tests have been bundled as they are considered components of the same procedure. Separate payment is not allowed.",
    );
    expect(rarcText("M80")).toBe(
      "Not covered when performed during the same session/date as a previously processed service for the patient.",
    );
    expect(rarcText("N54")).toBe("Claim information is inconsistent with pre-certified/authorized services.");
    expect(rarcText("N115")).toMatch(/^This decision was based on a Local Coverage Determination \(LCD\)\./);
    expect(rarcText("N130")).toBe(
      "Consult plan benefit documents/guidelines for information about restrictions for this service.",
    );
    expect(rarcText("N362")).toBe("The number of Days or Units of Service exceeds our acceptable maximum.");
    expect(rarcText("N418")).toBe("Misrouted claim. See the payer's claim submission instructions.");
    expect(rarcText("N479")).toBe(
      "Missing Explanation of Benefits (Coordination of Benefits or Medicare Secondary Payer).",
    );
    expect(rarcText("N522")).toBe(
      "Duplicate of a claim processed, or to be processed, as a crossover claim.",
    );
    expect(rarcText("MA130")).toMatch(
      /^Your claim contains incomplete and\/or invalid information, and no appeal rights are afforded/,
    );
    expect(rarcText("ma130")).toBe(rarcText("MA130"));
  });

  it("unknown remark codes answer null", () => {
    expect(rarcText("N99999")).toBeNull();
    expect(rarcText("ZZ9")).toBeNull();
    expect(rarcText("45")).toBeNull();
  });
});

describe("the shipped lists", () => {
  it("counts: every code X12 lists, current and deactivated (pinned: a refresh changes them)", () => {
    const count = (list: ReturnType<typeof carcList>, status: string) =>
      list.codes.filter((c) => c.status === status).length;
    expect(carcList().codes).toHaveLength(407);
    expect(count(carcList(), "current")).toBe(297);
    expect(count(carcList(), "deactivated")).toBe(110);
    expect(rarcList().codes).toHaveLength(1216);
    expect(count(rarcList(), "current")).toBe(1137);
    expect(count(rarcList(), "deactivated")).toBe(79);
  });

  it("deactivated codes are kept with their meaning and flagged", () => {
    const c15 = carcList().get("15");
    expect(c15?.status).toBe("deactivated");
    expect(carcText("15")).toMatch(/^The authorization number is missing, invalid/);
    expect(carcList().get("42")?.status).toBe("deactivated");
    expect(carcList().get("45")?.status).toBe("current");
    expect(carcList().get("45")?.stop).toBeNull();
    expect(rarcList().codes.some((c) => c.status === "deactivated")).toBe(true);
    // A current code never carries a stop date.
    for (const c of [...carcList().codes, ...rarcList().codes])
      if (c.status === "current") expect(c.stop).toBeNull();
  });

  it("no code is listed twice in a file, and none is in both lists", () => {
    for (const file of ["carc.json", "rarc.json"]) {
      const keys = [...dataFile(file).matchAll(/^ {4}"([^"]+)": \{/gm)].map((m) => m[1]);
      expect(keys.length).toBeGreaterThan(400);
      expect(new Set(keys).size).toBe(keys.length);
    }
    const carc = new Set(carcList().codes.map((c) => c.code));
    expect(rarcList().codes.filter((c) => carc.has(c.code))).toEqual([]);
  });

  it("descriptions are plain text, and the source is recorded", () => {
    for (const c of [...carcList().codes, ...rarcList().codes]) {
      expect(c.description).not.toMatch(/[<>]|&[a-z]+;|\s\s|^\s|\s$/);
    }
    expect(carcList().source.url).toBe("https://x12.org/codes/claim-adjustment-reason-codes");
    expect(rarcList().source.url).toBe("https://x12.org/codes/remittance-advice-remark-codes");
    expect(carcList().source.retrieved).toBe("2026-08-17");
    expect(carcList().source.copiedFrom.commit).toMatch(/^[0-9a-f]{40}$/);
  });
});

describe("in words", () => {
  it("group codes", () => {
    expect(groupText("CO")).toBe("Contractual Obligations");
    expect(groupText("PR")).toBe("Patient Responsibility");
    expect(groupText("OA")).toBe("Other Adjustments");
    expect(groupText("PI")).toBe("Payer Initiated Reductions");
    expect(groupText("cr")).toBe("Corrections and Reversals");
    expect(groupText("XX")).toBeNull();
    expect(groupText("toString")).toBeNull();
  });

  it("an adjustment: group-code, meaning, dollars", () => {
    expect(adjustmentInWords("CO", "45", 5500)).toBe(
      "CO-45 Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement.: $55.00",
    );
    expect(adjustmentInWords("PR", "3", 2500)).toBe("PR-3 Co-payment Amount: $25.00");
    expect(adjustmentInWords("pr", " 2 ", 123456)).toBe("PR-2 Coinsurance Amount: $1,234.56");
    expect(adjustmentInWords("CR", "45", -5500)).toMatch(/^CR-45 Charge exceeds .*: -\$55\.00$/);
    expect(adjustmentInWords("CO", "999", 100)).toBe("CO-999 (reason code not in the CARC list): $1.00");
    expect(adjustmentInWords("CO", "15", 0)).toMatch(/\(deactivated code\): \$0\.00$/);
  });
});

describe("the loader's checks", () => {
  const source = {
    list: "Claim Adjustment Reason Codes",
    maintainer: "X12",
    url: "https://x12.org/codes/claim-adjustment-reason-codes",
    retrieved: "2026-08-17",
    copiedFrom: { repository: "https://github.com/x/y", path: "a.js", commit: "0".repeat(40) },
  };
  const good = { description: "Deductible Amount", status: "current", start: null, stop: null };
  const problem = (codes: unknown, file: "carc.json" | "rarc.json" = "carc.json") => {
    try {
      parseAdjustmentCodes({ source, codes }, file);
      return "no error";
    } catch (e) {
      return (e as Error).message;
    }
  };

  it("accepts a well-formed list", () => {
    expect(problem({ "1": good })).toBe("no error");
  });

  it("names the code and field of a mistake", () => {
    expect(problem({ "1": { ...good, status: "active" } })).toBe(
      'carc.json: codes["1"].status: expected current, tobe or deactivated, got "active"',
    );
    expect(problem({ "1": { ...good, stop: "2024-01-01" } })).toBe(
      'carc.json: codes["1"].stop: a current code has no stop date',
    );
    expect(problem({ "1": { ...good, start: "01/01/1995" } })).toBe(
      'carc.json: codes["1"].start: expected YYYY-MM-DD or null',
    );
    expect(problem({ "1": { ...good, description: "<b>x</b>" } })).toBe(
      'carc.json: codes["1"].description: expected plain text',
    );
    expect(problem({ "1": { ...good, note: "x" } })).toBe('carc.json: codes["1"].note: unknown field');
    expect(problem({ N130: good })).toBe('carc.json: codes["N130"]: not a code of this list');
    expect(problem({ "45": good }, "rarc.json")).toBe('rarc.json: codes["45"]: not a code of this list');
    expect(problem({})).toBe("carc.json: codes: no codes");
  });
});
