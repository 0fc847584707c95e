/**
 * Sessions and claims through the HTTP API, on both databases: scheduling, confirming (every
 * billing route, refusals with their decision), idempotency, concurrency across two servers,
 * the 30-day window, and who may see what.
 */
import {
  as,
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
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AddressInfo } from "node:net";
import type { LightMyRequestResponse } from "fastify";
import type { NewSession } from "../../src/app/sessions-port.js";

/** The server clock: Monday 15 June 2026, 11:00 in New York. */
/** When sessions are scheduled (SOON is ahead of it). */
const NOW = new Date("2026-06-20T08:00:00Z");
/** When they are confirmed: after SOON, since a session is confirmed once it has taken place. */
const AFTER = new Date("2026-06-20T16:00:00Z");
/** The servers' clock: NOW, except while confirmations run (see `afterTheSession`). */
let clock = NOW;
let confirming = 0;
async function afterTheSession<T>(work: () => Promise<T>): Promise<T> {
  confirming++;
  clock = AFTER;
  try {
    return await work();
  } finally {
    if (--confirming === 0) clock = NOW;
  }
}
const SOON = "2026-06-20T10:00:00-04:00";
const NY = "America/New_York";

interface SessionBody {
  id: string;
  clientId: string;
  providerId: string;
  startsAt: string;
  timeZone: string;
  serviceDate: string;
  durationMinutes: number;
  modality: string;
  cptCode: string;
  crisis: boolean;
  status: string;
  practiceLocationId: string | null;
  confirmedAt: string | null;
  location: Record<string, unknown> | null;
  decision: { outcome: string; basis: string | null; reasons: { code: string; fix?: string }[] } | null;
}
interface ClaimBody {
  id: string;
  sessionId: string;
  billTo: string;
  homePlan: string;
  basis: string;
  memberId: string | null;
  cptCodes: string[];
  modifiers: string[];
  placeOfService: string;
  serviceLocation: Record<string, unknown>;
  serviceDate: string;
  status: string;
  readyAt: string;
  createdAt: string;
}
interface Confirmed {
  session: SessionBody;
  claim: ClaimBody;
}
interface ProblemBody {
  code: string;
  detail: string;
  errors?: { path: string; message: string }[];
  decision?: { outcome: string; reasons: { code: string; message: string; fix?: string }[] };
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("sessions and claims on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let jordan: SeededClient; // bcbs-nc member at college in Manhattan: BlueCard
  let sam: SeededClient; // Aetna, Manhattan: in network
  let priya: SeededClient; // bcbs-ma member in Dallas: virtual network
  let anna: SeededClient; // Anthem NY, comes to the office
  let casey: SeededClient; // Luis's client
  let mayaToken: string;
  let luisToken: string;
  let jordanToken: string;
  let opsToken: string;
  let asMaya: ReturnType<typeof as>;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      name: "Maya Chen, LCSW",
      licenses: [{ state: "NY" }, { state: "NJ" }, { state: "TX" }],
      credentials: [
        { payer: "anthem-ny", state: "NY" },
        { payer: "aetna", state: "NY" },
        { payer: "bcbs-ma", state: "TX", network: "virtual" },
      ],
      practiceLocations: [
        { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
      ],
    });
    luis = await seedProvider(t.store, {
      name: "Luis Ortega, PsyD",
      licenses: [{ state: "CA", type: "PsyD" }],
      credentials: [{ payer: "aetna", state: "CA" }],
      practiceLocations: [{ line1: "1 Kaiser Plaza", city: "Oakland", state: "CA", zip: "94612" }],
    });
    const m = maya.provider.id;
    jordan = await seedClient(t.store, {
      providerId: m,
      coverage: { payer: "bcbs-nc", memberId: "YPB123456789" },
      locations: [
        { kind: "home", state: "NC", zip: "27701", city: "Durham" },
        { kind: "virtual_session", state: "NY", zip: "10027", line1: "1130 Amsterdam Ave" },
      ],
      email: `jordan-${kind}@stateline.test`,
    });
    sam = await seedClient(t.store, {
      providerId: m,
      coverage: { payer: "aetna", memberId: "W123987456" },
      locations: [{ state: "NY", zip: "10001", line1: "408 W 34th St" }],
    });
    priya = await seedClient(t.store, {
      providerId: m,
      coverage: { payer: "bcbs-ma", memberId: "XYM555000111" },
      locations: [{ state: "TX", zip: "75201", city: "Dallas" }],
    });
    anna = await seedClient(t.store, {
      providerId: m,
      coverage: { payer: "anthem-ny", memberId: "ANY000111" },
      locations: [{ state: "NY", zip: "10027" }],
    });
    casey = await seedClient(t.store, {
      providerId: luis.provider.id,
      coverage: { payer: "aetna", memberId: "A1" },
      locations: [{ state: "CA", zip: "94612" }],
    });
    const ops = await seedOps(t.store);
    [mayaToken, luisToken, jordanToken, opsToken] = await Promise.all([
      loginAs(t.app, maya.email),
      loginAs(t.app, luis.email),
      loginAs(t.app, jordan.email ?? ""),
      loginAs(t.app, ops.email),
    ]);
    asMaya = as(t.app, mayaToken);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  const telehealth = (client: SeededClient, over: Record<string, unknown> = {}) => ({
    clientId: client.client.id,
    startsAt: SOON,
    timeZone: NY,
    durationMinutes: 53,
    modality: "telehealth",
    cptCode: "90837",
    ...over,
  });

