/**
 * Properties of the decision engine over generated providers, clients and sessions, on the
 * real payer map (places drawn from real ZIP codes, split states, a few unknown ZIPs).
 */
import fc from "fast-check";
import { TypeCompiler } from "@sinclair/typebox/compiler";
import { describe, expect, it } from "vitest";
import {
  CREDENTIAL_STATUSES,
  Decision as DecisionSchema,
  LICENSE_SOURCES,
  LICENSE_STATUSES,
  PRODUCTS,
  type CaseInput,
  type CredentialInput,
  type LicenseInput,
} from "../../src/contract/schema.js";
import { loadReference } from "../../src/reference/catalogue.js";
import type { StateCode } from "../../src/contract/states.js";
import { decide } from "../../src/rules/decide.js";
import { allowsPractice, credentialActive, inForce, type Decision } from "../../src/rules/decision.js";

const geo = loadReference();
const validDecision = TypeCompiler.Compile(DecisionSchema);

/** Places that exercise every kind of map answer. */
const PLACES: [StateCode, string | undefined][] = [
  ["NY", "10027"],
  ["NY", "14604"],
  ["NY", "14202"],
  ["NY", "12207"],
  ["NY", undefined],
  ["NY", "10999"],
  ["CA", "90012"],
  ["CA", undefined],
  ["TX", "75201"],
  ["TX", undefined],
  ["MA", "02116"],
  ["NC", "27701"],
  ["VA", "22201"],
  ["VA", "22003"],
  ["VA", "23219"],
  ["VA", undefined],
  ["MO", "64106"],
  ["MO", "63101"],
  ["KS", "66101"],
  ["KS", "67202"],
  ["PA", "19103"],
  ["PA", "17101"],
  ["PA", undefined],
  ["WA", "98660"],
  ["WA", "98101"],
  ["OH", "45750"],
  ["OH", "43215"],
  ["ID", "83814"],
  ["FL", "33139"],
  ["NJ", "07030"],
  ["GU", undefined],
  ["PR", "00901"],
  ["NY", "07030"],
];
const STATES = [...new Set(PLACES.map(([s]) => s))];
const PAYERS = geo.payers().map((p) => p.id);

const day = fc
  .integer({ min: 0, max: 8 * 365 })
  .map((n) => new Date(Date.UTC(2022, 0, 1) + n * 86_400_000).toISOString().slice(0, 10));
const bound = fc.option(day, { nil: null });
const state = fc.constantFrom(...STATES);
const payer = fc.oneof(
  { weight: 12, arbitrary: fc.constantFrom(...PAYERS) },
  { weight: 1, arbitrary: fc.constant("acme-health") },
);
/** Blue plans serving each state, so generated credentials are often ones that route. */
const BLUES_IN = new Map<StateCode, string[]>();
for (const p of geo.payers())
  for (const s of p.kind === "bcbs" ? p.states : []) BLUES_IN.set(s, [...(BLUES_IN.get(s) ?? []), p.id]);

/** Biased towards `near` (the client's state), as real providers practise where their clients are. */
const licenseArb = (near: fc.Arbitrary<StateCode>): fc.Arbitrary<LicenseInput> =>
  fc
    .record({
      state: fc.oneof(near, state),
      type: fc.constantFrom("LCSW", "LPC", "LMFT", "PsyD", "MD", "PMHNP"),
      status: fc.oneof(
        { weight: 4, arbitrary: fc.constant("active" as const) },
        fc.constantFrom(...LICENSE_STATUSES),
      ),
      validFrom: bound,
      validTo: bound,
      telehealthOnly: fc.boolean(),
      source: fc.constantFrom(...LICENSE_SOURCES),
      homeState: fc.option(fc.oneof(near, state), { nil: undefined }),
    })
    .map(({ homeState, ...l }) => (homeState === undefined ? l : { ...l, homeState }));

const credentialArb = (
  near: fc.Arbitrary<StateCode>,
  plan: fc.Arbitrary<string>,
): fc.Arbitrary<CredentialInput> =>
  fc
    .record({
      state: fc.oneof(near, state),
      payer: fc.oneof(plan, payer),
      local: fc.boolean(),
      network: fc.constantFrom("standard" as const, "standard" as const, "virtual" as const),
      status: fc.oneof(
        { weight: 4, arbitrary: fc.constant("active" as const) },
        fc.constantFrom(...CREDENTIAL_STATUSES),
      ),
      effectiveFrom: bound,
      effectiveTo: bound,
    })
    .map(({ local, ...cr }) => {
      const blues = BLUES_IN.get(cr.state) ?? [];
      return local && blues.length > 0
        ? { ...cr, payer: blues[cr.effectiveFrom ? 0 : blues.length - 1] ?? cr.payer }
        : cr;
    });

