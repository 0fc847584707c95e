/**
 * The migrations build the same database on PGlite and on the PostgreSQL server: every table,
 * column (type, nullability, default), constraint and index, so the store's queries mean the
 * same on both, and the tables the store's Kysely schema names all exist.
 */
import "../support/env.js";
import { randomBytes } from "node:crypto";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { admin, POSTGRES_URL } from "../support/app.js";

/** The tables of src/store/schema.ts's `Database`. */
const TABLES = [
  "alerts",
  "audit_events",
  "billing_organization",
  "claim_exports",
  "claims",
  "client_locations",
  "clients",
  "coverages",
  "credentials",
  "idempotency_keys",
  "jobs",
  "licenses",
  "login_attempts",
  "login_sessions",
  "practice_locations",
  "providers",
  "sessions",
  "users",
];

interface Shape {
  columns: string[];
  constraints: string[];
  indexes: string[];
}

async function shapeOf(db: Db): Promise<Shape> {
  const columns = await sql<{ line: string }>`
    select table_name || '.' || column_name || ' ' || data_type || ' ' || is_nullable || ' ' ||
           coalesce(column_default, '') || ' ' || is_identity as line
      from information_schema.columns
     where table_schema = 'public' and table_name <> 'schema_migrations'
     order by 1`.execute(db.kysely);
  const constraints = await sql<{ line: string }>`
    select conrelid::regclass::text || ' ' || contype::text || ' ' || pg_get_constraintdef(oid) as line
      from pg_constraint
     where connamespace = 'public'::regnamespace
       -- PostgreSQL 18 (PGlite) also lists NOT NULL as constraints; the columns compare those.
       and contype <> 'n'
     order by 1`.execute(db.kysely);
  const indexes = await sql<{ line: string }>`
    select indexdef as line from pg_indexes where schemaname = 'public' order by 1`.execute(db.kysely);
  return {
    columns: columns.rows.map((r) => r.line),
    constraints: constraints.rows.map((r) => r.line),
    indexes: indexes.rows.map((r) => r.line),
  };
}

describe("the schema on both databases", () => {
  let lite: Db;
  let server: Db;
  const name = `stateline_schema_${randomBytes(5).toString("hex")}`;

  beforeAll(async () => {
    lite = await connect({ dataDir: "memory" });
    await admin(`create database ${name}`);
    const u = new URL(POSTGRES_URL);
    u.pathname = `/${name}`;
    server = await connect({ url: u.toString() });
    await Promise.all([migrate(lite), migrate(server)]);
  }, 120_000);

  afterAll(async () => {
    await lite.close();
    await server.close();
    await admin(`drop database if exists ${name} with (force)`);
  });

  it("has the same tables, columns, constraints and indexes after the migrations", async () => {
    const [a, b] = await Promise.all([shapeOf(lite), shapeOf(server)]);
    expect(a.columns.length).toBeGreaterThan(100);
    expect(a.columns).toEqual(b.columns);
    expect(a.constraints).toEqual(b.constraints);
    expect(a.indexes).toEqual(b.indexes);
    // The audit log's client index is written by each insert, never merged in one request's time.
    expect(b.indexes.find((i) => i.includes("audit_events_listed_clients"))).toMatch(/fastupdate='?off'?/);
  });

  it("has every table the store's schema names", async () => {
    const r = await sql<{ table_name: string }>`
      select table_name from information_schema.tables
       where table_schema = 'public' and table_type = 'BASE TABLE'`.execute(server.kysely);
    expect(r.rows.map((t) => t.table_name)).toEqual(expect.arrayContaining(TABLES));
  });

  it("applies nothing twice: a second run finds every migration applied", async () => {
    expect(await migrate(server)).toEqual([]);
    expect(await migrate(lite)).toEqual([]);
  });
});