  async function schedule(body: Record<string, unknown>, token = mayaToken): Promise<SessionBody> {
    const res = await as(t.app, token)("POST", "/api/v1/sessions", body);
    expect(res.statusCode, res.body).toBe(201);
    return res.json<SessionBody>();
  }

  const confirm = (id: string, body: Record<string, unknown> = {}, headers: Record<string, string> = {}) =>
    afterTheSession(() => asMaya("POST", `/api/v1/sessions/${id}/confirm`, body, headers));

  function ok(res: LightMyRequestResponse): Confirmed {
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Confirmed>();
  }

  function problem(res: LightMyRequestResponse, status: number, code: string): ProblemBody {
    expect(res.statusCode, res.body).toBe(status);
    expect(res.headers["content-type"]).toMatch(/^application\/problem\+json/);
    const body = res.json<ProblemBody>();
    expect(body.code).toBe(code);
    return body;
  }

  /** A session stored directly (scheduling refuses past dates, and too-short crises). */
  async function stored(client: SeededClient, over: Partial<NewSession> = {}) {
    return t.store.sessions.add({
      providerId: client.client.providerId,
      clientId: client.client.id,
      startsAt: new Date("2026-06-10T14:00:00Z"),
      timeZone: NY,
      serviceDate: "2026-06-10",
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
      crisis: false,
      practiceLocationId: null,
      ...over,
    });
  }

  async function claimCount(sessionId: string): Promise<number> {
    const r = await t.db.kysely
      .selectFrom("claims")
      .select((eb) => eb.fn.countAll<number>().as("n"))
      .where("session_id", "=", sessionId)
      .executeTakeFirstOrThrow();
    return r.n;
  }

  async function sessionCount(clientId: string): Promise<number> {
    return (await t.store.sessions.list({ clientId, limit: 1000 })).length;
  }

  const locationOf = (c: SeededClient, kind: string) => {
    const found = c.locations.find((l) => l.kind === kind);
    if (!found) throw new Error(`no ${kind} location`);
    return found.id;
  };

