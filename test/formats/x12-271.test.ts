/**
 * The 271 reader on realistic answers: the sandbox clearinghouse's (an active PPO with a co-pay
 * and a deductible, an HMO, an inactive plan, a behavioral-health carve-out, an unknown member),
 * each also parsed by node-x12 in strict mode, and hand-written payer answers laid out as payers
 * lay them out (date ranges, MSG texts, AAA in the payer loop, segments the reader does not know).
 */
import { X12Interchange, X12Parser } from "node-x12";
import { describe, expect, it } from "vitest";
import { sandbox271 } from "../../src/clearinghouse/sandbox-271.js";
import { write270, type EligibilityRequest } from "../../src/formats/x12-270.js";
import { answerInWords, read271, type EligibilityAnswer } from "../../src/formats/x12-271.js";
import { readX12 } from "../../src/formats/x12.js";

const at = new Date("2026-12-04T15:20:00Z");

function ask(memberId: string, trace: string, last = "Lee", first = "Jordan"): EligibilityAnswer {
  const request: EligibilityRequest = {
    traceNumber: trace,
    payer: { name: "Blue Cross and Blue Shield of North Carolina", electronicId: "DEMO560" },
    receiver: { kind: "person", npi: "1457392847", lastName: "Chen", firstName: "Maya" },
    subscriber: { memberId, firstName: first, lastName: last, birthDate: "2004-03-14" },
    planDate: "2026-12-04",
  };
  const edi270 = write270(request, {
    senderId: "STATELINE",
    receiverId: "DEMOCLEAR",
    traceAssigner: "1871234567",
    envelope: { interchangeControlNumber: 77, groupControlNumber: 77, createdAt: at, usage: "P" },
  });
  const edi271 = sandbox271(readX12(edi270), {
    interchangeControlNumber: 9001,
    groupControlNumber: 9001,
    createdAt: at,
    usage: "P",
  });
  const strict = new X12Parser(true).parse(edi271);
  expect(strict).toBeInstanceOf(X12Interchange);
  const x = readX12(edi271);
  expect(x.usage).toBe("T");
  expect(x.senderId).toBe("SANDBOX");
  expect(x.groups[0]?.functionalId).toBe("HB");
  const answers = read271(x);
  expect(answers).toHaveLength(1);
  return answers[0]!;
}

describe("read271: the sandbox's answers", () => {
  it("an active PPO with a co-pay and a deductible partly met, in and out of network", () => {
    const a = ask("YPB123456789", "TRACE0001");
    expect(a).toMatchObject({
      traceNumber: "TRACE0001",
      status: "active",
      insuranceType: "PR",
      product: "ppo",
      planName: "BLUE OPTIONS PPO",
      groupNumber: "0087654",
      groupName: "RESEARCH TRIANGLE SOFTWARE INC",
      planBegin: "2026-01-01",
      planEnd: null,
      memberId: "YPB123456789",
      carveOut: null,
      rejections: [],
    });
    expect(a.benefits).toContainEqual({
      kind: "copay",
      network: "in",
      serviceTypes: ["MH", "A6", "A8"],
      coverageLevel: "IND",
      amountCents: 3000,
      percent: null,
      period: "27",
    });
    expect(
      a.benefits
        .filter((b) => b.kind === "deductible" && b.network === "in")
        .map((b) => [b.period, b.amountCents]),
    ).toEqual([
      ["23", 150000],
      ["29", 40000],
    ]);
    expect(a.benefits.find((b) => b.kind === "coinsurance" && b.network === "out")?.percent).toBe(40);
    expect(answerInWords(a)).toBe(
      "Active PPO, mental health in network: $30 co-pay; deductible $400 of $1,500 left; out of network: 40% co-insurance; deductible $3,000 of $3,000 left",
    );
  });

  it("an HMO, in network only", () => {
    const a = ask("U7788990011", "TRACE0002", "Rivera", "Sam");
    expect(a).toMatchObject({ status: "active", product: "hmo", insuranceType: "HM" });
    expect(answerInWords(a)).toBe("Active HMO, mental health in network: $20 co-pay");
  });

  it("an inactive plan, with the day it ended", () => {
    const a = ask("U1122334455", "TRACE0003", "Kim", "Alex");
    expect(a).toMatchObject({ status: "inactive", planEnd: "2026-10-31", eligibilityEnd: "2026-10-31" });
    expect(answerInWords(a)).toBe("Inactive since 2026-10-31");
  });

  it("a carve-out: behavioral health handled by another company", () => {
    const a = ask("W123987456", "TRACE0004", "Brooks", "Taylor");
    expect(a.status).toBe("active");
    expect(a.product).toBe("pos");
    expect(a.carveOut).toEqual({
      entityCode: "PR",
      name: "OPTUM BEHAVIORAL HEALTH",
      id: "87726",
      phone: "8005550147",
      serviceTypes: ["MH", "A6", "A8"],
    });
    expect(answerInWords(a)).toBe(
      "Active POS; behavioral health is handled by Optum Behavioral Health: bill them (8005550147)",
    );
    expect(a.notes).toContain("BEHAVIORAL HEALTH BENEFITS ARE ADMINISTERED BY ANOTHER COMPANY");
  });

  it("an unknown member: AAA 75 in words", () => {
    const a = ask("R90010020", "TRACE0005", "Morgan", "Casey");
    expect(a.status).toBe("rejected");
    expect(a.traceNumber).toBe("TRACE0005");
    expect(a.rejections).toEqual([
      {
        level: "subscriber",
        code: "75",
        words: "Subscriber/insured not found",
        followUp: "C",
        followUpWords: "Please correct and resubmit",
        fix: "check the member ID",
      },
    ]);
    expect(answerInWords(a)).toBe("The payer could not find this member: check the member ID (AAA 75)");
  });
});

