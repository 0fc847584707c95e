/**
 * The daily re-check at national scale, on the PostgreSQL server (issue 15).
 *
 * For each size (upcoming sessions), builds a scratch database with the real migrations and a
 * realistic practice, set-based in SQL (generate_series): sessions / 100 providers with 1–10
 * licenses and 1–40 credentials (some ending within 30 days), 20 clients each with 1–3 locations
 * and a coverage, 5 sessions per client over the next 60 days (one in ten in person), a third of
 * the clients living where their provider holds no license (their video sessions are at risk).
 * Then measures:
 * - `stateline recheck` (the command's use case) in a child process: wall time, peak RSS
 *   (`maxRSS` of the child), sessions/s; then a second run (nothing changed: no writes);
 * - `GET /healthz` of an API server in this process, all the while (p50/p99): the baseline;
 * - the job runner's path: the re-check in a worker thread of this (API) process, for the next
 *   day (every session decided again), with `/healthz` latency meanwhile: the API's event loop
 *   is not blocked.
 *
 * `benchRecheck` is what `npm run bench:scale` calls; `node --import tsx scripts/scale/recheck.ts
 * [--sizes 10000,100000,1000000] [--explain] [--keep]` runs it alone and prints a table.
 */
import { upcomingStream } from "../../src/store/recheck-store.js";
import { spawn } from "node:child_process";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";
import { fileURLToPath, pathToFileURL } from "node:url";
import { sql } from "kysely";
import pg from "pg";
import { addDays, todayOf } from "../../src/app/calendar.js";
import { recheckInWorker } from "../../src/cli/recheck-worker.js";
import { buildServer } from "../../src/http/server.js";
import { loadReference } from "../../src/reference/catalogue.js";
import { connect, migrate, type Db } from "../../src/store/db.js";
import { createStore } from "../../src/store/store.js";

export interface Row {
  readonly sessions: number;
  readonly providers: number;
  readonly clients: number;
  /** Building the data (after migrations). */
  readonly loadSeconds: number;
  readonly wallSeconds: number;
  readonly peakRssMb: number;
  readonly sessionsPerSecond: number;
  readonly atRisk: number;
  readonly alertsOpened: number;
  readonly checksWritten: number;
  /** The second run: nothing changed. */
  readonly secondRunSeconds: number;
  readonly secondRunChecksWritten: number;
  readonly healthzIdle: Latency;
  /** While the command ran (another process). */
  readonly healthzDuringCli: Latency;
  /** The job runner's path, in a worker thread of the API's process, for the next day. */
  readonly workerSeconds: number;
  readonly healthzDuringWorker: Latency;
  /** EXPLAIN (ANALYZE, BUFFERS) of the stream's query for one chunk (with `explain`). */
  readonly explain?: string;
}

export interface Latency {
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
  readonly n: number;
}

const SCRATCH = "stateline_bench_recheck";
const CLIENTS_PER_PROVIDER = 20;
const SESSIONS_PER_CLIENT = 5;
/** Where providers are licensed; at-risk clients live in Wyoming, where none is. */
const STATES = [
  "NY",
  "NJ",
  "CA",
  "TX",
  "FL",
  "PA",
  "IL",
  "OH",
  "GA",
  "NC",
  "MI",
  "VA",
  "WA",
  "AZ",
  "MA",
  "TN",
  "IN",
  "MO",
  "MD",
  "CO",
];
const PAYERS = ["aetna", "cigna", "uhc", "optum", "humana", "oscar"];
const ZONES = ["America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles"];

const pct = (sorted: readonly number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

async function onServer(base: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: base });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}

function scratchUrl(base: string): string {
  const u = new URL(base);
  u.pathname = `/${SCRATCH}`;
  return u.toString();
}