const caseArb: fc.Arbitrary<CaseInput> = fc
  .record({
    place: fc.option(fc.constantFrom(...PLACES), { nil: undefined, freq: 12 }),
    payer,
  })
  .chain(({ place, payer: plan }) => {
    const near = fc.constant(place?.[0] ?? "NY");
    return fc.record({
      licenses: fc.array(licenseArb(near), { maxLength: 6 }),
      credentials: fc.array(credentialArb(near, fc.constant(plan)), { maxLength: 10 }),
      payer: fc.constant(plan),
      bluecard: fc.option(fc.boolean(), { nil: undefined, freq: 3 }),
      product: fc.option(fc.constantFrom(...PRODUCTS), { nil: undefined, freq: 3 }),
      covFrom: bound,
      covTo: bound,
      date: day,
      modality: fc.constantFrom("telehealth" as const, "in_person" as const),
      place: fc.constant(place),
      line1: fc.option(fc.constant("1 Main St"), { nil: undefined }),
      crisis: fc.option(fc.boolean(), { nil: undefined }),
    });
  })
  .map((g) => {
    const session: CaseInput["session"] = { date: g.date, modality: g.modality };
    if (g.place) {
      const [st, zip] = g.place;
      session.clientLocation = { state: st, ...(zip ? { zip } : {}), ...(g.line1 ? { line1: g.line1 } : {}) };
    }
    if (g.crisis !== undefined) session.crisis = g.crisis;
    const coverage: CaseInput["client"]["coverage"] = {
      payer: g.payer,
      effectiveFrom: g.covFrom,
      effectiveTo: g.covTo,
    };
    if (g.bluecard !== undefined) coverage.bluecard = g.bluecard;
    if (g.product !== undefined) coverage.product = g.product;
    return { provider: { licenses: g.licenses, credentials: g.credentials }, client: { coverage }, session };
  });

/** 200 runs per property by default; CI sets FC_RUNS=1500. */
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 200) };

/** Members of a compact on a date, from the shipped table. */
function membersOn(id: "PSYPACT" | "counseling_compact" | "social_work_compact", date: string): StateCode[] {
  const entry = geo.compacts().compacts.find((c) => c.id === id);
  return (entry?.members ?? []).filter((m) => m.joined <= date).map((m) => m.state);
}
const BLUE_PLANS = geo.payers().flatMap((p) => (p.kind === "bcbs" ? [p.id] : []));

/**
 * The case with a license in the client's state and a credential there with a Blue plan of that
 * state (so that routes through local plans are often open), both in force.
 */
function servedThere(c: CaseInput, pick: number): CaseInput {
  const out = structuredClone(c);
  const here = out.session.clientLocation?.state ?? "NY";
  if (!out.session.clientLocation) out.session.clientLocation = { state: here };
  out.session.crisis = false;
  out.client.coverage.effectiveFrom = null;
  out.client.coverage.effectiveTo = null;
  out.provider.licenses.push({ state: here, type: "LCSW", status: "active" });
  const blues = BLUES_IN.get(here) ?? [];
  const payer = blues[pick % Math.max(blues.length, 1)] ?? "aetna";
  out.provider.credentials.push({ payer, state: here, network: "standard", status: "active" });
  return out;
}
const COMPACT_TYPES = { PSYPACT: "PsyD", counseling_compact: "LPC", social_work_compact: "LCSW" } as const;
const same = (a: Decision, b: Decision) =>
  a.outcome === b.outcome && a.basis === b.basis && a.billTo === b.billTo;

