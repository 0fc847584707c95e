/**
 * The 837P writer, read back by an independent parser (node-x12, strict: it checks the SE, GE
 * and IEA counts and control numbers) and checked for what a billing person would look at:
 * who is billed, under which member ID, by whom, where, for what codes and charges.
 */
import { X12Interchange, X12Parser } from "node-x12";
import type { X12Transaction } from "node-x12";
import { describe, expect, it } from "vitest";
import { ClaimDataError, serviceLines } from "../../src/formats/claim-record.js";
import type { ClaimRecord } from "../../src/formats/claim-record.js";
import { check837p, write837p } from "../../src/formats/x12-837p.js";
import type { Envelope } from "../../src/formats/x12-837p.js";
import { allKinds, billing, bluecard, crisis, inNetwork, inOffice, virtualNetwork } from "./records.js";

const envelope: Envelope = {
  interchangeControlNumber: 4711,
  groupControlNumber: 37,
  createdAt: new Date("2026-11-21T09:30:00Z"),
  usage: "T",
};

function parse(edi: string): X12Interchange {
  const parsed = new X12Parser(true).parse(edi);
  if (!(parsed instanceof X12Interchange)) throw new Error("expected exactly one interchange");
  return parsed;
}

const transactionsOf = (x: X12Interchange): X12Transaction[] =>
  x.functionalGroups.flatMap((g) => g.transactions);

/** A transaction set's segments, ST to SE, each as [tag, element 1, element 2, …]. */
type Row = readonly string[];
const rowsOf = (tx: X12Transaction): Row[] =>
  [tx.header, ...tx.segments, tx.trailer].map((s) => [s.tag, ...s.elements.map((e) => e.value)]);

/** The one transaction set of a one-claim file, as rows. */
function claimRows(record: ClaimRecord): Row[] {
  const txs = transactionsOf(parse(write837p([record], envelope)));
  expect(txs).toHaveLength(1);
  return rowsOf(txs[0]!);
}

const all = (rows: readonly Row[], tag: string, qualifier?: string): Row[] =>
  rows.filter((r) => r[0] === tag && (qualifier === undefined || r[1] === qualifier));

function one(rows: readonly Row[], tag: string, qualifier?: string): Row {
  const found = all(rows, tag, qualifier);
  expect(found, `${tag}${qualifier ? `*${qualifier}` : ""}`).toHaveLength(1);
  return found[0]!;
}

/** The `count` segments right after the segment tag*qualifier (e.g. the N3/N4 of a name loop). */
function after(rows: readonly Row[], tag: string, qualifier: string, count: number): Row[] {
  const i = rows.findIndex((r) => r[0] === tag && r[1] === qualifier);
  expect(i, `${tag}*${qualifier}`).toBeGreaterThanOrEqual(0);
  return rows.slice(i + 1, i + 1 + count);
}

/** SV101 of every line as [cpt, ...modifiers]. */
const procedures = (rows: readonly Row[]): string[][] =>
  all(rows, "SV1").map((r) => (r[1] ?? "").split(":").slice(1));

/** The five samples with what a billing person expects to see on each claim. */
const samples = [
  {
    name: "in network by video",
    record: inNetwork,
    payer: ["AETNA", "60054"],
    filing: "CI",
    memberId: "W123456789",
    pos: "10",
    // At home (POS 10): no loop 2310C, the place of service says where.
    facility: [],
    lines: [["90837", "95"]],
    total: "175",
  },
  {
    name: "BlueCard",
    record: bluecard,
    payer: ["EXCELLUS BLUECROSS BLUESHIELD", "00800"],
    filing: "BL",
    memberId: "XOF123456789",
    pos: "02",
    facility: [
      ["NM1", "77", "2", "PATIENT LOCATION"],
      ["N3", "500 JOSEPH C WILSON BLVD"],
      ["N4", "ROCHESTER", "NY", "146270001"],
    ],
    lines: [["90834", "95"]],
    total: "130",
  },
  {
    name: "virtual network",
    record: virtualNetwork,
    payer: ["BLUE CROSS BLUE SHIELD OF MASSACHUSETTS", "00701"],
    filing: "BL",
    memberId: "ZZB987654321",
    pos: "10",
    facility: [],
    lines: [["90837", "95"]],
    total: "175",
  },
  {
    name: "crisis",
    record: crisis,
    payer: ["AETNA", "60054"],
    filing: "CI",
    memberId: "W123456789",
    pos: "02",
    facility: [
      ["NM1", "77", "2", "PATIENT LOCATION"],
      ["N3", "75 LAKE ROAD APT 3"],
      ["N4", "BURLINGTON", "VT", "054012512"],
    ],
    lines: [
      ["90839", "95"],
      ["90840", "95"],
    ],
    total: "325",
  },
  {
    name: "in office",
    record: inOffice,
    payer: ["AETNA", "60054"],
    filing: "CI",
    memberId: "W123456789",
    pos: "11",
    // At the billing provider's own address: no loop 2310C.
    facility: [],
    lines: [["90791"]],
    total: "200",
  },
] as const;

