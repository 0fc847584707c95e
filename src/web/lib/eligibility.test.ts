import { describe, expect, it } from "vitest";
import { benefitLines, headline, planLine, type EligibilityCheck } from "./eligibility";

const check: EligibilityCheck = {
  id: "00000000-0000-4000-8000-000000000001",
  clientId: "00000000-0000-4000-8000-000000000002",
  coverageId: "00000000-0000-4000-8000-000000000003",
  traceNumber: "ABC",
  status: "active",
  reason: "manual",
  planDate: "2026-12-04",
  requestedAt: "2026-12-04T15:00:00.000Z",
  requestedBy: "Maya R. Chen, LCSW",
  sentAt: "2026-12-04T15:00:00.000Z",
  answeredAt: "2026-12-04T15:00:01.000Z",
  summary: "Active PPO, mental health in network: $30 co-pay",
  answer: {
    traceNumber: "ABC",
    status: "active",
    payerName: null,
    payerId: null,
    memberId: null,
    subscriberName: null,
    planName: "BLUE OPTIONS PPO",
    groupName: "RESEARCH TRIANGLE SOFTWARE INC",
    groupNumber: "0087654",
    insuranceType: "PR",
    insuranceTypeWords: "PPO",
    product: "ppo",
    planBegin: null,
    planEnd: null,
    eligibilityBegin: null,
    eligibilityEnd: null,
    benefits: [
      {
        kind: "copay",
        network: "in",
        serviceTypes: ["MH"],
        coverageLevel: "IND",
        amountCents: 3000,
        percent: null,
        period: "27",
      },
      {
        kind: "deductible",
        network: "in",
        serviceTypes: ["MH"],
        coverageLevel: "IND",
        amountCents: 40050,
        percent: null,
        period: "29",
      },
      {
        kind: "coinsurance",
        network: "out",
        serviceTypes: ["MH"],
        coverageLevel: "FAM",
        amountCents: null,
        percent: 40,
        period: null,
      },
    ],
    carveOut: null,
    rejections: [],
    notes: [],
  },
  error: null,
  sandbox: true,
  answerUrl: "/api/v1/eligibility/00000000-0000-4000-8000-000000000001/271",
};

describe("eligibility view", () => {
  it("says each cost on its own line, with the network", () => {
    expect(benefitLines(check)).toEqual([
      "In network: $30 co-pay",
      "In network: $400.50 deductible left",
      "Out of network: 40% co-insurance (family)",
    ]);
  });
  it("names the plan and group; the sentence is the server's, or where the check stands", () => {
    expect(planLine(check)).toBe("BLUE OPTIONS PPO · group 0087654 (RESEARCH TRIANGLE SOFTWARE INC)");
    expect(headline(check)).toBe(check.summary);
    expect(headline({ ...check, summary: null, status: "error", error: "coverage.payer: no id" })).toBe(
      "Could not be sent: coverage.payer: no id",
    );
  });
});
