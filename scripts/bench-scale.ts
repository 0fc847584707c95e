/**
 * Stateline at national scale, on the PostgreSQL server (`npm run bench:scale`).
 *
 * Builds a scratch database (`stateline_bench`, dropped and created on the server of
 * DATABASE_URL, default postgres://postgres@127.0.0.1:5432) with the real migrations, loads it
 * set-based in SQL (generate_series, a realistic mix), then runs each section against the real
 * HTTP server (`stateline serve --no-jobs` as built, in its own process: scripts/scale/server.ts,
 * driven over keep-alive HTTP with undici), measuring `GET /healthz` in the same run as the
 * baseline.
 *
 * Sections (all by default; `--only directory,…` for some):
 * - directory: providers at 1k, 10k and 100k (1–10 licenses, 1–40 credentials each), reach
 *   build time, then directory p50/p99 for realistic queries; `--explain` prints
 *   EXPLAIN (ANALYZE, BUFFERS) of the directory's two queries at the largest size.
 * - recheck: `stateline recheck` over 10k, 100k and 1M upcoming sessions in a scratch database
 *   of its own (scripts/scale/recheck.ts): wall time, peak RSS, a second run (nothing changed),
 *   `GET /healthz` while it runs; `--recheck-sizes` to change the sizes.
 * - lists: the operations lists' p50/p99 per page size beside `GET /healthz`
 *   (scripts/scale/lists.ts), on a practice of 1,000,000 sessions (10,000 providers, 200,000
 *   clients, 300,000 claims); `--list-sessions 200000` for a smaller one. Then the operations
 *   Claims page in Chromium (scripts/scale/claims-page.ts), opened and chosen from the menu.
 *
 * Options: --only a,b  --sizes 1000,10000,100000  --queries 1000  --warmup 3000  --explain  --keep (leave the
 * database)  --reuse (run on the database a --keep run left)
 */
import { performance } from "node:perf_hooks";
import pg from "pg";
import { sql } from "kysely";
import { reachKeys } from "../src/app/directory-reach.js";
import type { Store } from "../src/app/ports.js";
import type { StateCode } from "../src/contract/states.js";
import { loadReference, type Reference } from "../src/reference/catalogue.js";
import { connect, migrate, type Db } from "../src/store/db.js";
import { candidateFilesQuery, candidateVersionsQuery } from "../src/store/directory-store.js";
import { createStore } from "../src/store/store.js";
import { benchLists, listSizes } from "./scale/lists.js";
import { benchRecheck, recheckTable } from "./scale/recheck.js";
import { startServer, type BenchServer } from "./scale/server.js";

// ---------------------------------------------------------------------------------------------
// Options.

const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : undefined;
};
const flag = (name: string) => args.includes(`--${name}`);
const ONLY = option("only")?.split(",");
const SIZES = (option("sizes") ?? "1000,10000,100000").split(",").map(Number);
const QUERIES = Number(option("queries") ?? 1000);
/**
 * Searches before the timed ones (other queries of the same mix). A server's first 2,000 or so
 * requests after it starts are slower: its code is still being optimized, and its database
 * connection's process is still mapping the shared buffers it touches (its RSS grows by 70 MB in
 * its first two seconds). The figures are those of a server that has been up a few seconds.
 */
const WARMUP = Number(option("warmup") ?? 3000);

const BASE = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const BENCH_DB = "stateline_bench";

const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
const ms = (t0: number) => performance.now() - t0;
const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const f1 = (n: number) => n.toFixed(n < 10 ? 2 : 1);

// ---------------------------------------------------------------------------------------------
// The scratch database and the server.

async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: BASE });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function benchUrl(): string {
  const u = new URL(BASE);
  u.pathname = `/${BENCH_DB}`;
  return u.toString();
}

interface Bench {
  readonly db: Db;
  readonly store: Store;
  readonly geo: Reference;
  readonly server: BenchServer;
  readonly results: string[][];
}

async function call(b: Bench, path: string): Promise<{ status: number; text: string }> {
  const res = await b.server.http.request({ method: "GET", path, headers: b.server.headers });
  return { status: res.statusCode, text: await res.body.text() };
}

