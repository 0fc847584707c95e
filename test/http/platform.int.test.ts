/**
 * The HTTP API on both databases, seeded with the demo practice: sign-in, who sees what (every
 * client route × role × someone else's id), audit, locations, billing method, bad input.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemo } from "../../src/app/demo.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { sql } from "kysely";
import { bearer, KINDS, startPlatform, type Platform } from "../support/platform.js";

interface ClientRow {
  id: string;
  name: string;
  badge: string;
  coverage: { payer: string } | null;
  currentLocation: { state: string } | null;
  decision: { basis: string | null } | null;
}

describe.each(KINDS)("platform API on %s", (kind) => {
  let p: Platform;
  let maya: Record<string, string>;
  let luis: Record<string, string>;
  let ops: Record<string, string>;
  let jordan: Record<string, string>;
  let mayaClients: ClientRow[];
  let luisClients: ClientRow[];
  const byName = (name: string) => {
    const c = [...mayaClients, ...luisClients].find((x) => x.name === name);
    if (!c) throw new Error(`no client ${name}`);
    return c;
  };

  beforeAll(async () => {
    p = await startPlatform(kind, () => new Date("2026-05-01T15:00:00Z"));
    await p.store.transaction((tx) => loadDemo(tx, loadReference(), "2026-05-01"));
    [maya, luis, ops, jordan] = (await Promise.all(
      ["maya", "luis", "ops", "jordan"].map((who) => bearer(p.app, `${who}@stateline.test`, DEMO_PASSWORD)),
    )) as [Record<string, string>, Record<string, string>, Record<string, string>, Record<string, string>];
    mayaClients = (await p.app.inject({ url: "/api/v1/clients", headers: maya })).json();
    luisClients = (await p.app.inject({ url: "/api/v1/clients", headers: luis })).json();
  });
  afterAll(async () => p.close());

  describe("sign-in", () => {
    it("refuses a wrong password, and then too many attempts", async () => {
      const attempt = () =>
        p.app.inject({
          method: "POST",
          url: "/api/v1/auth/login",
          payload: { email: "luis@stateline.test", password: "wrong password" },
        });
      const first = await attempt();
      expect(first.statusCode).toBe(401);
      expect(first.headers["content-type"]).toContain("application/problem+json");
      for (let i = 0; i < 4; i++) await attempt();
      const limited = await attempt();
      expect(limited.statusCode).toBe(429);
      expect(limited.headers["retry-after"]).toBeDefined();
    });

    it("sets an HttpOnly, SameSite session cookie that works like the bearer token", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/auth/login",
        payload: { email: "ops@stateline.test", password: DEMO_PASSWORD },
      });
      const cookie = String(r.headers["set-cookie"]);
      expect(cookie).toMatch(/HttpOnly/);
      expect(cookie).toMatch(/SameSite=Lax/);
      const me = await p.app.inject({ url: "/api/v1/me", headers: { cookie: cookie.split(";")[0] ?? "" } });
      expect(me.json()).toMatchObject({ email: "ops@stateline.test", role: "ops" });
    });

    it("logout ends the session", async () => {
      const h = await bearer(p.app, "ops@stateline.test", DEMO_PASSWORD);
      expect(
        (await p.app.inject({ method: "POST", url: "/api/v1/auth/logout", headers: h })).statusCode,
      ).toBe(204);
      expect((await p.app.inject({ url: "/api/v1/me", headers: h })).statusCode).toBe(401);
    });

    it("every data route needs a signed-in caller", async () => {
      for (const url of ["/api/v1/me", "/api/v1/clients", "/api/v1/providers", "/api/v1/audit"]) {
        expect((await p.app.inject({ url })).statusCode, url).toBe(401);
      }
    });

    it("sends security headers", async () => {
      const r = await p.app.inject({ url: "/healthz" });
      expect(r.headers["x-content-type-options"]).toBe("nosniff");
      expect(r.headers["content-security-policy"]).toBeDefined();
    });
  });

  describe("the Clients list", () => {
    it("shows a provider only their own clients, with plan, location and badge", () => {
      expect(mayaClients.map((c) => c.name)).toEqual([
        "Alex Kim",
        "Jordan Lee",
        "Priya Patel",
        "Sam Rivera",
        "Taylor Brooks",
      ]);
      expect(luisClients.map((c) => c.name)).toEqual(["Casey Morgan"]);
      expect(byName("Jordan Lee")).toMatchObject({
        badge: "ok",
        coverage: { payer: "bcbs-nc" },
        currentLocation: { state: "NY" },
      });
      expect(byName("Jordan Lee").decision?.basis).toBe("bluecard");
      expect(byName("Priya Patel").decision?.basis).toBe("virtual_network");
      expect(byName("Taylor Brooks")).toMatchObject({
        badge: "not_licensed",
        currentLocation: { state: "PA" },
      });
      expect(byName("Casey Morgan").badge).toBe("not_licensed");
    });

    it("shows a client only themself, and operations everyone", async () => {
      const own = (await p.app.inject({ url: "/api/v1/clients", headers: jordan })).json<ClientRow[]>();
      expect(own.map((c) => c.name)).toEqual(["Jordan Lee"]);
      const all = (await p.app.inject({ url: "/api/v1/clients", headers: ops })).json<ClientRow[]>();
      expect(all).toHaveLength(6);
    });
  });

  describe("access: someone else's client is not found, on every client route", () => {
    const routes = (id: string) => [
      { method: "GET" as const, url: `/api/v1/clients/${id}` },
      { method: "GET" as const, url: `/api/v1/clients/${id}/locations` },
      { method: "GET" as const, url: `/api/v1/clients/${id}/billing-method` },
      {
        method: "POST" as const,
        url: `/api/v1/clients/${id}/locations`,
        payload: { kind: "home", state: "NY", zip: "10027" },
      },
      { method: "PUT" as const, url: `/api/v1/clients/${id}/coverage`, payload: { payer: "aetna" } },
    ];

    it("a provider gets 404 for another provider's client, exactly as for a client that does not exist", async () => {
      const theirs = byName("Casey Morgan").id;
      for (const r of [
        ...routes(theirs),
        ...routes("00000000-0000-4000-8000-000000000000"),
        ...routes("not-an-id"),
      ]) {
        const res = await p.app.inject({ ...r, headers: maya });
        expect(res.statusCode, `${r.method} ${r.url}`).toBe(404);
        expect(res.json<{ detail: string }>().detail).toBe("client not found");
      }
    });

    it("a client gets 404 for another client's record", async () => {
      for (const r of routes(byName("Sam Rivera").id)) {
        expect((await p.app.inject({ ...r, headers: jordan })).statusCode, `${r.method} ${r.url}`).toBe(404);
      }
    });

    it("operations reach every client", async () => {
      const res = await p.app.inject({ url: `/api/v1/clients/${byName("Casey Morgan").id}`, headers: ops });
      expect(res.statusCode).toBe(200);
    });

    it("a provider reaches only their own provider record; the audit log is for operations", async () => {
      const ids = (await p.app.inject({ url: "/api/v1/providers", headers: ops })).json<
        { id: string; name: string }[]
      >();
      expect(ids).toHaveLength(2);
      const luisId = ids.find((x) => x.name.startsWith("Luis"))?.id ?? "";
      expect((await p.app.inject({ url: `/api/v1/providers/${luisId}`, headers: maya })).statusCode).toBe(
        404,
      );
      expect((await p.app.inject({ url: `/api/v1/providers/${luisId}`, headers: luis })).statusCode).toBe(
        200,
      );
      const addLicense = { state: "NY", type: "LCSW", status: "active" };
      expect(
        (
          await p.app.inject({
            method: "POST",
            url: `/api/v1/providers/${luisId}/licenses`,
            headers: maya,
            payload: addLicense,
          })
        ).statusCode,
      ).toBe(404);
      expect((await p.app.inject({ url: "/api/v1/audit", headers: maya })).statusCode).toBe(404);
      expect((await p.app.inject({ url: "/api/v1/audit", headers: jordan })).statusCode).toBe(404);
    });
  });

  describe("client locations", () => {
    it("a client adds a trip to their own account; it is validated and kept with its history", async () => {
      const id = byName("Jordan Lee").id;
      const res = await p.app.inject({
        method: "POST",
        url: `/api/v1/clients/${id}/locations`,
        headers: jordan,
        payload: {
          kind: "temporary",
          label: "Spring break",
          state: "FL",
          zip: "33139",
          startsOn: "2026-05-10",
          endsOn: "2026-05-17",
        },
      });
      expect(res.statusCode).toBe(201);
      expect(res.json()).toMatchObject({ kind: "temporary", state: "FL", startsOn: "2026-05-10" });
    });

    it("a provider replaces a client's home: the old one stays in the history", async () => {
      const id = byName("Alex Kim").id;
      const before = (await p.app.inject({ url: `/api/v1/clients/${id}/locations`, headers: maya })).json<
        { id: string }[]
      >();
      const res = await p.app.inject({
        method: "POST",
        url: `/api/v1/clients/${id}/locations`,
        headers: maya,
        payload: { kind: "home", state: "NJ", zip: "07030", city: "Hoboken", replaces: before[0]?.id },
      });
      expect(res.statusCode).toBe(201);
      const now = (await p.app.inject({ url: `/api/v1/clients/${id}/locations`, headers: maya })).json<
        { state: string }[]
      >();
      expect(now.map((l) => l.state)).toEqual(["NJ"]);
      const all = (
        await p.app.inject({ url: `/api/v1/clients/${id}/locations?history=true`, headers: maya })
      ).json<{ state: string; archivedAt: string | null }[]>();
      expect(all.map((l) => [l.state, l.archivedAt === null])).toEqual([
        ["NY", false],
        ["NJ", true],
      ]);
    });

    it("refuses bad input with field paths, and stores nothing", async () => {
      const id = byName("Sam Rivera").id;
      const count = async () =>
        (await p.app.inject({ url: `/api/v1/clients/${id}/locations?history=true`, headers: maya })).json<
          unknown[]
        >().length;
      const before = await count();
      const cases: [Record<string, unknown>, string][] = [
        [{ kind: "home", state: "NJ", zip: "10027" }, "zip"],
        [{ kind: "home", state: "XX" }, "state"],
        [{ kind: "home", state: "NY", zip: "1002" }, "zip"],
        [{ kind: "trip", state: "NY" }, "kind"],
        [{ kind: "temporary", state: "NY", zip: "10027" }, "startsOn"],
        [{ kind: "temporary", state: "NY", startsOn: "2026-06-10", endsOn: "2026-06-01" }, "endsOn"],
        [{ kind: "home", state: "NY", startsOn: "June 1" }, "startsOn"],
        [{ state: "NY" }, "kind"],
      ];
      for (const [payload, path] of cases) {
        const res = await p.app.inject({
          method: "POST",
          url: `/api/v1/clients/${id}/locations`,
          headers: maya,
          payload,
        });
        expect(res.statusCode, JSON.stringify(payload)).toBe(400);
        expect(res.headers["content-type"]).toContain("application/problem+json");
        expect(res.json<{ errors: { path: string }[] }>().errors.map((e) => e.path)).toContain(path);
      }
      const notJson = await p.app.inject({
        method: "POST",
        url: `/api/v1/clients/${id}/locations`,
        headers: { ...maya, "content-type": "application/json" },
        payload: "{not json",
      });
      expect(notJson.statusCode).toBe(400);
      expect(await count()).toBe(before);
    });
  });

  describe("Billing method", () => {
    it("gives every place its own answer: in person at the practice, by video wherever the client is", async () => {
      const res = await p.app.inject({
        url: `/api/v1/clients/${byName("Jordan Lee").id}/billing-method?date=2026-05-01`,
        headers: maya,
      });
      expect(res.statusCode, res.body).toBe(200);
      const places = res.json<
        {
          modality: string;
          place: { state: string };
          source: { kind: string; label: string | null };
          judgedOn: string;
          decision: {
            outcome: string;
            basis: string | null;
            billTo: string | null;
            reasons: { code: string; fix?: string }[];
          };
          crisis: { billable: boolean } | null;
        }[]
      >();
      expect(
        places.map((b) => [
          b.source.kind,
          b.modality,
          b.place.state,
          b.judgedOn,
          b.decision.outcome,
          b.decision.basis,
          b.decision.billTo,
        ]),
      ).toEqual([
        ["practice", "in_person", "NY", "2026-05-01", "billable", "bluecard", "anthem-ny"],
        ["home", "telehealth", "NC", "2026-05-01", "not_billable", null, null],
        ["virtual_session", "telehealth", "NY", "2026-05-01", "billable", "bluecard", "anthem-ny"],
        // Trips by their first day. The Florida trip another test added, judged on its first day.
        ["temporary", "telehealth", "FL", "2026-05-10", "not_billable", null, null],
        // Spring break in Rochester (Excellus territory), judged on its first day: New York is
        // two answers, Manhattan's and Rochester's.
        ["temporary", "telehealth", "NY", "2026-05-19", "not_billable", null, null],
      ]);
      expect(places[1]?.decision.reasons[0]?.code).toBe("NOT_LICENSED");
      expect(places[1]?.decision.reasons[0]?.fix).toMatch(/North Carolina/);
      expect(places[2]?.crisis).toBeNull();
      expect(typeof places[1]?.crisis?.billable).toBe("boolean");
    });
  });

  describe("audit", () => {
    it("records every read and change of client data, and operations can search it", async () => {
      const id = byName("Priya Patel").id;
      await p.app.inject({ url: `/api/v1/clients/${id}`, headers: maya });
      const events = (await p.app.inject({ url: `/api/v1/audit?clientId=${id}`, headers: ops })).json<
        { action: string; actorRole: string; ip: string }[]
      >();
      expect(events[0]).toMatchObject({ action: "client.read", actorRole: "provider" });
      expect(events[0]?.ip).toBeTruthy();
      expect(events.map((e) => e.action)).toContain("client.create");
    });

    it("audit events cannot be changed or deleted, even with SQL", async () => {
      await expect(sql`update audit_events set action = 'x'`.execute(p.db.kysely)).rejects.toThrow(
        /append-only/,
      );
      await expect(sql`delete from audit_events`.execute(p.db.kysely)).rejects.toThrow(/append-only/);
    });
  });

  describe("evaluate and docs", () => {
    it("POST /evaluate answers the contract, and 400 with field paths on bad input", async () => {
      const good = {
        id: "x",
        provider: {
          licenses: [{ state: "NY", type: "LCSW", status: "active" }],
          credentials: [{ payer: "aetna", state: "NY", network: "standard", status: "active" }],
        },
        client: { coverage: { payer: "aetna" } },
        session: {
          date: "2026-05-01",
          modality: "telehealth",
          clientLocation: { state: "NY", zip: "10027" },
        },
      };
      const ok = await p.app.inject({ method: "POST", url: "/api/v1/evaluate", payload: good });
      expect(ok.json()).toMatchObject([{ id: "x", outcome: "billable", basis: "in_network" }]);
      const bad = await p.app.inject({
        method: "POST",
        url: "/api/v1/evaluate",
        payload: [good, { ...good, session: { ...good.session, date: "05/01/2026" } }],
      });
      expect(bad.statusCode).toBe(400);
      expect(bad.json()).toMatchObject({ errors: [{ case: 1, path: "session.date" }] });
    });

    it("serves the OpenAPI 3.1 document and its reference page", async () => {
      const doc = (await p.app.inject({ url: "/api/openapi.json" })).json<{
        openapi: string;
        paths: Record<string, unknown>;
      }>();
      expect(doc.openapi).toBe("3.1.0");
      expect(Object.keys(doc.paths)).toEqual(
        expect.arrayContaining([
          "/api/v1/clients/{id}/billing-method",
          "/api/v1/evaluate",
          "/api/v1/auth/login",
        ]),
      );
      expect((await p.app.inject({ url: "/api/docs/" })).statusCode).toBe(200);
    });
  });
});
