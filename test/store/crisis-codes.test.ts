/**
 * The crisis codes are defined once (src/contract/cpt.ts). Two places cannot import that module
 * and say them again: the procedure list (src/reference/data/procedure-codes.json) and the
 * database's CHECKs on claims (the migrations). This holds both to the definition, so changing
 * one without the others fails here and not in production.
 */
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  CRISIS_ADD_ON,
  CRISIS_CPT,
  CRISIS_FIRST_HOUR,
  SHORT_CRISIS_PSYCHOTHERAPY,
} from "../../src/contract/cpt.js";
import { procedureCodes } from "../../src/reference/code-sets.js";

const MIGRATIONS = new URL("../../src/store/migrations/", import.meta.url);

/** Every migration's SQL, comments removed, in the order they apply. */
const sql = readdirSync(MIGRATIONS)
  .filter((f) => f.endsWith(".sql"))
  .sort()
  .map((f) => ({ file: f, text: readFileSync(new URL(f, MIGRATIONS), "utf8").replace(/--.*$/gm, "") }));

/** The body of a named constraint (`add constraint NAME check (...)`) in the migrations. */
function namedCheck(name: string): string {
  const found = sql.flatMap(({ text }) => {
    const m = new RegExp(`constraint\\s+${name}\\s+check\\s*\\(([\\s\\S]*?)\\);`, "i").exec(text);
    return m?.[1] ? [m[1]] : [];
  });
  expect(found, `constraint ${name}`).toHaveLength(1);
  return found[0]!;
}

/** The codes of each `array['…', …]` literal in a piece of SQL, in order. */
const arrays = (text: string): string[][] =>
  [...text.matchAll(/array\[([^\]]*)\]/gi)].map((m) => [...m[1]!.matchAll(/'([^']*)'/g)].map((c) => c[1]!));

describe("crisis codes: one definition (src/contract/cpt.ts)", () => {
  it("are 90839 for the first hour and its add-on 90840; a short crisis is 90832", () => {
    expect([...CRISIS_CPT]).toEqual([CRISIS_FIRST_HOUR, CRISIS_ADD_ON]);
    expect([CRISIS_FIRST_HOUR, CRISIS_ADD_ON, SHORT_CRISIS_PSYCHOTHERAPY]).toEqual([
      "90839",
      "90840",
      "90832",
    ]);
  });

  it("procedure-codes.json lists the same: the one code of kind crisis, and the add-ons to it", () => {
    const codes = procedureCodes();
    const crisis = codes.all.filter((p) => p.kind === "crisis").map((p) => p.code);
    const addOns = codes.all
      .filter((p) => p.kind === "add-on" && (p.addOnTo ?? []).some((c) => crisis.includes(c)))
      .map((p) => p.code);
    expect(crisis).toEqual([CRISIS_FIRST_HOUR]);
    expect(addOns).toEqual([CRISIS_ADD_ON]);
    expect(codes.get(CRISIS_ADD_ON)?.addOnTo).toEqual([CRISIS_FIRST_HOUR]);
    expect(codes.get(SHORT_CRISIS_PSYCHOTHERAPY)?.kind).toBe("psychotherapy");
  });

  it("the database's crisis CHECKs name the same codes", () => {
    // On the crisis basis: crisis psychotherapy, or the short crisis's psychotherapy code alone.
    expect(arrays(namedCheck("claims_crisis_basis_codes_check"))).toEqual([
      [CRISIS_FIRST_HOUR],
      [SHORT_CRISIS_PSYCHOTHERAPY],
    ]);
    // The add-on only with the first hour.
    expect(arrays(namedCheck("claims_crisis_add_on_check"))).toEqual([[CRISIS_ADD_ON], [CRISIS_FIRST_HOUR]]);
    // The first hour never with ordinary psychotherapy (the init migration's unnamed check).
    const init = sql.find((m) => m.file.endsWith("_init.sql"))!.text;
    const never = /check \(not \(cpt_codes && (array\[[^\]]*\])\) or not \(cpt_codes && array\[/i.exec(init);
    expect(never && arrays(never[1]!)).toEqual([[CRISIS_FIRST_HOUR]]);
  });

  it("no migration names a crisis code anywhere else", () => {
    const places = sql.flatMap(({ file, text }) =>
      [...CRISIS_CPT].flatMap((code) =>
        (text.match(new RegExp(`'${code}'`, "g")) ?? []).map(() => `${file}: ${code}`),
      ),
    );
    // Once in the init check, once in the crisis-basis check, twice in the add-on check.
    expect(places.sort()).toEqual(
      [
        `20261127T1900_init.sql: ${CRISIS_FIRST_HOUR}`,
        `20261205T0900_short_crisis_codes.sql: ${CRISIS_FIRST_HOUR}`,
        `20261205T0900_short_crisis_codes.sql: ${CRISIS_FIRST_HOUR}`,
        `20261205T0900_short_crisis_codes.sql: ${CRISIS_ADD_ON}`,
      ].sort(),
    );
  });
});