/** Times `run` (after a warm-up), interleaved with GET /healthz in the same loop. */
async function measure(
  b: Bench,
  n: number,
  path: (i: number) => string,
  check: (status: number, text: string) => void,
): Promise<{ times: number[]; health: number[]; slowest: string[] }> {
  // Warm-up: the server has just started (see WARMUP) or the data just been loaded.
  for (let i = 0; i < WARMUP; i++) await call(b, path(i + n));
  const times: number[] = [];
  const health: number[] = [];
  const each: [number, string][] = [];
  for (let i = 0; i < n; i++) {
    let t0 = performance.now();
    const r = await call(b, path(i));
    times.push(ms(t0));
    each.push([ms(t0), path(i)]);
    check(r.status, r.text);
    t0 = performance.now();
    await call(b, "/healthz");
    health.push(ms(t0));
  }
  times.sort((x, y) => x - y);
  health.sort((x, y) => x - y);
  const slowest = each
    .sort((x, y) => y[0] - x[0])
    .slice(0, Math.ceil(n / 100))
    .map(([t, p]) => `${f1(t)} ms  ${p}`);
  return { times, health, slowest };
}

// ---------------------------------------------------------------------------------------------
// Section: the directory.

/** Where providers hold licenses: roughly by population (big states more often). */
const STATE_WEIGHTS: Record<string, number> = {
  CA: 12,
  TX: 9,
  FL: 7,
  NY: 6,
  PA: 4,
  IL: 4,
  OH: 4,
  GA: 3,
  NC: 3,
  MI: 3,
  NJ: 3,
  VA: 3,
  WA: 2,
  AZ: 2,
  MA: 2,
  TN: 2,
  IN: 2,
  MO: 2,
  MD: 2,
  WI: 2,
  CO: 2,
  MN: 2,
  SC: 2,
  AL: 2,
  LA: 1,
  KY: 1,
  OR: 1,
  OK: 1,
  CT: 1,
  UT: 1,
  IA: 1,
  NV: 1,
  AR: 1,
  MS: 1,
  KS: 1,
  NM: 1,
  NE: 1,
  ID: 1,
  WV: 1,
  HI: 1,
  NH: 1,
  ME: 1,
  MT: 1,
  RI: 1,
  DE: 1,
  SD: 1,
  ND: 1,
  AK: 1,
  DC: 1,
  VT: 1,
  WY: 1,
};
const WEIGHTED_STATES = Object.entries(STATE_WEIGHTS).flatMap(([s, w]) => Array<string>(w).fill(s));
const NATIONAL = ["aetna", "cigna", "uhc", "optum", "oscar", "humana", "medicare", "tricare"];

/** Deterministic pseudo-random numbers (mulberry32), so every run asks the same queries. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The Blue plans local somewhere in each state, for credentials and queries. */
function bluesByState(geo: Reference): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const s of Object.keys(STATE_WEIGHTS))
    out.set(s, [...new Set(geo.zonesOf(s as StateCode).flatMap((z) => z.plans))]);
  return out;
}

/**
 * Providers from..to (1-based numbers), with 1–10 licenses and 1–40 credentials each, in four
 * set-based statements. Credentials are held where the provider is licensed, with a national
 * payer (60 %) or a Blue plan local there (40 %; one in twenty of those a virtual network).
 */
