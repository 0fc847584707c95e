/**
 * The 270 writer, read back by an independent parser (node-x12, strict: SE, GE and IEA counts and
 * control numbers) and checked for the segments 005010X279A1 requires, in their loops; random
 * subscribers and payers (fast-check) always give a file that parses, or a problem naming the field.
 */
import fc from "fast-check";
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import {
  check270,
  Eligibility270Error,
  MENTAL_HEALTH_SERVICE_TYPES,
  write270,
  type EligibilityRequest,
  type Interchange270,
} from "../../src/formats/x12-270.js";
import { readX12 } from "../../src/formats/x12.js";

const spec: Interchange270 = {
  senderId: "STATELINE",
  receiverId: "DEMOCLEAR",
  traceAssigner: "1871234567",
  envelope: {
    interchangeControlNumber: 5001,
    groupControlNumber: 5001,
    createdAt: new Date("2026-12-04T15:20:00Z"),
    usage: "T",
  },
};

const jordan: EligibilityRequest = {
  traceNumber: "3F2A9C10B7D84E0F9A1B2C3D4E5F6A7B",
  payer: { name: "Blue Cross and Blue Shield of North Carolina", electronicId: "DEMO560" },
  receiver: { kind: "person", npi: "1457392847", lastName: "Chen", firstName: "Maya" },
  subscriber: { memberId: "YPB123456789", firstName: "Jordan", lastName: "Lee", birthDate: "2004-03-14" },
  planDate: "2026-12-04",
};

type Row = readonly string[];

function rows(edi: string): Row[] {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error("expected one interchange");
  const txs = parsed.functionalGroups.flatMap((g) => g.transactions);
  expect(txs).toHaveLength(1);
  const tx = txs[0]!;
  return [tx.header, ...tx.segments, tx.trailer].map((s) => [s.tag, ...s.elements.map((e) => e.value)]);
}

const tags = (r: readonly Row[]) =>
  r.map((x) => (x[0] === "HL" || x[0] === "NM1" ? `${x[0]}:${x[3] ?? x[1]}` : x[0]));

