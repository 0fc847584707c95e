/**
 * The database connection: an embedded PostgreSQL (PGlite) in a data folder by default, or a
 * PostgreSQL server when `DATABASE_URL` is set. The same SQL, migrations and queries run on both;
 * Kysely's PostgreSQL dialect talks to either through the small pool adapter below.
 */
import { mkdirSync, readdirSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
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
  /**
   * Listens on a notification channel until the returned function is called (or `close`).
   * `listening` says the messages are being received (at the start, and again after a lost
   * connection came back); `lost` that some may have been missed meanwhile.
   */
  listen(channel: string, handlers: Listener): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

export interface Listener {
  heard(payload: string): void;
  listening(): void;
  lost(): void;
}

/** Channels are plain lower-case names: LISTEN takes an identifier, not a parameter. */
function channelName(channel: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(channel)) throw new Error(`not a channel name: ${channel}`);
  return channel;
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

const slowTimestamptz = pg.types.getTypeParser(pg.types.builtins.TIMESTAMPTZ, "text") as (
  v: string,
) => unknown;
const digits = (v: string, from: number, to: number): number => {
  let n = 0;
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return NaN;
    n = n * 10 + c;
  }
  return n;
};

/**
 * `timestamptz` as the server writes it ("2026-01-05 14:00:00.123456+00", "… -05:30"), read by
 * position: a 1,000-row page carries thousands of instants, and the general parser's regular
 * expressions were a tenth of such a page's time. Anything else (BC, infinity, an odd offset) goes
 * to the general parser. Milliseconds, as a JS Date keeps them.
 */
export function parseTimestamptz(v: string): Date {
  if (v.length >= 22 && v.charCodeAt(10) === 32 && v.charCodeAt(4) === 45 && v.charCodeAt(7) === 45) {
    let i = 19;
    let ms = 0;
    if (v.charCodeAt(i) === 46) {
      let scale = 100;
      i++;
      while (i < v.length && v.charCodeAt(i) >= 48 && v.charCodeAt(i) <= 57) {
        ms += (v.charCodeAt(i) - 48) * scale;
        scale /= 10;
        i++;
      }
      ms = Math.floor(ms);
    }
    const sign = v[i] === "+" ? 1 : v[i] === "-" ? -1 : 0;
    const rest = v.length - i - 1;
    if (sign !== 0 && (rest === 2 || rest === 5 || rest === 8)) {
      const oh = digits(v, i + 1, i + 3);
      const om = rest >= 5 ? digits(v, i + 4, i + 6) : 0;
      const os = rest === 8 ? digits(v, i + 7, i + 9) : 0;
      const y = digits(v, 0, 4);
      const t = Date.UTC(
        y,
        digits(v, 5, 7) - 1,
        digits(v, 8, 10),
        digits(v, 11, 13),
        digits(v, 14, 16),
        digits(v, 17, 19),
        ms,
      );
      const at = t - sign * (oh * 3600 + om * 60 + os) * 1000;
      if (y >= 1000 && Number.isFinite(at)) return new Date(at);
    }
  }
  return slowTimestamptz(v) as Date;
}
pg.types.setTypeParser(pg.types.builtins.TIMESTAMPTZ, parseTimestamptz);

export async function connect(options: ConnectOptions = {}): Promise<Db> {
  return options.url ? connectServer(options.url) : connectEmbedded(options.dataDir ?? "./data");
}

async function connectServer(url: string): Promise<Db> {
  const pool = new pg.Pool({ connectionString: url, max: Number(process.env.PG_POOL_SIZE ?? 10) });
  // An idle connection the server closes (restart, failover) is dropped from the pool and
  // replaced on next use; it must not take the process down. Once closing, a connection still
  // saying goodbye when the server ends it is no news.
  let closing = false;
  pool.on("error", (err) => {
    if (!closing) process.stderr.write(`stateline: idle database connection closed: ${err.message}\n`);
  });
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool: prepared(pool) }) });
  await sql`select 1`.execute(kysely);
  const listeners = new Set<() => Promise<void>>();
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
    async listen(channel, handlers) {
      const stop = await listenOnServer(url, channelName(channel), handlers);
      const remove = async () => {
        listeners.delete(remove);
        await stop();
      };
      listeners.add(remove);
      return remove;
    },
    async close() {
      closing = true;
      await Promise.all([...listeners].map((stop) => stop()));
      await kysely.destroy();
    },
  };
}

/** Waits before listening again after the connection was lost: 0.5 s, doubling, at most 30 s. */
const relistenDelay = (attempt: number) => Math.min(500 * 2 ** attempt, 30_000);

/**
 * LISTEN on a connection of its own (a pooled one would be handed to queries). If it fails, the
 * listener hears `lost` and the connection is made again until `stop`.
 */
