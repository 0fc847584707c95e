/**
 * Session confirmation under load, on the PostgreSQL server: a real `stateline serve` process
 * (DATABASE_URL), driven over keep-alive HTTP from this process.
 *
 * - Baseline: GET /healthz from 50 concurrent clients, same server, same run.
 * - Throughput: N confirmations from 50 concurrent clients (each a distinct session, every one
 *   decided by the engine, confirmed and given its claim in one transaction).
 * - Latency at a fixed rate: 500 confirmations/s for a few seconds (open loop), p50/p99.
 * Goal: confirmation p99 under 25 ms at 500 confirmations/s.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { fileURLToPath } from "node:url";
import pg from "pg";
import { Pool } from "undici";
import { createUser } from "../src/app/auth.js";
import type { Store } from "../src/app/ports.js";
import { connect, migrate } from "../src/store/db.js";
import { createStore } from "../src/store/store.js";

const ROOT = fileURLToPath(new URL("../", import.meta.url));
const SERVER_URL = process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/test";
const CONFIRMS = Number(process.env.BENCH_CONFIRMS ?? 10_000);
const RATE = Number(process.env.BENCH_RATE ?? 500);
const RATE_SECONDS = Number(process.env.BENCH_RATE_SECONDS ?? 6);
const CONCURRENCY = 50;
const PASSWORD = "bench-password-1";

/**
 * The load generator's HTTP client: undici's connection pool (keep-alive, 50 connections), which
 * costs this machine's two cores far less per request than node:http, so more of them are left
 * to the server and PostgreSQL being measured.
 */
const pools = new Map<number, Pool>();
function poolFor(port: number): Pool {
  let pool = pools.get(port);
  if (!pool) pools.set(port, (pool = new Pool(`http://127.0.0.1:${port}`, { connections: CONCURRENCY })));
  return pool;
}

async function call(
  port: number,
  method: "GET" | "POST",
  path: string,
  token?: string,
  body?: unknown,
): Promise<{ status: number; text: string }> {
  const res = await poolFor(port).request({
    method,
    path,
    headers: {
      ...(body === undefined ? {} : { "content-type": "application/json" }),
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.statusCode, text: await res.body.text() };
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

interface Run {
  label: string;
  count: number;
  seconds: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Closed loop: `concurrency` workers issue `count` requests back to back. */
async function closedLoop(label: string, count: number, one: (i: number) => Promise<number>): Promise<Run> {
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < count) {
        const i = next++;
        const t = performance.now();
        const status = await one(i);
        latencies.push(performance.now() - t);
        if (status !== 200) errors++;
        if (i % 500 === 0) process.stderr.write(`\r${label}: ${i}/${count}`);
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  process.stderr.write(`\r${label}: ${count}/${count}\n`);
  latencies.sort((a, b) => a - b);
  return { label, count, seconds, p50: pct(latencies, 50), p99: pct(latencies, 99), errors };
}

/** Open loop: requests start on a fixed schedule whatever the answers, so slow answers show. */
async function openLoop(
  label: string,
  rate: number,
  seconds: number,
  one: (i: number) => Promise<number>,
): Promise<Run> {
  const count = Math.round(rate * seconds);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < count; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    pending.push(
      one(i).then((status) => {
        latencies.push(performance.now() - due);
        if (status !== 200) errors++;
      }),
    );
    if (i % 250 === 0) process.stderr.write(`\r${label}: ${i}/${count}`);
  }
  await Promise.all(pending);
  process.stderr.write(`\r${label}: ${count}/${count}\n`);
  latencies.sort((a, b) => a - b);
  return {
    label,
    count,
    seconds: (performance.now() - start) / 1000,
    p50: pct(latencies, 50),
    p99: pct(latencies, 99),
    errors,
  };
}

async function seed(store: Store, sessions: number): Promise<string[]> {
  const provider = await store.providers.add({
    firstName: "Robin",
    middleName: null,
    lastName: "Bench",
    suffix: null,
    credentials: "LCSW",
    npi: "1234567893",
    taxonomy: "1041C0700X",
  });
  const p = provider.id;
  await store.providers.addLicense(p, {
    state: "NY",
    type: "LCSW",
    number: null,
    status: "active",
    validFrom: null,
    validTo: null,
    telehealthOnly: false,
    source: "state_board",
  });
  await store.providers.addCredential(p, {
    payer: "aetna",
    state: "NY",
    network: "standard",
    status: "active",
    effectiveFrom: null,
    effectiveTo: null,
  });
  await store.providers.addCredential(p, {
    payer: "anthem-ny",
    state: "NY",
    network: "standard",
    status: "active",
    effectiveFrom: null,
    effectiveTo: null,
  });
  await createUser(store, {
    email: "bench@stateline.test",
    password: PASSWORD,
    role: "provider",
    providerId: p,
  });
  const clients: { id: string; location: string }[] = [];
  for (let i = 0; i < 50; i++) {
    const c = await store.clients.add({
      providerId: p,
      name: `Client ${i}`,
      birthDate: null,
      sex: "U",
      diagnosisCodes: ["F411"],
    });
    await store.clients.setCoverage(c.id, {
      payer: i % 2 ? "aetna" : "bcbs-nc",
      memberId: `M${i}`,
      bluecard: null,
      effectiveFrom: null,
      effectiveTo: null,
    });
    const loc = await store.clients.addLocation(
      c.id,
      {
        kind: "home",
        label: null,
        line1: "1 Main St",
        line2: null,
        city: "New York",
        state: "NY",
        zip: "10027",
        startsOn: null,
        endsOn: null,
      },
      null,
    );
    clients.push({ id: c.id, location: loc.id });
  }
  // Sessions that took place yesterday (so they can be confirmed now).
  const startsAt = new Date(Date.now() - 86_400_000);
  const serviceDate = startsAt.toISOString().slice(0, 10);
  const ids: string[] = [];
  const batch = 200;
  for (let i = 0; i < sessions; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, sessions - i) }, (_, k) => {
        const client = clients[(i + k) % clients.length];
        if (!client) throw new Error("no client");
        return store.sessions
          .add({
            providerId: p,
            clientId: client.id,
            startsAt,
            timeZone: "America/New_York",
            serviceDate,
            durationMinutes: 53,
            modality: "telehealth",
            cptCode: "90837",
            crisis: false,
            practiceLocationId: null,
          })
          .then((s) => `${s.id} ${client.location}`);
      }),
    );
    ids.push(...made);
    process.stderr.write(`\rSeeding sessions: ${ids.length}/${sessions}`);
  }
  process.stderr.write("\n");
  return ids;
}

