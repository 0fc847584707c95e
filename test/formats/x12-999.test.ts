/**
 * The 999 acknowledgement: the sandbox's writer read back by an independent parser (node-x12,
 * strict: SE/GE/IEA counts and control numbers) and by our reader, and our reader on a realistic
 * clearinghouse 999 rejecting one claim with its segment and element errors in words.
 */
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import { write837p } from "../../src/formats/x12-837p.js";
import {
  read999,
  scanEnvelope,
  transactionAccepted,
  write999,
  write999Unreadable,
} from "../../src/formats/x12-999.js";
import { readX12, type X12FileError } from "../../src/formats/x12.js";
import { allKinds } from "./records.js";

const sent = write837p([...allKinds], {
  interchangeControlNumber: 4711,
  groupControlNumber: 4711,
  createdAt: new Date("2026-11-21T09:30:00Z"),
  usage: "P",
});
const answer = {
  interchangeControlNumber: 900001,
  groupControlNumber: 900001,
  createdAt: new Date("2026-11-21T09:31:00Z"),
  usage: "T" as const,
  senderId: "SANDBOX",
};

function strict(edi: string): X12Interchange {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error("expected one interchange");
  return parsed;
}

const rows = (edi: string): string[][] =>
  strict(edi).functionalGroups.flatMap((g) =>
    g.transactions.flatMap((t) => t.segments.map((s) => [s.tag, ...s.elements.map((e) => e.value)])),
  );

describe("write999", () => {
  it("accepts every transaction set of an 837P, from SANDBOX to the submitter, as test data", () => {
    const edi = write999(readX12(sent), answer);
    const ix = strict(edi);
    expect(ix.header.elements[5]?.value.trim()).toBe("SANDBOX");
    expect(ix.header.elements[7]?.value.trim()).toBe(allKinds[0].billing.submitterId);
    expect(ix.header.elements[14]?.value).toBe("T");
    const group = ix.functionalGroups[0];
    expect(group?.header.elements[0]?.value).toBe("FA");
    expect(group?.header.elements[7]?.value).toBe("005010X231A1");
    const r = rows(edi);
    expect(r[0]).toEqual(["AK1", "HC", "4711", "005010X222A1"]);
    expect(r.filter((s) => s[0] === "AK2")).toHaveLength(allKinds.length);
    expect(r.filter((s) => s[0] === "IK5").every((s) => s[1] === "A")).toBe(true);
    expect(r.at(-1)).toEqual(["AK9", "A", "5", "5", "5"]);
  });

  it("rejects the transaction sets named with IK3/IK4 and partially accepts the group", () => {
    const edi = write999(readX12(sent), answer, [
      {
        transactionControl: "0002",
        segmentId: "NM1",
        segmentPosition: 12,
        loopId: "2010BA",
        segmentError: "8",
        element: { position: 9, reference: "67", error: "7", value: "BAD*ID" },
      },
    ]);
    const r = rows(edi);
    expect(r).toContainEqual(["IK3", "NM1", "12", "2010BA", "8"]);
    expect(r).toContainEqual(["IK4", "9", "67", "7", "BAD ID"]);
    expect(r).toContainEqual(["IK5", "R", "5"]);
    expect(r.at(-1)).toEqual(["AK9", "P", "5", "5", "4"]);
    const [ack] = read999(readX12(edi));
    expect(ack?.status).toBe("P");
    expect(transactionAccepted(ack!, "0001")).toBe(true);
    expect(transactionAccepted(ack!, "0002")).toBe(false);
    expect(ack?.transactions.find((t) => t.control === "0002")?.errors).toEqual([
      "One or More Segments in Error",
      "NM1 at position 12 (loop 2010BA): Segment Has Data Element Errors",
      'element NM109 (data element 67): Invalid Code Value, "BAD ID"',
    ]);
  });

  it("rejects a truncated file with the group trailer missing, from what its envelope shows", () => {
    const truncated = sent.slice(0, sent.indexOf("GE*"));
    let problems: readonly string[] = [];
    try {
      readX12(truncated);
    } catch (e) {
      problems = (e as X12FileError).problems;
    }
    expect(problems.join(" ")).toMatch(/truncated/);
    const scanned = scanEnvelope(truncated);
    expect(scanned?.groupControlNumber).toBe("4711");
    const edi = write999Unreadable(scanned!, answer, problems);
    const [ack] = read999(readX12(edi));
    expect(ack?.status).toBe("R");
    expect(ack?.groupErrors).toContain("Functional Group Trailer Missing");
    expect(ack?.acceptedCount).toBe(0);
    strict(edi);
  });

  it("says wrong version for a 4010 interchange, and nothing can be answered without an ISA", () => {
    const old = sent.replace("*00501*", "*00401*");
    let problems: readonly string[] = [];
    try {
      readX12(old);
    } catch (e) {
      problems = (e as X12FileError).problems;
    }
    const edi = write999Unreadable(scanEnvelope(old)!, answer, problems);
    expect(read999(readX12(edi))[0]?.groupErrors).toEqual(["Functional Group Version Not Supported"]);
    expect(scanEnvelope("hello, this is not EDI")).toBeNull();
  });
});

describe("read999", () => {
  // As a clearinghouse sends it: one 837P interchange of two claims, the second rejected for a
  // subscriber id with a character the payer does not take, and the date of birth invalid.
  const REAL = [
    "ISA*00*          *00*          *ZZ*CLEARHOUSE     *ZZ*STATELINE      *261121*1003*^*00501*000004512*0*P*:~",
    "GS*FA*CLEARHOUSE*STATELINE*20261121*1003*4512*X*005010X231A1~",
    "ST*999*0001*005010X231A1~",
    "AK1*HC*4711*005010X222A1~",
    "AK2*837*0001*005010X222A1~",
    "IK5*A~",
    "AK2*837*0002*005010X222A1~",
    "IK3*NM1*14*2010BA*8~",
    "IK4*9*67*6*W12#987~",
    "IK3*DMG*17*2010BA*8~",
    "IK4*2*1251*8*20261340~",
    "IK5*R*5~",
    "AK9*P*2*2*1~",
    "SE*12*0001~",
    "GE*1*4512~",
    "IEA*1*000004512~",
  ].join("\n");

  it("reads each claim's acceptance and its errors in words", () => {
    const [ack] = read999(readX12(REAL));
    expect(ack).toMatchObject({
      functionalId: "HC",
      groupControlNumber: "4711",
      status: "P",
      statusText: "Partially Accepted, At Least One Transaction Set Was Rejected",
      included: 2,
      acceptedCount: 1,
    });
    expect(ack?.transactions.map((t) => [t.control, t.accepted])).toEqual([
      ["0001", true],
      ["0002", false],
    ]);
    expect(ack?.transactions[1]?.errors).toEqual([
      "One or More Segments in Error",
      "NM1 at position 14 (loop 2010BA): Segment Has Data Element Errors",
      'element NM109 (data element 67): Invalid Character In Data Element, "W12#987"',
      "DMG at position 17 (loop 2010BA): Segment Has Data Element Errors",
      'element DMG02 (data element 1251): Invalid Date, "20261340"',
    ]);
    strict(REAL);
  });
});
