/**
 * The API fuzzed from its own OpenAPI document: for every operation that takes a body or a query,
 * malformed requests — fast-check values shaped by the operation's schema with one field made
 * hostile (NUL, lone surrogates, huge strings, deep nesting, wrong types, `__proto__`), and
 * arbitrary JSON — sent as operations, a provider and a client of the demo practice. Never a 5xx,
 * always problem+json on refusal, and a refused request writes nothing (audit and sign-in
 * bookkeeping aside). `FUZZ_RUNS` sets requests per operation (`npm run fuzz` sends many more).
 */
import fc from "fast-check";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DEMO_PASSWORD, loadDemo } from "../../src/app/demo.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { bearer, startPlatform, type Platform } from "../support/platform.js";

const RUNS = Number(process.env.FUZZ_RUNS ?? 100);
/** Tables a refused request may still write: the audit log, sign-in bookkeeping, job heartbeats. */
const BOOKKEEPING = new Set([
  "audit_events",
  "audit_chain",
  "login_attempts",
  "login_throttle",
  "login_known_addresses",
  "login_sessions",
  "idempotency_keys",
  "jobs",
  "schema_migrations",
]);

interface Schema {
  type?: string | string[];
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  anyOf?: Schema[];
  enum?: unknown[];
  const?: unknown;
  format?: string;
}
interface Operation {
  parameters?: { in: string; name: string; schema?: Schema }[];
  requestBody?: { content?: Record<string, { schema?: Schema }> };
}
type OpenApi = { paths: Record<string, Record<string, Operation>> };

const HOSTILE: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant("a\u0000b"),
  fc.constant("\ud800"),
  fc.constant("x\udc00y"),
  fc.constant("é".repeat(70_000)),
  fc.constant("W99*88~77:6^"),
  fc.constant(JSON.parse(`${"[".repeat(40)}1${"]".repeat(40)}`) as unknown),
  fc.constant(JSON.parse('{"__proto__": {"admin": true}}') as unknown),
  fc.constant(-1),
  fc.constant(1e308),
  fc.constant(1e20),
  fc.constant(null),
  fc.constant(true),
  fc.constant([]),
  fc.constant({}),
  fc.constant("   "),
  fc.constant("2026-02-30"),
  fc.constant("not-an-id"),
  fc.string(),
);

/** Percent-encoded; a lone surrogate becomes the bytes of one (invalid UTF-8), as a raw client sends. */
function encode(v: string): string {
  try {
    return encodeURIComponent(v);
  } catch {
    return v
      .split("")
      .map((ch) => {
        const c = ch.charCodeAt(0);
        return c >= 0xd800 && c <= 0xdfff ? "%ED%A0%80" : encodeURIComponent(ch);
      })
      .join("");
  }
}

/** A plausible value for a schema: what a careless client would send. */
function sample(s: Schema | undefined, depth = 0): unknown {
  if (!s || depth > 6) return "x";
  if (s.const !== undefined) return s.const;
  if (s.enum && s.enum.length > 0) return s.enum[0];
  if (s.anyOf && s.anyOf.length > 0) return sample(s.anyOf[0], depth + 1);
  const type = Array.isArray(s.type) ? s.type[0] : s.type;
  switch (type) {
    case "object": {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(s.properties ?? {})) out[k] = sample(v, depth + 1);
      return out;
    }
    case "array":
      return [sample(s.items, depth + 1)];
    case "integer":
    case "number":
      return 1;
    case "boolean":
      return false;
    case "null":
      return null;
    case "string":
    case undefined:
    default:
      return s.format === "date" ? "2026-05-01" : "x";
  }
}

/** Every path to a field of a value, for replacing one of them. */
function paths(
  v: unknown,
  at: (string | number)[] = [],
  out: (string | number)[][] = [],
): (string | number)[][] {
  out.push(at);
  if (Array.isArray(v)) (v as unknown[]).forEach((x, i) => paths(x, [...at, i], out));
  else if (v && typeof v === "object") for (const [k, x] of Object.entries(v)) paths(x, [...at, k], out);
  return out;
}

function replaced(v: unknown, at: (string | number)[], value: unknown): unknown {
  if (at.length === 0) return value;
  const [head, ...rest] = at as [string | number, ...(string | number)[]];
  const copy = (Array.isArray(v) ? [...(v as unknown[])] : { ...(v as Record<string, unknown>) }) as Record<
    string | number,
    unknown
  >;
  copy[head] = replaced(copy[head], rest, value);
  return copy;
}

