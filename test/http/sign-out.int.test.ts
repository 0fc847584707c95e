/**
 * The server remembers who is behind a sign-in token (src/store/login-cache.ts); a sign-out, an
 * account change, or a login session ended by hand at a SQL prompt still takes effect at once on
 * this server and within moments on every other one, on both databases.
 */
import { sql } from "kysely";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { as, loginAs, seedOps, startApp, type TestApp } from "../support/app.js";
import { KINDS } from "../support/platform.js";

/** Polls `probe` until it returns true (at most `ms`). */
async function eventually(probe: () => Promise<boolean>, ms = 3000): Promise<boolean> {
  const until = Date.now() + ms;
  for (;;) {
    if (await probe()) return true;
    if (Date.now() > until) return false;
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe.each(KINDS)("signing out on %s", (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startApp(kind);
  });
  afterAll(async () => {
    await t.close();
  });

  /** A fresh operations account, signed in, its token known to the server (one request made). */
  async function signedIn() {
    const { email } = await seedOps(t.store);
    const token = await loginAs(t.app, email);
    const me = await as(t.app, token)("GET", "/api/v1/me");
    expect(me.statusCode).toBe(200);
    return { email, token };
  }

  /** A statement on the database from outside the server: an operator, or another server. */
  async function byHand(statement: string): Promise<void> {
    if (t.url) {
      const client = new pg.Client({ connectionString: t.url });
      await client.connect();
      try {
        await client.query(statement);
      } finally {
        await client.end();
      }
    } else await sql.raw(statement).execute(t.db.kysely);
  }

  it("refuses the token at once after signing out on this server", async () => {
    const { token } = await signedIn();
    expect((await as(t.app, token)("POST", "/api/v1/auth/logout")).statusCode).toBe(204);
    const after = await as(t.app, token)("GET", "/api/v1/me");
    expect(after.statusCode).toBe(401);
    expect(after.json()).toMatchObject({ status: 401, code: "UNAUTHENTICATED" });
  });

  it("refuses it on another server of the same database once signed out on one", async () => {
    const other = await t.another();
    const { token } = await signedIn();
    expect((await as(other, token)("GET", "/api/v1/me")).statusCode).toBe(200);
    expect((await as(t.app, token)("POST", "/api/v1/auth/logout")).statusCode).toBe(204);
    expect(
      await eventually(async () => (await as(other, token)("GET", "/api/v1/me")).statusCode === 401),
    ).toBe(true);
  });

  it("refuses it once its login session is ended by hand in the database", async () => {
    const { token } = await signedIn();
    await byHand("update login_sessions set revoked_at = now() where revoked_at is null");
    expect(
      await eventually(async () => (await as(t.app, token)("GET", "/api/v1/me")).statusCode === 401),
    ).toBe(true);
  });

  it("shows an account's change made by hand (every remembered sign-in is forgotten)", async () => {
    const { email, token } = await signedIn();
    const renamed = email.replace("ops-", "operations-");
    await byHand(`update users set email = '${renamed}' where email = '${email}'`);
    expect(
      await eventually(
        async () =>
          (await as(t.app, token)("GET", "/api/v1/me")).json<{ email?: string }>().email === renamed,
      ),
    ).toBe(true);
  });

  /** The server's listening connections on its database. */
  async function listeners(): Promise<number> {
    const client = new pg.Client({ connectionString: t.url });
    await client.connect();
    try {
      const r = await client.query<{ n: number }>(
        "select count(*)::int as n from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
      );
      return r.rows[0]?.n ?? 0;
    } finally {
      await client.end();
    }
  }

  it.runIf(kind === "postgres")(
    "asks the database while it cannot hear its messages (the listening connection was cut)",
    async () => {
      const { token } = await signedIn();
      const listening = await listeners();
      expect(listening).toBeGreaterThanOrEqual(1);
      // Cut the server's listening connection and, before it is back, end the login session.
      await byHand(
        "select pg_terminate_backend(pid) from pg_stat_activity where datname = current_database() and query ilike 'listen %'",
      );
      await byHand("update login_sessions set revoked_at = now() where revoked_at is null");
      expect(
        await eventually(async () => (await as(t.app, token)("GET", "/api/v1/me")).statusCode === 401),
      ).toBe(true);
      // Listening again (a new connection), a new sign-in is remembered and still refused once
      // signed out.
      expect(await eventually(async () => (await listeners()) === listening)).toBe(true);
      const again = await signedIn();
      await byHand("update login_sessions set revoked_at = now() where revoked_at is null");
      expect(
        await eventually(async () => (await as(t.app, again.token)("GET", "/api/v1/me")).statusCode === 401),
      ).toBe(true);
    },
  );
});
