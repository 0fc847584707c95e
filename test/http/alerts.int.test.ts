/**
 * Changes that matter, through the HTTP API on both databases: a credential, a license, a
 * client's location or coverage changes → upcoming sessions are decided again and the provider
 * gets an alert naming them with the fix; the problem going away closes the alert; licenses
 * ending soon; the operations re-check and its counts; dismissing; who sees what.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { sql } from "kysely";
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

/** The servers' clock: Monday 2 March 2026, 09:00 in New York (tests move it forward once). */
const NOW = new Date("2026-03-02T14:00:00Z");
const TODAY = "2026-03-02";
let clock = NOW;

const day = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const NY = "America/New_York";

interface AlertBody {
  id: string;
  providerId: string;
  clientId: string | null;
  kind: "sessions_at_risk" | "license_expiring" | "credential_expiring";
  message: string;
  fix: string | null;
  sessionIds: string[];
  sessions: { id: string; clientId: string; clientName: string; serviceDate: string }[];
  reasonCode: string | null;
  state: string | null;
  endsOn: string | null;
  daysLeft: number | null;
  updatedAt: string;
  resolvedAt: string | null;
  resolution: "cleared" | "dismissed" | null;
}

interface Counts {
  sessionsChecked: number;
  atRisk: number;
  opened: number;
  resolved: number;
  open: number;
}
interface RecheckBody extends Counts {
  checkedOn: string;
  providers: number;
  byProvider: (Counts & { providerId: string; providerName: string })[];
}

