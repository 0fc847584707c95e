/**
 * The 835 reader and the sandbox's 835: the sandbox's answers to real 837P files read back by an
 * independent parser (node-x12, strict: SE/GE/IEA counts and control numbers) and by our reader;
 * a payer-style sample with claim- and line-level adjustments, remarks and a PLB read field by
 * field; the balance rules each broken once, in words; and a property: whatever claims an 837
 * holds, the sandbox's 835 balances.
 */
import fc from "fast-check";
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import {
  sandbox835,
  sandboxControlNumber,
  sandboxDenial,
  sandboxOutcome,
} from "../../src/clearinghouse/sandbox-835.js";
import { balanceProblems, paymentOutcome, read835, type Remittance } from "../../src/formats/x12-835.js";
import { readX12, writeInterchange, type Envelope, type Segment } from "../../src/formats/x12.js";
import { write837p } from "../../src/formats/x12-837p.js";
import { allKinds } from "./records.js";

const envelope: Envelope = {
  interchangeControlNumber: 9001,
  groupControlNumber: 9001,
  createdAt: new Date("2026-12-15T14:05:00Z"),
  usage: "T",
};
const claimsEnvelope: Envelope = { ...envelope, interchangeControlNumber: 4711, groupControlNumber: 37 };

function strict(edi: string): X12Interchange {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error("expected exactly one interchange");
  return parsed;
}

function remittancesOf(edi: string): readonly Remittance[] {
  const read = read835(readX12(edi));
  expect(read.problems).toEqual([]);
  return read.remittances;
}

describe("the sandbox's 835 for an 837P batch", () => {
  const claims837 = write837p(allKinds, claimsEnvelope);
  const edi = sandbox835(readX12(claims837), envelope, "2026-12-15");

  it("parses in strict mode as 005010X221A1 from SANDBOX, test data", () => {
    expect(edi).not.toBeNull();
    const x = strict(edi!);
    expect(x.header.elements[5]!.value.trim()).toBe("SANDBOX");
    expect(x.header.elements[14]!.value).toBe("T");
    const group = x.functionalGroups[0]!;
    expect(group.header.elements[0]!.value).toBe("HP");
    expect(group.header.elements[7]!.value).toBe("005010X221A1");
    for (const t of group.transactions) expect(t.header.elements[0]!.value).toBe("835");
  });

  it("answers every claim once, per payer, and every remittance balances", () => {
    const remits = remittancesOf(edi!);
    const numbers = remits.flatMap((r) => r.claims.map((c) => c.patientControlNumber)).sort();
    expect(numbers).toEqual(allKinds.map((r) => r.claim.number).sort());
    for (const r of remits) {
      expect(balanceProblems(r)).toEqual([]);
      expect(new Set(r.claims.map((c) => c.patientControlNumber)).size).toBe(r.claims.length);
      expect(r.checkNumber).toMatch(/^20261215/);
      expect(r.payee.npi).toBe(allKinds[0].billing.npi);
    }
  });

  it("pays, partially pays and denies as its cycle says, with real codes", () => {
    for (const c of remittancesOf(edi!).flatMap((r) => r.claims)) {
      const planned = sandboxOutcome(c.patientControlNumber);
      expect(c.payerControlNumber).toBe(sandboxControlNumber(c.patientControlNumber, "2026-12-15"));
      const outcome = paymentOutcome(c);
      if (planned === "denied") {
        expect(outcome).toBe("denied");
        expect(c.statusCode).toBe("4");
        const { carc, rarc } = sandboxDenial(c.patientControlNumber);
        expect(c.lines[0]!.adjustments[0]).toMatchObject({ group: "CO", reason: carc });
        expect(c.lines[0]!.remarks).toEqual([rarc]);
      } else if (planned === "paid") {
        expect(outcome).toBe("paid");
        expect(c.paidCents).toBeGreaterThan(0);
      } else {
        expect(outcome).toBe("partially_paid");
        expect(c.patientResponsibilityCents).toBeGreaterThan(0);
      }
    }
  });

  it("is the same file for the same batch, and nothing for a file without claims", () => {
    expect(sandbox835(readX12(claims837), envelope, "2026-12-15")).toBe(edi);
    const ack = writeInterchange({
      senderId: "SANDBOX",
      receiverId: "STATELINE",
      functionalId: "FA",
      implementation: "005010X231A1",
      transactionCode: "999",
      bodies: [[["AK1", "HC", "37", "005010X222A1"]]],
      envelope,
    });
    expect(sandbox835(readX12(ack), envelope, "2026-12-15")).toBeNull();
  });

  it("cycles through paid, partially paid and denied over consecutive claim numbers", () => {
    const outcomes = [1, 2, 3, 4, 5, 7, 10].map((n) => sandboxOutcome(`SL${String(n).padStart(8, "0")}`));
    expect(outcomes).toEqual(["paid", "copay", "paid", "deductible", "denied", "coinsurance", "denied"]);
    expect(sandboxDenial("SL00000005")).toEqual({ carc: "50", rarc: "N115" });
    expect(sandboxDenial("SL00000010")).toEqual({ carc: "109", rarc: "N418" });
    expect(sandboxDenial("SL00000015")).toEqual({ carc: "96", rarc: "N130" });
    expect(sandboxDenial("SL00000020")).toEqual({ carc: "197", rarc: "N54" });
  });
});

