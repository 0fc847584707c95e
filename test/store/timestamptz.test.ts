/**
 * The fast `timestamptz` reader agrees with the general one (postgres-date, what pg uses) on every
 * shape the server writes: fractions of any length, offsets of hours, minutes and seconds, both
 * signs; and hands the shapes it does not read (BC, infinity) to the general one.
 */
import fc from "fast-check";
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parseTimestamptz } from "../../src/store/db.js";

const general = createRequire(import.meta.url)("postgres-date") as (v: string) => Date | number;

const two = (n: number) => String(n).padStart(2, "0");

const text = fc
  .record({
    at: fc.date({
      min: new Date("1000-01-01T00:00:00Z"),
      max: new Date("9999-12-30T00:00:00Z"),
      noInvalidDate: true,
    }),
    micros: fc.option(fc.integer({ min: 0, max: 999_999 }), { nil: undefined }),
    digits: fc.integer({ min: 1, max: 6 }),
    sign: fc.constantFrom("+", "-"),
    oh: fc.integer({ min: 0, max: 14 }),
    om: fc.option(fc.constantFrom(0, 30, 45), { nil: undefined }),
    os: fc.option(fc.integer({ min: 0, max: 59 }), { nil: undefined }),
  })
  .map(({ at, micros, digits, sign, oh, om, os }) => {
    const d = at.toISOString();
    const fraction = micros === undefined ? "" : `.${String(micros).padStart(6, "0").slice(0, digits)}`;
    const offset = `${sign}${two(oh)}${om === undefined ? "" : `:${two(om)}${os === undefined ? "" : `:${two(os)}`}`}`;
    return `${d.slice(0, 10)} ${d.slice(11, 19)}${fraction}${offset}`;
  });

describe("parseTimestamptz", () => {
  it("reads what the server writes as the general parser does", () => {
    fc.assert(
      fc.property(text, (v) => {
        expect(parseTimestamptz(v).getTime()).toBe(Number(general(v)));
      }),
      { numRuns: 2000 },
    );
  });

  it("pins the usual shapes", () => {
    expect(parseTimestamptz("2026-01-05 14:00:00+00").toISOString()).toBe("2026-01-05T14:00:00.000Z");
    expect(parseTimestamptz("2026-01-05 09:00:00.123456-05").toISOString()).toBe("2026-01-05T14:00:00.123Z");
    expect(parseTimestamptz("2026-07-01 05:30:00+05:30").toISOString()).toBe("2026-07-01T00:00:00.000Z");
  });

  it("leaves what it does not read to the general parser", () => {
    expect(Number(parseTimestamptz("infinity"))).toBe(Number(general("infinity")));
    expect(parseTimestamptz("0044-03-15 12:00:00+00 BC").getTime()).toBe(
      Number(general("0044-03-15 12:00:00+00 BC")),
    );
  });
});