describe("write270", () => {
  it("writes the loops the guide requires, in order", () => {
    const edi = write270(jordan, spec);
    const r = rows(edi);
    expect(r[0]).toEqual(["ST", "270", "0001", "005010X279A1"]);
    expect(r[1]).toEqual(["BHT", "0022", "13", jordan.traceNumber, "20261204", "1520"]);
    // 2000A payer, 2000B receiver, 2000C subscriber: HL parents and child codes.
    const hls = r.filter((x) => x[0] === "HL");
    expect(hls).toEqual([
      ["HL", "1", "", "20", "1"],
      ["HL", "2", "1", "21", "1"],
      ["HL", "3", "2", "22", "0"],
    ]);
    expect(r.find((x) => x[0] === "NM1" && x[1] === "PR")).toEqual([
      "NM1",
      "PR",
      "2",
      "BLUE CROSS AND BLUE SHIELD OF NORTH CAROLINA",
      "",
      "",
      "",
      "",
      "PI",
      "DEMO560",
    ]);
    expect(r.find((x) => x[0] === "NM1" && x[1] === "1P")).toEqual([
      "NM1",
      "1P",
      "1",
      "CHEN",
      "MAYA",
      "",
      "",
      "",
      "XX",
      "1457392847",
    ]);
    expect(r.find((x) => x[0] === "TRN")).toEqual(["TRN", "1", jordan.traceNumber, "1871234567"]);
    expect(r.find((x) => x[0] === "NM1" && x[1] === "IL")).toEqual([
      "NM1",
      "IL",
      "1",
      "LEE",
      "JORDAN",
      "",
      "",
      "",
      "MI",
      "YPB123456789",
    ]);
    expect(r.find((x) => x[0] === "DMG")).toEqual(["DMG", "D8", "20040314"]);
    expect(r.find((x) => x[0] === "DTP")).toEqual(["DTP", "291", "D8", "20261204"]);
    expect(r.filter((x) => x[0] === "EQ").map((x) => x[1])).toEqual([...MENTAL_HEALTH_SERVICE_TYPES]);
    // The subscriber's TRN comes right after its HL, the EQs last.
    const order = tags(r);
    expect(order.indexOf("TRN")).toBe(order.indexOf("HL:22") + 1);
    expect(order.slice(-6, -1)).toEqual(["EQ", "EQ", "EQ", "EQ", "EQ"]);
    expect(r.at(-1)).toEqual(["SE", String(r.length), "0001"]);
    // The envelope: HS, test usage, our ids.
    const x = readX12(edi);
    expect(x.groups[0]?.functionalId).toBe("HS");
    expect(x.usage).toBe("T");
    expect(x.senderId).toBe("STATELINE");
  });

  it("asks as the billing group (organization NPI) and leaves DMG out without a birth date", () => {
    const r = rows(
      write270(
        {
          ...jordan,
          receiver: { kind: "organization", npi: "1992753883", name: "Stateline Behavioral Health Group" },
          subscriber: { ...jordan.subscriber, birthDate: null },
        },
        spec,
      ),
    );
    expect(r.find((x) => x[0] === "NM1" && x[1] === "1P")?.slice(0, 4)).toEqual([
      "NM1",
      "1P",
      "2",
      "STATELINE BEHAVIORAL HEALTH GROUP",
    ]);
    expect(r.some((x) => x[0] === "DMG")).toBe(false);
  });

  it("names every field that keeps it from being written", () => {
    const bad: EligibilityRequest = {
      ...jordan,
      traceNumber: "",
      payer: { name: "Cigna", electronicId: "" },
      receiver: { kind: "person", npi: "1234567890", lastName: "Chen", firstName: "Maya" },
      subscriber: { memberId: " ", firstName: "J", lastName: "", birthDate: "2004-02-30" },
      planDate: "12/04/2026",
    };
    expect(check270(bad).map((p) => p.field)).toEqual([
      "traceNumber",
      "payer.electronicId",
      "receiver.npi",
      "subscriber.memberId",
      "subscriber.lastName",
      "subscriber.birthDate",
      "planDate",
    ]);
    expect(() => write270(bad, spec)).toThrow(Eligibility270Error);
  });

  it("any subscriber and payer: parses strictly, or a problem names the field", () => {
    const name = fc.stringMatching(/^[A-Za-zÀ-ÿ' .*~:^-]{0,70}$/);
    fc.assert(
      fc.property(
        fc.record({
          memberId: fc.stringMatching(/^[0-9A-Za-z-]{0,20}$/),
          first: name,
          last: name,
          payer: name,
          electronicId: fc.stringMatching(/^[0-9A-Z]{0,10}$/),
          birth: fc.option(
            fc.date({ min: new Date("1900-01-01"), max: new Date("2026-12-01"), noInvalidDate: true }),
          ),
          icn: fc.integer({ min: 1, max: 999_999_999 }),
        }),
        (v) => {
          const request: EligibilityRequest = {
            ...jordan,
            payer: { name: v.payer, electronicId: v.electronicId },
            subscriber: {
              memberId: v.memberId,
              firstName: v.first,
              lastName: v.last,
              birthDate: v.birth ? v.birth.toISOString().slice(0, 10) : null,
            },
          };
          const problems = check270(request, spec);
          if (problems.length > 0) {
            expect(() => write270(request, spec)).toThrow(Eligibility270Error);
            return;
          }
          const edi = write270(request, {
            ...spec,
            envelope: { ...spec.envelope, interchangeControlNumber: v.icn, groupControlNumber: v.icn },
          });
          const r = rows(edi);
          const il = r.find((x) => x[0] === "NM1" && x[1] === "IL");
          expect(il?.[9]).toBe(v.memberId.toUpperCase());
          expect(r.find((x) => x[0] === "NM1" && x[1] === "PR")?.[9]).toBe(v.electronicId);
          for (const row of r) for (const value of row) expect(value).not.toMatch(/[*~:^]/);
        },
      ),
      { numRuns: 200 },
    );
  });
});