const files: [string, readonly ClaimRecord[]][] = [
  ...samples.map((s): [string, readonly ClaimRecord[]] => [`the ${s.name} claim alone`, [s.record]]),
  ["a batch of all five kinds", allKinds],
];

describe("837P envelope: a file a clearinghouse accepts", () => {
  it.each(files)(
    "%s parses in strict mode, with the envelope's control numbers and counts that add up",
    (_, records) => {
      const edi = write837p(records, envelope);
      const x = parse(edi);
      const lines = edi.split("\n");

      // ISA is fixed width (106 characters with its terminator); ISA13 and IEA02 are the envelope's number.
      expect(lines[0]).toHaveLength(106);
      expect(lines[0]!.split("*")[13]).toBe("000004711");
      expect(lines.at(-2)).toBe("IEA*1*000004711~");
      expect(x.header.valueOf(13)).toBe(x.trailer.valueOf(2));
      expect(Number(x.trailer.valueOf(2))).toBe(4711);
      expect(x.trailer.valueOf(1)).toBe("1");

      expect(x.functionalGroups).toHaveLength(1);
      const group = x.functionalGroups[0]!;
      expect(group.header.valueOf(6)).toBe("37");
      expect(group.trailer.valueOf(2)).toBe("37");
      expect(group.trailer.valueOf(1)).toBe(String(records.length));
      expect(group.transactions).toHaveLength(records.length);

      group.transactions.forEach((tx, i) => {
        const control = String(i + 1).padStart(4, "0");
        expect(tx.header.valueOf(2)).toBe(control);
        expect(tx.trailer.valueOf(2)).toBe(control);
        expect(Number(tx.trailer.valueOf(1))).toBe(tx.segments.length + 2);
      });
    },
  );

  it("dates the file in UTC from the envelope and marks production files P", () => {
    const evening = { ...envelope, createdAt: new Date("2026-11-21T23:45:00-05:00"), usage: "P" as const };
    const x = parse(write837p([inNetwork], evening));
    expect([x.header.valueOf(9), x.header.valueOf(10), x.header.valueOf(15)]).toEqual([
      "261122",
      "0445",
      "P",
    ]);
    const group = x.functionalGroups[0]!;
    expect([group.header.valueOf(4), group.header.valueOf(5)]).toEqual(["20261122", "0445"]);
    const bht = one(rowsOf(group.transactions[0]!), "BHT");
    expect(bht).toEqual(["BHT", "0019", "00", "SL00000001", "20261122", "0445", "CH"]);

    expect(parse(write837p([inNetwork], envelope)).header.valueOf(15)).toBe("T");
  });

  it("names the submitter and the clearinghouse in ISA (padded to 15), GS and loops 1000A/1000B", () => {
    const x = parse(write837p(allKinds, envelope));
    expect(x.header.valueOf(5)).toBe("ZZ");
    expect(x.header.valueOf(6)).toBe("STATELINE01    ");
    expect(x.header.valueOf(7)).toBe("ZZ");
    expect(x.header.valueOf(8)).toBe("CLEARHOUSE01   ");
    expect(x.header.valueOf(11)).toBe("^");
    expect(x.header.valueOf(16)).toBe(":");
    const gs = x.functionalGroups[0]!.header;
    expect([gs.valueOf(1), gs.valueOf(2), gs.valueOf(3), gs.valueOf(8)]).toEqual([
      "HC",
      "STATELINE01",
      "CLEARHOUSE01",
      "005010X222A1",
    ]);
    for (const tx of transactionsOf(x)) {
      const rows = rowsOf(tx);
      expect(rows[0]).toEqual(["ST", "837", tx.header.valueOf(2), "005010X222A1"]);
      expect(one(rows, "NM1", "41")).toEqual([
        "NM1",
        "41",
        "2",
        "STATELINE BEHAVIORAL HEALTH GROUP",
        "",
        "",
        "",
        "",
        "46",
        "STATELINE01",
      ]);
      expect(one(rows, "PER")).toEqual(["PER", "IC", "CLAIMS DESK", "TE", "5185550100"]);
      expect(one(rows, "NM1", "40")).toEqual([
        "NM1",
        "40",
        "2",
        "EXAMPLE CLEARINGHOUSE",
        "",
        "",
        "",
        "",
        "46",
        "CLEARHOUSE01",
      ]);
    }
  });

  it("puts each claim of a batch in its own transaction set, in order", () => {
    const txs = transactionsOf(parse(write837p(allKinds, envelope)));
    expect(txs.map((tx) => one(rowsOf(tx), "CLM")[1])).toEqual(allKinds.map((r) => r.claim.number));
  });

  it("writes the same file for the same claims and envelope", () => {
    expect(write837p(allKinds, envelope)).toBe(write837p(allKinds, envelope));
  });
});

