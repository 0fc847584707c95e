/**
 * The Billing method section through the HTTP API, on both databases: every practice location
 * and every current client location with its own answer (two places in New York are two
 * answers: Manhattan is Anthem's, Rochester Excellus's), each judged on the day asked or, for a
 * place still ahead, on its first day; what a crisis session would get at a refused video place.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  loginAs,
  seedClient,
  seedProvider,
  startApp,
  type DbKind,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

/** The server clock: Monday 15 June 2026, 11:00 in New York. */
const NOW = new Date("2026-06-15T15:00:00Z");
const KINDS: DbKind[] = ["pglite", "postgres"];

interface Decision {
  outcome: string;
  basis: string | null;
  billTo: string | null;
  reasons: { code: string; message: string; fix?: string }[];
}
interface Place {
  place: { state: string; zip?: string; city?: string | null };
  modality: string;
  decision: Decision;
  source: { kind: string; id: string; label: string | null; startsOn: string | null; endsOn: string | null };
  judgedOn: string;
  crisis: { billable: boolean; decision: Decision } | null;
}

describe.each(KINDS)("billing method on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider; // licensed in NY to 2026-12-31, credentialed with Anthem NY only
  let omar: SeededProvider; // NY license ends 2026-06-30; credentialed with Anthem NY and Excellus
  let ana: SeededClient; // Anthem NY member: home in Manhattan, visiting family in Rochester now
  let ben: SeededClient; // Omar's client: Anthem NY, Manhattan, Rochester next month
  let asMaya: ReturnType<typeof as>;
  let asOmar: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => NOW });
    maya = await seedProvider(t.store, {
      name: "Maya Chen, LCSW",
      licenses: [{ state: "NY", validTo: "2026-12-31" }],
      credentials: [{ payer: "anthem-ny", state: "NY" }],
      practiceLocations: [
        { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
      ],
    });
    omar = await seedProvider(t.store, {
      name: "Omar Haddad, LMFT",
      licenses: [{ state: "NY", type: "LMFT", validTo: "2026-06-30" }],
      credentials: [
        { payer: "anthem-ny", state: "NY" },
        { payer: "excellus-ny", state: "NY" },
      ],
    });
    ana = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Ana Souza",
      coverage: { payer: "anthem-ny", memberId: "YLS884512207", product: "ppo" },
      locations: [
        {
          kind: "home",
          label: "Apartment",
          line1: "420 W 118th St",
          city: "New York",
          state: "NY",
          zip: "10027",
        },
        {
          kind: "temporary",
          label: "Visiting family",
          line1: "100 East Ave",
          city: "Rochester",
          state: "NY",
          zip: "14604",
          startsOn: "2026-06-10",
          endsOn: "2026-06-25",
        },
      ],
    });
    ben = await seedClient(t.store, {
      providerId: omar.provider.id,
      name: "Ben Adler",
      coverage: { payer: "anthem-ny", memberId: "YLS771200394" },
      locations: [
        { kind: "home", line1: "88 Lexington Ave", city: "New York", state: "NY", zip: "10016" },
        {
          kind: "temporary",
          label: "Summer in Rochester",
          line1: "500 University Ave",
          city: "Rochester",
          state: "NY",
          zip: "14607",
          startsOn: "2026-07-06",
          endsOn: "2026-07-17",
        },
      ],
    });
    asMaya = as(t.app, await loginAs(t.app, maya.email));
    asOmar = as(t.app, await loginAs(t.app, omar.email));
  }, 120_000);

  afterAll(async () => t.close());

  function places(res: LightMyRequestResponse): Place[] {
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Place[]>();
  }
  const url = (client: SeededClient, date?: string) =>
    `/api/v1/clients/${client.client.id}/billing-method${date ? `?date=${date}` : ""}`;
  const row = (p: Place) => [
    p.source.kind,
    p.modality,
    p.place.zip,
    p.judgedOn,
    p.decision.outcome,
    p.decision.billTo,
  ];

  it("answers each place in New York on its own: Manhattan in network, Rochester not", async () => {
    const out = places(await asMaya("GET", url(ana)));
    expect(out.map(row)).toEqual([
      ["practice", "in_person", "10118", "2026-06-15", "billable", "anthem-ny"],
      ["home", "telehealth", "10027", "2026-06-15", "billable", "anthem-ny"],
      ["temporary", "telehealth", "14604", "2026-06-15", "not_billable", null],
    ]);
    const trip = out[2];
    expect(trip?.source).toMatchObject({
      id: ana.locations[1]?.id,
      label: "Visiting family",
      startsOn: "2026-06-10",
      endsOn: "2026-06-25",
    });
    expect(trip?.decision.reasons[0]?.code).toBe("NOT_CREDENTIALED");
    expect(trip?.decision.reasons[0]?.message).toMatch(/Excellus/);
    expect(out[0]?.source).toMatchObject({ id: maya.practiceLocations[0]?.id, label: "Midtown" });
    const events = await t.store.audit.search({
      clientId: ana.client.id,
      action: "client.billing_method",
      limit: 5,
    });
    expect(events[0]?.detail).toMatchObject({ date: "2026-06-15" });
  });

  it("says what a crisis session would get at a refused video place, and only there", async () => {
    const [office, home, trip] = places(await asMaya("GET", url(ana)));
    expect(office?.crisis).toBeNull();
    expect(home?.crisis).toBeNull();
    expect(trip?.crisis).toMatchObject({
      billable: true,
      decision: { basis: "crisis", billTo: "anthem-ny" },
    });
  });

  it("on a later day: a license that ended before it refuses everywhere, and a trip that is over is left out", async () => {
    const out = places(await asMaya("GET", url(ana, "2027-01-04")));
    expect(out.map(row)).toEqual([
      ["practice", "in_person", "10118", "2027-01-04", "not_billable", null],
      ["home", "telehealth", "10027", "2027-01-04", "not_billable", null],
    ]);
    expect(out.map((p) => p.decision.reasons[0]?.code)).toEqual(["LICENSE_NOT_ACTIVE", "LICENSE_NOT_ACTIVE"]);
  });

  it("judges a trip next month on its first day, where the license that ends this month no longer holds", async () => {
    const today = places(await asOmar("GET", url(ben)));
    expect(today.map(row)).toEqual([
      ["home", "telehealth", "10016", "2026-06-15", "billable", "anthem-ny"],
      ["temporary", "telehealth", "14607", "2026-07-06", "not_billable", null],
    ]);
    expect(today[1]?.decision.reasons[0]?.code).toBe("LICENSE_NOT_ACTIVE");
    // Asked about a day inside the trip, the trip is judged on that day.
    const during = places(await asOmar("GET", url(ben, "2026-07-08")));
    expect(during.map((p) => p.judgedOn)).toEqual(["2026-07-08", "2026-07-08"]);
    expect(during.map((p) => p.decision.outcome)).toEqual(["not_billable", "not_billable"]);
  });

  it("with a license in force, the same trip is billable through the credential with Excellus", async () => {
    const renewed = await t.store.providers.updateLicense(omar.licenses[0]?.id ?? "", {
      state: "NY",
      type: "LMFT",
      number: null,
      status: "active",
      validFrom: "2020-01-01",
      validTo: "2028-06-30",
      telehealthOnly: false,
      source: "state_board",
    });
    expect(renewed?.validTo).toBe("2028-06-30");
    const out = places(await asOmar("GET", url(ben)));
    expect(out.map((p) => [p.judgedOn, p.decision.outcome, p.decision.basis, p.decision.billTo])).toEqual([
      ["2026-06-15", "billable", "in_network", "anthem-ny"],
      ["2026-07-06", "billable", "bluecard", "excellus-ny"],
    ]);
    expect(out.map((p) => p.crisis)).toEqual([null, null]);
  });

  it("refuses another provider's client as not found", async () => {
    expect((await asOmar("GET", url(ana))).statusCode).toBe(404);
  });
});
