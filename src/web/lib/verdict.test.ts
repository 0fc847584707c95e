import { describe, expect, it } from "vitest";
import type { Decision, Outlook, ServiceLocation } from "../api/types";
import { placeWords, verdictOf } from "./verdict";

const NAMES: Record<string, string> = {
  "anthem-ny": "Anthem Blue Cross Blue Shield (New York)",
  "bcbs-nc": "Blue Cross and Blue Shield of North Carolina",
  cigna: "Cigna",
};
const payerName = (id: string) => NAMES[id] ?? id;

const dorm: ServiceLocation = {
  line1: "600 W 116th St",
  line2: null,
  city: "New York",
  state: "NY",
  zip: "10027",
  source: "client_location",
  sourceId: "0b6c2d1e-7f5a-4c3e-9a1b-2d3e4f5a6b7c",
  kind: "temporary",
};
const hoboken: ServiceLocation = {
  line1: "221 Washington St",
  line2: null,
  city: "Hoboken",
  state: "NJ",
  zip: "07030",
  source: "client_location",
  sourceId: "5d4c3b2a-1f0e-4d9c-8b7a-6f5e4d3c2b1a",
  kind: "virtual_session",
};

const bluecard: Decision = {
  outcome: "billable",
  basis: "bluecard",
  billTo: "anthem-ny",
  homePlan: "bcbs-nc",
  state: "NY",
  license: { state: "NY", type: "LCSW" },
  credential: { payer: "anthem-ny", state: "NY", network: "standard" },
  reasons: [],
  requirements: [],
  notes: [],
};
const notCredentialed: Decision = {
  outcome: "not_billable",
  basis: null,
  billTo: null,
  homePlan: "cigna",
  state: "NJ",
  license: { state: "NJ", type: "LCSW" },
  credential: null,
  reasons: [
    {
      code: "NOT_CREDENTIALED",
      message: "You are not credentialed with Cigna in New Jersey; a license there is not enough to bill.",
      fix: "Get credentialed with Cigna in New Jersey, or see this client while they are in New York",
    },
  ],
  requirements: [],
  notes: [],
};
const zipRequired: Decision = {
  ...notCredentialed,
  outcome: "incomplete",
  homePlan: "bcbs-nc",
  state: "NY",
  reasons: [
    {
      code: "ZIP_REQUIRED",
      message:
        "New York is served by several Blue plans (Anthem or Excellus), and whether this session can be billed depends on which one serves the client's exact location.",
      fix: "Add the ZIP code of where the client will be.",
    },
  ],
};

const checked = { checkedAt: "2026-12-04T11:00:00.000Z", checkedOn: "2026-12-04" };

const billableOutlook: Outlook = {
  ...checked,
  billable: true,
  outcome: "billable",
  basis: "bluecard",
  billTo: "anthem-ny",
  location: dorm,
  reason: null,
  summary:
    "Billable through BlueCard in New York, New York, billed to Anthem Blue Cross Blue Shield (New York)",
  crisisBillable: null,
  decision: bluecard,
};
const atRiskOutlook: Outlook = {
  ...checked,
  billable: false,
  outcome: "not_billable",
  basis: null,
  billTo: null,
  location: hoboken,
  reason: {
    code: "NOT_CREDENTIALED",
    message: notCredentialed.reasons[0]?.message ?? "",
    fix: notCredentialed.reasons[0]?.fix ?? null,
  },
  summary: "At risk in Hoboken, New Jersey: You are not credentialed with Cigna in New Jersey",
  crisisBillable: true,
  decision: notCredentialed,
};

describe("verdictOf: a session's outlook in the provider's words", () => {
  it("billable ahead: the route, the place and the payer to bill", () => {
    const v = verdictOf(billableOutlook, false, payerName);
    expect(v.tone).toBe("good");
    expect(v.headline).toBe(
      "Billable through BlueCard in New York, New York: bill Anthem Blue Cross Blue Shield (New York)",
    );
    expect([v.reason, v.fix, v.crisis]).toEqual([null, null, null]);
  });

  it("billable, once the session has started: in the past tense", () => {
    expect(verdictOf(billableOutlook, true, payerName).headline).toBe(
      "Was billable through BlueCard in New York, New York: bill Anthem Blue Cross Blue Shield (New York)",
    );
  });

  it("names every route", () => {
    const route = (basis: Outlook["basis"]) =>
      verdictOf({ ...billableOutlook, basis, location: null, billTo: "cigna" }, false, payerName).headline;
    expect(route("in_network")).toBe("Billable in network: bill Cigna");
    expect(route("virtual_network")).toBe("Billable through the plan's virtual network: bill Cigna");
    expect(route("crisis")).toBe("Billable under the crisis exception: bill Cigna");
  });

  it("at risk ahead: where, the reason, its fix, and the crisis option", () => {
    const v = verdictOf(atRiskOutlook, false, payerName);
    expect(v.tone).toBe("bad");
    expect(v.headline).toBe("At risk in Hoboken, New Jersey");
    expect(v.reason).toMatch(/not credentialed with Cigna in New Jersey/);
    expect(v.fix).toMatch(/^Get credentialed with Cigna in New Jersey/);
    expect(v.crisis).toBe("A crisis session there would be billable.");
  });

  it("refused after the fact: in the past tense", () => {
    const v = verdictOf(atRiskOutlook, true, payerName);
    expect(v.headline).toBe("Was not billable in Hoboken, New Jersey");
    expect(v.crisis).toBe("A crisis session there would have been billable.");
  });

  it("offers the crisis only when a crisis there would be billable", () => {
    expect(verdictOf({ ...atRiskOutlook, crisisBillable: false }, false, payerName).crisis).toBeNull();
    expect(verdictOf({ ...atRiskOutlook, crisisBillable: null }, false, payerName).crisis).toBeNull();
  });

  it("missing information: what is needed and how to give it", () => {
    const v = verdictOf(
      {
        ...atRiskOutlook,
        outcome: "incomplete",
        location: { ...dorm, zip: null, city: null },
        reason: {
          code: "ZIP_REQUIRED",
          message: zipRequired.reasons[0]?.message ?? "",
          fix: zipRequired.reasons[0]?.fix ?? null,
        },
        crisisBillable: null,
        decision: zipRequired,
      },
      false,
      payerName,
    );
    expect(v.tone).toBe("warn");
    expect(v.headline).toBe("Needs information in New York");
    expect(v.fix).toBe("Add the ZIP code of where the client will be.");
  });

  it("no coverage on file: cannot be decided, and what to add", () => {
    const none: Outlook = {
      ...atRiskOutlook,
      outcome: null,
      reason: null,
      crisisBillable: null,
      decision: null,
      summary: "Cannot be decided: the client has no insurance coverage on file",
    };
    expect(verdictOf(none, false, payerName).headline).toBe(
      "Cannot be decided: the client has no insurance coverage on file",
    );
    expect(verdictOf(none, true, payerName).headline).toBe(
      "Could not be decided: the client has no insurance coverage on file",
    );
    expect(verdictOf(none, false, payerName).fix).toBe("Add the client's insurance coverage.");
  });
});

describe("placeWords", () => {
  it("the city and the state's name, or the state alone, or nothing", () => {
    expect(placeWords(hoboken)).toBe(" in Hoboken, New Jersey");
    expect(placeWords({ ...hoboken, city: null })).toBe(" in New Jersey");
    expect(placeWords(null)).toBe("");
  });
});
