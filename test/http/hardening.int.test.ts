/**
 * The API as an attacker and a careless client meet it: sign-in bursts and lockouts, forwarded
 * addresses, cross-site requests, bearer spelling, caching, and text the database cannot store.
 * On both databases.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { join } from "node:path";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemo } from "../../src/app/demo.js";
import { buildServer } from "../../src/http/server.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { DataFolderLockedError, lockFolder } from "../../src/store/db.js";
import { bearer, KINDS, startPlatform, type Platform } from "../support/platform.js";

const LOGIN = "/api/v1/auth/login";

describe.each(KINDS)("hardening on %s", (kind) => {
  let p: Platform;
  let maya: Record<string, string>;
  let ops: Record<string, string>;

  beforeAll(async () => {
    p = await startPlatform(kind, () => new Date("2026-05-01T15:00:00Z"));
    await p.store.transaction((tx) => loadDemo(tx, loadReference(), "2026-05-01"));
    maya = await bearer(p.app, "maya@stateline.test", DEMO_PASSWORD);
    ops = await bearer(p.app, "ops@stateline.test", DEMO_PASSWORD);
  });
  afterAll(async () => p.close());

  const attempts = async (email: string) =>
    (
      await sql<{ n: number }>`select count(*)::int as n from login_attempts where email = ${email}`.execute(
        p.db.kysely,
      )
    ).rows[0]?.n ?? 0;

  describe("sign-in", () => {
    it("a burst of 60 simultaneous sign-ins for one account evaluates at most 5", async () => {
      const email = "luis@stateline.test";
      const answers = await Promise.all(
        Array.from({ length: 60 }, (_, i) =>
          p.app.inject({
            method: "POST",
            url: LOGIN,
            remoteAddress: "203.0.113.10",
            payload: { email, password: i === 59 ? DEMO_PASSWORD : `wrong password ${i}` },
          }),
        ),
      );
      const codes = answers.map((a) => a.statusCode);
      expect(codes.filter((c) => c === 429).length).toBeGreaterThanOrEqual(55);
      expect(codes.filter((c) => c === 401 || c === 200).length).toBeLessThanOrEqual(5);
      expect(await attempts(email)).toBeLessThanOrEqual(5);
      const limited = answers.find((a) => a.statusCode === 429);
      expect(Number(limited?.headers["retry-after"])).toBeGreaterThan(0);
    });

    it("guesses from elsewhere do not lock the owner out of an address they signed in from before", async () => {
      const email = "ops@stateline.test";
      const from = (ip: string, password: string) =>
        p.app.inject({ method: "POST", url: LOGIN, remoteAddress: ip, payload: { email, password } });
      expect((await from("198.51.100.7", DEMO_PASSWORD)).statusCode).toBe(200);
      for (let i = 0; i < 8; i++) await from("203.0.113.66", `guess ${i}`);
      expect((await from("203.0.113.66", DEMO_PASSWORD)).statusCode).toBe(429);
      expect((await from("198.51.100.7", DEMO_PASSWORD)).statusCode).toBe(200);
    });

    it("failures back off from the third: two typos cost nothing, then an immediate retry waits", async () => {
      const email = "jordan@stateline.test";
      const ip = "203.0.113.77";
      for (let i = 0; i < 3; i++) {
        const wrong = await p.app.inject({
          method: "POST",
          url: LOGIN,
          remoteAddress: ip,
          payload: { email, password: `not it at all ${i}` },
        });
        expect(wrong.statusCode, `attempt ${i + 1}`).toBe(401);
      }
      const again = await p.app.inject({
        method: "POST",
        url: LOGIN,
        remoteAddress: ip,
        payload: { email, password: DEMO_PASSWORD },
      });
      expect(again.statusCode).toBe(429);
      expect(Number(again.headers["retry-after"])).toBeGreaterThanOrEqual(1);
    });

    it("sign-ins and failures are audit events, with the address and never the password", async () => {
      const rows = (
        await sql<{ action: string; ip: string; detail: unknown }>`
          select action, ip, detail from audit_events where action like 'auth.login%'`.execute(p.db.kysely)
      ).rows;
      const actions = new Set(rows.map((r) => r.action));
      expect(actions).toContain("auth.login");
      expect(actions).toContain("auth.login_failed");
      expect(actions).toContain("auth.login_throttled");
      expect(JSON.stringify(rows)).not.toContain(DEMO_PASSWORD);
    });

    it("X-Forwarded-For from an unconfigured proxy is not believed", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: LOGIN,
        headers: { "x-forwarded-for": "192.0.2.99" },
        payload: { email: "nobody@stateline.test", password: "whatever it is" },
      });
      expect(r.statusCode).toBe(401);
      const row = (
        await sql<{
          ip: string;
        }>`select ip from login_attempts where email = 'nobody@stateline.test'`.execute(p.db.kysely)
      ).rows[0];
      expect(row?.ip).toBe("127.0.0.1");
    });
  });

  describe("requests", () => {
    it("the bearer scheme is case-insensitive", async () => {
      const token = (maya.authorization ?? "").replace(/^Bearer /, "");
      for (const scheme of ["bearer", "BEARER", "Bearer"]) {
        const r = await p.app.inject({ url: "/api/v1/me", headers: { authorization: `${scheme} ${token}` } });
        expect(r.statusCode, scheme).toBe(200);
      }
    });

    it("answers with client data are never cached", async () => {
      const r = await p.app.inject({ url: "/api/v1/clients", headers: maya });
      expect(r.headers["cache-control"]).toBe("no-store");
    });

    it("an answer with text beyond ASCII says its length in bytes and reads back whole, compressed or not", async () => {
      const name = "José Núñez-Ørsted, LCSW — 北京";
      const made = await p.app.inject({
        method: "POST",
        url: "/api/v1/clients",
        headers: maya,
        payload: {
          name,
          birthDate: "1988-02-29",
          coverage: { payer: "aetna", memberId: "W555000222" },
          location: { kind: "home", line1: "2200 Ross Ave", city: "New York", state: "NY", zip: "10027" },
        },
      });
      expect(made.statusCode, made.body).toBe(201);
      const id = made.json<{ id: string }>().id;
      for (const encoding of [undefined, "gzip", "br"]) {
        const r = await p.app.inject({
          url: `/api/v1/clients/${id}`,
          headers: { ...maya, ...(encoding ? { "accept-encoding": encoding } : {}) },
        });
        expect(r.statusCode).toBe(200);
        expect(r.headers["content-encoding"]).toBe(encoding);
        expect(Number(r.headers["content-length"])).toBe(r.rawPayload.length);
        const body =
          encoding === "gzip"
            ? gunzipSync(r.rawPayload)
            : encoding === "br"
              ? brotliDecompressSync(r.rawPayload)
              : r.rawPayload;
        expect((JSON.parse(body.toString("utf8")) as { name: string }).name).toBe(name);
      }
      // An error naming the text it refuses, the same way.
      const refused = await p.app.inject({ url: "/api/v1/directory?payer=Ünïcode&state=NY", headers: ops });
      expect(refused.statusCode).toBe(400);
      expect(Number(refused.headers["content-length"])).toBe(refused.rawPayload.length);
      expect(refused.json<{ detail: string }>().detail).toContain('"Ünïcode"');
    });

    it("someone else's id is a 404, and an audit event", async () => {
      const r = await p.app.inject({
        url: "/api/v1/clients/00000000-0000-4000-8000-000000000001",
        headers: maya,
      });
      expect(r.statusCode).toBe(404);
      const denied = (
        await sql<{
          n: number;
        }>`select count(*)::int as n from audit_events where action = 'access.denied'`.execute(p.db.kysely)
      ).rows[0]?.n;
      expect(denied).toBeGreaterThan(0);
    });

    it("NUL and lone surrogates are refused with their path, also before sign-in", async () => {
      const nul = await p.app.inject({
        method: "POST",
        url: LOGIN,
        payload: JSON.stringify({ email: "a\u0000b@x.org", password: "something long" }),
        headers: { "content-type": "application/json" },
      });
      expect(nul.statusCode).toBe(400);
      expect(nul.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe("email");
      const lone = await p.app.inject({
        method: "POST",
        url: LOGIN,
        payload: '{"email":"x@y.org","password":"\\ud800 long enough"}',
        headers: { "content-type": "application/json" },
      });
      expect(lone.statusCode).toBe(400);
      expect(lone.body).toContain("surrogate");
      const query = await p.app.inject({ url: "/api/v1/audit?action=%00", headers: maya });
      expect(query.statusCode).toBe(400);
      expect(query.body).toContain("query.action");
    });

    it("audit search: bad ids and numbers are 400s with their path; since filters by time", async () => {
      for (const [q, path] of [
        ["clientId=abc", "query.clientId"],
        ["actorUserId=abc", "query.actorUserId"],
        ["before=99999999999999999999", "query.before"],
        ["since=yesterday", "query.since"],
      ] as const) {
        const r = await p.app.inject({ url: `/api/v1/audit?${q}`, headers: ops });
        expect(r.statusCode, q).toBe(400);
        expect(r.json<{ errors: { path: string }[] }>().errors[0]?.path, q).toBe(path);
      }
      const since = await p.app.inject({ url: "/api/v1/audit?since=2026-12-04T10:00:00Z", headers: ops });
      expect(since.statusCode).toBe(200);
      const all = await p.app.inject({
        url: "/api/v1/audit?since=2000-01-01T00:00:00%2B05:00",
        headers: ops,
      });
      expect(all.json<unknown[]>().length).toBeGreaterThan(0);
    });

    it("an NPI already on file is a 409 naming npi; whitespace-only names are 400s", async () => {
      const body = {
        firstName: "Ana",
        lastName: "Ruiz",
        credentialLetters: "LCSW",
        npi: "1234567893",
        taxonomy: "1041C0700X",
      };
      const first = await p.app.inject({
        method: "POST",
        url: "/api/v1/providers",
        headers: ops,
        payload: body,
      });
      expect([201, 200, 409]).toContain(first.statusCode);
      const again = await p.app.inject({
        method: "POST",
        url: "/api/v1/providers",
        headers: ops,
        payload: body,
      });
      expect(again.statusCode).toBe(409);
      expect(again.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe("npi");
      const blank = await p.app.inject({
        method: "POST",
        url: "/api/v1/providers",
        headers: ops,
        payload: { ...body, npi: "1558598797", firstName: "   ", lastName: " " },
      });
      expect(blank.statusCode).toBe(400);
      expect(blank.body).toContain("firstName");
      const settings = (await p.app.inject({ url: "/api/v1/billing-settings", headers: ops })).json<
        Record<string, unknown>
      >();
      const { updatedAt: _u, ...rest } = settings;
      const spaces = await p.app.inject({
        method: "PUT",
        url: "/api/v1/billing-settings",
        headers: ops,
        payload: { ...rest, name: "   " },
      });
      expect(spaces.statusCode).toBe(400);
      expect(spaces.json<{ errors: { path: string }[] }>().errors[0]?.path).toBe("name");
    });

    it("a body nested 10,000 deep is a 400, not a stack overflow", async () => {
      const deep = `${"[".repeat(10_000)}${"]".repeat(10_000)}`;
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/evaluate",
        payload: deep,
        headers: { "content-type": "application/json", "idempotency-key": "deep-1" },
      });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain("nested more than 32 levels");
    });

    it("__proto__ keys are refused", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: LOGIN,
        payload: '{"email":"x@y.org","password":"long enough pw","__proto__":{"admin":true}}',
        headers: { "content-type": "application/json" },
      });
      expect(r.statusCode).toBe(400);
      expect(r.body).toContain("__proto__");
    });
  });

  describe("cross-site requests with the session cookie", () => {
    let cookie: string;
    beforeAll(async () => {
      const r = await p.app.inject({
        method: "POST",
        url: LOGIN,
        remoteAddress: "198.51.100.20",
        payload: { email: "maya@stateline.test", password: DEMO_PASSWORD },
      });
      cookie = `stateline_session=${r.json<{ token: string }>().token}`;
    });

    it("a text/plain form post is refused and changes nothing", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie, "content-type": "text/plain", "sec-fetch-site": "same-site" },
        payload: "x=1",
      });
      expect(r.statusCode).toBe(403);
      const me = await p.app.inject({ url: "/api/v1/me", headers: { cookie } });
      expect(me.statusCode).toBe(200);
    });

    it("from another origin, even with the app's header", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie, origin: "https://evil.example", "x-stateline-request": "1" },
      });
      expect(r.statusCode).toBe(403);
    });

    it("from the app itself (same origin and its header) it works", async () => {
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/auth/logout",
        headers: { cookie, "sec-fetch-site": "same-origin", "x-stateline-request": "1" },
      });
      expect(r.statusCode).toBe(204);
    });
  });
});

describe("a proxy named in the configuration", () => {
  it("is believed about the client's address", async () => {
    const p = await startPlatform("pglite");
    const app = await buildServer({ store: p.store, geo: loadReference(), trustProxy: ["127.0.0.1"] });
    await app.inject({
      method: "POST",
      url: LOGIN,
      headers: { "x-forwarded-for": "192.0.2.44" },
      payload: { email: "proxied@stateline.test", password: "whatever it is" },
    });
    const row = (
      await sql<{ ip: string }>`select ip from login_attempts where email = 'proxied@stateline.test'`.execute(
        p.db.kysely,
      )
    ).rows[0];
    expect(row?.ip).toBe("192.0.2.44");
    await app.close();
    await p.close();
  });
});

describe("one process per embedded data folder", () => {
  it("a second lock on a folder in use is refused with a message that says what to do", () => {
    const folder = mkdtempSync(join(tmpdir(), "stateline-lock-"));
    const release = lockFolder(folder);
    writeFileSync(join(folder, "stateline.lock"), `${process.ppid}\n`);
    expect(() => lockFolder(folder)).toThrow(DataFolderLockedError);
    expect(() => lockFolder(folder)).toThrow(/use a PostgreSQL server|DATABASE_URL/);
    release();
  });

  it("a stale lock (its process is gone) is taken over", () => {
    const folder = mkdtempSync(join(tmpdir(), "stateline-lock-"));
    writeFileSync(join(folder, "stateline.lock"), "999999\n");
    const release = lockFolder(folder);
    release();
  });
});

describe("public POST /evaluate", () => {
  const aCase = {
    provider: { licenses: [{ state: "NY", type: "LCSW", status: "active" }], credentials: [] },
    client: { coverage: { payer: "aetna" } },
    session: { date: "2026-05-01", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
  };

  it("caps cases per request without sign-in, and says to use the CLI for bulk", async () => {
    const p = await startPlatform("pglite");
    const r = await p.app.inject({
      method: "POST",
      url: "/api/v1/evaluate",
      payload: Array.from({ length: 1001 }, () => aCase),
    });
    expect(r.statusCode).toBe(400);
    expect(r.body).toContain("at most 1,000");
    expect(r.body).toContain("stateline evaluate FILE");
    const ok = await p.app.inject({ method: "POST", url: "/api/v1/evaluate", payload: [aCase, aCase] });
    expect(ok.statusCode).toBe(200);
    expect(ok.json<unknown[]>()).toHaveLength(2);
    await p.close();
  });

  it("rate-limits an address that is not signed in, with Retry-After", async () => {
    const p = await startPlatform("pglite");
    let last = 200;
    let retry = "";
    for (let i = 0; i < 130 && last === 200; i++) {
      const r = await p.app.inject({
        method: "POST",
        url: "/api/v1/evaluate",
        remoteAddress: "203.0.113.200",
        payload: aCase,
      });
      last = r.statusCode;
      retry = r.headers["retry-after"] ?? "";
    }
    expect(last).toBe(429);
    expect(Number(retry)).toBeGreaterThan(0);
    await p.close();
  });
});

describe("compression", () => {
  it("answers large enough for it are compressed as the client accepts", async () => {
    const p = await startPlatform("pglite");
    const br = await p.app.inject({ url: "/api/openapi.json", headers: { "accept-encoding": "br" } });
    expect(br.headers["content-encoding"]).toBe("br");
    const gz = await p.app.inject({ url: "/api/openapi.json", headers: { "accept-encoding": "gzip" } });
    expect(gz.headers["content-encoding"]).toBe("gzip");
    const plain = await p.app.inject({ url: "/api/openapi.json" });
    expect(plain.headers["content-encoding"]).toBeUndefined();
    await p.close();
  });
});

describe("idempotency keys after a crash", () => {
  it("a retry takes over a key whose request's server died, once its short lease runs out", async () => {
    const { idempotent } = await import("../../src/app/idempotency.js");
    const p = await startPlatform("pglite");
    const user = await p.store.users.add({
      email: "retry@stateline.test",
      role: "ops",
      passwordHash: "x",
      providerId: null,
      clientId: null,
    });
    const actor = {
      userId: user.id,
      email: user.email,
      role: "ops" as const,
      providerId: null,
      clientId: null,
      ip: "127.0.0.1",
    };
    // The first server took the key with a lease and died before answering.
    expect((await p.store.idempotency.begin(user.id, "key-1", "hash-1", 0.2)).kind).toBe("started");
    await new Promise((resolve) => setTimeout(resolve, 400));
    const started = Date.now();
    const answer = await idempotent(p.store, actor, "key-1", "hash-1", () =>
      Promise.resolve({ statusCode: 201, body: { ok: true } }),
    );
    expect(answer).toMatchObject({ statusCode: 201, replayed: false });
    expect(Date.now() - started).toBeLessThan(2000);
    // A running request keeps its key: a concurrent retry waits and then replays the answer.
    const slow = idempotent(p.store, actor, "key-2", "hash-2", async () => {
      await new Promise((resolve) => setTimeout(resolve, 2500));
      return { statusCode: 201, body: { n: 1 } };
    });
    await new Promise((resolve) => setTimeout(resolve, 100));
    const retry = await idempotent(p.store, actor, "key-2", "hash-2", () =>
      Promise.resolve({ statusCode: 201, body: { n: 2 } }),
    );
    expect(retry).toMatchObject({ replayed: true, body: { n: 1 } });
    await slow;
    await p.close();
  });
});
