/**
 * A client's places as people keep them, through the HTTP API on both databases: editing,
 * ending and removing a location (a place a confirmed session used stays as history, and the
 * session's snapshot with it), trips in the past refused, the upcoming sessions a change puts at
 * risk, those risks on the Clients list, and who may touch whose locations.
 */
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  as,
  aVideoSession,
  loginAs,
  seedClient,
  seedOps,
  seedProvider,
  startApp,
  type DbKind,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

/** The server clock: Monday 15 June 2026, 11:00 in New York. */
const NOW = new Date("2026-06-15T15:00:00Z");
const NY = "America/New_York";
const KINDS: DbKind[] = ["pglite", "postgres"];

interface Location {
  id: string;
  kind: string;
  label: string | null;
  line1: string | null;
  line2: string | null;
  city: string | null;
  state: string;
  zip: string | null;
  startsOn: string | null;
  endsOn: string | null;
  archivedAt: string | null;
}
interface AtRisk {
  id: string;
  serviceDate: string;
  modality: string;
  reason: { code: string; message: string; fix: string | null } | null;
}
interface Saved extends Location {
  replaced?: string | null;
  atRisk: AtRisk[];
}
interface Removed {
  outcome: "deleted" | "archived";
  location: Location;
  atRisk: AtRisk[];
}
interface Risk {
  place: { state: string; city: string | null; sourceId: string | null } | null;
  locationId: string | null;
  label: string | null;
  startsOn: string | null;
  endsOn: string | null;
  reason: { code: string; message: string } | null;
  crisisBillable: boolean | null;
  notes: string[];
  sessions: { id: string; serviceDate: string }[];
}
interface Summary {
  id: string;
  name: string;
  currentLocation: Location | null;
  risks: Risk[];
}
interface Problem {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
}