describe("837P claims: what the payer sees", () => {
  it.each(samples)(
    "$name: billed to $payer.0 ($payer.1), filed as $filing, member ID $memberId exactly as on the card",
    ({ record, payer, filing, memberId }) => {
      const rows = claimRows(record);
      expect(one(rows, "NM1", "PR")).toEqual(["NM1", "PR", "2", payer[0], "", "", "", "", "PI", payer[1]]);
      expect(one(rows, "NM1", "IL")).toEqual([
        "NM1",
        "IL",
        "1",
        "RIVERA",
        "ALEX",
        "",
        "",
        "",
        "MI",
        memberId,
      ]);
      expect(one(rows, "SBR")).toEqual(["SBR", "P", "18", "", "", "", "", "", "", filing]);
    },
  );

  it.each([
    ["ppo", inNetwork, "12"],
    ["pos", inNetwork, "13"],
    ["epo", inNetwork, "14"],
    ["hmo", inNetwork, "HM"],
    ["medicaid", inNetwork, "MC"],
    ["medicare_advantage", inNetwork, "16"],
    ["exchange", inNetwork, "CI"],
    ["hmo", bluecard, "BL"],
    ["fep", bluecard, "FI"],
  ] as const)("a %s plan (%#) is filed as SBR09 %s, read back strictly", (product, base, code) => {
    const record = { ...base, coverage: { ...base.coverage, product } };
    expect(one(claimRows(record), "SBR")[9]).toBe(code);
  });

  it("bills the BlueCard claim to the local plan Excellus, not the Illinois home plan, keeping the XOF prefix", () => {
    const edi = write837p([bluecard], envelope);
    const rows = rowsOf(transactionsOf(parse(edi))[0]!);
    expect(one(rows, "NM1", "PR")[9]).toBe("00800");
    expect(one(rows, "NM1", "IL")[9]).toBe("XOF123456789");
    expect(edi).not.toContain("00621");
    expect(edi).not.toMatch(/ILLINOIS/);
  });

  it.each(samples)(
    "$name: rendered by Maya R. Chen, LCSW, NPI 1234567893, taxonomy 1041C0700X",
    ({ record }) => {
      const rows = claimRows(record);
      // NM103 last, NM104 first, NM105 middle; the credentials (LCSW) are in no name element.
      expect(one(rows, "NM1", "82")).toEqual([
        "NM1",
        "82",
        "1",
        "CHEN",
        "MAYA",
        "R.",
        "",
        "",
        "XX",
        "1234567893",
      ]);
      expect(one(rows, "NM1", "82").join("*")).not.toContain("LCSW");
      expect(one(rows, "PRV", "PE")).toEqual(["PRV", "PE", "PXC", "1041C0700X"]);
    },
  );

  it.each(samples)(
    "$name: place of service $pos in CLM05, total charge $total dollars",
    ({ record, pos, total }) => {
      const clm = one(claimRows(record), "CLM");
      expect(clm[5]).toBe(`${pos}:B:1`);
      expect(clm[2]).toBe(total);
      expect(clm.slice(6)).toEqual(["Y", "A", "Y", "Y"]);
    },
  );

  it.each(samples)(
    "$name: the service facility (loop 2310C) is where the session took place, when the guide wants it",
    ({ record, facility }) => {
      const rows = claimRows(record);
      if (facility.length === 0) expect(all(rows, "NM1", "77")).toEqual([]);
      else expect([one(rows, "NM1", "77"), ...after(rows, "NM1", "77", 2)]).toEqual(facility);
    },
  );

  it.each(samples)("$name: procedure codes and modifiers $lines", ({ record, lines }) => {
    expect(procedures(claimRows(record))).toEqual(lines);
  });

  it("adds modifier 95 to every telehealth line and no modifier in the office", () => {
    for (const record of [inNetwork, bluecard, virtualNetwork, crisis])
      for (const line of procedures(claimRows(record))) expect(line.slice(1)).toEqual(["95"]);
    for (const line of procedures(claimRows(inOffice))) expect(line).toEqual(["90791"]);
  });

  it("bills the 100-minute crisis session as 90839 plus one unit of 90840, and no psychotherapy code", () => {
    const rows = claimRows(crisis);
    expect(all(rows, "SV1")).toEqual([
      ["SV1", "HC:90839:95", "220", "UN", "1", "", "", "1:2"],
      ["SV1", "HC:90840:95", "105", "UN", "1", "", "", "1:2"],
    ]);
    const codes = procedures(rows).map((l) => l[0]);
    for (const code of ["90832", "90833", "90834", "90836", "90837", "90838"])
      expect(codes).not.toContain(code);
  });

  it("numbers the lines, dates each one, and makes the line charges add up to the claim total", () => {
    const rows = claimRows(crisis);
    expect(all(rows, "LX")).toEqual([
      ["LX", "1"],
      ["LX", "2"],
    ]);
    expect(all(rows, "DTP", "472")).toEqual([
      ["DTP", "472", "D8", "20261120"],
      ["DTP", "472", "D8", "20261120"],
    ]);
    const lineTotal = all(rows, "SV1").reduce((sum, r) => sum + Number(r[2]), 0);
    expect(Number(one(rows, "CLM")[2])).toBe(lineTotal);
  });

  it("writes cents only when there are some: $175.50 is 175.5", () => {
    const fees = { ...billing.fees, "90837": 17550 };
    const record: ClaimRecord = {
      ...inNetwork,
      claim: { ...inNetwork.claim, lines: serviceLines(["90837"], ["95"], fees) },
    };
    const rows = claimRows(record);
    expect(one(rows, "CLM")[2]).toBe("175.5");
    expect(one(rows, "SV1")[2]).toBe("175.5");
  });

  it("names the billing group with its NPI, EIN, taxonomy and 9-digit ZIP", () => {
    const rows = claimRows(inNetwork);
    expect(one(rows, "PRV", "BI")).toEqual(["PRV", "BI", "PXC", "261QM0801X"]);
    expect(one(rows, "NM1", "85")).toEqual([
      "NM1",
      "85",
      "2",
      "STATELINE BEHAVIORAL HEALTH GROUP",
      "",
      "",
      "",
      "",
      "XX",
      "1993999998",
    ]);
    expect(after(rows, "NM1", "85", 3)).toEqual([
      ["N3", "100 MAIN STREET", "SUITE 400"],
      ["N4", "ALBANY", "NY", "122071234"],
      ["REF", "EI", "123456789"],
    ]);
  });

  it("gives the subscriber's home address (line 2 in N302), birth date and sex, and the diagnoses without dots, F41.1 first", () => {
    const rows = claimRows(bluecard);
    expect(after(rows, "NM1", "IL", 3)).toEqual([
      ["N3", "12 ELM STREET", "APT 2"],
      ["N4", "ROCHESTER", "NY", "14604"],
      ["DMG", "D8", "19940312", "F"],
    ]);
    expect(one(rows, "HI")).toEqual(["HI", "ABK:F411", "ABF:F331"]);
    expect(all(rows, "HL")).toEqual([
      ["HL", "1", "", "20", "1"],
      ["HL", "2", "1", "22", "0"],
    ]);
  });

  it("upper-cases names and addresses and strips delimiter characters and accents from them", () => {
    const record: ClaimRecord = {
      ...inNetwork,
      client: {
        ...inNetwork.client,
        name: "Zoë O'Brien*Smith",
        address: { line1: "12 Elm St. Apt 4:B~", city: "Rochester^", state: "NY", zip: "14604" },
      },
    };
    const edi = write837p([record], envelope);
    const rows = rowsOf(transactionsOf(parse(edi))[0]!);
    expect(one(rows, "NM1", "IL").slice(3, 5)).toEqual(["O'BRIEN SMITH", "ZOE"]);
    expect(after(rows, "NM1", "IL", 2)).toEqual([
      ["N3", "12 ELM ST. APT 4 B"],
      ["N4", "ROCHESTER", "NY", "14604"],
    ]);
    // The billing provider's and the subscriber's: the client was at home (POS 10, no 2310C).
    expect(edi.split("\n").filter((l) => l.startsWith("N3*")).length).toBe(2);
  });
});