/** A remittance the way a commercial payer writes one: check, claim- and line-level CAS, MOA, PLB. */
const PAYER_SAMPLE = [
  "ISA*00*          *00*          *ZZ*60054          *ZZ*STATELINE01    *261214*0930*^*00501*000000417*0*P*:~",
  "GS*HP*60054*STATELINE01*20261214*0930*417*X*005010X221A1~",
  "ST*835*0001~",
  "BPR*I*242.5*C*CHK************20261214~",
  "TRN*1*00078124*1066033492~",
  "DTM*405*20261213~",
  "N1*PR*AETNA~",
  "N3*PO BOX 981106~",
  "N4*EL PASO*TX*799981106~",
  "REF*2U*60054~",
  "PER*BL*PROVIDER SERVICES*TE*8886323862~",
  "N1*PE*HUDSON VALLEY BEHAVIORAL HEALTH*XX*1467583928~",
  "REF*TJ*141234567~",
  "LX*1~",
  "CLP*SL00000041*1*350*180*40*12*EOB2611300041*11*1~",
  "NM1*QC*1*RIVERA*SAM****MI*W123987456~",
  "MOA***MA01~",
  "SVC*HC:90837:95*175*90**1~",
  "DTM*472*20261130~",
  "CAS*CO*45*65~",
  "CAS*PR*3*20~",
  "AMT*B6*110~",
  "SVC*HC:90837:95*175*90**1~",
  "DTM*472*20261201~",
  "CAS*CO*45*65*1~",
  "CAS*PR*3*20~",
  "AMT*B6*110~",
  "LQ*HE*N130~",
  "CLP*SL00000042*4*130*0**12*EOB2611300042*11*1~",
  "NM1*QC*1*LEE*JORDAN****MI*YPB123456789~",
  "SVC*HC:90834*130*0**1~",
  "DTM*472*20261202~",
  "CAS*CO*197*130~",
  "LQ*HE*N54~",
  "CLP*SL00000043*1*200*65*0*12*EOB2611300043*11*1~",
  "CAS*CO*45*135~",
  "NM1*QC*1*PARK*ROBIN****MI*W555000111~",
  "PLB*1467583928*20261231*WO:EOB2610010007*5*L6*-2.5~",
  "SE*37*0001~",
  "GE*1*417~",
  "IEA*1*000000417~",
].join("\n");

