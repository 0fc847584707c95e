/**
 * Operations' list endpoints at scale (issue 15): p50/p99 of each list page (limit 100 and the largest)
 * through the real server (`stateline serve` as built, in its own process, over keep-alive HTTP:
 * scripts/scale/server.ts), beside `GET /healthz` in the same loop, on a PostgreSQL database another bench section filled (or, when its tables are empty, a
 * modest practice generated here with generate_series). Each measurement walks the list: every
 * request follows the previous page's `X-Next-Cursor`, so deep pages are measured, not only the
 * first. "Before" rows time the old query shapes (no keyset index, `created_at desc, id` order,
 * one query per provider) on the same data, the new indexes dropped inside a rolled-back
 * transaction.
 *
 * Also `explainLists`: the store's own statements for every list shape (captured from Kysely's
 * log, not written out by hand), each with `EXPLAIN (FORMAT JSON)` or `(ANALYZE, BUFFERS)`.
 *
 * `benchLists` is wired into scripts/bench-scale.ts; alone: `npx tsx scripts/scale/lists.ts
 * [postgres://…/db]` (default: a scratch database `stateline_bench_lists`, created and dropped).
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import { Kysely, PostgresDialect, sql, type CompiledQuery } from "kysely";
import pg from "pg";
import type { Store } from "../../src/app/ports.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { decide } from "../../src/rules/decide.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import type { Database } from "../../src/store/schema.js";
import { createStore } from "../../src/store/store.js";
import { claimsPageLoads } from "./claims-page.js";
import { startServer, type BenchServer } from "./server.js";

/** measure, p50 ms, p99 ms, healthz p50, healthz p99, notes (as scripts/bench-scale.ts prints them). */
export type Row = [
  measure: string,
  p50: string,
  p99: string,
  healthP50: string,
  healthP99: string,
  notes: string,
];

export interface ListSizes {
  readonly providers: number;
  readonly clients: number;
  readonly sessions: number;
  /** Claims of confirmed sessions (at most a third of the sessions are confirmed). */
  readonly claims: number;
  readonly alerts: number;
  readonly exports: number;
}

/** What the bench generates when the tables are empty. */
export const MODEST: ListSizes = {
  providers: 2000,
  clients: 40000,
  sessions: 200000,
  claims: 60000,
  alerts: 8000,
  exports: 300,
};

/**
 * The practice at `sessions` sessions, in MODEST's proportions: at 1,000,000 it is the size the
 * list goals are set at (10,000 providers, 200,000 clients, 300,000 claims).
 */
export function listSizes(sessions: number): ListSizes {
  const k = sessions / MODEST.sessions;
  const of = (n: number) => Math.max(1, Math.round(n * k));
  return {
    providers: of(MODEST.providers),
    clients: of(MODEST.clients),
    sessions,
    claims: of(MODEST.claims),
    alerts: of(MODEST.alerts),
    exports: of(MODEST.exports),
  };
}

const ms = (t0: number) => performance.now() - t0;
const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const f1 = (n: number) => (Number.isNaN(n) ? "–" : n.toFixed(n < 10 ? 2 : 1));

// ---------------------------------------------------------------------------------------------
// Data: a practice at the given size, set-based (generate_series), when the tables are empty.

const FIRST = [
  "Maya",
  "Luis",
  "Priya",
  "Jordan",
  "Sam",
  "Avery",
  "Noor",
  "Elena",
  "Marcus",
  "Grace",
  "Omar",
  "Hana",
  "Theo",
  "Rosa",
  "Kai",
  "Ines",
  "Ben",
  "Lena",
  "Ravi",
  "Zoe",
];
const LAST = [
  "Chen",
  "Ortiz",
  "Patel",
  "Okafor",
  "Rivera",
  "Kim",
  "Haddad",
  "Novak",
  "Brooks",
  "Nguyen",
  "Silva",
  "Sato",
  "Meyer",
  "Cohen",
  "Khan",
  "Larsen",
  "Diaz",
  "Park",
  "Russo",
  "Adams",
  "Moreau",
  "Ali",
  "Berg",
  "Costa",
  "Fox",
  "Gill",
  "Hart",
  "Ibsen",
  "Jones",
  "Kerr",
];
const pgArray = (xs: readonly string[]) => `array[${xs.map((x) => `'${x}'`).join(",")}]`;