/** Runs the writer expecting a refusal: returns the ClaimDataError and checks no file came out. */
function refusal(records: readonly ClaimRecord[]): ClaimDataError {
  let file: string | undefined;
  let error: unknown;
  try {
    file = write837p(records, envelope);
  } catch (e) {
    error = e;
  }
  expect(file).toBeUndefined();
  expect(error).toBeInstanceOf(ClaimDataError);
  return error as ClaimDataError;
}

const fieldsOf = (e: ClaimDataError) => e.problems.map((p) => [p.claimId, p.field]);

describe("837P refusals: incomplete or contradictory data never becomes a file", () => {
  const id = inNetwork.claim.id;
  it.each([
    [
      "the rendering provider's NPI",
      { ...inNetwork, provider: { ...inNetwork.provider, npi: "" } },
      "provider.npi",
    ],
    [
      "the member ID",
      { ...inNetwork, coverage: { ...inNetwork.coverage, memberId: null } },
      "coverage.memberId",
    ],
    [
      "the client's home address",
      { ...inNetwork, client: { ...inNetwork.client, address: null } },
      "client.address",
    ],
  ])("refuses a claim without %s, naming the claim and the field", (_, record: ClaimRecord, field) => {
    const error = refusal([record]);
    expect(fieldsOf(error)).toEqual([[id, field]]);
    expect(error.message).toContain(id);
    expect(error.message).toContain(field);
  });

  it("refuses the whole batch when one claim is incomplete, naming only that claim", () => {
    const broken = { ...crisis, provider: { ...crisis.provider, npi: "1234567890" } };
    const error = refusal([inNetwork, bluecard, broken, inOffice]);
    expect(fieldsOf(error)).toEqual([[crisis.claim.id, "provider.npi"]]);
  });

  it("lists every problem of a claim at once", () => {
    const error = refusal([
      {
        ...inNetwork,
        provider: { ...inNetwork.provider, npi: "" },
        coverage: { ...inNetwork.coverage, memberId: "" },
      },
    ]);
    expect(fieldsOf(error)).toEqual([
      [id, "provider.npi"],
      [id, "coverage.memberId"],
    ]);
  });

  it("refuses a member ID containing a delimiter rather than altering it", () => {
    const error = refusal([{ ...bluecard, coverage: { ...bluecard.coverage, memberId: "XOF*12345" } }]);
    expect(fieldsOf(error)).toEqual([[bluecard.claim.id, "coverage.memberId"]]);
    expect(error.message).toContain("XOF*12345");
  });

  it("refuses a crisis claim that also bills psychotherapy (90839 with 90837)", () => {
    const lines = serviceLines(["90839", "90837"], ["95"], billing.fees);
    const error = refusal([{ ...crisis, claim: { ...crisis.claim, lines } }]);
    expect(fieldsOf(error)).toEqual([[crisis.claim.id, "claim.lines"]]);
    expect(error.message).toContain("90837");
  });

  it("refuses psychotherapy on a claim decided on the crisis basis, even without 90839", () => {
    const lines = serviceLines(["90834"], ["95"], billing.fees);
    const error = refusal([{ ...crisis, claim: { ...crisis.claim, lines } }]);
    expect(fieldsOf(error)).toEqual([[crisis.claim.id, "claim.lines"]]);
  });

  it("refuses 90840 without the first crisis hour 90839", () => {
    const lines = serviceLines(["90840"], ["95"], billing.fees);
    const error = refusal([{ ...crisis, claim: { ...crisis.claim, lines } }]);
    expect(fieldsOf(error)).toEqual([[crisis.claim.id, "claim.lines"]]);
  });

  it("refuses to mix submitters or clearinghouses in one file", () => {
    const other = { ...inOffice, billing: { ...billing, receiverId: "OTHERHOUSE" } };
    const error = refusal([inNetwork, other]);
    expect(fieldsOf(error)).toEqual([[inOffice.claim.id, "billing.receiverId"]]);
  });

  it("refuses an empty list of claims and impossible control numbers", () => {
    expect(() => write837p([], envelope)).toThrow(/at least one claim/);
    expect(() => write837p([inNetwork], { ...envelope, interchangeControlNumber: 0 })).toThrow(RangeError);
    expect(() => write837p([inNetwork], { ...envelope, groupControlNumber: 1_000_000_000 })).toThrow(
      RangeError,
    );
    expect(() => write837p([inNetwork], { ...envelope, createdAt: new Date("not a date") })).toThrow(
      RangeError,
    );
  });
});