  describe("scheduling", () => {
    it("schedules a session ahead, with the service date where it happens, and audits it", async () => {
      const s = await schedule(telehealth(sam, { crisis: false }));
      expect(s).toMatchObject({
        clientId: sam.client.id,
        providerId: maya.provider.id,
        startsAt: "2026-06-20T14:00:00.000Z",
        timeZone: NY,
        serviceDate: "2026-06-20",
        durationMinutes: 53,
        modality: "telehealth",
        cptCode: "90837",
        crisis: false,
        status: "scheduled",
        practiceLocationId: null,
        confirmedAt: null,
        location: null,
        decision: null,
      });
      const events = await t.store.audit.search({ action: "session.create", limit: 100 });
      expect(events.some((e) => e.entityId === s.id && e.clientId === sam.client.id)).toBe(true);
    });

    it("takes the calendar date in the session's time zone, not UTC", async () => {
      // 02:30 UTC on the 21st is still the evening of the 20th in California.
      const s = await schedule(
        telehealth(sam, { startsAt: "2026-06-21T02:30:00Z", timeZone: "America/Los_Angeles" }),
      );
      expect(s.serviceDate).toBe("2026-06-20");
      const east = await schedule(telehealth(sam, { startsAt: "2026-06-20T23:30:00-04:00" }));
      expect(east.serviceDate).toBe("2026-06-20");
    });

    it("refuses a session in the past, storing nothing", async () => {
      const before = await sessionCount(sam.client.id);
      const res = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(sam, { startsAt: "2026-06-15T10:00:00-04:00" }),
      );
      const body = problem(res, 400, "INVALID_INPUT");
      expect(body.errors?.map((e) => e.path)).toEqual(["startsAt"]);
      expect(await sessionCount(sam.client.id)).toBe(before);
    });

    it("names every bad field, storing nothing", async () => {
      const before = await sessionCount(sam.client.id);
      const res = await asMaya("POST", "/api/v1/sessions", {
        clientId: sam.client.id,
        startsAt: "2026-06-20 10:00",
        timeZone: NY,
        durationMinutes: 0,
        modality: "video",
        cptCode: "9083",
      });
      const body = problem(res, 400, "INVALID_INPUT");
      expect(body.errors?.map((e) => e.path).sort()).toEqual(
        ["cptCode", "durationMinutes", "modality", "startsAt"].sort(),
      );
      expect(body.errors?.find((e) => e.path === "startsAt")?.message).toContain("ISO 8601");
      expect(await sessionCount(sam.client.id)).toBe(before);
    });

    it("refuses a time zone Intl does not know, and offsets posing as zones", async () => {
      for (const timeZone of ["Mars/Olympus_Mons", "+05:00"]) {
        const res = await asMaya("POST", "/api/v1/sessions", telehealth(sam, { timeZone }));
        expect(problem(res, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("timeZone");
      }
    });

    it("needs the provider's own practice location in person", async () => {
      const missing = await asMaya("POST", "/api/v1/sessions", telehealth(anna, { modality: "in_person" }));
      expect(problem(missing, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("practiceLocationId");
      const theirs = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(anna, { modality: "in_person", practiceLocationId: luis.practiceLocations[0]?.id }),
      );
      expect(problem(theirs, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("practiceLocationId");
    });

    it("records a crisis after the fact (within 30 days), but no ordinary session", async () => {
      const earlier = "2026-06-19T21:00:00-04:00";
      const crisis = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(sam, { crisis: true, startsAt: earlier, durationMinutes: 60, cptCode: "90839" }),
      );
      expect(crisis.statusCode, crisis.body).toBe(201);
      const ordinary = await asMaya("POST", "/api/v1/sessions", telehealth(sam, { startsAt: earlier }));
      expect(problem(ordinary, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("startsAt");
      const longAgo = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(sam, {
          crisis: true,
          startsAt: "2026-05-01T10:00:00-04:00",
          durationMinutes: 60,
          cptCode: "90839",
        }),
      );
      expect(problem(longAgo, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("startsAt");
    });

    it("refuses a crisis session shorter than 16 minutes, crisis codes on an ordinary one, and codes Stateline does not bill", async () => {
      const short = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(sam, { crisis: true, durationMinutes: 15 }),
      );
      expect(problem(short, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("durationMinutes");
      const codes = await asMaya("POST", "/api/v1/sessions", telehealth(sam, { cptCode: "90839" }));
      expect(problem(codes, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("cptCode");
      const unknown = await asMaya("POST", "/api/v1/sessions", telehealth(sam, { cptCode: "97110" }));
      expect(problem(unknown, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("cptCode");
    });

    it("lets only the client's provider or operations schedule", async () => {
      const byClient = await as(t.app, jordanToken)("POST", "/api/v1/sessions", telehealth(jordan));
      problem(byClient, 403, "FORBIDDEN");
      // Someone else's client reads exactly like a client that does not exist.
      const other = await asMaya("POST", "/api/v1/sessions", telehealth(casey));
      const nobody = await asMaya(
        "POST",
        "/api/v1/sessions",
        telehealth(casey, { clientId: "00000000-0000-4000-8000-000000000000" }),
      );
      expect(problem(other, 400, "INVALID_INPUT").errors).toEqual(
        problem(nobody, 400, "INVALID_INPUT").errors,
      );
      const byOps = await schedule(telehealth(casey), opsToken);
      expect(byOps.providerId).toBe(luis.provider.id);
    });
  });

  describe("confirming", () => {
    it("bills a BCBS member away from home through BlueCard, to the local plan", async () => {
      const s = await schedule(telehealth(jordan));
      const r = ok(await confirm(s.id, { clientLocationId: locationOf(jordan, "virtual_session") }));
      expect(r.claim).toMatchObject({
        sessionId: s.id,
        billTo: "anthem-ny",
        homePlan: "bcbs-nc",
        basis: "bluecard",
        memberId: "YPB123456789",
        cptCodes: ["90837"],
        modifiers: ["95"],
        // From the dorm, not the client's home: place of service 02.
        placeOfService: "02",
        serviceDate: "2026-06-20",
        status: "pending",
        readyAt: new Date(AFTER.getTime() + 48 * 3600_000).toISOString(),
      });
      expect(r.claim.serviceLocation).toMatchObject({ state: "NY", zip: "10027", source: "client_location" });
      expect(r.session).toMatchObject({ status: "confirmed", confirmedAt: AFTER.toISOString() });
      expect(r.session.decision).toMatchObject({ outcome: "billable", basis: "bluecard" });
      expect(r.session.location).toEqual(r.claim.serviceLocation);
      // Reading it back shows the same frozen confirmation.
      const read = await asMaya("GET", `/api/v1/sessions/${s.id}`);
      expect(read.json()).toEqual(r.session);
      const claim = await asMaya("GET", `/api/v1/claims/${r.claim.id}`);
      expect(claim.json()).toEqual(r.claim);
    });

    it("bills a national payer in network", async () => {
      const s = await schedule(telehealth(sam));
      const r = ok(await confirm(s.id, { clientLocationId: sam.locations[0]?.id }));
      expect(r.claim).toMatchObject({ billTo: "aetna", homePlan: "aetna", basis: "in_network" });
    });

    it("bills through the home plan's virtual network", async () => {
      const s = await schedule(telehealth(priya, { timeZone: "America/Chicago" }));
      const r = ok(await confirm(s.id, { clientLocationId: priya.locations[0]?.id }));
      expect(r.claim).toMatchObject({ billTo: "bcbs-ma", basis: "virtual_network", placeOfService: "10" });
    });

    it("bills an office visit at the practice: place of service 11, no telehealth modifier", async () => {
      const office = maya.practiceLocations[0];
      const s = await schedule(
        telehealth(anna, { modality: "in_person", practiceLocationId: office?.id, cptCode: "90834" }),
      );
      const r = ok(await confirm(s.id, {}));
      expect(r.claim).toMatchObject({
        billTo: "anthem-ny",
        basis: "in_network",
        placeOfService: "11",
        modifiers: [],
        cptCodes: ["90834"],
      });
      expect(r.claim.serviceLocation).toMatchObject({
        line1: "350 Fifth Ave",
        zip: "10118",
        source: "practice_location",
        sourceId: office?.id,
      });
      // The client's whereabouts have no place in an office visit.
      const next = await schedule(
        telehealth(anna, { modality: "in_person", practiceLocationId: office?.id }),
      );
      const res = await confirm(next.id, { clientLocationId: anna.locations[0]?.id });
      expect(problem(res, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("clientLocationId");
    });

    it("bills a crisis under the exception with crisis codes and the exact address, saved for next time when asked", async () => {
      const alex = await seedClient(t.store, {
        providerId: maya.provider.id,
        coverage: { payer: "aetna", memberId: "U1122334455" },
        locations: [{ state: "NY", zip: "11201", line1: "75 Henry St" }],
      });
      const s = await schedule(telehealth(alex, { crisis: true, durationMinutes: 80, cptCode: "90839" }));
      const address = { line1: "30 Hudson St", city: "Jersey City", state: "NJ", zip: "07302" };

      // Documentation first: a crisis is billed only with it.
      const undocumented = await confirm(s.id, { address });
      expect(problem(undocumented, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("crisisDocumentation");
      // The exception needs the street address.
      const vague = await confirm(s.id, {
        address: { state: "NJ", zip: "07302" },
        crisisDocumentation: "Panic attack; grounding; safety plan.",
      });
      expect(problem(vague, 422, "NOT_BILLABLE").decision?.reasons[0]?.code).toBe("CRISIS_ADDRESS_REQUIRED");

      const r = ok(
        await confirm(s.id, {
          address,
          saveLocation: true,
          crisisDocumentation: "Panic attack; grounding; safety plan.",
        }),
      );
      expect(r.claim).toMatchObject({
        basis: "crisis",
        billTo: "aetna",
        cptCodes: ["90839", "90840"],
        modifiers: ["95"],
        // A friend's place, not the client's home: place of service 02.
        placeOfService: "02",
      });
      expect(r.claim.serviceLocation).toMatchObject({
        ...address,
        source: "new_address",
        kind: "virtual_session",
      });
      const saved = await t.store.clients.locations(alex.client.id);
      const kept = saved.find((l) => l.id === r.claim.serviceLocation.sourceId);
      expect(kept).toMatchObject({
        kind: "virtual_session",
        line1: "30 Hudson St",
        state: "NJ",
        zip: "07302",
      });
      const events = await t.store.audit.search({ clientId: alex.client.id, limit: 100 });
      expect(events.map((e) => e.action)).toEqual(
        expect.arrayContaining([
          "client_location.create",
          "session.confirm",
          "claim.create",
          "session.confirm_refused",
        ]),
      );
    });

    it("refuses a crisis session shorter than 16 minutes (no psychotherapy code fits)", async () => {
      const s = await stored(sam, { crisis: true, durationMinutes: 15, cptCode: "90839" });
      const res = await confirm(s.id, {
        clientLocationId: sam.locations[0]?.id,
        crisisDocumentation: "Documented.",
      });
      expect(problem(res, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("durationMinutes");
      expect(await claimCount(s.id)).toBe(0);
    });

    it("refuses where the provider is not credentialed: 422 with the decision and a fix, nothing changed", async () => {
      const s = await schedule(telehealth(sam));
      const before = (await t.store.clients.locations(sam.client.id)).length;
      const res = await confirm(s.id, { address: { line1: "30 Hudson St", state: "NJ", zip: "07302" } });
      const body = problem(res, 422, "NOT_BILLABLE");
      expect(body.decision?.outcome).toBe("not_billable");
      expect(body.decision?.reasons[0]?.code).toBe("NOT_CREDENTIALED");
      expect(body.decision?.reasons[0]?.fix).toMatch(/credentialed with Aetna in New Jersey/);
      expect(body.detail).toBe(body.decision?.reasons[0]?.message);
      const after = await asMaya("GET", `/api/v1/sessions/${s.id}`);
      expect(after.json<SessionBody>()).toMatchObject({
        status: "scheduled",
        decision: null,
        location: null,
      });
      expect(await claimCount(s.id)).toBe(0);
      expect((await t.store.clients.locations(sam.client.id)).length).toBe(before);
    });

    it("says what is missing when a telehealth session has no location", async () => {
      const s = await schedule(telehealth(sam));
      const body = problem(await confirm(s.id, {}), 422, "NOT_BILLABLE");
      expect(body.decision).toMatchObject({
        outcome: "incomplete",
        reasons: [{ code: "CLIENT_LOCATION_MISSING" }],
      });
    });

    it("checks the address against the map and the location against the client's", async () => {
      const s = await schedule(telehealth(sam));
      const zip = await confirm(s.id, { address: { state: "NY", zip: "07302" } });
      expect(problem(zip, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("address.zip");
      const theirs = await confirm(s.id, { clientLocationId: jordan.locations[0]?.id });
      expect(problem(theirs, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("clientLocationId");
    });

    it("answers a second confirmation with the first result: one claim, never re-decided", async () => {
      const s = await schedule(telehealth(jordan));
      const first = ok(await confirm(s.id, { clientLocationId: locationOf(jordan, "virtual_session") }));
      // Even with another location, the confirmation stands as it was.
      const again = ok(await confirm(s.id, { clientLocationId: locationOf(jordan, "home") }));
      expect(again).toEqual(first);
      expect(await claimCount(s.id)).toBe(1);
    });

    it("replays an Idempotency-Key and refuses it for a different request", async () => {
      const s = await schedule(telehealth(sam));
      const key = `confirm-${s.id}`;
      const body = { clientLocationId: sam.locations[0]?.id };
      const first = await confirm(s.id, body, { "idempotency-key": key });
      const replay = await confirm(s.id, body, { "idempotency-key": key });
      expect(replay.statusCode).toBe(200);
      expect(replay.headers["idempotent-replayed"]).toBe("true");
      ok(first);
      // Byte for byte: the stored answer, not a re-serialised one.
      expect(replay.body).toBe(first.body);
      const other = await confirm(
        s.id,
        { clientLocationId: sam.locations[0]?.id, crisisDocumentation: "x" },
        {
          "idempotency-key": key,
        },
      );
      problem(other, 409, "CONFLICT");
      expect(await claimCount(s.id)).toBe(1);

      // Scheduling too: a retried POST creates one session.
      const before = await sessionCount(priya.client.id);
      const scheduleKey = `schedule-${s.id}`;
      const a = await asMaya("POST", "/api/v1/sessions", telehealth(priya), {
        "idempotency-key": scheduleKey,
      });
      const b = await asMaya("POST", "/api/v1/sessions", telehealth(priya), {
        "idempotency-key": scheduleKey,
      });
      expect([a.statusCode, b.statusCode]).toEqual([201, 201]);
      expect(b.body).toBe(a.body);
      expect(await sessionCount(priya.client.id)).toBe(before + 1);
    });

    it("frees an Idempotency-Key after a refusal, so a retry runs again", async () => {
      const s = await schedule(telehealth(sam));
      const key = `refused-${s.id}`;
      const first = await confirm(s.id, {}, { "idempotency-key": key });
      problem(first, 422, "NOT_BILLABLE");
      const retry = await confirm(s.id, {}, { "idempotency-key": key });
      problem(retry, 422, "NOT_BILLABLE");
    });

    it("keeps to one claim under 20 simultaneous confirmations on two servers", async () => {
      const other = await t.another();
      const servers = [t.app, other];
      const urls: string[] = [];
      for (const server of servers) {
        await server.listen({ port: 0, host: "127.0.0.1" });
        urls.push(`http://127.0.0.1:${(server.server.address() as AddressInfo).port}`);
      }
      const post = (url: string, id: string, headers: Record<string, string> = {}) =>
        afterTheSession(() =>
          fetch(`${url}/api/v1/sessions/${id}/confirm`, {
            method: "POST",
            headers: { authorization: `Bearer ${mayaToken}`, "content-type": "application/json", ...headers },
            body: JSON.stringify({ clientLocationId: locationOf(jordan, "virtual_session") }),
          }),
        );

      const s = await schedule(telehealth(jordan));
      const responses = await Promise.all(
        Array.from({ length: 20 }, (_, i) => post(urls[i % 2] ?? "", s.id)),
      );
      const bodies = await Promise.all(responses.map((r) => r.json() as Promise<Confirmed>));
      expect(responses.map((r) => r.status)).toEqual(Array.from({ length: 20 }, () => 200));
      expect(new Set(bodies.map((b) => b.claim.id)).size).toBe(1);
      expect(await claimCount(s.id)).toBe(1);

      // The same with one Idempotency-Key: the others wait for the first and replay it.
      const k = await schedule(telehealth(jordan));
      const keyed = await Promise.all(
        Array.from({ length: 10 }, (_, i) =>
          post(urls[i % 2] ?? "", k.id, { "idempotency-key": `k-${k.id}` }),
        ),
      );
      const keyedBodies = await Promise.all(keyed.map((r) => r.text()));
      expect(keyed.map((r) => r.status)).toEqual(Array.from({ length: 10 }, () => 200));
      expect(new Set(keyedBodies).size).toBe(1);
      expect(await claimCount(k.id)).toBe(1);
    });

    it("confirms a session only once it has taken place", async () => {
      const s = await schedule(telehealth(sam));
      const early = await asMaya("POST", `/api/v1/sessions/${s.id}/confirm`, {
        clientLocationId: sam.locations[0]?.id,
      });
      problem(early, 409, "TOO_EARLY");
      expect(await claimCount(s.id)).toBe(0);
    });

    it("can no longer confirm a session more than 30 days old", async () => {
      const old = await stored(sam, {
        startsAt: new Date("2026-05-20T14:00:00Z"),
        serviceDate: "2026-05-20",
      });
      // Confirmed on 2026-06-20: 2026-05-21 is the earliest session date still in the window.
      problem(await confirm(old.id, { clientLocationId: sam.locations[0]?.id }), 409, "TOO_LATE");
      const inTime = await stored(sam, {
        startsAt: new Date("2026-05-21T14:00:00Z"),
        serviceDate: "2026-05-21",
      });
      ok(await confirm(inTime.id, { clientLocationId: sam.locations[0]?.id }));
    });

    it("cancels a scheduled session, which then cannot be confirmed; a confirmed one cannot be cancelled", async () => {
      const s = await schedule(telehealth(sam));
      const cancelled = await asMaya("POST", `/api/v1/sessions/${s.id}/cancel`);
      expect(cancelled.statusCode, cancelled.body).toBe(200);
      expect(cancelled.json<SessionBody>().status).toBe("cancelled");
      problem(await confirm(s.id, { clientLocationId: sam.locations[0]?.id }), 409, "TOO_LATE");

      const c = await schedule(telehealth(sam));
      ok(await confirm(c.id, { clientLocationId: sam.locations[0]?.id }));
      problem(await asMaya("POST", `/api/v1/sessions/${c.id}/cancel`), 409, "CONFLICT");
    });
  });

  describe("who sees what", () => {
    let mine: Confirmed;
    let jordans: SessionBody;

    beforeAll(async () => {
      const s = await schedule(telehealth(sam));
      mine = ok(await confirm(s.id, { clientLocationId: sam.locations[0]?.id }));
      jordans = await schedule(telehealth(jordan));
    });

    it("hides another provider's sessions and claims as if they did not exist", async () => {
      const asLuis = as(t.app, luisToken);
      for (const url of [
        `/api/v1/sessions/${mine.session.id}`,
        `/api/v1/claims/${mine.claim.id}`,
        "/api/v1/sessions/not-a-uuid",
        "/api/v1/claims/not-a-uuid",
        "/api/v1/sessions/00000000-0000-4000-8000-000000000000",
      ]) {
        problem(await asLuis("GET", url), 404, "NOT_FOUND");
      }
      problem(await asLuis("POST", `/api/v1/sessions/${mine.session.id}/confirm`, {}), 404, "NOT_FOUND");
      problem(await asLuis("POST", `/api/v1/sessions/${jordans.id}/cancel`), 404, "NOT_FOUND");
      const sessions = (await asLuis("GET", "/api/v1/sessions")).json<SessionBody[]>();
      expect(sessions.every((x) => x.providerId === luis.provider.id)).toBe(true);
      const claims = (await asLuis("GET", "/api/v1/claims")).json<ClaimBody[]>();
      expect(claims.map((c) => c.id)).not.toContain(mine.claim.id);
    });

    it("lists a provider's own sessions and claims, filtered by date", async () => {
      const sessions = (await asMaya("GET", "/api/v1/sessions?from=2026-06-20&to=2026-06-20")).json<
        SessionBody[]
      >();
      expect(sessions.map((x) => x.id)).toEqual(expect.arrayContaining([mine.session.id, jordans.id]));
      expect(sessions.every((x) => x.providerId === maya.provider.id && x.serviceDate === "2026-06-20")).toBe(
        true,
      );
      const claims = (await asMaya("GET", "/api/v1/claims")).json<ClaimBody[]>();
      expect(claims.map((c) => c.id)).toContain(mine.claim.id);
      const bad = await asMaya("GET", "/api/v1/sessions?from=20-06-2026");
      expect(problem(bad, 400, "INVALID_INPUT").errors?.[0]?.path).toBe("query.from");
    });

    it("lets a client list and read their own sessions, but not claims nor others' sessions", async () => {
      const asJordan = as(t.app, jordanToken);
      const list = await asJordan("GET", "/api/v1/sessions");
      expect(list.statusCode).toBe(200);
      const sessions = list.json<SessionBody[]>();
      expect(sessions.length).toBeGreaterThan(0);
      expect(sessions.every((x) => x.clientId === jordan.client.id)).toBe(true);
      expect((await asJordan("GET", `/api/v1/sessions/${jordans.id}`)).statusCode).toBe(200);
      problem(await asJordan("GET", `/api/v1/sessions/${mine.session.id}`), 404, "NOT_FOUND");
      problem(await asJordan("GET", "/api/v1/claims"), 404, "NOT_FOUND");
      problem(await asJordan("GET", `/api/v1/claims/${mine.claim.id}`), 404, "NOT_FOUND");
      problem(await asJordan("POST", `/api/v1/sessions/${jordans.id}/confirm`, {}), 403, "FORBIDDEN");
      const events = await t.store.audit.search({
        actorUserId: jordan.user?.id,
        action: "session.list",
        limit: 10,
      });
      expect(events.length).toBeGreaterThan(0);
    });

    it("shows operations everything", async () => {
      const asOps = as(t.app, opsToken);
      const sessions = (await asOps("GET", "/api/v1/sessions?limit=500")).json<SessionBody[]>();
      const providers = new Set(sessions.map((x) => x.providerId));
      expect(providers.has(maya.provider.id) && providers.has(luis.provider.id)).toBe(true);
      expect((await asOps("GET", `/api/v1/claims/${mine.claim.id}`)).statusCode).toBe(200);
    });

    it("needs a signed-in caller", async () => {
      const res = await t.app.inject({ method: "GET", url: "/api/v1/sessions" });
      problem(res, 401, "UNAUTHENTICATED");
    });
  });

  it("documents sessions and claims in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ method: "GET", url: "/api/openapi.json" })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/sessions",
        "/api/v1/sessions/{id}",
        "/api/v1/sessions/{id}/confirm",
        "/api/v1/claims",
        "/api/v1/claims/{id}",
      ]),
    );
    const text = JSON.stringify(doc.paths["/api/v1/sessions/{id}/confirm"]);
    expect(text).toContain("placeOfService");
    expect(text).toContain("serviceDate");
  });
});