/**
 * Adds a practice of `sizes` (providers with NPIs from 2000000001, so they never meet the
 * directory section's, and their clients, sessions, claims, alerts, exports); does nothing when
 * sessions exist already (another section filled the big practice).
 */
export async function fillLists(
  db: Db,
  sizes: ListSizes,
  log: (line: string) => void = () => {},
): Promise<boolean> {
  const k = db.kysely;
  const has = await sql<{
    n: number;
  }>`select count(*)::int as n from (select 1 from sessions limit 1) s`.execute(k);
  if ((has.rows[0]?.n ?? 0) > 0) return false;
  const t0 = performance.now();
  // What a confirmed session keeps: the engine's decision for the practice's usual case, and
  // where the client was (their home, a saved location).
  const decision = decide(
    {
      provider: {
        licenses: [
          { state: "NY", type: "LCSW", status: "active", validFrom: "2020-01-01", validTo: "2030-12-31" },
        ],
        credentials: [
          {
            payer: "aetna",
            state: "NY",
            network: "standard",
            status: "active",
            effectiveFrom: "2024-01-01",
            effectiveTo: null,
          },
        ],
      },
      client: { coverage: { payer: "aetna" } },
      session: { date: "2026-06-10", modality: "telehealth", clientLocation: { state: "NY", zip: "10027" } },
    },
    loadReference(),
  );
  // A scheduled session's latest re-check: billable at home in New York, or (a third of them) at
  // risk, the client expected in New Jersey where the provider holds no license.
  const refused = decide(
    {
      provider: {
        licenses: [
          { state: "NY", type: "LCSW", status: "active", validFrom: "2020-01-01", validTo: "2030-12-31" },
        ],
        credentials: [],
      },
      client: { coverage: { payer: "aetna" } },
      session: { date: "2026-06-10", modality: "telehealth", clientLocation: { state: "NJ", zip: "07030" } },
    },
    loadReference(),
  );
  const place = (city: string, state: string, zip: string, kind: string) => ({
    line1: null as string | null,
    line2: null,
    city,
    state,
    zip,
    source: "client_location",
    sourceId: null,
    kind,
  });
  const literal = (v: unknown) => `'${JSON.stringify(v).replace(/'/g, "''")}'::jsonb`;
  const check = (billable: boolean) => ({
    checkedOn: "2026-06-01",
    checkedAt: "2026-06-01T06:00:00.000Z",
    billable,
    location: billable
      ? place("New York", "NY", "10027", "home")
      : place("Hoboken", "NJ", "07030", "temporary"),
    decision: billable ? decision : refused,
    alertKey: billable ? null : "sessions_at_risk:bench",
    crisisBillable: billable ? null : false,
  });
  const snapshot = literal({ ...place("New York", "NY", "10027", "home"), line1: "1 Amsterdam Ave" });
  const first = pgArray(FIRST);
  const last = pgArray(LAST);
  await db.exec(`
    insert into providers (name, first_name, last_name, credential_letters, npi, taxonomy)
    select f || ' ' || l || ', LCSW', f, l, 'LCSW', '2' || lpad(g::text, 9, '0'), '1041C0700X'
      from generate_series(1, ${sizes.providers}) g,
           lateral (select (${first})[1 + (g * 7) % ${FIRST.length}] as f,
                           (${last})[1 + (g * 13) % ${LAST.length}] as l) n;
    create temp table bench_p as
      select id, row_number() over (order by id) as rn from providers where npi like '2%';
    insert into licenses (provider_id, state, type, status, valid_from, valid_to, telehealth_only, source)
      select id, 'NY', 'LCSW', 'active', '2020-01-01', '2030-12-31', false, 'state_board' from bench_p;
    insert into credentials (provider_id, payer, state, network, status, effective_from)
      select id, 'aetna', 'NY', 'standard', 'active', '2024-01-01' from bench_p;
    insert into clients (provider_id, name, birth_date, sex)
    select p.id, (${first})[1 + (g * 11) % ${FIRST.length}] || ' ' || (${last})[1 + (g * 17) % ${LAST.length}] || ' ' || g,
           date '1970-01-01' + (g % 15000), 'U'
      from generate_series(1, ${sizes.clients}) g join bench_p p on p.rn = 1 + g % ${sizes.providers};
    create temp table bench_c as select id, provider_id, row_number() over (order by id) as rn from clients;
    insert into coverages (client_id, payer, member_id, effective_from)
      select id, 'aetna', 'W' || rn, '2025-01-01' from bench_c;
    insert into client_locations (client_id, kind, state, zip, line1, city)
      select id, 'home', 'NY', '10027', rn || ' Amsterdam Ave', 'New York' from bench_c;
    insert into sessions (provider_id, client_id, starts_at, time_zone, service_date, duration_minutes, modality,
                          cpt_code, status, confirmed_at, location_snapshot, decision)
    select c.provider_id, c.id, t.at, 'America/New_York', (t.at at time zone 'America/New_York')::date, 53,
           'telehealth', '90837', s.status,
           case when s.status = 'confirmed' then t.at + interval '1 hour' end,
           case when s.status = 'confirmed' then ${snapshot} end,
           case when s.status = 'confirmed' then ${literal(decision)} end
      from generate_series(1, ${sizes.sessions}) g
      join bench_c c on c.rn = 1 + g % ${sizes.clients}
      cross join lateral (select timestamptz '2026-01-05 14:00:00+00' + (g % 500) * interval '1 day'
                                 + ((g * 37) % 10) * interval '1 hour' as at) t
      cross join lateral (select case when g % 3 = 0 then 'confirmed' when g % 17 = 0 then 'cancelled'
                                      else 'scheduled' end as status) s;
    insert into session_checks (session_id, check_hash, last_check)
    select id, md5(id::text), case when rn % 3 = 0 then ${literal(check(false))} else ${literal(check(true))} end
      from (select id, row_number() over (order by id) as rn from sessions where status = 'scheduled') s;
    insert into claims (session_id, provider_id, client_id, bill_to, home_plan, basis, member_id, cpt_codes,
                        place_of_service, service_location, service_date, status, ready_at, created_at, coverage_id)
    select s.id, s.provider_id, s.client_id, 'aetna', 'aetna', 'in_network', 'W1', '{90837}', '10',
           s.location_snapshot, s.service_date, case when row_number() over () % 4 = 0 then 'ready' else 'pending' end,
           s.confirmed_at + interval '72 hours', s.confirmed_at,
           (select v.id from coverages v where v.client_id = s.client_id limit 1)
      from sessions s where s.status = 'confirmed' limit ${sizes.claims};
    insert into alerts (provider_id, client_id, kind, message, dedupe_key, detail, created_at, resolved_at, resolution)
    select c.provider_id, c.id, 'sessions_at_risk', 'Sessions at risk: the client moved', 'bench:' || g,
           '{"sessions":[]}'::jsonb,
           timestamptz '2026-01-05 14:00:00+00' + g * interval '7 minutes',
           case when g % 4 = 0 then timestamptz '2026-12-01 00:00:00+00' end,
           case when g % 4 = 0 then 'cleared' end
      from generate_series(1, ${sizes.alerts}) g join bench_c c on c.rn = 1 + (g * 7) % ${sizes.clients};
    insert into claim_exports (format, since, claim_count, content, created_at)
    select 'fhir', date '2026-01-01', 1, '{}', timestamptz '2026-01-05 14:00:00+00' + g * interval '1 day'
      from generate_series(1, ${sizes.exports}) g;
    drop table bench_p;
    drop table bench_c;
    analyze;
  `);
  log(
    `lists: generated ${sizes.providers} providers, ${sizes.clients} clients, ${sizes.sessions} sessions, ${sizes.claims} claims, ${sizes.alerts} alerts, ${sizes.exports} exports in ${(ms(t0) / 1000).toFixed(1)} s`,
  );
  return true;
}