describe("issue 11: the 837P uses the record's new data", () => {
  it("writes the rendering provider's structured name: last, first, middle, suffix, never the credentials", () => {
    const record: ClaimRecord = {
      ...inNetwork,
      provider: {
        ...inNetwork.provider,
        name: "Luis A. Ortega Jr., PsyD",
        personName: {
          firstName: "Luis",
          middleName: "A.",
          lastName: "Ortega",
          suffix: "Jr.",
          credentials: "PsyD",
        },
      },
    };
    const nm1 = one(claimRows(record), "NM1", "82");
    expect(nm1).toEqual(["NM1", "82", "1", "ORTEGA", "LUIS", "A.", "", "JR.", "XX", "1234567893"]);
    expect(nm1.join("*")).not.toContain("PSYD");
  });

  it("reads a display name without parts the same way: 'Maya R. Chen, LCSW' is never last name LCSW", () => {
    const { personName: _parts, ...unstructured } = inNetwork.provider;
    const nm1 = one(claimRows({ ...inNetwork, provider: unstructured }), "NM1", "82");
    expect(nm1.slice(3, 8)).toEqual(["CHEN", "MAYA", "R.", "", ""]);
  });

  it.each([
    ["F", "F"],
    ["M", "M"],
    ["U", "U"],
    [null, "U"],
  ] as const)("writes DMG03 from the client's sex %s as %s", (sex, dmg03) => {
    const record: ClaimRecord = { ...inNetwork, client: { ...inNetwork.client, sex } };
    expect(one(claimRows(record), "DMG")[3]).toBe(dmg03);
  });

  it("writes address line 2 as N302 and leaves it out when there is none", () => {
    const rows = claimRows(inNetwork);
    expect(after(rows, "NM1", "IL", 1)).toEqual([["N3", "12 ELM STREET", "APT 2"]]);
    const none = { ...inNetwork, client: { ...inNetwork.client, address: { ...client(), line2: null } } };
    expect(after(claimRows(none), "NM1", "IL", 1)).toEqual([["N3", "12 ELM STREET"]]);
  });

  it("writes ZIP+4 as 9 digits in 2010AA and 2310C whether stored 12345-6789 or 123456789", () => {
    const record: ClaimRecord = {
      ...crisis,
      billing: { ...billing, address: { ...billing.address, zip: "122071234" } },
    };
    const rows = claimRows(record);
    expect(after(rows, "NM1", "85", 2)[1]).toEqual(["N4", "ALBANY", "NY", "122071234"]);
    expect(after(rows, "NM1", "77", 2)[1]).toEqual(["N4", "BURLINGTON", "VT", "054012512"]);
  });
});