async function loadProviders(db: Db, from: number, to: number, blues: Map<string, string[]>): Promise<void> {
  const k = db.kysely;
  await sql`
    insert into providers (name, first_name, last_name, npi, taxonomy, credential_letters, accepting_new_clients)
    select (array['Maya','Luis','Grace','Omar','Dana','Ethan','Nadia','Samuel','Priya','Jonah'])[1 + i % 10]
             || ' ' || (array['Chen','Ortega','Liu','Haddad','Whitfield','Brooks','Petrov','Okafor','Shah','Klein'])[1 + (i / 10) % 10]
             || ' ' || i || ', ' || (array['LCSW','LPC','PsyD','LMFT'])[1 + i % 4],
           (array['Maya','Luis','Grace','Omar','Dana','Ethan','Nadia','Samuel','Priya','Jonah'])[1 + i % 10],
           (array['Chen','Ortega','Liu','Haddad','Whitfield','Brooks','Petrov','Okafor','Shah','Klein'])[1 + (i / 10) % 10] || ' ' || i,
           '1' || lpad(i::text, 9, '0'), '1041C0700X', (array['LCSW','LPC','PsyD','LMFT'])[1 + i % 4],
           random() < 0.8
      from generate_series(${from}::int, ${to}::int) as i`.execute(k);
  const states = `{${WEIGHTED_STATES.join(",")}}`;
  await sql`
    insert into licenses (provider_id, state, type, status, valid_from, valid_to, telehealth_only, source, home_state)
    select p.id, st.state,
           case when src.source = 'PSYPACT' then 'PsyD' else p.credential_letters end,
           case when r.s < 0.90 then 'active' when r.s < 0.95 then 'expired' when r.s < 0.98 then 'probation' else 'inactive' end,
           date '2018-01-01' + (random() * 2400)::int,
           case when random() < 0.1 then null when random() < 0.08 then date '2025-01-01' + (random() * 300)::int
                else date '2026-06-01' + (random() * 1600)::int end,
           random() < 0.03,
           src.source,
           case when src.source in ('PSYPACT', 'counseling_compact') then home.state end
      from providers p
      cross join lateral generate_series(1, 1 + abs(hashtext(p.id::text)) % 10) as g
      cross join lateral (select (${states}::text[])[1 + floor(random() * ${WEIGHTED_STATES.length})::int + 0 * g] as state) st
      cross join lateral (select (${states}::text[])[1 + floor(random() * ${WEIGHTED_STATES.length})::int + 0 * g] as state) home
      cross join lateral (select random() + 0 * g as s) r
      cross join lateral (select case when r.s < 0.85 then 'state_board' when r.s < 0.92 then 'PSYPACT'
                                      when r.s < 0.97 then 'counseling_compact' else 'NLC' end as source) src
     where p.npi between ${`1${String(from).padStart(9, "0")}`} and ${`1${String(to).padStart(9, "0")}`}`.execute(
    k,
  );
  const blueRows = [...blues.entries()].filter(([, plans]) => plans.length > 0);
  await sql`drop table if exists bench_blue`.execute(k);
  await sql`create unlogged table bench_blue (state char(2) primary key, plans text[] not null)`.execute(k);
  for (const [s, plans] of blueRows)
    await sql`insert into bench_blue values (${s}, ${plans}::text[])`.execute(k);
  await sql`
    insert into credentials (provider_id, payer, state, network, status, effective_from, effective_to)
    select w.provider_id, pick.payer, w.state,
           case when pick.blue and random() < 0.05 then 'virtual' else 'standard' end,
           case when r.s < 0.90 then 'active' when r.s < 0.96 then 'pending' else 'terminated' end,
           date '2019-01-01' + (random() * 2200)::int,
           case when random() < 0.7 then null else date '2025-06-01' + (random() * 1800)::int end
      from (select l.provider_id, array_agg(l.state) as states
              from licenses l join providers p on p.id = l.provider_id
             where p.npi between ${`1${String(from).padStart(9, "0")}`} and ${`1${String(to).padStart(9, "0")}`}
             group by l.provider_id) as lp
      cross join lateral generate_series(1, 1 + abs(hashtext(lp.provider_id::text || 'c')) % 40) as g
      cross join lateral (select lp.provider_id, lp.states[1 + floor(random() * cardinality(lp.states))::int + 0 * g] as state) w
      cross join lateral (select random() + 0 * g as s) r
      left join bench_blue b on b.state = w.state
      cross join lateral (
        select case when b.plans is not null and random() < 0.4 + 0 * g
                    then b.plans[1 + floor(random() * cardinality(b.plans))::int]
                    else (${`{${NATIONAL.join(",")}}`}::text[])[1 + floor(random() * ${NATIONAL.length})::int] end as payer,
               b.plans is not null as blue
      ) pick`.execute(k);
}