// ---------------------------------------------------------------------------------------------
// The store's statements for each list shape, with their plans.

export interface ListShape {
  readonly name: string;
  /** The main table the statement reads. */
  readonly table: string;
  readonly sql: string;
  readonly parameters: readonly unknown[];
}

/**
 * Runs each list's store call (first page and a page after a cursor; operations' and a
 * provider's) on a logging Kysely and answers the statements it sent, exactly as sent.
 */
export async function listShapes(databaseUrl: string): Promise<ListShape[]> {
  const captured: CompiledQuery[] = [];
  const pool = new pg.Pool({ connectionString: databaseUrl, max: 2 });
  const kysely = new Kysely<Database>({
    dialect: new PostgresDialect({ pool }),
    log: (e) => {
      if (e.level === "query") captured.push(e.query);
    },
  });
  const shapes: ListShape[] = [];
  const take = async (name: string, table: string, run: (store: Store) => Promise<unknown>) => {
    captured.length = 0;
    await run(createStore(kysely));
    for (const [i, q] of captured.entries())
      shapes.push({
        name: captured.length > 1 ? `${name} #${i + 1}` : name,
        table,
        sql: q.sql,
        parameters: q.parameters,
      });
  };
  try {
    const store = createStore(kysely);
    // The key after a first page: the statements below read a page from the middle of each list.
    const mid = async (page: () => Promise<{ more: readonly string[] | null }>) =>
      (await page()).more ?? undefined;
    const someProvider = (await store.providers.page({ limit: 1 })).items[0]?.id;
    const sessionsAfter = await mid(() => store.sessions.page({ status: "confirmed", limit: 1000 }));
    const claimsAfter = await mid(() => store.claims.page({ limit: 1000 }));
    const readyAfter = await mid(() => store.claims.page({ status: "ready", limit: 1000 }));
    const providersAfter = await mid(() => store.providers.page({ limit: 200 }));
    const clientsAfter = await mid(() => store.clients.page(null, { limit: 500 }));
    const alertsAfter = await mid(() => store.alerts.page({ status: "open", limit: 200 }));
    const exportsAfter = await mid(() => store.claimFiles.listExports({ limit: 100 }));

    await take("sessions status=confirmed", "sessions", (s) =>
      s.sessions.page({ status: "confirmed", limit: 1000 }),
    );
    await take("sessions status=confirmed, next page", "sessions", (s) =>
      s.sessions.page({ status: "confirmed", limit: 1000, after: sessionsAfter }),
    );
    await take("sessions (all), next page", "sessions", (s) =>
      s.sessions.page({ limit: 1000, after: sessionsAfter }),
    );
    await take("sessions status=scheduled from…to", "sessions", (s) =>
      s.sessions.page({ status: "scheduled", from: "2026-06-01", to: "2026-06-30", limit: 1000 }),
    );
    if (someProvider)
      await take("sessions of a provider", "sessions", (s) =>
        s.sessions.page({ providerId: someProvider, limit: 200 }),
      );
    await take("claims", "claims", (s) => s.claims.page({ limit: 1000 }));
    await take("claims, next page", "claims", (s) => s.claims.page({ limit: 1000, after: claimsAfter }));
    await take("claims status=ready, next page", "claims", (s) =>
      s.claims.page({ status: "ready", limit: 1000, after: readyAfter }),
    );
    if (someProvider)
      await take("claims of a provider", "claims", (s) =>
        s.claims.page({ providerId: someProvider, limit: 200 }),
      );
    await take("providers, next page", "providers", (s) =>
      s.providers.page({ limit: 200, after: providersAfter }),
    );
    const page = await store.providers.page({ limit: 200, after: providersAfter });
    await take("providers' files", "licenses", (s) => s.providers.files(page.items.map((p) => p.id)));
    await take("clients, next page", "clients", (s) =>
      s.clients.page(null, { limit: 500, after: clientsAfter }),
    );
    if (someProvider)
      await take("clients of a provider", "clients", (s) => s.clients.page(someProvider, { limit: 500 }));
    await take("alerts open, next page", "alerts", (s) =>
      s.alerts.page({ status: "open", limit: 200, after: alertsAfter }),
    );
    await take("alerts all, next page", "alerts", (s) =>
      s.alerts.page({ status: "all", limit: 200, after: alertsAfter }),
    );
    if (someProvider)
      await take("alerts of a provider", "alerts", (s) =>
        s.alerts.page({ status: "all", providerId: someProvider, limit: 200 }),
      );
    await take("claim exports, next page", "claim_exports", (s) =>
      s.claimFiles.listExports({ limit: 100, after: exportsAfter }),
    );
    const ready = await store.claims.page({ status: "ready", limit: 1000 });
    await take("export sources (1000 claims)", "sessions", (s) => s.claimFiles.sources(ready.items));
  } finally {
    await kysely.destroy();
  }
  return shapes;
}