describe("reading a payer's 835", () => {
  const [remit] = remittancesOf(PAYER_SAMPLE);

  it("parses in strict mode", () => {
    expect(() => strict(PAYER_SAMPLE)).not.toThrow();
  });

  it("reads the payer, the payee, the check and the total", () => {
    expect(remit).toMatchObject({
      payer: { name: "AETNA", id: "60054" },
      payee: { name: "HUDSON VALLEY BEHAVIORAL HEALTH", npi: "1467583928", taxId: "141234567" },
      handling: "I",
      totalCents: 24250,
      creditDebit: "C",
      method: "CHK",
      paidOn: "2026-12-14",
      checkNumber: "00078124",
      payerTraceId: "1066033492",
    });
  });

  it("reads each claim payment with its status, amounts, adjustments, remarks and lines", () => {
    const [first, denied, third] = remit!.claims;
    expect(first).toMatchObject({
      patientControlNumber: "SL00000041",
      statusCode: "1",
      status: "Processed as primary",
      chargeCents: 35000,
      paidCents: 18000,
      patientResponsibilityCents: 4000,
      payerControlNumber: "EOB2611300041",
      patient: { name: "SAM RIVERA", memberId: "W123987456" },
      adjustments: [],
      remarks: ["MA01"],
    });
    expect(first!.lines).toHaveLength(2);
    expect(first!.lines[0]).toMatchObject({
      qualifier: "HC",
      procedure: "90837",
      modifiers: ["95"],
      chargeCents: 17500,
      paidCents: 9000,
      units: 1,
      serviceDate: "2026-11-30",
      allowedCents: 11000,
    });
    expect(first!.lines[1]!.adjustments).toEqual([
      { group: "CO", reason: "45", amountCents: 6500, quantity: 1 },
      { group: "PR", reason: "3", amountCents: 2000, quantity: null },
    ]);
    expect(first!.lines[1]!.remarks).toEqual(["N130"]);
    expect(paymentOutcome(first!)).toBe("partially_paid");
    expect(denied).toMatchObject({ statusCode: "4", status: "Denied", paidCents: 0 });
    expect(paymentOutcome(denied!)).toBe("denied");
    expect(third).toMatchObject({
      lines: [],
      adjustments: [{ group: "CO", reason: "45", amountCents: 13500, quantity: null }],
    });
    expect(paymentOutcome(third!)).toBe("paid");
  });

  it("reads the provider-level adjustments, both pairs", () => {
    expect(remit!.providerAdjustments).toEqual([
      {
        providerId: "1467583928",
        fiscalPeriodDate: "2026-12-31",
        reason: "WO",
        reference: "EOB2610010007",
        amountCents: 500,
      },
      {
        providerId: "1467583928",
        fiscalPeriodDate: "2026-12-31",
        reason: "L6",
        reference: null,
        amountCents: -250,
      },
    ]);
  });

  it("names a reversal (CLP02 22) and a claim not the payer's (23) for what they are", () => {
    const [first] = remit!.claims;
    expect(paymentOutcome({ ...first!, statusCode: "22", chargeCents: -35000, paidCents: -18000 })).toBe(
      "reversed",
    );
    expect(paymentOutcome({ ...first!, statusCode: "23" })).toBe("denied");
  });

  it("balances: 180 + 0 + 65 − (5 − 2.50) = 242.50", () => {
    expect(balanceProblems(remit!)).toEqual([]);
  });
});

describe("what does not balance, in words", () => {
  const [remit] = remittancesOf(PAYER_SAMPLE);

  it("a BPR total that is not the claims minus the PLB", () => {
    expect(balanceProblems({ ...remit!, totalCents: 25000 })).toEqual([
      "the payment $250.00 (BPR02) is not the claim payments $245.00 minus the provider-level adjustments $2.50 (PLB): it should be $242.50",
    ]);
  });

  it("a claim whose adjustments do not make up the difference, and a line likewise", () => {
    const claims = remit!.claims.map((c, i) =>
      i === 0
        ? { ...c, lines: c.lines.map((l, j) => (j === 1 ? { ...l, adjustments: [] } : l)) }
        : i === 2
          ? { ...c, adjustments: [] }
          : c,
    );
    expect(balanceProblems({ ...remit!, claims })).toEqual([
      "claim SL00000041: charge $350.00 minus payment $180.00 is $170.00, but its adjustments add up to $85.00",
      "claim SL00000041, line 2 (90837): charge $175.00 minus payment $90.00 is $85.00, but its adjustments add up to $0.00",
      "claim SL00000043: charge $200.00 minus payment $65.00 is $135.00, but its adjustments add up to $0.00",
    ]);
  });

  it("a file that is not an 835 of this version", () => {
    const other = PAYER_SAMPLE.replace(/005010X221A1/g, "004010X091A1");
    expect(read835(readX12(other)).problems).toEqual([
      "wrong version: functional group 417 is 004010X091A1, expected 005010X221A1",
    ]);
    const missing = read835(
      readX12(PAYER_SAMPLE.replace("TRN*1*00078124*1066033492~\n", "").replace("SE*37", "SE*36")),
    );
    expect(missing.problems).toEqual([
      "835 transaction 0001: no TRN segment (the check or EFT trace number)",
    ]);
  });
});