interface SessionCheckRow {
  checkedOn: string;
  billable: boolean;
  location: { state: string; source: string } | null;
  decision: { outcome: string; reasons: { code: string }[] } | null;
  alertKey: string | null;
}

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("alerts on %s", (kind) => {
  let t: TestApp;
  let maya: SeededProvider;
  let luis: SeededProvider;
  let ana: SeededClient; // Aetna, lives in Hoboken NJ: video sessions in NJ
  let ben: SeededClient; // Cigna, Manhattan; has an account; takes a trip to Florida
  let cora: SeededClient; // Aetna, comes to the Midtown office
  let casey: SeededClient; // Luis's client in Oakland
  let mayaToken: string;
  let luisToken: string;
  let benToken: string;
  let opsToken: string;
  let opsEmail: string;
  const s: Record<string, string> = {};

  const asMaya = (...a: Parameters<ReturnType<typeof as>>) => as(t.app, mayaToken)(...a);
  const asOps = (...a: Parameters<ReturnType<typeof as>>) => as(t.app, opsToken)(...a);

  async function alerts(token = mayaToken, query = ""): Promise<AlertBody[]> {
    const res = await as(t.app, token)("GET", `/api/v1/alerts${query}`);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<AlertBody[]>();
  }

  async function recheck(body?: Record<string, unknown>): Promise<RecheckBody> {
    const res = await asOps("POST", "/api/v1/ops/recheck", body);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<RecheckBody>();
  }

  async function lastCheck(sessionId: string): Promise<SessionCheckRow | null> {
    const r = await sql<{
      last_check: SessionCheckRow | null;
    }>`select last_check from session_checks where session_id = ${sessionId}`.execute(t.db.kysely);
    return r.rows[0]?.last_check ?? null;
  }

  const riskFor = (list: AlertBody[], client: SeededClient) =>
    list.filter((a) => a.kind === "sessions_at_risk" && a.clientId === client.client.id);

  async function schedule(
    client: SeededClient,
    inDays: number,
    token = mayaToken,
    over: Record<string, unknown> = {},
  ): Promise<string> {
    const res = await as(t.app, token)("POST", "/api/v1/sessions", {
      clientId: client.client.id,
      startsAt: `${day(inDays)}T17:00:00Z`,
      timeZone: NY,
      durationMinutes: 53,
      modality: "telehealth",
      cptCode: "90837",
      ...over,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json<{ id: string }>().id;
  }

  const credentialBody = (payer: string, state: string, status = "active") => ({
    payer,
    state,
    network: "standard",
    status,
    effectiveFrom: "2024-01-01",
    effectiveTo: null,
  });

  beforeAll(async () => {
    t = await startApp(kind, { now: () => clock });
    maya = await seedProvider(t.store, {
      name: "Maya Chen, LCSW",
      licenses: [{ state: "NY" }, { state: "NJ" }],
      credentials: [
        { payer: "aetna", state: "NY" },
        { payer: "aetna", state: "NJ" },
        { payer: "cigna", state: "NY" },
      ],
      practiceLocations: [
        { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
      ],
    });
    luis = await seedProvider(t.store, {
      name: "Luis Ortega, PsyD",
      licenses: [{ state: "CA", type: "PsyD" }],
      credentials: [{ payer: "aetna", state: "CA" }],
    });
    const m = maya.provider.id;
    ana = await seedClient(t.store, {
      providerId: m,
      name: "Ana Silva",
      coverage: { payer: "aetna" },
      locations: [{ state: "NJ", zip: "07030", city: "Hoboken" }],
    });
    ben = await seedClient(t.store, {
      providerId: m,
      name: "Ben Ito",
      coverage: { payer: "cigna" },
      locations: [{ state: "NY", zip: "10001" }],
      email: `ben-${kind}@stateline.test`,
    });
    cora = await seedClient(t.store, {
      providerId: m,
      name: "Cora Diaz",
      coverage: { payer: "aetna" },
      locations: [{ state: "NY", zip: "10027" }],
    });
    casey = await seedClient(t.store, {
      providerId: luis.provider.id,
      name: "Casey Morgan",
      coverage: { payer: "aetna" },
      locations: [{ state: "CA", zip: "94612" }],
    });
    const ops = await seedOps(t.store);
    opsEmail = ops.email;
    [mayaToken, luisToken, benToken, opsToken] = await Promise.all([
      loginAs(t.app, maya.email),
      loginAs(t.app, luis.email),
      loginAs(t.app, ben.email ?? ""),
      loginAs(t.app, ops.email),
    ]);
    s.ana3 = await schedule(ana, 3);
    s.ana10 = await schedule(ana, 10);
    s.ben5 = await schedule(ben, 5);
    s.ben20 = await schedule(ben, 20);
    s.cora4 = await schedule(cora, 4, mayaToken, {
      modality: "in_person",
      practiceLocationId: maya.practiceLocations[0]?.id,
    });
    s.casey6 = await schedule(casey, 6, luisToken);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it("a re-check with nothing wrong opens no alert and keeps each session's result", async () => {
    const r = await recheck();
    expect(r).toMatchObject({
      checkedOn: TODAY,
      providers: 2,
      sessionsChecked: 6,
      atRisk: 0,
      opened: 0,
      resolved: 0,
      open: 0,
    });
    expect(r.byProvider.map((p) => [p.providerName, p.sessionsChecked])).toEqual([
      ["Luis Ortega, PsyD", 1],
      ["Maya Chen, LCSW", 5],
    ]);
    expect(await alerts()).toEqual([]);
    // Decided as confirming would: video where the client will be, in person at the practice.
    expect(await lastCheck(s.ana3!)).toMatchObject({
      checkedOn: TODAY,
      billable: true,
      location: { state: "NJ", source: "client_location" },
      decision: { outcome: "billable" },
      alertKey: null,
    });
    expect(await lastCheck(s.cora4!)).toMatchObject({
      billable: true,
      location: { state: "NY", source: "practice_location" },
    });
  });

  it("a credential terminated: an alert names the sessions at risk with the fix; adding it back clears it", async () => {
    const aetnaNj = maya.credentials.find((c) => c.payer === "aetna" && c.state === "NJ")!;
    const res = await asMaya(
      "PUT",
      `/api/v1/providers/${maya.provider.id}/credentials/${aetnaNj.id}`,
      credentialBody("aetna", "NJ", "terminated"),
    );
    expect(res.statusCode, res.body).toBe(200);

    const [alert, ...others] = await alerts();
    expect(others).toEqual([]);
    expect(alert).toMatchObject({
      kind: "sessions_at_risk",
      providerId: maya.provider.id,
      clientId: ana.client.id,
      sessionIds: [s.ana3, s.ana10],
      state: "NJ",
      endsOn: null,
      daysLeft: null,
      resolvedAt: null,
    });
    expect(alert?.message).toContain("2 upcoming sessions with Ana Silva are at risk");
    expect(alert?.message).toContain(day(3));
    expect(alert?.message).toContain(day(10));
    expect(alert?.sessions.map((x) => [x.serviceDate, x.clientName])).toEqual([
      [day(3), "Ana Silva"],
      [day(10), "Ana Silva"],
    ]);
    // The engine's own reason and fix.
    expect(["CREDENTIAL_NOT_ACTIVE", "NOT_CREDENTIALED"]).toContain(alert?.reasonCode);
    expect(alert?.fix).toMatch(/Aetna/);
    const check = await lastCheck(s.ana3!);
    expect(check?.billable).toBe(false);
    expect(check?.alertKey).toMatch(/^risk:/);
    // Other clients' sessions are untouched.
    expect((await lastCheck(s.ben5!))?.billable).toBe(true);

    const back = await asMaya(
      "POST",
      `/api/v1/providers/${maya.provider.id}/credentials`,
      credentialBody("aetna", "NJ"),
    );
    expect(back.statusCode, back.body).toBe(201);
    expect(await alerts()).toEqual([]);
    const closed = (await alerts(mayaToken, "?status=resolved")).find((a) => a.id === alert?.id);
    expect(closed).toMatchObject({ resolution: "cleared" });
    expect(closed?.resolvedAt).not.toBeNull();
    expect((await lastCheck(s.ana3!))?.billable).toBe(true);
  });

  it("a client's trip to a state without a license: an alert for the sessions during the trip only", async () => {
    // The client adds it themself.
    const res = await as(t.app, benToken)("POST", `/api/v1/clients/${ben.client.id}/locations`, {
      kind: "temporary",
      state: "FL",
      zip: "33139",
      city: "Miami Beach",
      startsOn: day(15),
      endsOn: day(25),
    });
    expect(res.statusCode, res.body).toBe(201);
    const [alert, ...others] = riskFor(await alerts(), ben);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ sessionIds: [s.ben20], reasonCode: "NOT_LICENSED", state: "FL" });
    expect(alert?.message).toContain("An upcoming session with Ben Ito is at risk");
    expect(alert?.message).toContain(day(20));
    expect(alert?.message).not.toContain(day(5));
    expect(alert?.fix).toMatch(/Florida/);
    expect((await lastCheck(s.ben20!))?.location).toMatchObject({ state: "FL" });
    expect((await lastCheck(s.ben5!))?.billable).toBe(true);
  });

  it("a coverage change: an alert for that client's sessions; changing it back clears it", async () => {
    const res = await asMaya("PUT", `/api/v1/clients/${cora.client.id}/coverage`, { payer: "uhc" });
    expect(res.statusCode, res.body).toBe(200);
    const [alert, ...others] = riskFor(await alerts(), cora);
    expect(others).toEqual([]);
    expect(alert).toMatchObject({ sessionIds: [s.cora4], state: "NY" });
    expect(alert?.reasonCode).toBe("NOT_CREDENTIALED");
    expect(alert?.message).toContain(day(4));
    expect(alert?.fix).toBeTruthy();

    const again = await asMaya("PUT", `/api/v1/clients/${cora.client.id}/coverage`, { payer: "aetna" });
    expect(again.statusCode, again.body).toBe(200);
    expect(riskFor(await alerts(), cora)).toEqual([]);
    // Ben's trip alert is another client's: left as it was.
    expect(riskFor(await alerts(), ben)).toHaveLength(1);
  });

  it("a license ending in 10 days: a license alert with the date and the days left", async () => {
    const res = await asMaya("POST", `/api/v1/providers/${maya.provider.id}/licenses`, {
      state: "TX",
      type: "LCSW",
      status: "active",
      validFrom: "2020-01-01",
      validTo: day(10),
    });
    expect(res.statusCode, res.body).toBe(201);
    const found = (await alerts()).filter((a) => a.kind === "license_expiring");
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      clientId: null,
      state: "TX",
      endsOn: day(10),
      daysLeft: 10,
      sessionIds: [],
    });
    expect(found[0]?.message).toContain(`Texas LCSW license is valid until ${day(10)}: 10 days left`);
    expect(found[0]?.fix).toContain(day(10));
  });

  it("a license ending before a session: the license alert names the session that depends on it", async () => {
    const nj = maya.licenses.find((l) => l.state === "NJ")!;
    const url = `/api/v1/providers/${maya.provider.id}/licenses/${nj.id}`;
    const body = { state: "NJ", type: "LCSW", status: "active", validFrom: "2020-01-01" };
    expect((await asMaya("PUT", url, { ...body, validTo: day(6) })).statusCode).toBe(200);

    const list = await alerts();
    const license = list.find((a) => a.kind === "license_expiring" && a.state === "NJ");
    expect(license).toMatchObject({ endsOn: day(6), daysLeft: 6, sessionIds: [s.ana10] });
    expect(license?.message).toContain("6 days left. 1 upcoming session after that date depends on it");
    // The session on day 3 is before the end: fine; the one on day 10 is at risk.
    const [risk, ...more] = riskFor(list, ana);
    expect(more).toEqual([]);
    expect(risk).toMatchObject({ sessionIds: [s.ana10], reasonCode: "LICENSE_NOT_ACTIVE" });

    expect((await asMaya("PUT", url, { ...body, validTo: "2030-12-31" })).statusCode).toBe(200);
    const after = await alerts();
    expect(after.filter((a) => a.state === "NJ")).toEqual([]);
    expect(after.map((a) => [a.kind, a.state]).sort()).toEqual([
      ["license_expiring", "TX"],
      ["sessions_at_risk", "FL"],
    ]);
  });

  it("the operations re-check finds changes made behind the app's back, with counts, and repeats cleanly", async () => {
    // A bulk change straight in the store (no use case, so no re-check yet).
    const cigna = maya.credentials.find((c) => c.payer === "cigna")!;
    const { id: _id, providerId: _p, ...fields } = cigna;
    await t.store.providers.updateCredential(cigna.id, { ...fields, status: "terminated" });
    expect(riskFor(await alerts(), ben).map((a) => a.state)).toEqual(["FL"]);

    const first = await recheck();
    expect(first).toMatchObject({
      providers: 2,
      sessionsChecked: 6,
      atRisk: 2, // Ben: day 5 (Cigna terminated in NY) and day 20 (Florida)
      opened: 1,
      resolved: 0,
      open: 3,
    });
    expect(first.byProvider.find((p) => p.providerId === maya.provider.id)).toMatchObject({
      sessionsChecked: 5,
      atRisk: 2,
      opened: 1,
      open: 3,
    });
    const ny = riskFor(await alerts(), ben).find((a) => a.state === "NY");
    expect(ny).toMatchObject({ sessionIds: [s.ben5] });

    // Nothing changed: nothing opened, nothing closed, the same alerts, not even rewritten.
    const before = (await alerts()).map((a) => [a.id, a.updatedAt]).sort();
    expect(await recheck()).toMatchObject({ opened: 0, resolved: 0, open: 3, atRisk: 2 });
    expect((await alerts()).map((a) => [a.id, a.updatedAt]).sort()).toEqual(before);

    await t.store.providers.updateCredential(cigna.id, { ...fields, status: "active" });
    expect(await recheck({ providerId: maya.provider.id })).toMatchObject({
      providers: 1,
      sessionsChecked: 5,
      atRisk: 1,
      opened: 0,
      resolved: 1,
      open: 2,
    });
    // An unknown provider is not found.
    expect((await asOps("POST", "/api/v1/ops/recheck", { providerId: luis.user!.id })).statusCode).toBe(404);
  });

  it("lapses by the passage of time are caught by the re-check", async () => {
    clock = new Date(`${day(11)}T14:00:00Z`);
    try {
      // Sign-ins last hours, not days: sign in again on day 11.
      const late = as(t.app, await loginAs(t.app, opsEmail));
      // The Texas license ended on day 10, and no session depends on it: its alert closes.
      // Only Ben's day-20 session is still ahead.
      const res = await late("POST", "/api/v1/ops/recheck");
      expect(res.statusCode, res.body).toBe(200);
      expect(res.json<RecheckBody>()).toMatchObject({
        checkedOn: day(11),
        sessionsChecked: 1,
        atRisk: 1,
        opened: 0,
        resolved: 1,
        open: 1,
      });
      const left = (await late("GET", `/api/v1/alerts?providerId=${maya.provider.id}`)).json<AlertBody[]>();
      expect(left.map((a) => a.kind)).toEqual(["sessions_at_risk"]);
    } finally {
      clock = NOW;
    }
    // Back to today: the license is in its last 10 days again.
    expect(await recheck()).toMatchObject({ opened: 1, open: 2 });
  });

  it("a dismissed alert stays dismissed until more sessions are at risk", async () => {
    const [trip] = riskFor(await alerts(), ben);
    const res = await asMaya("POST", `/api/v1/alerts/${trip!.id}/resolve`);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json<AlertBody>()).toMatchObject({ id: trip!.id, resolution: "dismissed" });
    expect(riskFor(await alerts(), ben)).toEqual([]);
    // Again: answered as it is.
    expect((await asMaya("POST", `/api/v1/alerts/${trip!.id}/resolve`)).json<AlertBody>()).toMatchObject({
      resolution: "dismissed",
    });

    expect(await recheck()).toMatchObject({ opened: 0, atRisk: 1 });
    expect(riskFor(await alerts(), ben)).toEqual([]);

    // Another session during the trip: raised again as it is scheduled, naming both; the next
    // re-check finds nothing new.
    s.ben22 = await schedule(ben, 22);
    const [raised] = riskFor(await alerts(), ben);
    expect(await recheck()).toMatchObject({ opened: 0, atRisk: 2 });
    expect(raised?.id).not.toBe(trip!.id);
    expect(raised?.sessionIds).toEqual([s.ben20, s.ben22]);
    expect(raised?.message).toContain("2 upcoming sessions with Ben Ito are at risk");
  });

  it("cancelling the sessions at risk closes their alert at once", async () => {
    const dan = await seedClient(t.store, {
      providerId: maya.provider.id,
      name: "Dan Park",
      coverage: { payer: "aetna" },
      locations: [{ state: "FL", zip: "33139" }],
    });
    // Maya holds no Florida license: the alert comes with the scheduling, not a day later.
    const id = await schedule(dan, 6);
    const [risk] = riskFor(await alerts(), dan);
    expect(risk?.sessionIds).toEqual([id]);
    expect(risk?.fix).toMatch(/Florida/);
    const res = await asMaya("POST", `/api/v1/sessions/${id}/cancel`);
    expect(res.statusCode, res.body).toBe(200);
    expect(riskFor(await alerts(), dan)).toEqual([]);
  });

  it("a provider sees only their own alerts; clients have none; only operations re-check", async () => {
    const mine = await alerts();
    expect(mine.length).toBeGreaterThan(0);
    const mineIds = new Set(mine.map((a) => a.id));

    // Luis: none of Maya's, not even by asking for them.
    expect((await alerts(luisToken)).some((a) => mineIds.has(a.id))).toBe(false);
    expect(await alerts(luisToken, `?providerId=${maya.provider.id}`)).toEqual([]);
    const first = mine[0]!;
    expect((await as(t.app, luisToken)("POST", `/api/v1/alerts/${first.id}/resolve`)).statusCode).toBe(404);
    expect((await asMaya("POST", "/api/v1/alerts/not-an-id/resolve")).statusCode).toBe(404);

    // Operations: everyone's, or one provider's.
    expect((await alerts(opsToken)).map((a) => a.id)).toEqual(expect.arrayContaining([...mineIds]));
    expect((await alerts(opsToken, `?providerId=${maya.provider.id}`)).map((a) => a.id).sort()).toEqual(
      [...mineIds].sort(),
    );
    expect(await alerts(opsToken, `?providerId=${luis.provider.id}`)).toEqual([]);

    // A client: alerts do not exist.
    const asBen = as(t.app, benToken);
    expect((await asBen("GET", "/api/v1/alerts")).statusCode).toBe(404);
    expect((await asBen("POST", `/api/v1/alerts/${first.id}/resolve`)).statusCode).toBe(404);

    // The re-check is for operations only.
    expect((await asMaya("POST", "/api/v1/ops/recheck")).statusCode).toBe(404);
    expect((await asBen("POST", "/api/v1/ops/recheck")).statusCode).toBe(404);
    expect((await t.app.inject({ method: "POST", url: "/api/v1/ops/recheck" })).statusCode).toBe(401);
    expect((await t.app.inject({ url: "/api/v1/alerts" })).statusCode).toBe(401);

    // Bad input is a field error.
    const bad = await asMaya("GET", "/api/v1/alerts?status=closed");
    expect(bad.statusCode).toBe(400);
    expect(bad.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe("query.status");

    // Reading alerts is reading client data: audited.
    const events = await t.store.audit.search({ action: "alert.list", limit: 50 });
    expect(events.some((e) => e.actorUserId === maya.user?.id)).toBe(true);
    const rechecks = await t.store.audit.search({ action: "alert.recheck", limit: 50 });
    expect(rechecks.length).toBeGreaterThan(0);
  });

  it("re-checks running together on two servers neither fail nor duplicate alerts", async () => {
    const other = await t.another();
    const aetnaNy = maya.credentials.find((c) => c.payer === "aetna" && c.state === "NY")!;
    const call = (app: typeof t.app, token: string, method: "POST" | "PUT", url: string, body?: unknown) =>
      as(app, token)(method, url, body);
    const results = await Promise.all([
      call(t.app, opsToken, "POST", "/api/v1/ops/recheck"),
      call(other, opsToken, "POST", "/api/v1/ops/recheck"),
      call(
        other,
        mayaToken,
        "PUT",
        `/api/v1/providers/${maya.provider.id}/credentials/${aetnaNy.id}`,
        credentialBody("aetna", "NY", "terminated"),
      ),
      call(t.app, opsToken, "POST", "/api/v1/ops/recheck"),
    ]);
    for (const r of results) expect(r.statusCode, r.body).toBe(200);
    const open = await alerts(opsToken);
    const keys = open.map((a) => `${a.providerId}:${a.kind}:${a.clientId}:${a.state}:${a.reasonCode}`);
    expect(new Set(keys).size).toBe(keys.length);
    // Cora's office session is at risk now, whichever re-check ran last.
    expect(riskFor(open, cora).map((a) => a.sessionIds)).toEqual([[s.cora4]]);
  });

  it("is in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/v1/alerts", "/api/v1/alerts/{id}/resolve", "/api/v1/ops/recheck"]),
    );
  });
});