/** A plan node of EXPLAIN (FORMAT JSON). */
export interface PlanNode {
  readonly "Node Type": string;
  readonly "Relation Name"?: string;
  readonly "Index Name"?: string;
  readonly Plans?: readonly PlanNode[];
  readonly [key: string]: unknown;
}

export const planNodes = (node: PlanNode): PlanNode[] => [node, ...(node.Plans ?? []).flatMap(planNodes)];

/** Each shape's plan (EXPLAIN FORMAT JSON; with `analyze`, ANALYZE and BUFFERS too). */
export async function explainLists(
  databaseUrl: string,
  options: { readonly analyze?: boolean; readonly settings?: string } = {},
): Promise<{ shape: ListShape; plan: PlanNode; text: string }[]> {
  const shapes = await listShapes(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (options.settings) await client.query(options.settings);
    const out: { shape: ListShape; plan: PlanNode; text: string }[] = [];
    for (const shape of shapes) {
      const how = options.analyze ? "analyze, buffers, " : "";
      const json = await client.query<{ "QUERY PLAN": { Plan: PlanNode }[] }>(
        `explain (${how}format json) ${shape.sql}`,
        [...shape.parameters],
      );
      const text = await client.query<{ "QUERY PLAN": string }>(`explain (${how}costs off) ${shape.sql}`, [
        ...shape.parameters,
      ]);
      const plan = json.rows[0]?.["QUERY PLAN"][0]?.Plan;
      if (plan) out.push({ shape, plan, text: text.rows.map((r) => r["QUERY PLAN"]).join("\n") });
    }
    return out;
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// The bench.

interface Measured {
  readonly times: number[];
  readonly health: number[];
  readonly rows: number;
}

/** `n` pages of `path` walked by cursor (back to the first page at the end), each beside GET /healthz. */
async function walk(server: BenchServer, path: string, n: number): Promise<Measured> {
  const times: number[] = [];
  const health: number[] = [];
  let rows = 0;
  let cursor: string | undefined;
  const url = () => (cursor ? `${path}${path.includes("?") ? "&" : "?"}cursor=${cursor}` : path);
  for (let i = -Math.min(5, n); i < n; i++) {
    let t0 = performance.now();
    const r = await server.http.request({ method: "GET", path: url(), headers: server.headers });
    const body = await r.body.text();
    const took = ms(t0);
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode} ${body.slice(0, 300)}`);
    const next = r.headers["x-next-cursor"];
    cursor = typeof next === "string" ? next : undefined;
    t0 = performance.now();
    await (await server.http.request({ method: "GET", path: "/healthz" })).body.text();
    if (i < 0) continue; // warm-up
    times.push(took);
    health.push(ms(t0));
    rows += (JSON.parse(body) as unknown[]).length;
  }
  times.sort((a, b) => a - b);
  health.sort((a, b) => a - b);
  return { times, health, rows };
}

const row = (measure: string, m: Measured, notes: string): Row => [
  measure,
  f1(pct(m.times, 50)),
  f1(pct(m.times, 99)),
  f1(pct(m.health, 50)),
  f1(pct(m.health, 99)),
  notes,
];

/** The old shapes, timed in SQL on the same data with the list indexes dropped (rolled back). */
async function before(
  databaseUrl: string,
  store: Store,
  n: number,
  log: (line: string) => void,
): Promise<Row[]> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  const rows: Row[] = [];
  try {
    await client.query("begin");
    await client.query(`drop index if exists sessions_status_start, sessions_start, claims_created,
      claims_status_created, claims_provider_created, providers_name, clients_name, alerts_open_created,
      alerts_created, alerts_provider_created, claim_exports_created`);
    const old: [string, string][] = [
      [
        "before: sessions status=confirmed limit 1000",
        "select * from sessions where status = 'confirmed' order by starts_at, id limit 1000",
      ],
      ["before: claims limit 1000", "select * from claims order by created_at desc, id limit 1000"],
      [
        "before: claims status=ready limit 1000",
        "select * from claims where status = 'ready' order by created_at desc, id limit 1000",
      ],
      [
        "before: alerts limit 200",
        "select * from alerts where resolved_at is null order by created_at desc, id limit 200",
      ],
    ];
    for (const [name, text] of old) {
      const times: number[] = [];
      for (let i = -2; i < n; i++) {
        const t0 = performance.now();
        await client.query(text);
        if (i >= 0) times.push(ms(t0));
      }
      times.sort((a, b) => a - b);
      rows.push([
        name,
        f1(pct(times, 50)),
        f1(pct(times, 99)),
        "",
        "",
        "SQL only, old order, no keyset index",
      ]);
    }
    await client.query("rollback");
  } finally {
    await client.end();
  }
  // The old GET /providers: every provider, then one query per provider for its file.
  const t0 = performance.now();
  const all = await store.providers.list();
  for (const p of all) await store.providers.file(p.id);
  const took = ms(t0);
  rows.push([
    "before: GET /providers (all, 1 query each)",
    f1(took),
    f1(took),
    "",
    "",
    `${all.length} providers, once`,
  ]);
  log(`lists: before: GET /providers took ${f1(took)} ms for ${all.length} providers`);
  return rows;
}

export async function benchLists(opts: {
  databaseUrl: string;
  log: (line: string) => void;
  /** Pages per measurement (default 100: the p99 is the second slowest, not the slowest). */
  pages?: number;
  sizes?: ListSizes;
}): Promise<Row[]> {
  const { log } = opts;
  const n = opts.pages ?? 100;
  const db = await connect({ url: opts.databaseUrl });
  const rows: Row[] = [];
  let server: BenchServer | undefined;
  try {
    await migrate(db);
    await fillLists(db, opts.sizes ?? MODEST, log);
    await sql`analyze`.execute(db.kysely);
    const counts = await sql<{ sessions: number; claims: number; providers: number; clients: number }>`
      select (select count(*)::int from sessions) as sessions, (select count(*)::int from claims) as claims,
             (select count(*)::int from providers) as providers, (select count(*)::int from clients) as clients`.execute(
      db.kysely,
    );
    const c = counts.rows[0];
    if (c)
      log(
        `lists: ${c.providers} providers, ${c.clients} clients, ${c.sessions} sessions, ${c.claims} claims`,
      );
    const store = createStore(db.kysely);
    server = await startServer(opts.databaseUrl, store);
    // Each list at 100 rows a page and at its largest page (src/contract/api: 1,000; sessions and
    // claims 500; clients 200; provider files 100).
    const lists: [path: string, pages: number, max: number][] = [
      ["/api/v1/sessions?status=confirmed", n, 500],
      ["/api/v1/sessions?status=scheduled&from=2026-06-01&to=2026-12-31", n, 500],
      ["/api/v1/claims", n, 500],
      ["/api/v1/claims?status=ready", n, 500],
      ["/api/v1/providers", n, 100],
      ["/api/v1/clients", n, 200],
      ["/api/v1/alerts", n, 1000],
      ["/api/v1/alerts?status=all", n, 1000],
      ["/api/v1/claim-exports", n, 1000],
    ];
    for (const [path, pages, max] of lists) {
      for (const limit of [...new Set([100, max])]) {
        const url = `${path}${path.includes("?") ? "&" : "?"}limit=${limit}`;
        const m = await walk(server, url, pages);
        const r = row(
          `GET ${url.replace("/api/v1", "")}`,
          m,
          `${m.times.length} pages walked, ${Math.round(m.rows / Math.max(1, m.times.length))} rows/page`,
        );
        log(`lists: ${r[0]}: p50 ${r[1]} ms, p99 ${r[2]} ms (healthz p50 ${r[3]}, p99 ${r[4]})`);
        rows.push(r);
      }
    }
    const loads = await claimsPageLoads(server);
    if (loads) {
      // A browser row: the median and the slowest of the sorted times (the p99 of so few).
      const timed = (measure: string, times: readonly number[], notes: string): Row => [
        measure,
        f1(pct(times, 50)),
        f1(times.at(-1) ?? NaN),
        "",
        "",
        `${times.length} times (p99 = slowest); ${notes}${loads.rows} claims shown`,
      ];
      for (const r of [
        timed(
          "ops Claims page in Chromium, opened: navigation → claims drawn",
          loads.opened,
          `script cached; first load ${f1(loads.first)} ms; `,
        ),
        timed("ops Claims page in Chromium, from the menu: click → claims drawn", loads.fromMenu, ""),
      ]) {
        log(`lists: ${r[0]}: p50 ${r[1]} ms, slowest ${r[2]} ms`);
        rows.push(r);
      }
    } else log("lists: no Chromium here (CHROMIUM_PATH, /usr/bin/chromium): the Claims page is not timed");
    rows.push(...(await before(opts.databaseUrl, store, Math.min(n, 20), log)));
  } finally {
    const rss = await server?.stop();
    if (rss !== undefined) log(`lists: the server's peak RSS ${rss.toFixed(0)} MB`);
    await db.close();
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------
// Alone: npx tsx scripts/scale/lists.ts [url] [--explain]

async function main(): Promise<void> {
  const arg = process.argv.slice(2).find((a) => a.startsWith("postgres"));
  const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
  const scratch = "stateline_bench_lists";
  const admin = async (statement: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(statement);
    } finally {
      await client.end();
    }
  };
  let url = arg;
  if (!url) {
    await admin(`drop database if exists ${scratch} with (force)`);
    await admin(`create database ${scratch}`);
    const u = new URL(base);
    u.pathname = `/${scratch}`;
    url = u.toString();
  }
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
  try {
    const rows = await benchLists({ databaseUrl: url, log });
    const head: Row = ["measure", "p50 ms", "p99 ms", "healthz p50", "healthz p99", "notes"];
    const all = [head, ...rows];
    const widths = head.map((_, i) => Math.max(...all.map((r) => (r[i] ?? "").length)));
    for (const r of all) log(r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  "));
    if (process.argv.includes("--explain")) {
      for (const { shape, text } of await explainLists(url, { analyze: true })) {
        log(`EXPLAIN (ANALYZE, BUFFERS) ${shape.name}:\n${text}\n`);
      }
    }
  } finally {
    if (!arg && !process.argv.includes("--keep"))
      await admin(`drop database if exists ${scratch} with (force)`);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