/** The practice for `sessions` upcoming sessions, set-based. */
async function load(
  db: Db,
  sessions: number,
  today: string,
): Promise<{ providers: number; clients: number }> {
  const k = db.kysely;
  const providers = Math.max(1, Math.round(sessions / (CLIENTS_PER_PROVIDER * SESSIONS_PER_CLIENT)));
  const states = `{${STATES.join(",")}}`;
  const payers = `{${PAYERS.join(",")}}`;
  const zones = `{${ZONES.join(",")}}`;
  const n = STATES.length;
  await sql`set synchronous_commit = off`.execute(k);
  await sql`
    insert into providers (name, first_name, last_name, npi, taxonomy, credential_letters)
    select f || ' ' || l || ' ' || i || ', LCSW', f, l || ' ' || i, '1' || lpad(i::text, 9, '0'), '1041C0700X', 'LCSW'
      from generate_series(1, ${providers}::int) as i,
           lateral (select (array['Maya','Luis','Grace','Omar','Dana','Ethan','Nadia','Samuel','Priya','Jonah'])[1 + i % 10] as f,
                           (array['Chen','Ortega','Liu','Haddad','Whitfield','Brooks','Petrov','Okafor','Shah','Klein'])[1 + (i / 10) % 10] as l) as names`.execute(
    k,
  );
  // 1–10 licenses: the first in the provider's home state (to 2030), the others elsewhere, one in
  // ten expired and one in ten ending within 40 days.
  await sql`
    insert into licenses (provider_id, state, type, number, status, valid_from, valid_to, source)
    select p.id, (${states}::text[])[1 + (p.n + (g - 1) * 7) % ${n}::int], 'LCSW', 'L' || p.n || '-' || g,
           case when g = 1 or random() < 0.9 then 'active' else 'expired' end,
           date '2020-01-01',
           case when g = 1 then date '2030-12-31'
                when random() < 0.1 then ${today}::date + (random() * 40)::int
                else date '2029-06-30' end,
           'state_board'
      from (select id, substr(npi, 2)::int as n from providers) p,
           generate_series(1, 1 + (p.n * 7) % 10) as g`.execute(k);
  // 1–40 credentials in licensed states: the first Aetna at home, open-ended; some ending soon.
  await sql`
    insert into credentials (provider_id, payer, state, network, status, effective_from, effective_to)
    select p.id,
           case when g = 1 then 'aetna' else (${payers}::text[])[1 + (p.n + g) % ${PAYERS.length}::int] end,
           (${states}::text[])[1 + (p.n + ((g - 1) % (1 + (p.n * 7) % 10)) * 7) % ${n}::int],
           'standard',
           case when g = 1 or random() < 0.92 then 'active' when random() < 0.5 then 'pending' else 'terminated' end,
           date '2024-01-01',
           case when g = 1 or random() < 0.8 then null else ${today}::date + (random() * 60)::int end
      from (select id, substr(npi, 2)::int as n from providers) p,
           generate_series(1, 1 + (p.n * 13) % 40) as g`.execute(k);
  await sql`
    insert into practice_locations (provider_id, label, line1, city, state, zip)
    select id, 'Office', n || ' Main St', 'Springfield', (${states}::text[])[1 + n % ${n}::int], null
      from (select id, substr(npi, 2)::int as n from providers) p`.execute(k);
  await sql`
    insert into clients (provider_id, name, birth_date)
    select p.id, 'Client ' || p.n || '-' || g, date '1980-01-01' + (g * 97 + p.n) % 9000
      from (select id, substr(npi, 2)::int as n from providers) p,
           generate_series(1, ${CLIENTS_PER_PROVIDER}::int) as g`.execute(k);
  await sql`create temporary table bench_clients as
    select c.id, c.provider_id, substr(p.npi, 2)::int as pn,
           row_number() over (partition by c.provider_id order by c.id) as g
      from clients c join providers p on p.id = c.provider_id`.execute(k);
  await sql`
    insert into coverages (client_id, payer, member_id, effective_from)
    select id, 'aetna', 'W' || lpad(pn::text, 6, '0') || lpad(g::text, 3, '0'), date '2025-01-01' from bench_clients`.execute(
    k,
  );
  // Home: a third of clients in Wyoming (no license there), the rest in the provider's home
  // state; some also have a place for video sessions, some a trip in their home state.
  await sql`
    insert into client_locations (client_id, kind, line1, city, state, zip, starts_on, ends_on)
    select id, 'home', g || ' Elm St', 'Riverton',
           case when g % 3 = 0 then 'WY' else (${states}::text[])[1 + pn % ${n}::int] end, null::text,
           null::date, null::date
      from bench_clients
    union all
    select id, 'virtual_session', null, 'Work', case when g % 3 = 0 then 'WY' else (${states}::text[])[1 + pn % ${n}::int] end,
           null, null, null
      from bench_clients where g % 4 = 1
    union all
    select id, 'temporary', null, 'Lake house', case when g % 3 = 0 then 'WY' else (${states}::text[])[1 + pn % ${n}::int] end,
           null, ${today}::date + 10, ${today}::date + 17
      from bench_clients where g % 5 = 2`.execute(k);
  // Sessions over the next 60 days, between 13:00 and 22:00 UTC; one in ten in person.
  await sql`
    insert into sessions (provider_id, client_id, starts_at, time_zone, service_date, duration_minutes, modality,
                          cpt_code, practice_location_id)
    select c.provider_id, c.id, t.at, t.zone, (t.at at time zone t.zone)::date, 53,
           case when s % 10 = 0 then 'in_person' else 'telehealth' end, '90837',
           case when s % 10 = 0 then pl.id end
      from bench_clients c
      join practice_locations pl on pl.provider_id = c.provider_id,
           generate_series(1, ${SESSIONS_PER_CLIENT}::int) as s,
           lateral (select ${today}::timestamptz + make_interval(days => 1 + ((c.g * 11 + s * 12) % 59)::int,
                                                                hours => 13 + ((c.pn + s) % 9)::int) as at,
                           (${zones}::text[])[1 + (c.pn % ${ZONES.length}::int)] as zone) as t`.execute(k);
  await sql`drop table bench_clients`.execute(k);
  await sql`analyze`.execute(k);
  return { providers, clients: providers * CLIENTS_PER_PROVIDER };
}