// ---------------------------------------------------------------------------------------------
// Any 837 the sandbox answers balances.

const procedures = ["90791", "90832", "90834", "90837", "90839", "90846", "90847"] as const;
const arbLine = fc.record({
  cpt: fc.constantFrom(...procedures),
  modifier: fc.constantFrom<string[]>([], ["95"], ["93"], ["GT"]),
  chargeCents: fc.integer({ min: 1, max: 250_000 }),
  units: fc.integer({ min: 1, max: 4 }),
});
const arbClaim = fc.record({
  number: fc.integer({ min: 1, max: 99_999_999 }),
  payer: fc.constantFrom(["AETNA", "60054"], ["EXCELLUS BLUECROSS BLUESHIELD", "00800"], ["CIGNA", "62308"]),
  lines: fc.array(arbLine, { minLength: 1, maxLength: 6 }),
});

function claimBody(c: ClaimArb): Segment[] {
  const dollars = (cents: number) => (cents / 100).toFixed(2);
  const total = c.lines.reduce((a, l) => a + l.chargeCents, 0);
  return [
    ["BHT", "0019", "00", "1", "20261214", "0930", "CH"],
    ["NM1", "85", "2", "HUDSON VALLEY BEHAVIORAL HEALTH", "", "", "", "", "XX", "1467583928"],
    ["REF", "EI", "141234567"],
    ["SBR", "P", "18", "", "", "", "", "", "", "CI"],
    ["NM1", "IL", "1", "RIVERA", "SAM", "", "", "", "MI", "W123987456"],
    ["NM1", "PR", "2", c.payer[0] ?? "", "", "", "", "", "PI", c.payer[1] ?? ""],
    [
      "CLM",
      `SL${String(c.number).padStart(8, "0")}`,
      dollars(total),
      "",
      "",
      ["10", "B", "1"],
      "Y",
      "A",
      "Y",
      "Y",
    ],
    ...c.lines.flatMap((l, i): Segment[] => [
      ["LX", String(i + 1)],
      ["SV1", ["HC", l.cpt, ...l.modifier], dollars(l.chargeCents), "UN", String(l.units), "", "", ["1"]],
      ["DTP", "472", "D8", "20261201"],
    ]),
  ];
}
type ClaimArb = {
  number: number;
  payer: readonly string[];
  lines: { cpt: string; modifier: string[]; chargeCents: number; units: number }[];
};

describe("property: the sandbox's 835 always balances", () => {
  it("for any batch of claims", () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(arbClaim, { minLength: 1, maxLength: 8, selector: (c) => c.number }),
        (claims) => {
          const file = writeInterchange({
            senderId: "STATELINE01",
            receiverId: "CLEARHOUSE",
            functionalId: "HC",
            implementation: "005010X222A1",
            transactionCode: "837",
            bodies: claims.map((c) => claimBody(c)),
            envelope: claimsEnvelope,
          });
          const edi = sandbox835(readX12(file), envelope, "2026-12-15");
          expect(edi).not.toBeNull();
          strict(edi!);
          const remits = remittancesOf(edi!);
          expect(remits.flatMap((r) => r.claims)).toHaveLength(claims.length);
          for (const r of remits) expect(balanceProblems(r)).toEqual([]);
        },
      ),
      { numRuns: 150 },
    );
  });
});