async function waitForPort(child: ChildProcess): Promise<number> {
  return new Promise((resolve, reject) => {
    let out = "";
    child.stdout?.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /localhost:(\d+)/.exec(out);
      if (m?.[1]) resolve(Number(m[1]));
    });
    child.on("exit", (code) => {
      reject(new Error(`server exited ${code}: ${out}`));
    });
  });
}

export async function benchConfirm(): Promise<Run[]> {
  const name = `stateline_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = SERVER_URL.replace(/\/[^/]*$/, `/${name}`);
  const db = await connect({ url });
  let server: ChildProcess | undefined;
  try {
    await migrate(db);
    const total = CONFIRMS + Math.round(RATE * RATE_SECONDS);
    const sessions = await seed(createStore(db.kysely), total);
    server = spawn(
      process.execPath,
      [
        // BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" profiles the server.
        ...(process.env.BENCH_SERVER_NODE_ARGS?.split(" ").filter(Boolean) ?? []),
        "bin/stateline.js",
        "serve",
        "--no-demo",
        "--port",
        "0",
        "--host",
        "127.0.0.1",
      ],
      {
        cwd: ROOT,
        env: { ...process.env, DATABASE_URL: url, PG_POOL_SIZE: "20" },
        stdio: ["ignore", "pipe", "inherit"],
      },
    );
    const port = await waitForPort(server);
    const login = await call(port, "POST", "/api/v1/auth/login", undefined, {
      email: "bench@stateline.test",
      password: PASSWORD,
    });
    const token = (JSON.parse(login.text) as { token: string }).token;

    const confirmOne = async (entry: string | undefined) => {
      const [id, location] = (entry ?? "").split(" ");
      const r = await call(port, "POST", `/api/v1/sessions/${id ?? ""}/confirm`, token, {
        clientLocationId: location,
      });
      if (r.status !== 200 && Math.random() < 0.01)
        process.stderr.write(`\n${r.status} ${r.text.slice(0, 200)}\n`);
      return r.status;
    };
    for (let i = 0; i < 2000; i++) await call(port, "GET", "/healthz"); // warm-up
    const runs: Run[] = [];
    runs.push(
      await closedLoop(
        "GET /healthz, 50 concurrent",
        CONFIRMS,
        async () => (await call(port, "GET", "/healthz")).status,
      ),
    );
    runs.push(await closedLoop("confirm, 50 concurrent", CONFIRMS, (i) => confirmOne(sessions[i])));
    runs.push(
      await openLoop(`confirm at ${RATE}/s`, RATE, RATE_SECONDS, (i) => confirmOne(sessions[CONFIRMS + i])),
    );
    return runs;
  } finally {
    for (const pool of pools.values()) await pool.close();
    server?.kill("SIGTERM");
    await db.close();
    await new Promise((r) => setTimeout(r, 300));
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

export function printRuns(runs: Run[]): void {
  const rows = [
    ["measure", "requests", "req/s", "p50 ms", "p99 ms", "errors"],
    ...runs.map((r) => [
      r.label,
      String(r.count),
      Math.round(r.count / r.seconds).toLocaleString("en-US"),
      r.p50.toFixed(1),
      r.p99.toFixed(1),
      String(r.errors),
    ]),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length))) ?? [];
  console.log(`\nStateline confirmation benchmark — PostgreSQL server, node ${process.version}`);
  for (const [n, r] of rows.entries()) {
    console.log(
      r.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join("  "),
    );
    if (n === 0) console.log(widths.map((w) => "-".repeat(w)).join("  "));
  }
  const fixed = runs.find((r) => r.label.startsWith("confirm at"));
  if (fixed)
    console.log(
      `\nconfirmation p99 at ${RATE}/s: ${fixed.p99.toFixed(1)} ms (goal < 25 ms): ${fixed.p99 < 25 ? "met" : "NOT met"}`,
    );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  printRuns(await benchConfirm());
}
