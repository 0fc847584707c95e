/**
 * The database connection: an embedded PostgreSQL (PGlite) in a data folder by default, or a
 * PostgreSQL server when `DATABASE_URL` is set. The same SQL, migrations and queries run on both;
 * Kysely's PostgreSQL dialect talks to either through the small pool adapter below.
 */
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import {
  Kysely,
  PostgresDialect,
  sql,
  type PostgresPool,
  type PostgresPoolClient,
  type PostgresQueryResult,
} from "kysely";
import pg from "pg";
import type { Database } from "./schema.js";

export interface Db {
  readonly kysely: Kysely<Database>;
  /** "pglite" or "postgres", for logs and tests. */
  readonly kind: "pglite" | "postgres";
  /** Runs a script of several statements (migrations). */
  exec(script: string): Promise<void>;
  close(): Promise<void>;
}

export interface ConnectOptions {
  /** postgres://… to use a server; otherwise PGlite. */
  readonly url?: string | undefined;
  /** PGlite's data folder; "memory" for an in-memory database (tests). */
  readonly dataDir?: string | undefined;
}

// Dates stay `YYYY-MM-DD` strings (the engine's calendar dates), never JS Dates in a time zone.
pg.types.setTypeParser(pg.types.builtins.DATE, (v: string) => v);
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));

export async function connect(options: ConnectOptions = {}): Promise<Db> {
  return options.url ? connectServer(options.url) : connectEmbedded(options.dataDir ?? "./data");
}

async function connectServer(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_SIZE ?? 10) });
  // An idle connection the server closes (restart, failover) is dropped from the pool and
  // replaced on next use; it must not take the process down.
  pool.on("error", (err) => {
    process.stderr.write(`stateline: idle database connection closed: ${err.message}\n`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: prepared(pool) }) });
  await sql`select 1`.execute(kysely);
  return {
    kysely,
    kind: "postgres",
    async exec(script) {
      const client = await pool.connect();
      try {
        await client.query(script);
      } finally {
        client.release();
      }
    },
    close: () => kysely.destroy(),
  };
}

/** Distinct statements given a name; beyond these, statements are parsed and planned each time. */
const MAX_PREPARED = 256;

/**
 * The store sends the same few statements over and over (a confirmation: who is asking, the
 * session's context, the confirming write). Named, they become prepared statements: PostgreSQL
 * parses and plans each once per connection instead of on every call, which was a good part of
 * the server's work per confirmation. The name is fixed per statement text, so every connection
 * agrees; statements past MAX_PREPARED (or very long ones) run unnamed, bounding what each
 * connection keeps.
 */
function prepared(pool: pg.Pool): PostgresPool {
  const names = new Map<string, string>();
  const nameFor = (text: string): string | undefined => {
    let name = names.get(text);
    if (name === undefined && names.size < MAX_PREPARED && text.length < 10_000) {
      name = `stateline_${names.size}`;
      names.set(text, name);
    }
    return name;
  };
  return {
    async connect() {
      const client = await pool.connect();
      const wrapped = {
        async query<R>(text: string, values: readonly unknown[]): Promise<PostgresQueryResult<R>> {
          // Statements with parameters are single commands; scripts without (migrations) may
          // hold several and stay unnamed.
          const name = values.length > 0 ? nameFor(text) : undefined;
          const r = await client.query({ name, text, values: [...values] });
          // node-postgres reports the command as text; Kysely reads it as its own union.
          return {
            command: r.command as PostgresQueryResult<R>["command"],
            rowCount: r.rowCount ?? 0,
            rows: r.rows as R[],
          };
        },
        release: () => {
          client.release();
        },
      };
      return wrapped as PostgresPoolClient;
    },
    end: () => pool.end(),
  };
}

async function connectEmbedded(dataDir: string): Promise<Db> {
  if (dataDir !== "memory") mkdirSync(dataDir, { recursive: true });
  const db = await PGlite.create(dataDir === "memory" ? undefined : dataDir, {
    parsers: { [pgliteTypes.DATE]: (v: string) => v, [pgliteTypes.INT8]: (v: string) => Number(v) },
  });
  const pool = new PglitePool(db);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind: "pglite",
    async exec(script) {
      await pool.exclusive(() => db.exec(script));
    },
    async close() {
      await kysely.destroy();
      await db.close();
    },
  };
}

/**
 * PGlite is one connection. This pool hands it to one Kysely connection at a time (a
 * transaction holds it from BEGIN to COMMIT), queueing the others.
 */
class PglitePool implements PostgresPool {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly db: PGlite) {}

  /** Runs `work` alone on the connection. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    const client = await this.connect();
    try {
      return await work();
    } finally {
      client.release();
    }
  }

  connect(): Promise<PostgresPoolClient> {
    let release!: () => void;
    const turn = new Promise<void>((resolve) => (release = resolve));
    const previous = this.tail;
    this.tail = previous.then(() => turn);
    const db = this.db;
    const client = {
      async query<R>(text: string, parameters: readonly unknown[]): Promise<PostgresQueryResult<R>> {
        // Without parameters, the simple protocol: it also runs scripts of several statements.
        const result =
          parameters.length === 0
            ? ((await db.exec(text)).at(-1) ?? { rows: [] as R[], affectedRows: 0 })
            : await db.query<R>(text, [...parameters]);
        const verb = /^\s*(\w+)/.exec(text)?.[1]?.toUpperCase();
        const command = (
          verb === "WITH" ? "SELECT" : verb === "BEGIN" || verb === "START" ? "SELECT" : verb
        ) as PostgresQueryResult<R>["command"];
        return { command, rowCount: result.affectedRows ?? result.rows.length, rows: result.rows as R[] };
      },
      release: () => {
        release();
      },
    };
    return previous.then(() => client as PostgresPoolClient);
  }

  async end(): Promise<void> {
    await this.tail;
  }
}

// ---------------------------------------------------------------------------------------------
// Migrations: SQL files in ./migrations, applied in name order, once each, under a lock so that
// several servers starting together do not race.

const MIGRATIONS = new URL("../../src/store/migrations/", import.meta.url);

export function migrationFiles(): string[] {
  return readdirSync(MIGRATIONS)
    .filter((f) => f.endsWith(".sql"))
    .sort();
}

export async function migrate(db: Db): Promise<string[]> {
  await db.exec(`create table if not exists schema_migrations (
    name text primary key,
    applied_at timestamptz not null default now()
  )`);
  const applied: string[] = [];
  for (const file of migrationFiles()) {
    const done = await db.kysely.transaction().execute(async (tx) => {
      // One server migrates at a time; the others wait, then see the migration done.
      await sql`select pg_advisory_xact_lock(20261127)`.execute(tx);
      const seen = await sql<{
        n: number;
      }>`select count(*)::int as n from schema_migrations where name = ${file}`.execute(tx);
      if ((seen.rows[0]?.n ?? 0) > 0) return false;
      await sql.raw(readFileSync(new URL(file, MIGRATIONS), "utf8")).execute(tx);
      await sql`insert into schema_migrations (name) values (${file})`.execute(tx);
      return true;
    });
    if (done) applied.push(file);
  }
  return applied;
}