/** A realistic query: a payer (national or Blue, home or away), a place (with a ZIP most times), a date. */
function queries(geo: Reference, blues: Map<string, string[]>, n: number): string[] {
  const random = rng(20261206);
  const zips = new Map<string, string[]>();
  for (const z of geo.zipCodes()) {
    const list = zips.get(z.state);
    if (list) list.push(z.zip);
    else zips.set(z.state, [z.zip]);
  }
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)] as T;
  const out: string[] = [];
  const allBlues = [...new Set([...blues.values()].flat())];
  while (out.length < n) {
    const state = pick(WEIGHTED_STATES);
    const local = blues.get(state) ?? [];
    const payer =
      random() < 0.6 ? pick(NATIONAL) : random() < 0.7 && local.length > 0 ? pick(local) : pick(allBlues);
    const zip = random() < 0.7 ? pick(zips.get(state) ?? [""]) : "";
    const params = new URLSearchParams({ payer, state, date: "2026-12-07", limit: "25" });
    if (zip) params.set("zip", zip);
    if (random() < 0.15) params.set("modality", "in_person");
    if (random() < 0.2) params.set("product", pick(["ppo", "hmo", "epo", "fep", "medicare_advantage"]));
    if (random() < 0.1) params.set("acceptingNew", "true");
    out.push(`/api/v1/directory?${params.toString()}`);
  }
  return out;
}

async function directorySection(b: Bench): Promise<void> {
  const blues = bluesByState(b.geo);
  log("directory: preparing queries (loads the ZIP index)");
  const paths = queries(b.geo, blues, QUERIES + WARMUP);
  let loaded = 0;
  for (const size of SIZES) {
    let t0 = performance.now();
    const have = await sql<{ n: number }>`select count(*)::int as n from providers`.execute(b.db.kysely);
    if ((have.rows[0]?.n ?? 0) >= size) log(`directory: reusing the ${size} providers on file (--reuse)`);
    else {
      log(`directory: loading providers ${loaded + 1}–${size} (licenses and credentials, set-based)`);
      await loadProviders(b.db, loaded + 1, size, blues);
    }
    const loadMs = ms(t0);
    const counts = await sql<{ p: number; l: number; c: number }>`
      select (select count(*) from providers)::int as p, (select count(*) from licenses)::int as l,
             (select count(*) from credentials)::int as c`.execute(b.db.kysely);
    const c = counts.rows[0];
    log(
      `directory: ${c?.p} providers, ${c?.l} licenses, ${c?.c} credentials (${(loadMs / 1000).toFixed(1)} s)`,
    );
    t0 = performance.now();
    const kept = await sql<{ n: number }>`select count(*)::int as n from directory_reach`.execute(
      b.db.kysely,
    );
    const reused = flag("reuse") && (kept.rows[0]?.n ?? 0) > 0;
    const rows = reused ? (kept.rows[0]?.n ?? 0) : await b.store.directory.rebuild();
    const buildMs = ms(t0);
    if (reused) log(`directory: reusing the reach on file (--reuse): ${rows} rows`);
    else {
      log(
        `directory: reach rebuilt for all ${c?.p} providers: ${rows} rows in ${(buildMs / 1000).toFixed(1)} s`,
      );
      await sql`vacuum analyze`.execute(b.db.kysely);
      // The build's writes to disk now, not while the queries are timed: the figures are the
      // everyday directory's, and a rebuild is a one-off (needs superuser or pg_checkpoint).
      await sql`checkpoint`.execute(b.db.kysely).catch((e: unknown) => {
        log(`directory: no checkpoint before measuring (${e instanceof Error ? e.message : String(e)})`);
      });
    }
    loaded = size;

    let entries = 0;
    const { times, health, slowest } = await measure(
      b,
      QUERIES,
      (i) => paths[i % paths.length] ?? "",
      (status, text) => {
        if (status !== 200) throw new Error(`directory answered ${status}: ${text.slice(0, 300)}`);
        entries += (JSON.parse(text) as { items: unknown[] }).items.length;
      },
    );
    log(
      `directory @ ${size}: p50 ${f1(pct(times, 50))} ms, p99 ${f1(pct(times, 99))} ms (healthz p50 ${f1(pct(health, 50))}, p99 ${f1(pct(health, 99))}); ${(entries / QUERIES).toFixed(1)} entries per page`,
    );
    log(`directory @ ${size}: the slowest 1 %:\n${slowest.map((l) => `    ${l}`).join("\n")}`);
    b.results.push([
      `directory @ ${size.toLocaleString("en-US")} providers`,
      f1(pct(times, 50)),
      f1(pct(times, 99)),
      f1(pct(health, 50)),
      f1(pct(health, 99)),
      `${rows.toLocaleString("en-US")} reach rows${reused ? " (reused)" : `, built in ${(buildMs / 1000).toFixed(1)} s`}; ${(entries / QUERIES).toFixed(1)} per page; after ${WARMUP.toLocaleString("en-US")} warm-up searches`,
    ]);
  }
  if (flag("explain")) await explainDirectory(b);
}

