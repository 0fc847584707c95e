/** The rules for text that reaches claim files, ZIP codes, and providers' names (issue 11). */
import { describe, expect, it } from "vitest";
import { AppError } from "../../src/app/errors.js";
import { displayName, personName } from "../../src/app/names.js";
import {
  checkPersonName,
  checkTexts,
  normalizeZip,
  TEXT,
  textProblem,
  zip5,
} from "../../src/app/text-fields.js";

const fieldsOf = (work: () => unknown) => {
  try {
    work();
  } catch (e) {
    if (e instanceof AppError) return e.extra.fields;
    throw e;
  }
  return undefined;
};

describe("textProblem", () => {
  it("accepts text within the element's length, accents included", () => {
    expect(textProblem("1130 Amsterdam Ave", TEXT.addressLine)).toBeUndefined();
    expect(textProblem("A".repeat(55), TEXT.addressLine)).toBeUndefined();
    expect(textProblem("José Núñez-O'Brien", TEXT.lastName)).toBeUndefined();
  });

  it("says the limit and the element it comes from", () => {
    expect(textProblem("A".repeat(56), TEXT.addressLine)).toBe(
      "at most 55 characters (an 837P address line holds 55)",
    );
    expect(textProblem("C".repeat(31), TEXT.city)).toBe("at most 30 characters (an 837P city holds 30)");
    expect(textProblem("M".repeat(81), TEXT.memberId)).toBe(
      "at most 80 characters (an 837P member id holds 80)",
    );
  });

  it("names the first X12 separator in the value", () => {
    expect(textProblem("W99*88~77:6", TEXT.memberId)).toBe('must not contain "*" (a claim-file separator)');
    expect(textProblem("W99~88", TEXT.memberId)).toBe('must not contain "~" (a claim-file separator)');
    expect(textProblem("Apt 4:B", TEXT.addressLine)).toBe('must not contain ":" (a claim-file separator)');
    expect(textProblem("Chen^Maya", TEXT.lastName)).toBe('must not contain "^" (a claim-file separator)');
  });

  it("refuses NUL and other control characters before anything else", () => {
    expect(textProblem("Ma\u0000ya", TEXT.firstName)).toBe(
      "must not contain NUL or other control characters",
    );
    expect(textProblem("Maya\nChen", TEXT.firstName)).toMatch(/control characters .* \(found U\+000A\)/);
    expect(textProblem("Maya\u007f", TEXT.firstName)).toMatch(/U\+007F/);
    expect(textProblem(`${"A".repeat(60)}\t*`, TEXT.addressLine)).toMatch(/U\+0009/);
  });
});

describe("checkTexts", () => {
  it("names every bad field, and skips fields not given", () => {
    const fields = fieldsOf(() => {
      checkTexts([
        ["memberId", "W99*88", TEXT.memberId],
        ["line2", null, TEXT.addressLine],
        ["city", undefined, TEXT.city],
        ["line1", "A".repeat(56), TEXT.addressLine],
        ["name", "fine", TEXT.organizationName],
      ]);
    });
    expect(fields?.map((f) => f.path)).toEqual(["memberId", "line1"]);
    expect(
      fieldsOf(() => {
        checkTexts([["city", "Durham", TEXT.city]]);
      }),
    ).toBeUndefined();
  });
});

describe("checkPersonName", () => {
  it("holds a client's last word to NM103 and the rest to NM104", () => {
    expect(
      fieldsOf(() => {
        checkPersonName("name", "Jordan Lee");
      }),
    ).toBeUndefined();
    expect(
      fieldsOf(() => {
        checkPersonName("name", `Jo ${"L".repeat(61)}`);
      })?.[0]?.message,
    ).toMatch(/last name is at most 60/);
    expect(
      fieldsOf(() => {
        checkPersonName("name", `${"J".repeat(36)} Lee`);
      })?.[0]?.message,
    ).toMatch(/before the last name are at most 35/);
  });
});

describe("ZIP codes", () => {
  it("keep 12345 or 12345-6789 from the three spellings", () => {
    expect(normalizeZip("10027", "zip")).toBe("10027");
    expect(normalizeZip("10027-6902", "zip")).toBe("10027-6902");
    expect(normalizeZip("100276902", "zip")).toBe("10027-6902");
    expect(normalizeZip(" 10027 ", "zip")).toBe("10027");
    expect(normalizeZip("", "zip")).toBeNull();
    expect(normalizeZip(null, "zip")).toBeNull();
  });

  it("refuse anything else, naming the field", () => {
    for (const bad of ["1002", "10027-69", "10027 6902", "1002769021", "ABCDE", "10027--6902"]) {
      const fields = fieldsOf(() => normalizeZip(bad, "address.zip"));
      expect(fields?.[0]?.path).toBe("address.zip");
      expect(fields?.[0]?.message).toMatch(/^expected a 5-digit ZIP code or ZIP\+4 such as 10027-1234/);
    }
  });

  it("reach the engine as five digits", () => {
    expect(zip5("10027-6902")).toBe("10027");
    expect(zip5("10027")).toBe("10027");
  });
});

describe("providers' names", () => {
  it("display as first, middle, last, suffix, then the credentials", () => {
    const maya = { firstName: "Maya", middleName: "R.", lastName: "Chen", suffix: null, credentials: "LCSW" };
    expect(displayName(maya)).toBe("Maya R. Chen, LCSW");
    expect(
      displayName({
        firstName: "Luis",
        middleName: null,
        lastName: "Ortega",
        suffix: "Jr.",
        credentials: "PsyD",
      }),
    ).toBe("Luis Ortega Jr., PsyD");
    expect(
      displayName({
        firstName: "Nadia",
        middleName: null,
        lastName: "Petrov",
        suffix: null,
        credentials: "MD, MPH",
      }),
    ).toBe("Nadia Petrov, MD, MPH");
    expect(
      displayName({ firstName: "Ana", middleName: " ", lastName: "Ruiz", suffix: null, credentials: null }),
    ).toBe("Ana Ruiz");
  });

  it("are trimmed, empty optional parts null, and checked part by part", () => {
    expect(
      personName({ firstName: " Maya ", lastName: "Chen", middleName: "", credentials: " LCSW " }),
    ).toEqual({
      firstName: "Maya",
      middleName: null,
      lastName: "Chen",
      suffix: null,
      credentials: "LCSW",
    });
    expect(fieldsOf(() => personName({ firstName: "Maya", lastName: " " }))?.[0]?.path).toBe("lastName");
    expect(fieldsOf(() => personName({ firstName: "", lastName: "Chen" }))?.[0]?.path).toBe("firstName");
    expect(fieldsOf(() => personName({ firstName: "Maya", lastName: "Chen", suffix: "Jr.*" }))?.[0]).toEqual({
      path: "suffix",
      message: 'must not contain "*" (a claim-file separator)',
    });
    expect(
      fieldsOf(() => personName({ firstName: "Maya", lastName: "Chen", middleName: "M".repeat(26) }))?.[0]
        ?.message,
    ).toBe("at most 25 characters (an 837P middle name holds 25)");
  });
});
