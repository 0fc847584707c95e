/**
 * A state's box of the Billing method section, rendered to a string in Node (no DOM): two places
 * in one state that get different answers are both listed, each with its own answer; a trip says
 * its dates and the day it was judged for; a refused video place says a crisis session there
 * would be billable.
 */
import { createElement } from "react";
import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import type { BillingPlace, Decision, User } from "../../api/types";
import { AppContext, type AppContextValue } from "../../lib/app-context";
import { groupByState } from "../../lib/billing-places";
import { StateBox } from "./BillingMethod";

const NAMES: Record<string, string> = {
  "anthem-ny": "Anthem Blue Cross Blue Shield (New York)",
  "bcbs-nc": "Blue Cross NC",
};
const payerName = (id: string) => NAMES[id] ?? id;

const user: User = {
  id: "00000000-0000-4000-8000-000000000100",
  email: "maya@stateline.test",
  name: null,
  role: "provider",
  providerId: "00000000-0000-4000-8000-000000000101",
  clientId: null,
};

const context: AppContextValue = {
  user,
  catalogue: undefined,
  payerName,
  payer: () => undefined,
  signOut: () => undefined,
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

const refused: Decision = {
  ...bluecard,
  outcome: "not_billable",
  basis: null,
  billTo: null,
  license: null,
  credential: null,
  reasons: [
    {
      code: "NOT_CREDENTIALED",
      message:
        "You are not credentialed with Excellus BlueCross BlueShield in New York; a license there is not enough to bill.",
      fix: "Get credentialed with Excellus BlueCross BlueShield, or see this client while they are in downstate New York.",
    },
  ],
};

const places: BillingPlace[] = [
  {
    place: { line1: "200 W 57th St", city: "New York", state: "NY", zip: "10019" },
    modality: "in_person",
    decision: bluecard,
    source: {
      kind: "practice",
      id: "00000000-0000-4000-8000-000000000001",
      label: "Manhattan",
      startsOn: null,
      endsOn: null,
    },
    judgedOn: "2026-12-08",
    crisis: null,
  },
  {
    place: { line1: null, city: "Rochester", state: "NY", zip: "14604" },
    modality: "telehealth",
    decision: refused,
    source: {
      kind: "temporary",
      id: "00000000-0000-4000-8000-000000000002",
      label: "Rochester",
      startsOn: "2026-12-09",
      endsOn: "2026-12-16",
    },
    judgedOn: "2026-12-09",
    crisis: { billable: true, decision: { ...bluecard, basis: "crisis", billTo: "bcbs-nc" } },
  },
];

const render = (ps: BillingPlace[]) => {
  const [group] = groupByState(ps, payerName);
  if (!group) throw new Error("no group");
  return renderToStaticMarkup(
    createElement(
      AppContext.Provider,
      { value: context },
      createElement(StateBox, {
        group,
        active: false,
        chosen: "2026-12-08",
        today: "2026-12-04",
        onActivate: () => undefined,
      }),
    ),
  );
};

describe("a state's box", () => {
  it("lists both places of a state that disagree, each with its own answer", () => {
    const html = render(places);
    expect(html.match(/<article /g)).toHaveLength(1);
    expect(html).toContain('data-state="NY"');
    expect(html).toContain('data-route="split"');
    expect(html).toContain("In New York it depends on where: Manhattan (in person) — BlueCard via Anthem");
    expect(html).toContain(
      "Rochester (by video) — crisis sessions only, you are not credentialed with Excellus",
    );
    expect(html).toContain("In person at Manhattan");
    expect(html).toContain("By video, client on Rochester");
    expect(html.match(/role="group"/g)).toHaveLength(2);
  });

  it("shows a trip's dates and the day it was judged for, and the crisis exception", () => {
    const html = render(places);
    expect(html).toContain("Trip Dec 9–16");
    expect(html).toContain("judged for Dec 9 (the trip&#x27;s first day)");
    expect(html).toContain(
      "A documented crisis session there would be billable (to Blue Cross NC, by exception)",
    );
    expect(html).toContain("What would fix it");
  });

  it("gives one answer with the places listed when they agree", () => {
    const second = places[1];
    if (!second) throw new Error("fixture");
    const html = render([places[0] as BillingPlace, { ...second, decision: bluecard, crisis: null }]);
    expect(html).toContain('data-agree="true"');
    expect(html).toContain(
      "In New York, for Manhattan (in person) and Rochester (by video): BlueCard via Anthem",
    );
    expect(html.match(/role="group"/g)).toHaveLength(1);
    expect(html.match(/Bill to/g)).toHaveLength(1);
  });
});