/** GET /healthz in a loop until `stop`, one at a time, every few milliseconds. */
function pingHealthz(port: number): { stop: () => Promise<Latency> } {
  const times: number[] = [];
  const state = { running: true };
  const loop = (async () => {
    while (state.running) {
      const t0 = performance.now();
      const res = await fetch(`http://127.0.0.1:${port}/healthz`);
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      const sorted = [...times].sort((a, b) => a - b);
      return { p50: pct(sorted, 50), p99: pct(sorted, 99), max: sorted.at(-1) ?? NaN, n: sorted.length };
    },
  };
}

interface CliRun {
  readonly seconds: number;
  readonly maxRssMb: number;
  readonly report: {
    sessionsChecked: number;
    atRisk: number;
    opened: number;
    run?: { checksWritten: number };
  };
}

/** `stateline recheck --json` as built (dist/), in a child process, with its peak RSS. */
function runCli(url: string, date: string): Promise<CliRun> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(
      process.execPath,
      [fileURLToPath(new URL("./stateline-rss.mjs", import.meta.url)), "recheck", "--json", "--date", date],
      {
        env: { ...process.env, DATABASE_URL: url, MIGRATION_DATABASE_URL: "", NO_COLOR: "1" },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (b: Buffer) => out.push(b));
    child.stderr.on("data", (b: Buffer) => err.push(b));
    child.on("error", reject);
    child.on("close", (code) => {
      const seconds = (performance.now() - t0) / 1000;
      const stderr = Buffer.concat(err).toString("utf8");
      if (code !== 0) {
        reject(new Error(`stateline recheck exited ${code}: ${stderr}`));
        return;
      }
      const rss = /maxRSS=(\d+)/.exec(stderr);
      const text = Buffer.concat(out).toString("utf8");
      resolve({
        seconds,
        maxRssMb: rss ? Number(rss[1]) / 1024 : NaN,
        report: JSON.parse(text) as CliRun["report"],
      });
    });
  });
}

async function explainStream(db: Db, today: string): Promise<string> {
  const chunk = await sql<{ first: string | null; before: string | null }>`
    select first_provider as first, before_provider as before from recheck_chunks
     where run_id = (select id from recheck_runs order by started_at desc limit 1) order by seq offset 1 limit 1`.execute(
    db.kysely,
  );
  const c = chunk.rows[0];
  const stream = upcomingStream(
    { firstProvider: c?.first ?? null, beforeProvider: c?.before ?? null },
    today,
  );
  const r = await sql<{ "QUERY PLAN": string }>`explain (analyze, buffers) ${stream}`.execute(db.kysely);
  return r.rows.map((row) => row["QUERY PLAN"]).join("\n");
}