async function listenOnServer(
  url: string,
  channel: string,
  handlers: Listener,
): Promise<() => Promise<void>> {
  let stopped = false;
  let current: pg.Client | undefined;
  let timer: NodeJS.Timeout | undefined;
  let attempt = 0;

  const open = async (): Promise<void> => {
    // TCP keepalive: a connection that died without a word (a network partition) is noticed in
    // the end rather than never. Until then no message arrives, and what bounds a remembered
    // sign-in is its 60 s limit (login-cache.ts).
    const client = new pg.Client({
      connectionString: url,
      keepAlive: true,
      keepAliveInitialDelayMillis: 10_000,
    });
    let down = false;
    const fail = () => {
      if (down) return;
      down = true;
      if (current === client) current = undefined;
      client.end().catch(() => {});
      if (stopped) return;
      handlers.lost();
      timer = setTimeout(() => {
        timer = undefined;
        open().catch(() => {});
      }, relistenDelay(attempt++));
    };
    client.on("error", fail);
    client.on("end", fail);
    client.on("notification", (m) => {
      if (m.channel === channel) handlers.heard(m.payload ?? "");
    });
    try {
      await client.connect();
      await client.query(`listen ${channel}`);
    } catch (e) {
      fail();
      throw e;
    }
    if (stopped) {
      down = true;
      await client.end();
      return;
    }
    current = client;
    attempt = 0;
    handlers.listening();
  };

  // Not listening yet is not fatal: the listener heard `lost`, and the connection is retried.
  await open().catch(() => {});
  return async () => {
    stopped = true;
    if (timer) clearTimeout(timer);
    const client = current;
    current = undefined;
    if (client) await client.end().catch(() => {});
  };
}

/**
 * One statement on a pooled connection: node-postgres's callback form, given with the query, in
 * a promise of our own. The library's promise form (`client.query(config)` with no callback) kept
 * every result's rows alive through the next young-generation collection, so each page read was
 * copied, moved to the old generation, and freed only by a full collection. Measured on the
 * directory at 100,000 providers, the server alone: 2.2 MB promoted per young collection, pauses
 * of 7–14 ms and a full collection every ~40 of them; this way, ~20 KB and 1–2 ms, and the
 * directory's p99 went from 6.8–7.7 ms to 6.0–6.6 ms in alternating runs on one machine. (A bare
 * loop of 33-row reads shows the same: 745 MB promoted of 1,251 MB allocated, against 1.5 MB.)
 */
function queryOn(client: pg.PoolClient, config: pg.QueryConfig): Promise<pg.QueryResult> {
  return new Promise((resolve, reject) => {
    client.query(config, (error: Error | null, result: pg.QueryResult) => {
      if (error) reject(error);
      else resolve(result);
    });
  });
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
          let r: pg.QueryResult;
          try {
            r = await queryOn(client, { name, text, values: [...values] });
          } catch (e) {
            // The stack of the statement's caller, not of the socket that read the error.
            if (e instanceof Error) Error.captureStackTrace(e);
            throw e;
          }
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
  let unlock = () => {};
  if (dataDir !== "memory") {
    mkdirSync(dataDir, { recursive: true });
    unlock = lockFolder(dataDir);
  }
  let db: PGlite;
  try {
    db = await PGlite.create(dataDir === "memory" ? undefined : dataDir, {
      parsers: { [pgliteTypes.DATE]: (v: string) => v, [pgliteTypes.INT8]: (v: string) => Number(v) },
    });
  } catch (e) {
    unlock();
    throw e;
  }
  const pool = new PglitePool(db);
  const kysely = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  return {
    kysely,
    kind: "pglite",
    async exec(script) {
      await pool.exclusive(() => db.exec(script));
    },
    async listen(channel, handlers) {
      // One process has the folder (its lock): every change is made here, and heard at once.
      const unlisten = await pool.exclusive(() =>
        db.listen(channelName(channel), (payload) => {
          handlers.heard(payload);
        }),
      );
      handlers.listening();
      let done = false;
      return async () => {
        if (done) return;
        done = true;
        await pool.exclusive(() => unlisten());
      };
    },
    async close() {
      await kysely.destroy();
      await db.close();
      unlock();
    },
  };
}

/** Thrown when another process already has the embedded data folder open. */
export class DataFolderLockedError extends Error {
  constructor(folder: string, pid: number) {
    super(
      `${folder} is already open in another Stateline process (pid ${pid}). The embedded database has ` +
        "one writer: stop that process first, or run several servers on a PostgreSQL server " +
        "(set DATABASE_URL=postgres://…).",
    );
    this.name = "DataFolderLockedError";
  }
}

/**
 * One process per embedded data folder: a lock file holding the owner's pid, created exclusively.
 * A lock whose process is gone (a crash, kill -9) is stale and taken over. Two processes writing
 * one PGlite folder each acknowledge writes the other then overwrites.
 */
export function lockFolder(folder: string): () => void {
  const file = join(folder, "stateline.lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
      return () => {
        try {
          if (readFileSync(file, "utf8").trim() === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      const pid = Number(readFileSync(file, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && alive(pid))
        throw new DataFolderLockedError(folder, pid);
      unlinkSync(file); // stale: its process is gone
    }
  }
  throw new Error(`could not lock ${folder}`);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
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

/**
 * What the serving role of a PostgreSQL server may do, granted by the owner after migrating:
 * read and write the platform's tables, but only read and append the audit log (no UPDATE,
 * DELETE or TRUNCATE, and never moves the chain's head). Not owning the tables, it cannot disable their
 * triggers or alter them either. Run as the owner (`MIGRATION_DATABASE_URL`).
 */
export async function grantServing(db: Db, role: string): Promise<void> {
  if (!/^[a-z_][a-z0-9_$]{0,62}$/i.test(role)) throw new Error(`not a role name: "${role}"`);
  const r = `"${role}"`;
  await db.exec(`
    grant usage on schema public to ${r};
    grant select, insert, update, delete on all tables in schema public to ${r};
    revoke update, delete, truncate on audit_events from ${r};
    revoke insert, update, delete, truncate on audit_chain from ${r};
    revoke insert, update, delete, truncate on schema_migrations from ${r};
    grant usage, select on all sequences in schema public to ${r};
  `);
}