describe("the API under fuzzing (PGlite, the demo practice)", () => {
  let p: Platform;
  let doc: OpenApi;
  const headers: Record<string, Record<string, string>> = {};
  let ids: { client: string; session: string; claim: string; provider: string };

  beforeAll(async () => {
    p = await startPlatform("pglite", () => new Date("2026-05-01T15:00:00Z"));
    await p.store.transaction((tx) => loadDemo(tx, loadReference(), "2026-05-01"));
    for (const who of ["ops", "maya", "jordan"])
      headers[who] = await bearer(p.app, `${who}@stateline.test`, DEMO_PASSWORD);
    doc = (await p.app.inject({ url: "/api/openapi.json" })).json<OpenApi>();
    const clients = (await p.app.inject({ url: "/api/v1/clients", headers: headers.maya })).json<
      { id: string }[]
    >();
    const sessions = (await p.app.inject({ url: "/api/v1/sessions", headers: headers.maya })).json<
      { id: string }[]
    >();
    const claims = (await p.app.inject({ url: "/api/v1/claims", headers: headers.maya })).json<
      { id: string }[]
    >();
    const me = (await p.app.inject({ url: "/api/v1/me", headers: headers.maya })).json<{
      providerId: string;
    }>();
    ids = {
      client: clients[0]?.id ?? "x",
      session: sessions[0]?.id ?? "x",
      claim: claims[0]?.id ?? "x",
      provider: me.providerId,
    };
  });
  afterAll(async () => p.close());

  /** Rows in every table a refusal must not touch. */
  async function rows(): Promise<number> {
    const tables = (
      await sql<{
        name: string;
      }>`select tablename as name from pg_tables where schemaname = 'public'`.execute(p.db.kysely)
    ).rows.filter((t) => !BOOKKEEPING.has(t.name));
    const counts = sql.join(
      tables.map((t) => sql`(select count(*) from ${sql.table(t.name)})`),
      sql` + `,
    );
    const r = await sql<{ n: number }>`select (${counts})::bigint as n`.execute(p.db.kysely);
    return r.rows[0]?.n ?? 0;
  }

  const fill = (path: string, pick: number) =>
    path.replace(/\{(\w+)\}/g, (_m, name: string) => {
      const choices = [
        name.toLowerCase().includes("client")
          ? ids.client
          : name.toLowerCase().includes("claim")
            ? ids.claim
            : ids.session,
        ids.provider,
        "00000000-0000-4000-8000-000000000000",
        "not-an-id",
        "%00",
      ];
      return choices[pick % choices.length] ?? "x";
    });

  it("answers every malformed request with a 4xx problem+json, and a refusal writes nothing", async () => {
    let sent = 0;
    const failures: string[] = [];
    const byStatus = new Map<number, number>();
    for (const [path, methods] of Object.entries(doc.paths)) {
      if (!path.startsWith("/api/v1")) continue;
      for (const [method, op] of Object.entries(methods)) {
        const body = op.requestBody?.content?.["application/json"]?.schema;
        const query = (op.parameters ?? []).filter((x) => x.in === "query");
        if (!body && query.length === 0) continue;
        const samples = fc.sample(
          fc.record({
            who: fc.constantFrom("ops", "maya", "jordan"),
            pick: fc.nat(),
            hostile: HOSTILE,
            anything: fc.jsonValue({ maxDepth: 3 }),
            wild: fc.boolean(),
            field: fc.nat(),
          }),
          RUNS,
        );
        for (const s of samples) {
          const url = fill(path, s.pick);
          let payload: string | undefined;
          let search = "";
          if (body) {
            const base = sample(body);
            const at = paths(base);
            const value = s.wild ? s.anything : replaced(base, at[s.field % at.length] ?? [], s.hostile);
            payload = JSON.stringify(value);
          }
          if (query.length > 0) {
            const q = query[s.field % query.length];
            const v = s.hostile;
            search = `?${encodeURIComponent(q?.name ?? "x")}=${encode(typeof v === "string" ? v.slice(0, 2000) : JSON.stringify(v))}`;
          }
          const before = await rows();
          const r = await p.app.inject({
            method: method.toUpperCase() as "GET",
            url: `${url}${search}`,
            headers: {
              ...headers[s.who],
              ...(payload !== undefined ? { "content-type": "application/json" } : {}),
            },
            ...(payload !== undefined ? { payload } : {}),
          });
          sent++;
          byStatus.set(r.statusCode, (byStatus.get(r.statusCode) ?? 0) + 1);
          const what = `${method.toUpperCase()} ${url}${search.slice(0, 80)} as ${s.who}`;
          if (r.statusCode >= 500) failures.push(`${what}: ${r.statusCode} ${r.body.slice(0, 200)}`);
          else if (r.statusCode >= 400) {
            if (!String(r.headers["content-type"]).includes("application/problem+json"))
              failures.push(`${what}: ${r.statusCode} without problem+json`);
            const after = await rows();
            if (after !== before)
              failures.push(`${what}: refused (${r.statusCode}) yet wrote ${after - before} rows`);
          }
        }
      }
    }
    console.log(
      `fuzz: ${sent} requests; by status: ${[...byStatus]
        .sort((a, b) => a[0] - b[0])
        .map(([k, v]) => `${k}×${v}`)
        .join(", ")}`,
    );
    expect(failures.slice(0, 20)).toEqual([]);
    expect(sent).toBeGreaterThan(200);
  }, 600_000);
});
