/**
 * The code sets: ICD-10-CM billable codes from the CMS FY2026 release (categories and made-up
 * codes refused, with what to use instead), diagnoses as providers type them, the procedure codes
 * Stateline bills (checked on load, naming the code and field), and the time rules that pick a
 * crisis session's codes.
 */
import { describe, expect, it } from "vitest";
import {
  CRISIS_MIN_MINUTES,
  PSYCHOTHERAPY_MIN_MINUTES,
  crisisCodes,
  psychotherapyCode,
} from "../../src/app/claims.js";
import { normalizeDiagnoses } from "../../src/app/diagnoses.js";
import { AppError } from "../../src/app/errors.js";
import { checkFeeCode, checkSessionCode, sessionCodes } from "../../src/app/procedures.js";
import {
  dottedIcd10,
  icd10cm,
  normalizeIcd10,
  parseIcd10Cm,
  parseProcedureCodes,
  procedureCodes,
} from "../../src/reference/code-sets.js";

function fieldError(run: () => unknown): { path: string; message: string } {
  try {
    run();
  } catch (e) {
    expect(e).toBeInstanceOf(AppError);
    const field = (e as AppError).extra.fields?.[0];
    if (field) return field;
  }
  throw new Error("expected a field error");
}

describe("ICD-10-CM (FY2026)", () => {
  const set = icd10cm();

  it("holds the release's 74,719 billable codes, loaded once", () => {
    expect(set.size).toBe(74_719);
    expect(icd10cm()).toBe(set);
  });

  it("accepts billable codes, refuses categories, subcategories and codes that do not exist", () => {
    for (const code of ["F411", "F32A", "Z630", "F4310", "F99", "U071", "QA00101"]) {
      expect(set.isBillable(code), code).toBe(true);
    }
    for (const code of ["F41", "F431", "F99999", "F3", "Z63", "F41.1"]) {
      expect(set.isBillable(code), code).toBe(false);
    }
  });

  it("says a category is one and names codes to use, with their descriptions", () => {
    expect(set.refusal("F41", "F41")).toBe(
      '"F41" is not a billable ICD-10-CM code: it is a category; use a code such as F41.0 (Panic disorder [episodic paroxysmal anxiety]), F41.1 (Generalized anxiety disorder) or F41.3 (Other mixed anxiety disorders); 5 billable codes begin with F41',
    );
    expect(set.refusal("F431")).toMatch(
      /^"F43\.1" is not a billable ICD-10-CM code: it is a subcategory; use a code such as F43\.10 \(Post-traumatic stress disorder, unspecified\)/,
    );
    expect(set.refusal("F99999", "F99.999")).toBe(
      '"F99.999" is not a billable ICD-10-CM code (FY2026 code set); did you mean F99 (Mental disorder, not otherwise specified)?',
    );
    expect(set.refusal("F411")).toBeUndefined();
  });

  it("finds the codes under a prefix", () => {
    expect(set.under("F41")).toEqual(["F410", "F411", "F413", "F418", "F419"]);
    expect(set.under("F4A")).toEqual([]);
    expect(set.description("F32A")).toBe("Depression, unspecified");
    expect(set.description("A000")).toBeUndefined();
  });

  it("normalizes codes as people type them", () => {
    expect(normalizeIcd10(" f41.1 ")).toBe("F411");
    expect(normalizeIcd10("F32.a")).toBe("F32A");
    expect(dottedIcd10("F4310")).toBe("F43.10");
    expect(dottedIcd10("F99")).toBe("F99");
  });

  it("checks the generated files' order", () => {
    expect(() => parseIcd10Cm("F411\nF410\n", "code\tdescription\n")).toThrow(/line 2: not sorted/);
    expect(() => parseIcd10Cm("F410\n", "nope\n")).toThrow(/unexpected header/);
  });
});

describe("normalizeDiagnoses", () => {
  it("keeps billable codes in claim form, lower case and dots accepted, duplicates dropped", () => {
    expect(normalizeDiagnoses(["f41.1", "F32.A", "Z63.0", "F411"], "diagnosisCodes")).toEqual([
      "F411",
      "F32A",
      "Z630",
    ]);
  });

  it("refuses F41 and F99.999 naming the field path", () => {
    const f41 = fieldError(() => normalizeDiagnoses(["F41"], "diagnosisCodes"));
    expect(f41.path).toBe("diagnosisCodes[0]");
    expect(f41.message).toMatch(
      /^"F41" is not a billable ICD-10-CM code: it is a category; use a code such as .*F41\.1 \(Generalized anxiety disorder\)/,
    );
    const made = fieldError(() => normalizeDiagnoses(["F411", "f99.999"], "diagnosisCodes"));
    expect(made.path).toBe("diagnosisCodes[1]");
    expect(made.message).toMatch(/^"f99\.999" is not a billable ICD-10-CM code/);
    expect(fieldError(() => normalizeDiagnoses(["12345"], "x")).message).toMatch(/not an ICD-10-CM code/);
  });
});

