/**
 * A running platform for API tests, on either database: PGlite in memory, or a fresh database
 * on the PostgreSQL server (created per test file and dropped after, so files never interfere).
 */
import { randomBytes } from "node:crypto";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { Store } from "../../src/app/ports.js";
import { buildServer } from "../../src/http/server.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { rememberLogins } from "../../src/store/login-cache.js";
import { createStore } from "../../src/store/store.js";

export const SERVER_URL = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
export const KINDS = ["pglite", "postgres"] as const;
export type Kind = (typeof KINDS)[number];

export interface Platform {
  app: FastifyInstance;
  db: Db;
  store: Store;
  /** Another server on the same database (scale-out tests). */
  url?: string;
  close(): Promise<void>;
}

export async function freshDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const name = `stateline_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = SERVER_URL.replace(/\/[^/]*$/, `/${name}`);
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export async function startPlatform(kind: Kind, now?: () => Date): Promise<Platform> {
  let db: Db;
  let drop: (() => Promise<void>) | undefined;
  let url: string | undefined;
  if (kind === "postgres") {
    const fresh = await freshDatabase();
    url = fresh.url;
    drop = fresh.drop;
    db = await connect({ url });
  } else {
    db = await connect({ dataDir: "memory" });
  }
  await migrate(db);
  // As `stateline serve` runs: sign-ins remembered, kept true by the database's messages.
  const store = createStore(db.kysely, { logins: await rememberLogins(db) });
  const app = await buildServer({ store, geo: loadReference(), ...(now ? { now } : {}) });
  const platform: Platform = {
    app,
    db,
    store,
    async close() {
      await app.close();
      await db.close();
      await drop?.();
    },
  };
  if (url) platform.url = url;
  return platform;
}

/** Signs in through the API and returns the bearer header. */
export async function bearer(
  app: FastifyInstance,
  email: string,
  password: string,
): Promise<Record<string, string>> {
  const r = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { email, password } });
  if (r.statusCode !== 200) throw new Error(`login ${email}: ${r.statusCode} ${r.body}`);
  return { authorization: `Bearer ${r.json<{ token: string }>().token}` };
}
