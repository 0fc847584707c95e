/**
 * Operations' lists, paged by keyset (issue 15), on both databases: walking a list by its
 * `Link: <…>; rel="next"` with a small page size gives every row exactly once, in the list's
 * order (ties on the sort key broken by id); the last page carries no Link nor X-Next-Cursor; a
 * cursor that is not one is a 400 naming query.cursor; and a cursor never widens what the
 * caller may see. The practice is generated as the scale bench generates it (ties in start times
 * and in names included), with two providers given accounts.
 */
import { sql } from "kysely";
import type { LightMyRequestResponse } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createUser } from "../../src/app/auth.js";
import { fillLists } from "../../scripts/scale/lists.js";
import { as, loginAs, PASSWORD, seedOps, startApp, type DbKind, type TestApp } from "../support/app.js";

const KINDS: DbKind[] = ["pglite", "postgres"];
const SIZES = { providers: 70, clients: 280, sessions: 1100, claims: 200, alerts: 90, exports: 23 };

describe.each(KINDS)("keyset pagination on %s", (kind) => {
  let t: TestApp;
  let ops: ReturnType<typeof as>;
  let mine: ReturnType<typeof as>;
  let theirs: ReturnType<typeof as>;
  let myId: string;
  let theirId: string;

  /** The ids a SQL query answers, in its order: what the list must give. */
  const ids = async (query: ReturnType<typeof sql<{ id: string }>>) =>
    (await query.execute(t.db.kysely)).rows.map((r) => r.id);

  beforeAll(async () => {
    t = await startApp(kind);
    await fillLists(t.db, SIZES);
    // Two providers of the practice sign in: the two with the most sessions.
    const busiest = await sql<{ provider_id: string }>`
      select provider_id from sessions group by provider_id order by count(*) desc, provider_id limit 2`.execute(
      t.db.kysely,
    );
    [myId, theirId] = busiest.rows.map((r) => r.provider_id) as [string, string];
    for (const [i, providerId] of [myId, theirId].entries())
      await createUser(t.store, {
        email: `p${i}@paging.test`,
        password: PASSWORD,
        role: "provider",
        providerId,
      });
    const o = await seedOps(t.store);
    ops = as(t.app, await loginAs(t.app, o.email));
    mine = as(t.app, await loginAs(t.app, "p0@paging.test"));
    theirs = as(t.app, await loginAs(t.app, "p1@paging.test"));
  }, 300_000);
  afterAll(async () => t.close());

  /** Follows `Link rel="next"` from `url` to the last page: the ids of every page, and the pages. */
  async function walk(call: ReturnType<typeof as>, url: string) {
    const seen: string[] = [];
    const pages: LightMyRequestResponse[] = [];
    let next: string | undefined = url;
    while (next !== undefined) {
      const res = await call("GET", next);
      expect(res.statusCode, res.body).toBe(200);
      pages.push(res);
      seen.push(...res.json<{ id: string }[]>().map((r) => r.id));
      const link = res.headers.link;
      const cursor = res.headers["x-next-cursor"];
      if (link === undefined) {
        expect(cursor).toBeUndefined();
        next = undefined;
      } else {
        const m = /^<([^>]+)>; rel="next"$/.exec(String(link));
        expect(m, String(link)).not.toBeNull();
        next = m?.[1];
        // The same query, with the cursor the other header gives.
        expect(new URL(next ?? "", "http://x").searchParams.get("cursor")).toBe(cursor);
        expect(pages.length).toBeLessThan(500);
      }
    }
    return { seen, pages };
  }

  it("walks every operations list a few rows at a time: each row once, in order, the last page without a next", async () => {
    const lists: [string, Promise<string[]>][] = [
      ["/api/v1/sessions?limit=37", ids(sql`select id from sessions order by starts_at, id`)],
      [
        "/api/v1/sessions?status=confirmed&limit=25",
        ids(sql`select id from sessions where status = 'confirmed' order by starts_at, id`),
      ],
      [
        "/api/v1/sessions?status=scheduled&from=2026-03-01&to=2026-06-30&limit=20",
        ids(sql`select id from sessions where status = 'scheduled'
                   and service_date between '2026-03-01' and '2026-06-30' order by starts_at, id`),
      ],
      ["/api/v1/claims?limit=17", ids(sql`select id from claims order by created_at desc, id desc`)],
      [
        "/api/v1/claims?status=ready&limit=9",
        ids(sql`select id from claims where status = 'ready' order by created_at desc, id desc`),
      ],
      ["/api/v1/providers?limit=8", ids(sql`select id from providers order by name, id`)],
      ["/api/v1/clients?limit=33", ids(sql`select id from clients order by name, id`)],
      [
        "/api/v1/alerts?limit=11",
        ids(sql`select id from alerts where resolved_at is null order by created_at desc, id desc`),
      ],
      [
        "/api/v1/alerts?status=all&limit=11",
        ids(sql`select id from alerts order by created_at desc, id desc`),
      ],
      [
        "/api/v1/claim-exports?limit=4",
        ids(sql`select id from claim_exports order by created_at desc, id desc`),
      ],
    ];
    for (const [url, expected] of lists) {
      const want = await expected;
      expect(want.length, url).toBeGreaterThan(8);
      const { seen, pages } = await walk(ops, url);
      expect(seen, url).toEqual(want);
      expect(new Set(seen).size, url).toBe(seen.length);
      expect(pages.length, url).toBeGreaterThan(2);
      // One page of the largest size agrees, and says whether there is more; one row more is refused.
      // The largest page of each list (src/contract/api): the largest that meets its time goal.
      const max = url.startsWith("/api/v1/providers")
        ? 100
        : url.startsWith("/api/v1/clients")
          ? 200
          : url.startsWith("/api/v1/sessions") || url.startsWith("/api/v1/claims")
            ? 500
            : 1000;
      const whole = await ops("GET", url.replace(/limit=\d+/, `limit=${max}`));
      expect(
        whole.json<{ id: string }[]>().map((r) => r.id),
        url,
      ).toEqual(want.slice(0, max));
      expect(whole.headers.link === undefined, url).toBe(want.length <= max);
      const over = await ops("GET", url.replace(/limit=\d+/, `limit=${max + 1}`));
      expect(over.statusCode, url).toBe(400);
      expect(over.json<{ errors: { path: string }[] }>().errors[0]?.path, url).toBe("query.limit");
    }
  }, 300_000);

  it("has no next page when the last page is exactly full", async () => {
    const confirmed = await ids(
      sql`select id from sessions where status = 'confirmed' order by starts_at, id`,
    );
    const res = await ops("GET", `/api/v1/sessions?status=confirmed&limit=${confirmed.length}`);
    expect(res.json<unknown[]>()).toHaveLength(confirmed.length);
    expect(res.headers.link).toBeUndefined();
    expect(res.headers["x-next-cursor"]).toBeUndefined();
    const less = await ops("GET", `/api/v1/sessions?status=confirmed&limit=${confirmed.length - 1}`);
    expect(less.headers["x-next-cursor"]).toBeDefined();
  });

  it("breaks ties on the sort key by id: sessions at the same start, providers of the same name", async () => {
    const ties = await sql<{ n: number }>`
      select count(*)::int as n from (select starts_at from sessions group by starts_at having count(*) > 1) s`.execute(
      t.db.kysely,
    );
    expect(ties.rows[0]?.n).toBeGreaterThan(0);
    const names = await sql<{ n: number }>`
      select count(*)::int as n from (select name from providers group by name having count(*) > 1) s`.execute(
      t.db.kysely,
    );
    expect(names.rows[0]?.n).toBeGreaterThan(0);
    // Pages of one row: every boundary falls between two rows of a tie somewhere.
    const { seen } = await walk(ops, "/api/v1/providers?limit=1");
    expect(seen).toEqual(await ids(sql`select id from providers order by name, id`));
    // Claims created in the same microsecond, and one a microsecond later: cursors keep microseconds.
    await sql`update claims set created_at = case when number % 3 = 0 then timestamptz '2026-06-10 12:00:00.123457+00'
                                                  else timestamptz '2026-06-10 12:00:00.123456+00' end
               where number in (select number from claims order by number limit 9)`.execute(t.db.kysely);
    const claims = await walk(ops, "/api/v1/claims?limit=2");
    expect(claims.seen).toEqual(await ids(sql`select id from claims order by created_at desc, id desc`));
  }, 300_000);

  it("keeps a provider's pages to their own rows, and a cursor never shows anyone else's", async () => {
    const own = await ids(sql`select id from sessions where provider_id = ${myId} order by starts_at, id`);
    const { seen } = await walk(mine, "/api/v1/sessions?limit=3");
    expect(seen).toEqual(own);
    const ownClaims = await ids(
      sql`select id from claims where provider_id = ${myId} order by created_at desc, id desc`,
    );
    expect((await walk(mine, "/api/v1/claims?limit=2")).seen).toEqual(ownClaims);

    // The other provider's cursor, and operations' from the middle of everyone's sessions:
    // used by this provider they only say where to continue within their own sessions.
    const theirPage = await theirs("GET", "/api/v1/sessions?limit=2");
    const ops1 = await ops("GET", "/api/v1/sessions?limit=500");
    for (const cursor of [theirPage.headers["x-next-cursor"], ops1.headers["x-next-cursor"]]) {
      expect(typeof cursor).toBe("string");
      const after = await walk(mine, `/api/v1/sessions?limit=4&cursor=${String(cursor)}`);
      expect(after.seen.length).toBeGreaterThan(0);
      for (const id of after.seen) expect(own).toContain(id);
      // Exactly their own sessions that come after that place.
      expect(after.seen).toEqual(own.slice(own.length - after.seen.length));
    }

    // A provider's clients: the whole practice on the default page, nobody else's.
    const clients = await mine("GET", "/api/v1/clients");
    expect(clients.headers.link).toBeUndefined();
    expect(clients.json<{ id: string }[]>().map((c) => c.id)).toEqual(
      await ids(sql`select id from clients where provider_id = ${myId} order by name, id`),
    );
    // A provider's list of providers is themself, with no next page whatever the cursor.
    const providersPage = await ops("GET", "/api/v1/providers?limit=3");
    const me = await mine("GET", "/api/v1/providers");
    expect(me.json<{ id: string }[]>().map((p) => p.id)).toEqual([myId]);
    const meAfter = await mine(
      "GET",
      `/api/v1/providers?cursor=${String(providersPage.headers["x-next-cursor"])}`,
    );
    expect(meAfter.statusCode).toBe(200);
    expect(meAfter.json<unknown[]>()).toEqual([]);
    expect(meAfter.headers.link).toBeUndefined();
  }, 300_000);

  it("refuses a cursor that is not one with a 400 naming query.cursor", async () => {
    const claims = await ops("GET", "/api/v1/claims?limit=1");
    const claimsCursor = String(claims.headers["x-next-cursor"]);
    const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");
    const bad: [string, string][] = [
      ["/api/v1/sessions", "not a cursor!"],
      ["/api/v1/sessions", claimsCursor], // another list's
      ["/api/v1/sessions", b64(["sessions", "2026-06-10T14:00:00Z", "not-a-uuid"])],
      ["/api/v1/sessions", b64(["sessions", "yesterday", "0b6f4e7e-8f0a-4d51-9d8e-6a1c2e3f4a5b"])],
      ["/api/v1/sessions", b64({ after: "x" })],
      ["/api/v1/sessions", "x".repeat(1001)],
      ["/api/v1/claims", b64(["claims", "2026-06-10T14:00:00Z"])],
      ["/api/v1/providers", b64(["providers", "", "0b6f4e7e-8f0a-4d51-9d8e-6a1c2e3f4a5b"])],
      ["/api/v1/clients", claimsCursor],
      ["/api/v1/alerts", claimsCursor],
      ["/api/v1/claim-exports", "%%%"],
    ];
    for (const [path, cursor] of bad) {
      const res = await ops("GET", `${path}?cursor=${encodeURIComponent(cursor)}`);
      expect(res.statusCode, `${path} ${cursor}`).toBe(400);
      expect(res.json<{ errors: { path: string }[] }>().errors[0]?.path, `${path} ${cursor}`).toBe(
        "query.cursor",
      );
    }
    // A provider's bad cursor is refused the same way, before anything is read.
    const res = await mine("GET", `/api/v1/sessions?cursor=${claimsCursor}`);
    expect(res.statusCode).toBe(400);
  });

  it("pages the audit log by `before`, a full page linking to the older events", async () => {
    const res = await ops("GET", "/api/v1/audit?limit=5");
    const events = res.json<{ id: number }[]>();
    expect(events).toHaveLength(5);
    const link = /^<([^>]+)>; rel="next"$/.exec(String(res.headers.link));
    expect(link?.[1]).toBe(`/api/v1/audit?limit=5&before=${events[4]?.id}`);
    const older = await ops("GET", link?.[1] ?? "");
    expect(older.json<{ id: number }[]>()[0]?.id).toBeLessThan(events[4]?.id ?? 0);
  });

  it("states the paging headers and the cursor in the OpenAPI document", async () => {
    const doc = (await t.app.inject({ url: "/api/openapi.json" })).json<{
      paths: Record<
        string,
        {
          get: {
            parameters?: { name: string; in: string }[];
            responses: Record<string, { headers?: object }>;
          };
        }
      >;
    }>();
    for (const path of ["sessions", "claims", "providers", "clients", "alerts", "claim-exports"]) {
      const get = doc.paths[`/api/v1/${path}`]?.get;
      expect(Object.keys(get?.responses["200"]?.headers ?? {}), path).toEqual(["Link", "X-Next-Cursor"]);
      expect(
        get?.parameters?.some((p) => p.name === "cursor" && p.in === "query"),
        path,
      ).toBe(true);
      expect(
        get?.parameters?.some((p) => p.name === "limit" && p.in === "query"),
        path,
      ).toBe(true);
    }
  });
});
