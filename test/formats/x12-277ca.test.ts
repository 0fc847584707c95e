/**
 * The 277CA claim acknowledgement: the sandbox's writer read back by node-x12 (strict) and by our
 * reader, and our reader on a realistic payer 277CA: claims accepted with the payer's claim
 * control number, one rejected with its category and status codes in words.
 */
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import { write837p } from "../../src/formats/x12-837p.js";
import { read277ca, statusInWords, write277ca } from "../../src/formats/x12-277ca.js";
import { readX12 } from "../../src/formats/x12.js";
import { allKinds } from "./records.js";

const sent = readX12(
  write837p([...allKinds], {
    interchangeControlNumber: 4711,
    groupControlNumber: 4711,
    createdAt: new Date("2026-11-21T09:30:00Z"),
    usage: "P",
  }),
);
const numbers = allKinds.map((r) => r.claim.number);
const answer = {
  interchangeControlNumber: 900002,
  groupControlNumber: 900002,
  createdAt: new Date("2026-11-21T09:32:00Z"),
  usage: "T" as const,
  senderId: "SANDBOX",
};

function strict(edi: string): X12Interchange {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error("expected one interchange");
  return parsed;
}

describe("write277ca", () => {
  const rejected = numbers[1]!;
  const edi = write277ca(sent, answer, (n) => (n === rejected ? "A3:33:IL" : null));

  it("is a 005010X214 277 from SANDBOX that node-x12 reads strictly", () => {
    const ix = strict(edi);
    expect(ix.header.elements[5]?.value.trim()).toBe("SANDBOX");
    expect(ix.header.elements[14]?.value).toBe("T");
    const g = ix.functionalGroups[0]!;
    expect(g.header.elements[0]?.value).toBe("HN");
    expect(g.header.elements[7]?.value).toBe("005010X214");
    const tags = g.transactions[0]!.segments.map((s) => s.tag);
    expect(tags.slice(0, 3)).toEqual(["BHT", "HL", "NM1"]);
    expect(tags.filter((t) => t === "TRN")).toHaveLength(
      2 + new Set(allKinds.map((r) => r.billing.npi)).size + numbers.length,
    );
  });

  it("answers every claim: accepted with a payer claim number, the one named rejected", () => {
    const read = read277ca(readX12(edi));
    expect(read.claims.map((c) => c.patientControlNumber)).toEqual(numbers);
    for (const c of read.claims) {
      if (c.patientControlNumber === rejected) {
        expect(c.accepted).toBe(false);
        expect(c.payerClaimNumber).toBeNull();
        expect(c.statuses[0]?.words).toBe(
          "Returned as unprocessable: rejected and not entered into the adjudication system: Subscriber and subscriber id not found (subscriber)",
        );
      } else {
        expect(c.accepted).toBe(true);
        expect(c.payerClaimNumber).toMatch(/^SBX\d+$/);
        expect(c.statuses[0]?.category).toBe("A2");
      }
    }
    expect(read.notes[0]).toMatch(/^file: Received/);
  });

  it("refuses an interchange with no claim", () => {
    expect(() => write277ca({ ...sent, groups: [] }, answer, () => null)).toThrow(RangeError);
  });
});

describe("read277ca", () => {
  // As a payer sends it (one provider, two claims; the second's member number is invalid).
  const REAL = [
    "ISA*00*          *00*          *ZZ*AETNA          *ZZ*STATELINE      *261123*0815*^*00501*000071234*0*P*:~",
    "GS*HN*AETNA*STATELINE*20261123*0815*71234*X*005010X214~",
    "ST*277*0001*005010X214~",
    "BHT*0085*08*277CA20261123*20261123*0815*TH~",
    "HL*1**20*1~",
    "NM1*PR*2*AETNA*****PI*60054~",
    "TRN*1*20261123A~",
    "DTP*050*D8*20261122~",
    "DTP*009*D8*20261123~",
    "HL*2*1*21*1~",
    "NM1*41*2*STATELINE BEHAVIORAL HEALTH GROUP*****46*STATELINE~",
    "TRN*2*SL00000041~",
    "STC*A1:19:PR*20261123*WQ*350~",
    "QTY*90*1~",
    "QTY*AA*1~",
    "AMT*YU*175~",
    "AMT*YY*175~",
    "HL*3*2*19*1~",
    "NM1*85*2*STATELINE BEHAVIORAL HEALTH GROUP*****XX*2150000000~",
    "TRN*1*0~",
    "QTY*QA*1~",
    "QTY*QC*1~",
    "AMT*YU*175~",
    "AMT*YY*175~",
    "HL*4*3*PT~",
    "NM1*QC*1*RIVERA*SAM****MI*W123987456~",
    "TRN*2*SL00000041~",
    "STC*A2:20:PR*20261123*WQ*175~",
    "REF*1K*E2026327000123~",
    "DTP*472*D8*20261116~",
    "HL*5*3*PT~",
    "NM1*QC*1*PARK*ROBIN****MI*W000000000~",
    "TRN*2*SL00000042~",
    "STC*A7:164:IL*20261123*U*175~",
    "STC*A7:21:IL*20261123*U*175~",
    "DTP*472*RD8*20261117-20261117~",
    "SE*35*0001~",
    "GE*1*71234~",
    "IEA*1*000071234~",
  ].join("\n");

  it("reads each claim with its status in words and the payer's claim number", () => {
    strict(REAL);
    const { claims, notes } = read277ca(readX12(REAL));
    expect(notes).toEqual([
      "file: Received: the claim has been received (this does not mean it has been accepted for adjudication): Entity acknowledges receipt of claim/encounter (payer)",
    ]);
    expect(claims).toEqual([
      expect.objectContaining({
        patientControlNumber: "SL00000041",
        accepted: true,
        payerClaimNumber: "E2026327000123",
        chargeCents: 17500,
        memberId: "W123987456",
        serviceDate: "2026-11-16",
      }),
      expect.objectContaining({
        patientControlNumber: "SL00000042",
        accepted: false,
        payerClaimNumber: null,
        serviceDate: "2026-11-17",
      }),
    ]);
    expect(claims[1]?.statuses.map((s) => s.words)).toEqual([
      "Rejected for invalid information: Entity's contract/member number (subscriber)",
      "Rejected for invalid information: Missing or invalid information (subscriber)",
    ]);
  });

  it("quotes codes it does not know rather than guess", () => {
    expect(statusInWords("A9", "999", "ZZ")).toBe("category A9: status code 999 (entity ZZ)");
  });
});