describe.each(KINDS)("client locations on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let ana: SeededClient; // Anthem NY member in Manhattan: Maya sees her in network
  let ben: SeededClient; // another client of Maya's
  let casey: SeededClient; // Luis's client in Oakland
  let asMaya: ReturnType<typeof as>;
  let asLuis: ReturnType<typeof as>;
  let asAna: ReturnType<typeof as>;
  let asOps: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => NOW });
    maya = await seedProvider(t.store, {
      name: "Maya Chen, LCSW",
      licenses: [{ state: "NY" }],
      credentials: [{ payer: "anthem-ny", state: "NY" }],
      practiceLocations: [
        { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
      ],
    });
    luis = await seedProvider(t.store, {
      name: "Luis Ortega, PsyD",
      licenses: [{ state: "CA", type: "PsyD" }],
      credentials: [{ payer: "aetna", state: "CA" }],
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
      ],
      email: "ana.souza@stateline.test",
    });
    ben = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Ben Adler",
      coverage: { payer: "anthem-ny", memberId: "YLS771200394" },
      locations: [{ kind: "home", line1: "88 Lexington Ave", city: "New York", state: "NY", zip: "10016" }],
    });
    casey = await seedClient(t.store, {
      providerId: luis.provider.id,
      name: "Casey Morgan",
      coverage: { payer: "aetna", memberId: "W123456789" },
      locations: [{ kind: "home", line1: "1 Broadway", city: "Oakland", state: "CA", zip: "94612" }],
    });
    const ops = await seedOps(t.store);
    asMaya = as(t.app, await loginAs(t.app, maya.email));
    asLuis = as(t.app, await loginAs(t.app, luis.email));
    asAna = as(t.app, await loginAs(t.app, ana.email ?? ""));
    asOps = as(t.app, await loginAs(t.app, ops.email));
  }, 120_000);

  afterAll(async () => t.close());

  const path = (client: SeededClient, locationId?: string) =>
    `/api/v1/clients/${client.client.id}/locations${locationId ? `/${locationId}` : ""}`;

  /** The answer, once its status is the one expected. */
  function ok(res: LightMyRequestResponse, status = 200): LightMyRequestResponse {
    expect(res.statusCode, res.body).toBe(status);
    return res;
  }

  function problem(res: LightMyRequestResponse, status: number, field?: string): Problem {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json<Problem>();
    if (field) expect(body.errors?.map((e) => e.path)).toEqual([field]);
    return body;
  }

  async function locations(client: SeededClient, history = false): Promise<Location[]> {
    return ok(await asMaya("GET", `${path(client)}${history ? "?history=true" : ""}`)).json<Location[]>();
  }

  async function auditActions(client: SeededClient): Promise<string[]> {
    const events = await t.store.audit.search({
      clientId: client.client.id,
      action: "client_location",
      limit: 50,
    });
    return events.map((e) => e.action);
  }

  /** A video session Maya held with the client last week, confirmed from `locationId`. */
  async function confirmedAt(client: SeededClient, locationId: string, startsAt: string) {
    const s = await t.store.sessions.add(aVideoSession(maya, client, startsAt, NY));
    const res = await asMaya("POST", `/api/v1/sessions/${s.id}/confirm`, { clientLocationId: locationId });
    expect(res.statusCode, res.body).toBe(200);
    return s.id;
  }

  /** Schedules a video session through the API; its id. */
  async function scheduled(client: SeededClient, startsAt: string): Promise<string> {
    const res = await asMaya("POST", "/api/v1/sessions", {
      clientId: client.client.id,
      startsAt,
      timeZone: NY,
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  describe("editing", () => {
    it("changes only the fields given, in place, when no session used the location", async () => {
      const home = ana.locations[0];
      if (!home) throw new Error("no home");
      const saved = ok(
        await asMaya("PATCH", path(ana, home.id), { label: "Home", line2: "Apt 6B" }),
      ).json<Saved>();
      expect(saved).toMatchObject({
        id: home.id,
        replaced: null,
        label: "Home",
        line1: "420 W 118th St",
        line2: "Apt 6B",
        zip: "10027",
        atRisk: [],
      });
      // null clears an optional field.
      const cleared = ok(await asMaya("PATCH", path(ana, home.id), { line2: null })).json<Saved>();
      expect(cleared.line2).toBeNull();
      expect(cleared.label).toBe("Home");
      expect(await auditActions(ana)).toContain("client_location.update");
    });

    it("checks an edit as it checks a new location, naming the field", async () => {
      const home = ana.locations[0]?.id ?? "";
      const zip = problem(await asMaya("PATCH", path(ana, home), { zip: "07030" }), 400, "zip");
      expect(zip.detail).toMatch(/ZIP 07030 lies in NJ, not NY/);
      problem(await asMaya("PATCH", path(ana, home), { state: "FL" }), 400, "zip");
      problem(await asMaya("PATCH", path(ana, home), { line1: "12 Elm St ~ rear" }), 400, "line1");
      problem(await asMaya("PATCH", path(ana, home), { nickname: "x" }), 400);
      const trip = ok(
        await asMaya("POST", path(ben), {
          kind: "temporary",
          label: "Conference",
          city: "Albany",
          state: "NY",
          zip: "12207",
          startsOn: "2026-09-14",
          endsOn: "2026-09-18",
        }),
        201,
      ).json<Saved>();
      problem(await asMaya("PATCH", path(ben, trip.id), { startsOn: null }), 400, "startsOn");
      problem(await asMaya("PATCH", path(ben, trip.id), { startsOn: "2026-09-20" }), 400, "endsOn");
    });

    it("refuses a trip that is already over, adding or editing, on endsOn", async () => {
      const added = problem(
        await asMaya("POST", path(ana), {
          kind: "temporary",
          label: "Cape Cod",
          city: "Hyannis",
          state: "MA",
          zip: "02601",
          startsOn: "2026-06-01",
          endsOn: "2026-06-07",
        }),
        400,
        "endsOn",
      );
      expect(added.detail).toMatch(/the trip ended on 2026-06-07 — a trip in the past changes nothing ahead/);
      const trip = ok(
        await asMaya("POST", path(ana), {
          kind: "temporary",
          label: "Cape Cod",
          city: "Hyannis",
          state: "MA",
          zip: "02601",
          startsOn: "2026-06-10",
          endsOn: "2026-06-20",
        }),
        201,
      ).json<Saved>();
      problem(await asMaya("PATCH", path(ana, trip.id), { endsOn: "2026-06-14" }), 400, "endsOn");
      // Back today: ending the trip today is fine.
      expect(
        ok(await asMaya("PATCH", path(ana, trip.id), { endsOn: "2026-06-15" })).json<Saved>().endsOn,
      ).toBe("2026-06-15");
      expect(ok(await asMaya("DELETE", path(ana, trip.id))).json<Removed>().outcome).toBe("deleted");
    });

    it("a home that ended is not where the client is after it; the next home is", async () => {
      const old = ben.locations[0];
      if (!old) throw new Error("no home");
      ok(await asMaya("PATCH", path(ben, old.id), { endsOn: "2026-12-31" })).json<Saved>();
      const next = ok(
        await asMaya("POST", path(ben), {
          kind: "home",
          line1: "15 Prospect Park W",
          city: "Brooklyn",
          state: "NY",
          zip: "11215",
          startsOn: "2027-01-01",
        }),
        201,
      ).json<Saved>();
      const before = ok(
        await asMaya("GET", `/api/v1/clients/${ben.client.id}?date=2026-12-31`),
      ).json<Summary>();
      expect(before.currentLocation?.id).toBe(old.id);
      const after = ok(
        await asMaya("GET", `/api/v1/clients/${ben.client.id}?date=2027-01-02`),
      ).json<Summary>();
      expect(after.currentLocation?.id).toBe(next.id);
    });
  });

  describe("places a confirmed session used", () => {
    it("are archived, not deleted, and the session keeps the place it was confirmed at", async () => {
      const dorm = ok(
        await asMaya("POST", path(ana), {
          kind: "virtual_session",
          label: "Dorm, Columbia",
          line1: "1130 Amsterdam Ave",
          line2: "Room 412",
          city: "New York",
          state: "NY",
          zip: "10027-6902",
        }),
        201,
      ).json<Saved>();
      const sessionId = await confirmedAt(ana, dorm.id, "2026-06-11T10:00:00-04:00");
      const removed = ok(await asMaya("DELETE", path(ana, dorm.id))).json<Removed>();
      expect(removed.outcome).toBe("archived");
      expect(removed.location).toMatchObject({ id: dorm.id, label: "Dorm, Columbia" });
      expect(removed.location.archivedAt).not.toBeNull();
      expect((await locations(ana)).map((l) => l.id)).not.toContain(dorm.id);
      expect((await locations(ana, true)).find((l) => l.id === dorm.id)?.archivedAt).not.toBeNull();
      const session = ok(await asMaya("GET", `/api/v1/sessions/${sessionId}`)).json<{
        location: Record<string, unknown>;
      }>();
      expect(session.location).toMatchObject({
        line1: "1130 Amsterdam Ave",
        line2: "Room 412",
        zip: "10027-6902",
        sourceId: dorm.id,
      });
      expect(await auditActions(ana)).toContain("client_location.archive");
      // Archived is history: it can be neither edited nor removed again.
      problem(await asMaya("PATCH", path(ana, dorm.id), { label: "Old dorm" }), 404);
      problem(await asMaya("DELETE", path(ana, dorm.id)), 404);
    });

    it("are replaced when their address changes, and changed in place when only dates or label do", async () => {
      const home = ana.locations[0];
      if (!home) throw new Error("no home");
      const sessionId = await confirmedAt(ana, home.id, "2026-06-12T10:00:00-04:00");

      const relabelled = ok(await asMaya("PATCH", path(ana, home.id), { label: "Our place" })).json<Saved>();
      expect(relabelled).toMatchObject({ id: home.id, replaced: null, label: "Our place" });

      const moved = ok(
        await asMaya("PATCH", path(ana, home.id), { line1: "425 W 118th St", line2: "Apt 2A" }),
      ).json<Saved>();
      expect(moved.id).not.toBe(home.id);
      expect(moved).toMatchObject({
        replaced: home.id,
        kind: "home",
        label: "Our place",
        line1: "425 W 118th St",
        line2: "Apt 2A",
        zip: "10027",
        archivedAt: null,
      });
      const all = await locations(ana, true);
      expect(all.find((l) => l.id === home.id)).toMatchObject({ line1: "420 W 118th St" });
      expect(all.find((l) => l.id === home.id)?.archivedAt).not.toBeNull();
      const session = ok(await asMaya("GET", `/api/v1/sessions/${sessionId}`)).json<{
        location: Record<string, unknown>;
      }>();
      expect(session.location).toMatchObject({ line1: "420 W 118th St", sourceId: home.id });
      // The new one no session used: removing it deletes it.
      const extra = ok(
        await asMaya("POST", path(ana), {
          kind: "virtual_session",
          label: "Library",
          state: "NY",
          zip: "10027",
        }),
        201,
      ).json<Saved>();
      expect(ok(await asMaya("DELETE", path(ana, extra.id))).json<Removed>().outcome).toBe("deleted");
      expect((await locations(ana, true)).map((l) => l.id)).not.toContain(extra.id);
      expect(await auditActions(ana)).toContain("client_location.delete");
    });
  });

  describe("sessions put at risk", () => {
    let trip: Saved;
    let sessionId: string;

    it("adding a trip answers the scheduled sessions it puts at risk", async () => {
      sessionId = await scheduled(ben, "2026-07-08T10:00:00-04:00");
      // A session outside the trip stays fine.
      await scheduled(ben, "2026-07-22T10:00:00-04:00");
      trip = ok(
        await asMaya("POST", path(ben), {
          kind: "temporary",
          label: "Trip to Florida",
          line1: "1200 Ocean Dr",
          city: "Miami Beach",
          state: "FL",
          zip: "33139",
          startsOn: "2026-07-06",
          endsOn: "2026-07-12",
        }),
        201,
      ).json<Saved>();
      expect(trip.atRisk.map((s) => [s.id, s.serviceDate, s.reason?.code])).toEqual([
        [sessionId, "2026-07-08", "NOT_LICENSED"],
      ]);
      expect(trip.atRisk[0]?.reason?.message).toMatch(/Florida/);
    });

    it("the Clients list groups them by place and reason, with the trip's dates", async () => {
      const clients = ok(await asMaya("GET", "/api/v1/clients")).json<Summary[]>();
      const benRow = clients.find((c) => c.id === ben.client.id);
      expect(benRow?.risks).toHaveLength(1);
      const risk = benRow?.risks[0];
      expect(risk).toMatchObject({
        place: { state: "FL", city: "Miami Beach", sourceId: trip.id },
        locationId: trip.id,
        label: "Trip to Florida",
        startsOn: "2026-07-06",
        endsOn: "2026-07-12",
        reason: { code: "NOT_LICENSED" },
        sessions: [{ id: sessionId, serviceDate: "2026-07-08" }],
      });
      expect([true, false, null]).toContain(risk?.crisisBillable);
      // What Florida allows providers licensed elsewhere (temporary-practice data).
      expect(risk?.notes.join(" ")).toMatch(/register with Florida as an out-of-state telehealth provider/);
      expect(clients.find((c) => c.id === ana.client.id)?.risks).toEqual([]);
      // The client's own page says the same.
      const page = ok(await asMaya("GET", `/api/v1/clients/${ben.client.id}`)).json<Summary>();
      expect(page.risks).toEqual(benRow?.risks);
    });

    it("shortening the trip clears the risk, and a change that adds none answers none", async () => {
      const shorter = ok(await asMaya("PATCH", path(ben, trip.id), { endsOn: "2026-07-07" })).json<Saved>();
      expect(shorter.atRisk).toEqual([]);
      const page = ok(await asMaya("GET", `/api/v1/clients/${ben.client.id}`)).json<Summary>();
      expect(page.risks).toEqual([]);
      // Longer again: at risk again, as a change that put it there.
      const longer = ok(await asMaya("PATCH", path(ben, trip.id), { endsOn: "2026-07-12" })).json<Saved>();
      expect(longer.atRisk.map((s) => s.id)).toEqual([sessionId]);
      // Removing the trip puts nothing at risk; the risk is gone.
      const removed = ok(await asMaya("DELETE", path(ben, trip.id))).json<Removed>();
      expect(removed).toMatchObject({ outcome: "deleted", atRisk: [] });
      expect(ok(await asMaya("GET", `/api/v1/clients/${ben.client.id}`)).json<Summary>().risks).toEqual([]);
    });
  });

  describe("who may change which locations", () => {
    it("another provider's client or location answers 404, exactly as one that does not exist", async () => {
      const anas = (await locations(ana))[0]?.id ?? "";
      const caseys = casey.locations[0]?.id ?? "";
      const tries: [ReturnType<typeof as>, string][] = [
        [asLuis, path(ana, anas)],
        [asMaya, path(casey, caseys)],
        [asMaya, path(ana, caseys)],
        [asMaya, path(ana, "00000000-0000-4000-8000-000000000000")],
        [asMaya, path(ana, "not-an-id")],
      ];
      for (const [who, url] of tries) {
        problem(await who("PATCH", url, { label: "Mine now" }), 404);
        problem(await who("DELETE", url), 404);
      }
      expect((await locations(ana)).find((l) => l.id === anas)?.label).not.toBe("Mine now");
      expect((await t.store.clients.locations(casey.client.id))[0]?.label).toBeNull();
    });

    it("a client edits their own locations, not another client's; operations any", async () => {
      const anas = (await locations(ana))[0]?.id ?? "";
      expect(ok(await asAna("PATCH", path(ana, anas), { label: "Home" })).json<Saved>().label).toBe("Home");
      const bens = (await locations(ben))[0]?.id ?? "";
      problem(await asAna("PATCH", path(ben, bens), { label: "Not mine" }), 404);
      problem(await asAna("DELETE", path(ben, bens)), 404);
      expect(ok(await asOps("PATCH", path(ben, bens), { label: "Childhood home" })).json<Saved>().label).toBe(
        "Childhood home",
      );
    });
  });
});