describe("procedure codes", () => {
  const codes = procedureCodes();

  it("lists the behavioral-health codes Stateline bills", () => {
    expect(codes.codes).toEqual([
      "90785",
      "90791",
      "90792",
      "90832",
      "90833",
      "90834",
      "90836",
      "90837",
      "90838",
      "90839",
      "90840",
      "90846",
      "90847",
      "90853",
      "99202",
      "99203",
      "99204",
      "99205",
      "99212",
      "99213",
      "99214",
      "99215",
    ]);
    expect(codes.get("90833")).toMatchObject({ kind: "add-on", minutes: { min: 16, max: 37 } });
    expect(sessionCodes()).not.toContain("90833");
    expect(sessionCodes()).not.toContain("90839");
    expect(sessionCodes()).toContain("99214");
  });

  it("agrees with the time rules the claims use", () => {
    for (const code of ["90832", "90834", "90837"]) {
      const { min, max } = codes.get(code)?.minutes ?? { min: 0 };
      expect(psychotherapyCode(min), code).toBe(code);
      if (max !== undefined) expect(psychotherapyCode(max), code).toBe(code);
      expect(psychotherapyCode(min - 1), code).not.toBe(code);
    }
    expect(codes.get("90832")?.minutes?.min).toBe(PSYCHOTHERAPY_MIN_MINUTES);
    expect(codes.get("90839")?.minutes?.min).toBe(CRISIS_MIN_MINUTES);
    expect(psychotherapyCode(15)).toBeUndefined();
  });

  it("bills a short crisis as psychotherapy and refuses under 16 minutes", () => {
    for (const m of [16, 25, 29]) expect(crisisCodes(m)).toEqual(["90832"]);
    expect(crisisCodes(30)).toEqual(["90839"]);
    expect(fieldError(() => crisisCodes(15)).path).toBe("durationMinutes");
  });

  it("refuses other codes with the field and the allowed set", () => {
    const other = fieldError(() => {
      checkSessionCode("97110", "cptCode");
    });
    expect(other).toMatchObject({ path: "cptCode" });
    expect(other.message).toContain(`allowed: ${sessionCodes().join(", ")}`);
    expect(
      fieldError(() => {
        checkSessionCode("90838", "cptCode");
      }).message,
    ).toMatch(/add-on code/);
    expect(
      fieldError(() => {
        checkSessionCode("90840", "cptCode");
      }).message,
    ).toMatch(/crisis code/);
    expect(() => {
      checkSessionCode("90834", "cptCode");
    }).not.toThrow();
    expect(
      fieldError(() => {
        checkFeeCode("97110", "fees.97110");
      }).path,
    ).toBe("fees.97110");
    expect(() => {
      checkFeeCode("90840", "fees.90840");
    }).not.toThrow();
  });

  it("checks the file on load, naming the entry and field", () => {
    const entry = {
      code: "90834",
      description: "Psychotherapy",
      kind: "psychotherapy",
      source: ["https://example.org"],
    };
    const parse =
      (...entries: unknown[]) =>
      () =>
        parseProcedureCodes({ codes: entries });
    expect(parse({ ...entry, kind: "therapy" })).toThrow(/codes\[0\] \(90834\)\.kind: expected one of/);
    expect(parse(entry, entry)).toThrow(/codes\[1\] \(90834\)\.code: listed twice/);
    expect(parse({ ...entry, code: "9083" })).toThrow(/codes\[0\]\.code: expected a CPT or HCPCS code/);
    expect(parse({ ...entry, minutes: { min: 53, max: 38 } })).toThrow(/\(90834\)\.minutes\.max/);
    expect(parse({ ...entry, kind: "add-on" })).toThrow(/\(90834\)\.addOnTo: an add-on needs/);
    expect(parse({ ...entry, kind: "add-on", addOnTo: ["99999"] })).toThrow(
      /addOnTo\[0\]: "99999" is not in the list/,
    );
    expect(parse({ ...entry, source: [] })).toThrow(/\(90834\)\.source/);
    expect(parse({ ...entry, price: 3 })).toThrow(/\(90834\)\.price: unknown field/);
    expect(parse(entry)().get("90834")?.kind).toBe("psychotherapy");
  });
});