export async function benchRecheck(opts: {
  databaseUrl: string;
  sizes: number[];
  log: (line: string) => void;
  /** Also EXPLAIN (ANALYZE, BUFFERS) the stream's query at each size. */
  explain?: boolean;
  /** Leave the scratch database (the last size) in place. */
  keep?: boolean;
}): Promise<Row[]> {
  const { log } = opts;
  const rows: Row[] = [];
  const url = scratchUrl(opts.databaseUrl);
  const today = todayOf(new Date());
  const geo = loadReference();
  for (const size of opts.sizes) {
    await onServer(opts.databaseUrl, `drop database if exists ${SCRATCH} with (force)`);
    await onServer(opts.databaseUrl, `create database ${SCRATCH}`);
    const db = await connect({ url });
    try {
      await migrate(db);
      log(`recheck ${size}: loading`);
      const t0 = performance.now();
      const { providers, clients } = await load(db, size, today);
      const loadSeconds = (performance.now() - t0) / 1000;
      const count = await sql<{ n: number }>`select count(*)::int as n from sessions`.execute(db.kysely);
      const sessions = count.rows[0]?.n ?? 0;
      log(
        `recheck ${size}: ${sessions} sessions, ${providers} providers, ${clients} clients in ${loadSeconds.toFixed(1)} s`,
      );

      const store = createStore(db.kysely);
      const app = await buildServer({ store, geo });
      await app.listen({ port: 0, host: "127.0.0.1" });
      const port = (app.server.address() as AddressInfo).port;
      try {
        const idle = pingHealthz(port);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        const healthzIdle = await idle.stop();

        const during = pingHealthz(port);
        const first = await runCli(url, today);
        const healthzDuringCli = await during.stop();
        log(
          `recheck ${size}: first run ${first.seconds.toFixed(1)} s, peak RSS ${first.maxRssMb.toFixed(0)} MB, ` +
            `${first.report.atRisk} at risk, ${first.report.opened} alerts opened`,
        );
        const second = await runCli(url, today);
        log(
          `recheck ${size}: second run ${second.seconds.toFixed(1)} s, ${second.report.run?.checksWritten ?? "?"} checks written`,
        );
        const explain = opts.explain ? await explainStream(db, today) : undefined;

        // The job runner's path, in a worker thread of this process (the API's), the next day.
        const meanwhile = pingHealthz(port);
        const w0 = performance.now();
        const said = await recheckInWorker(url)(addDays(today, 1), new Date(), () => {});
        const workerSeconds = (performance.now() - w0) / 1000;
        const healthzDuringWorker = await meanwhile.stop();
        log(`recheck ${size}: in a worker thread ${workerSeconds.toFixed(1)} s: ${said}`);

        rows.push({
          sessions,
          providers,
          clients,
          loadSeconds,
          wallSeconds: first.seconds,
          peakRssMb: first.maxRssMb,
          sessionsPerSecond: first.report.sessionsChecked / first.seconds,
          atRisk: first.report.atRisk,
          alertsOpened: first.report.opened,
          checksWritten: first.report.run?.checksWritten ?? 0,
          secondRunSeconds: second.seconds,
          secondRunChecksWritten: second.report.run?.checksWritten ?? 0,
          healthzIdle,
          healthzDuringCli,
          workerSeconds,
          healthzDuringWorker,
          ...(explain ? { explain } : {}),
        });
      } finally {
        await app.close();
      }
    } finally {
      await db.close();
    }
  }
  if (!opts.keep) await onServer(opts.databaseUrl, `drop database if exists ${SCRATCH} with (force)`);
  return rows;
}

/** The figures as a table. */
export function recheckTable(rows: readonly Row[]): string {
  const ms = (l: Latency) => `${l.p50.toFixed(1)}/${l.p99.toFixed(1)}`;
  const header = [
    "Sessions",
    "Providers",
    "Load s",
    "Wall s",
    "Peak RSS MB",
    "Sessions/s",
    "At risk",
    "Opened",
    "2nd run s",
    "2nd writes",
    "healthz idle p50/p99 ms",
    "during CLI",
    "Worker s",
    "during worker",
  ];
  const lines = rows.map((r) => [
    String(r.sessions),
    String(r.providers),
    r.loadSeconds.toFixed(1),
    r.wallSeconds.toFixed(1),
    r.peakRssMb.toFixed(0),
    r.sessionsPerSecond.toFixed(0),
    String(r.atRisk),
    String(r.alertsOpened),
    r.secondRunSeconds.toFixed(1),
    String(r.secondRunChecksWritten),
    ms(r.healthzIdle),
    ms(r.healthzDuringCli),
    r.workerSeconds.toFixed(1),
    ms(r.healthzDuringWorker),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => c.padStart(widths[i] ?? 0)).join("  ");
  return [fmt(header), ...lines.map(fmt)].join("\n");
}

// ---------------------------------------------------------------------------------------------
// Run alone.

const args = process.argv.slice(2);
const isMain = process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href;

if (isMain) {
  const option = (name: string) => {
    const i = args.indexOf(`--${name}`);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const base = process.env.DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const sizes = (option("sizes") ?? "10000,100000,1000000").split(",").map(Number);
  const log = (line: string) => process.stdout.write(`${new Date().toISOString().slice(11, 19)}  ${line}\n`);
  const rows = await benchRecheck({
    databaseUrl: base,
    sizes,
    log,
    explain: args.includes("--explain"),
    keep: args.includes("--keep"),
  });
  process.stdout.write(`\n${recheckTable(rows)}\n`);
  for (const r of rows)
    if (r.explain)
      process.stdout.write(`\nEXPLAIN (ANALYZE, BUFFERS), ${r.sessions} sessions:\n${r.explain}\n`);
}