/**
 * EXPLAIN (ANALYZE, BUFFERS) of the directory's two statements, for busy places: the candidates
 * with their files' versions (every page), and the files of those candidates (the ones the
 * server does not hold at that version; here all of them).
 */
async function explainDirectory(b: Bench): Promise<void> {
  const k = b.db.kysely;
  for (const [payer, state, zip] of [
    ["uhc", "CA", "90012"],
    ["bcbs-il", "NY", "14604"],
  ] as const) {
    const placed = b.geo.place(state, zip);
    if (placed.kind === "mismatch") continue;
    const keys = reachKeys(b.geo, { payer }, placed);
    const query = candidateVersionsQuery({
      state,
      keys,
      date: "2026-12-07",
      inPerson: false,
      acceptingOnly: false,
      licenseType: null,
      after: null,
      limit: 32,
    });
    const r = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${query}`.execute(k);
    log(
      `EXPLAIN (ANALYZE, BUFFERS) directory page, candidates and versions (${payer} → ${keys.join(", ")}; ${state} ${zip}):\n${r.rows.map((x) => `    ${x["QUERY PLAN"]}`).join("\n")}`,
    );
    const found = await sql<{ id: string }>`${query}`.execute(k);
    const files = candidateFilesQuery(
      found.rows.map((x) => x.id),
      state,
    );
    const f = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${files}`.execute(k);
    log(
      `EXPLAIN (ANALYZE, BUFFERS) directory page, the ${found.rows.length} candidates' files (${state}):\n${f.rows.map((x) => `    ${x["QUERY PLAN"]}`).join("\n")}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------

async function recheckSection(): Promise<void> {
  const sizes = (option("recheck-sizes") ?? "10000,100000,1000000").split(",").map(Number);
  const rows = await benchRecheck({ databaseUrl: BASE, sizes, log, explain: flag("explain") });
  process.stdout.write(`\n${recheckTable(rows)}\n`);
  for (const r of rows)
    if (r.explain)
      process.stdout.write(`\nEXPLAIN (ANALYZE, BUFFERS), ${r.sessions} sessions:\n${r.explain}\n`);
}

async function listsSection(b: Bench): Promise<void> {
  const sessions = Number(option("list-sessions") ?? 1_000_000);
  b.results.push(...(await benchLists({ databaseUrl: benchUrl(), log, sizes: listSizes(sessions) })));
}

const SECTIONS: Record<string, (b: Bench) => Promise<void>> = {
  directory: directorySection,
  lists: listsSection,
  recheck: recheckSection,
};

async function main(): Promise<void> {
  const chosen = ONLY ?? Object.keys(SECTIONS);
  for (const name of chosen)
    if (!SECTIONS[name]) throw new Error(`no section "${name}" (${Object.keys(SECTIONS).join(", ")})`);
  log(`bench:scale on ${new URL(BASE).host}, database ${BENCH_DB}; sections: ${chosen.join(", ")}`);
  if (!flag("reuse")) {
    await admin(`drop database if exists ${BENCH_DB} with (force)`);
    await admin(`create database ${BENCH_DB}`);
  }
  const db = await connect({ url: benchUrl() });
  log(`migrations: ${(await migrate(db)).length} applied`);
  const store = createStore(db.kysely);
  const geo = loadReference();
  // The server in a process of its own (as built, API only), as in production.
  const server = await startServer(benchUrl(), store);
  const bench: Bench = { db, store, geo, server, results: [] };
  try {
    for (const name of chosen) await SECTIONS[name]?.(bench);
  } finally {
    const rss = await server.stop();
    log(`the server's peak RSS: ${rss.toFixed(0)} MB`);
    await db.close();
    if (!flag("keep")) await admin(`drop database if exists ${BENCH_DB} with (force)`);
  }
  const head = ["measure", "p50 ms", "p99 ms", "healthz p50", "healthz p99", "notes"];
  const rows = [head, ...bench.results];
  const widths = head.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  process.stdout.write("\n");
  for (const r of rows) process.stdout.write(`${r.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")}\n`);
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