/** A payer's file as written, one segment a line. */
const file = (body: string[]): string => {
  const segs = body.map((s) => `${s}~`);
  return [
    "ISA*00*          *00*          *ZZ*CLEARINGHOUSE  *ZZ*STATELINE      *261204*1530*^*00501*000004321*0*P*:~",
    "GS*HB*CLEARINGHOUSE*STATELINE*20261204*1530*4321*X*005010X279A1~",
    "ST*271*0001*005010X279A1~",
    ...segs,
    `SE*${segs.length + 2}*0001~`,
    "GE*1*4321~",
    "IEA*1*000004321~",
  ].join("\n");
};

describe("read271: payers' layouts", () => {
  it("a commercial payer: plan dates as a range, co-insurance, family deductible, unknown segments as notes", () => {
    const x = readX12(
      file([
        "BHT*0022*11*ABC123*20261204*1530",
        "HL*1**20*1",
        "NM1*PR*2*CIGNA*****PI*62308",
        "HL*2*1*21*1",
        "NM1*1P*1*CHEN*MAYA****XX*1457392847",
        "HL*3*2*22*0",
        "TRN*2*ABC123*1871234567",
        "TRN*1*CIG778899*9CIGNA0001",
        "NM1*IL*1*KIM*ALEX****MI*U1122334455",
        "REF*18*3339876*OPEN ACCESS PLUS",
        "N3*1200 MARKET ST",
        "N4*SAN FRANCISCO*CA*941021234",
        "DMG*D8*19880922*F",
        "DTP*291*RD8*20260101-20261231",
        "EB*1*FAM*30*PR*OPEN ACCESS PLUS",
        "EB*A*IND*A8*PR****0.15****Y",
        "EB*C*FAM*MH*PR**23*3000*****Y",
        "EB*C*IND*MH*PR**23*1000*****Y",
        "EB*C*IND*MH*PR**29*250.5*****Y",
        "EB*Z*IND*MH",
        "ZZZ*SOMETHING NEW",
      ]),
    );
    const [a] = read271(x);
    expect(a).toMatchObject({
      traceNumber: "ABC123",
      status: "active",
      product: "ppo",
      planName: "OPEN ACCESS PLUS",
      planBegin: "2026-01-01",
      planEnd: "2026-12-31",
      payerName: "CIGNA",
      payerId: "62308",
      subscriberName: "ALEX KIM",
    });
    expect(answerInWords(a!)).toBe(
      "Active PPO, mental health in network: 15% co-insurance; deductible $250.50 of $1,000 left",
    );
    expect(a!.notes).toEqual([
      "The payer's trace number CIG778899",
      'EB01 "Z" of CIGNA not read',
      "ZZZ segment not read",
    ]);
  });

  it("the payer could not answer: AAA 42 in the payer loop applies to the member", () => {
    const [a, ...rest] = read271(
      readX12(
        file([
          "BHT*0022*11*T42*20261204*1530",
          "HL*1**20*1",
          "NM1*PR*2*AETNA*****PI*60054",
          "AAA*Y**42*R",
          "HL*2*1*21*1",
          "NM1*1P*2*STATELINE BEHAVIORAL HEALTH GROUP*****XX*2150000000",
          "HL*3*2*22*0",
          "TRN*2*T42*1871234567",
          "NM1*IL*1*BROOKS*TAYLOR****MI*W123987456",
        ]),
      ),
    );
    expect(rest).toEqual([]);
    expect(a).toMatchObject({ status: "rejected", traceNumber: "T42" });
    expect(a!.rejections[0]).toMatchObject({
      level: "payer",
      code: "42",
      followUpWords: "Resubmission allowed",
    });
    expect(answerInWords(a!)).toBe(
      "The payer did not answer: the payer's system did not answer: verify again later (AAA 42)",
    );
  });

  it("a provider the payer does not know, with no subscriber loop at all", () => {
    const answers = read271(
      readX12(
        file([
          "BHT*0022*11*T51*20261204*1530",
          "HL*1**20*1",
          "NM1*PR*2*BCBS MA*****PI*DEMO701",
          "HL*2*1*21*0",
          "NM1*1P*1*CHEN*MAYA****XX*1457392847",
          "AAA*N**51*N",
        ]),
      ),
    );
    expect(answers).toHaveLength(1);
    expect(answers[0]).toMatchObject({ status: "rejected", traceNumber: null });
    expect(answers[0]!.rejections[0]).toMatchObject({
      level: "receiver",
      code: "51",
      words: "Provider not on file",
    });
  });

  it("a Medicare Advantage HMO and a carve-out to a vendor announced by EB*1 with a 2120C loop", () => {
    const [a] = read271(
      readX12(
        file([
          "BHT*0022*11*MA1*20261204*1530",
          "HL*1**20*1",
          "NM1*PR*2*HUMANA*****PI*61101",
          "HL*2*1*21*1",
          "NM1*1P*1*CHEN*MAYA****XX*1457392847",
          "HL*3*2*22*0",
          "TRN*2*MA1*1871234567",
          "NM1*IL*1*SMITH*PAT****MI*H12345678",
          "DTP*356*D8*20260101",
          "EB*1*IND*30*HN*HUMANA GOLD PLUS HMO",
          "EB*1*IND*MH*HN",
          "LS*2120",
          "NM1*VN*2*CARELON BEHAVIORAL HEALTH",
          "PER*IC*PROVIDER SERVICES*TE*8005550188*UR*CARELON.EXAMPLE",
          "LE*2120",
        ]),
      ),
    );
    expect(a).toMatchObject({
      product: "medicare_advantage",
      eligibilityBegin: "2026-01-01",
      planName: "HUMANA GOLD PLUS HMO",
    });
    expect(a!.carveOut).toMatchObject({
      entityCode: "VN",
      name: "CARELON BEHAVIORAL HEALTH",
      phone: "8005550188",
    });
  });

  it("an inactive answer without dates, and an answer that says nothing", () => {
    const two = readX12(
      file([
        "BHT*0022*11*X*20261204*1530",
        "HL*1**20*1",
        "NM1*PR*2*CIGNA*****PI*62308",
        "HL*2*1*21*1",
        "NM1*1P*1*CHEN*MAYA****XX*1457392847",
        "HL*3*2*22*1",
        "TRN*2*A1*1871234567",
        "NM1*IL*1*KIM*ALEX****MI*U1",
        "EB*6**30",
        "HL*4*3*23*0",
        "TRN*2*A2*1871234567",
        "NM1*03*1*KIM*JO",
      ]),
    );
    const answers = read271(two);
    expect(answers.map((a) => [a.traceNumber, a.status])).toEqual([
      ["A1", "inactive"],
      ["A2", "unknown"],
    ]);
    expect(answerInWords(answers[0]!)).toBe(
      "Inactive: the plan does not cover this member on the date asked",
    );
  });
});