describe("decision engine properties", () => {
  it("no well-formed case throws, and every decision validates against the contract", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = decide(c, geo);
        if (!validDecision.Check(d))
          throw new Error(JSON.stringify([...validDecision.Errors(d)].slice(0, 3)));
        expect(d.outcome === "billable").toBe(d.reasons.length === 0);
        if (d.outcome === "billable") expect(d.billTo).not.toBeNull();
        else expect([d.basis, d.billTo, d.credential]).toEqual([null, null, null]);
      }),
      RUNS,
    );
  });

  it("decisions are deterministic", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        expect(decide(structuredClone(c), geo)).toEqual(decide(c, geo));
      }),
      RUNS,
    );
  });

  it("adding a license or credential never turns billable into not billable", () => {
    fc.assert(
      fc.property(caseArb, licenseArb(state), credentialArb(state, payer), (c, l, cr) => {
        const before = decide(c, geo);
        fc.pre(before.outcome === "billable");
        const more = structuredClone(c);
        more.provider.licenses.push(l);
        more.provider.credentials.push(cr);
        expect(decide(more, geo).outcome).toBe("billable");
      }),
      RUNS,
    );
  });

  it("removing the credential a billable decision used changes the decision or its credential", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const before = decide(c, geo);
        fc.pre(before.outcome === "billable" && before.credential !== null);
        const used = before.credential;
        const fewer = structuredClone(c);
        fewer.provider.credentials = fewer.provider.credentials.filter(
          (cr) => !(cr.payer === used.payer && cr.state === used.state && cr.network === used.network),
        );
        const after = decide(fewer, geo);
        expect(
          same(after, before) && JSON.stringify(after.credential) === JSON.stringify(before.credential),
        ).toBe(false);
      }),
      RUNS,
    );
  });

  it("a billable decision's license and credential are in force that day and match the state", () => {
    fc.assert(
      fc.property(caseArb, (c) => {
        const d = decide(c, geo);
        fc.pre(d.outcome === "billable");
        const date = c.session.date;
        const cred = c.provider.credentials.find(
          (cr) =>
            cr.payer === d.credential?.payer &&
            cr.state === d.credential.state &&
            cr.network === d.credential.network &&
            credentialActive(cr, date),
        );
        expect(cred).toBeDefined();
        if (d.basis === "crisis") {
          expect(cred?.payer).toBe(c.client.coverage.payer);
          return;
        }
        expect(d.credential?.state).toBe(d.state);
        expect(d.license?.state).toBe(d.state);
        const lic = c.provider.licenses.find(
          (l) =>
            l.state === d.license?.state &&
            l.type === d.license.type &&
            allowsPractice(l.status) &&
            inForce(date, l.validFrom, l.validTo) &&
            !(c.session.modality === "in_person" && l.telehealthOnly === true),
        );
        expect(lic).toBeDefined();
        expect(inForce(date, c.client.coverage.effectiveFrom, c.client.coverage.effectiveTo)).toBe(true);
      }),
      RUNS,
    );
  });

  it("rule 2a: adding a privilege that holds (active home license, both states members) never removes billability", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom("PSYPACT" as const, "counseling_compact" as const, "social_work_compact" as const),
        fc.nat(),
        (c, id, pick) => {
          const here = c.session.clientLocation?.state;
          fc.pre(here !== undefined);
          const members = membersOn(id, c.session.date);
          fc.pre(members.includes(here) && members.length > 0);
          const home = members[pick % members.length] ?? here;
          const before = decide(c, geo);
          const more = structuredClone(c);
          const type = COMPACT_TYPES[id];
          more.provider.licenses.push(
            { state: home, type, status: "active", validFrom: null, validTo: null },
            {
              state: here,
              type,
              status: "active",
              source: id,
              homeState: home,
              validFrom: null,
              validTo: null,
            },
          );
          const after = decide(more, geo);
          if (before.outcome === "billable") expect(after.outcome).toBe("billable");
          // The privilege is an authority there: the session is never refused for want of one.
          expect(after.reasons.map((r) => r.code)).not.toContain("NOT_LICENSED");
          expect(after.reasons.map((r) => r.code)).not.toContain("PRIVILEGE_NOT_VALID");
        },
      ),
      RUNS,
    );
  });

  it("rule 2a: a privilege that fails (New York and California are in no compact) never adds billability", () => {
    fc.assert(
      fc.property(
        caseArb,
        fc.constantFrom(...(["PSYPACT", "counseling_compact", "social_work_compact"] as const)),
        fc.constantFrom<StateCode>("NY", "CA"),
        fc.boolean(),
        (c, id, outside, asHome) => {
          const here = c.session.clientLocation?.state ?? "NY";
          const privilege: LicenseInput = asHome
            ? { state: here, type: COMPACT_TYPES[id], status: "active", source: id, homeState: outside }
            : { state: outside, type: COMPACT_TYPES[id], status: "active", source: id, homeState: here };
          const more = structuredClone(c);
          more.provider.licenses.push(privilege);
          expect(same(decide(more, geo), decide(c, geo))).toBe(true);
        },
      ),
      RUNS,
    );
  });

  it("rule 13: an FEP decision in network always bills a Blue plan local to the client", () => {
    fc.assert(
      fc.property(caseArb, fc.constantFrom(...BLUE_PLANS), fc.nat(), (c, home, pick) => {
        const fep = servedThere(c, pick);
        fep.client.coverage.payer = home;
        fep.client.coverage.product = "fep";
        const d = decide(fep, geo);
        const plan = geo.payer(fep.client.coverage.payer);
        fc.pre(d.outcome === "billable" && d.basis !== "crisis" && plan?.kind === "bcbs");
        expect(d.basis).toBe("in_network");
        const loc = fep.session.clientLocation;
        if (!loc) throw new Error("a billable decision has a place");
        const placed = geo.place(loc.state, loc.zip ?? undefined);
        const local =
          placed.kind === "zip"
            ? placed.zone.plans
            : placed.kind === "state"
              ? placed.zones.flatMap((z) => z.plans)
              : [];
        expect(local).toContain(d.billTo);
        expect(d.credential?.network).toBe("standard");
      }),
      RUNS,
    );
  });

  it("rule 14: a UnitedHealthcare decision in network always bills UnitedHealthcare", () => {
    fc.assert(
      fc.property(caseArb, fc.nat(), (c, pick) => {
        const uhc = servedThere(c, pick);
        uhc.client.coverage.payer = "uhc";
        for (const cr of uhc.provider.credentials)
          if (cr.payer === c.client.coverage.payer || pick % 3 === 0) cr.payer = pick % 2 ? "optum" : "uhc";
        const d = decide(uhc, geo);
        fc.pre(d.outcome === "billable");
        expect(d.billTo).toBe("uhc");
        expect(["uhc", "optum"]).toContain(d.credential?.payer);
      }),
      RUNS,
    );
  });
});