/** The client's address of the fixtures. */
const client = () => inNetwork.client.address!;

describe("issue 11 fault 2: a ZIP that must be ZIP+4 is named with where to fix it, never written as 5 digits", () => {
  it("refuses a billing provider ZIP of 5 digits (2010AA), saying to add the last four in Billing settings", () => {
    const record: ClaimRecord = {
      ...inNetwork,
      billing: { ...billing, address: { ...billing.address, zip: "12207" } },
    };
    const error = refusal([record]);
    expect(error.problems).toEqual([
      {
        claimId: inNetwork.claim.id,
        field: "billing.address.zip",
        message: "billing provider ZIP must be ZIP+4: add the last four digits in Billing settings",
      },
    ]);
    expect(check837p([record])).toEqual(error.problems);
  });

  it("refuses a telehealth claim away from home (POS 02) whose location lacks ZIP+4: 2310C needs it", () => {
    const record: ClaimRecord = {
      ...crisis,
      claim: { ...crisis.claim, serviceLocation: { ...crisis.claim.serviceLocation, zip: "05401" } },
    };
    const [problem, ...rest] = refusal([record]).problems;
    expect(rest).toEqual([]);
    expect(problem).toMatchObject({ claimId: crisis.claim.id, field: "claim.serviceLocation.zip" });
    expect(problem?.message).toMatch(
      /^service facility ZIP must be ZIP\+4 .*client's location in the client's record/,
    );
  });

  it("does not need ZIP+4 for telehealth at the client's home (POS 10): no loop 2310C", () => {
    const rows = claimRows(inNetwork);
    expect(all(rows, "NM1", "77")).toEqual([]);
    expect(inNetwork.claim.serviceLocation.zip).toBe("14604");
  });

  it("names an in-person office elsewhere than the billing address in 2310C, and wants its ZIP+4 in the practice location", () => {
    const elsewhere = {
      line1: "350 Fifth Ave",
      line2: null,
      city: "New York",
      state: "NY" as const,
      zip: "10118-0110",
    };
    const record: ClaimRecord = { ...inOffice, claim: { ...inOffice.claim, serviceLocation: elsewhere } };
    const rows = claimRows(record);
    expect([one(rows, "NM1", "77"), ...after(rows, "NM1", "77", 2)]).toEqual([
      ["NM1", "77", "2", "STATELINE BEHAVIORAL HEALTH GROUP"],
      ["N3", "350 FIFTH AVE"],
      ["N4", "NEW YORK", "NY", "101180110"],
    ]);
    const short = { ...record, claim: { ...record.claim, serviceLocation: { ...elsewhere, zip: "10118" } } };
    const [problem] = refusal([short]).problems;
    expect(problem?.field).toBe("claim.serviceLocation.zip");
    expect(problem?.message).toMatch(/practice location in the provider's profile/);
  });
});

describe("issue 11 fault 10: replacements and voids", () => {
  const corrected = (frequency: "7" | "8", payerControlNumber: string | null): ClaimRecord => ({
    ...inNetwork,
    claim: { ...inNetwork.claim, frequency, payerControlNumber, version: 2 },
  });

  it.each([
    ["7", "a replacement"],
    ["8", "a void"],
  ] as const)(
    "writes CLM05-3 %s (%s) with the payer's control number of the original in REF*F8 after CLM",
    (frequency, _what) => {
      const rows = claimRows(corrected(frequency, "2026320000123"));
      const clm = rows.findIndex((r) => r[0] === "CLM");
      expect(rows[clm]?.[5]).toBe(`10:B:${frequency}`);
      expect(rows[clm + 1]).toEqual(["REF", "F8", "2026320000123"]);
    },
  );

  it("writes an original claim with CLM05-3 1 and no REF*F8", () => {
    const rows = claimRows(inNetwork);
    expect(one(rows, "CLM")[5]).toBe("10:B:1");
    expect(all(rows, "REF", "F8")).toEqual([]);
  });

  it("refuses a replacement without the payer's control number, and one containing a delimiter", () => {
    expect(fieldsOf(refusal([corrected("7", null)]))).toEqual([
      [inNetwork.claim.id, "claim.payerControlNumber"],
    ]);
    expect(fieldsOf(refusal([corrected("8", "12*34")]))).toEqual([
      [inNetwork.claim.id, "claim.payerControlNumber"],
    ]);
  });
});

describe("issue 11 fault 11: every problem at once", () => {
  it("check837p lists what the record check and the writer find, together, with field paths", () => {
    const record: ClaimRecord = {
      ...inNetwork,
      provider: { ...inNetwork.provider, npi: "" },
      client: { ...inNetwork.client, name: "***" },
      coverage: { ...inNetwork.coverage, memberId: "W12*3" },
      claim: { ...inNetwork.claim, lines: [{ ...inNetwork.claim.lines[0]!, modifiers: ["9"] }] },
    };
    expect(fieldsOf(new ClaimDataError(check837p([record])))).toEqual([
      [inNetwork.claim.id, "provider.npi"],
      [inNetwork.claim.id, "coverage.memberId"],
      [inNetwork.claim.id, "claim.lines[0].modifiers[0]"],
      [inNetwork.claim.id, "client.name.lastName"],
    ]);
    expect(fieldsOf(refusal([record]))).toEqual(fieldsOf(new ClaimDataError(check837p([record]))));
    expect(check837p(allKinds)).toEqual([]);
  });
});
