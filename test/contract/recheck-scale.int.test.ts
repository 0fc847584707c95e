/**
 * The daily re-check at scale (issue 15): the set-based run (recheck-all.ts) decides and alerts
 * exactly as the per-provider re-check does, writes a session's check only when its outcome
 * changed, continues an interrupted run, shares a run between two workers without opening an
 * alert twice, and runs off the API's event loop with a job lock that is renewed while it runs.
 */
import "../support/env.js";
import { sql, type Kysely } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recheckAll, recheckProvider } from "../../src/app/alerts/recheck.js";
import { JobRunner, type Job } from "../../src/app/jobs.js";
import type { Store } from "../../src/app/ports.js";
import { recheckInWorker } from "../../src/cli/recheck-worker.js";
import { connect } from "../../src/store/db.js";
import type { Database } from "../../src/store/schema.js";
import { createStore } from "../../src/store/store.js";
import {
  aVideoSession,
  seedClient,
  seedProvider,
  startApp,
  type DbKind,
  type SeededClient,
  type SeededProvider,
  type TestApp,
} from "../support/app.js";

const TODAY = "2026-03-02";
const NOW = new Date("2026-03-02T14:00:00Z");
const day = (n: number) =>
  new Date(Date.parse(`${TODAY}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
const NY = "America/New_York";
const LA = "America/Los_Angeles";

interface Practice {
  readonly maya: SeededProvider;
  readonly luis: SeededProvider;
  readonly priya: SeededProvider;
  readonly ana: SeededClient;
}

/**
 * Three providers, seven clients, sixteen sessions, straight into the store (no use case, so
 * nothing is re-checked yet): Maya's NJ license ends in 12 days under a session after it; Ben's
 * Cigna credential in New York is terminated; Ana spends a week in Florida (no license there);
 * Dev has no coverage; Luis's California sessions are all fine; Priya has no sessions but a
 * credential ending in 20 days.
 */
async function seedPractice(store: Store, db: Kysely<Database>): Promise<Practice> {
  const maya = await seedProvider(store, {
    name: "Maya Chen, LCSW",
    licenses: [{ state: "NY" }, { state: "NJ", validTo: day(12) }],
    credentials: [
      { payer: "aetna", state: "NY" },
      { payer: "aetna", state: "NJ" },
      { payer: "cigna", state: "NY", status: "terminated" },
    ],
    practiceLocations: [
      { label: "Midtown", line1: "350 Fifth Ave", city: "New York", state: "NY", zip: "10118" },
    ],
  });
  const luis = await seedProvider(store, {
    name: "Luis Ortega, PsyD",
    licenses: [{ state: "CA", type: "PsyD" }],
    credentials: [{ payer: "aetna", state: "CA" }],
  });
  const priya = await seedProvider(store, {
    name: "Priya Shah, LPC",
    licenses: [{ state: "TX", type: "LPC" }],
    credentials: [{ payer: "aetna", state: "TX", effectiveTo: day(20) }],
  });
  const m = maya.provider.id;
  const ana = await seedClient(store, {
    providerId: m,
    name: "Ana Silva",
    coverage: { payer: "aetna" },
    locations: [
      { state: "NJ", zip: "07030", city: "Hoboken" },
      { kind: "temporary", state: "FL", city: "Miami", startsOn: day(8), endsOn: day(14) },
    ],
  });
  const ben = await seedClient(store, {
    providerId: m,
    name: "Ben Ito",
    coverage: { payer: "cigna" },
    locations: [{ state: "NY", zip: "10001" }],
  });
  const cora = await seedClient(store, {
    providerId: m,
    name: "Cora Diaz",
    coverage: { payer: "aetna" },
    locations: [{ state: "NY", zip: "10027" }],
  });
  const dev = await seedClient(store, {
    providerId: m,
    name: "Dev Patel",
    coverage: { payer: "aetna" },
    locations: [{ state: "NJ", zip: "07302" }],
  });
  await sql`delete from coverages where client_id = ${dev.client.id}`.execute(db);
  const casey = await seedClient(store, {
    providerId: luis.provider.id,
    name: "Casey Morgan",
    coverage: { payer: "aetna" },
    locations: [{ state: "CA", zip: "94612" }],
  });
  const eli = await seedClient(store, {
    providerId: luis.provider.id,
    name: "Eli Brooks",
    coverage: { payer: "aetna" },
    locations: [{ state: "CA", zip: "90012" }],
  });
  const at = (n: number, hour = 17) => `${day(n)}T${String(hour).padStart(2, "0")}:00:00Z`;
  const sessions = [
    aVideoSession(maya, ana, at(3), NY),
    aVideoSession(maya, ana, at(10), NY),
    aVideoSession(maya, ana, at(13), NY),
    aVideoSession(maya, ana, at(15), NY),
    aVideoSession(maya, ben, at(5), NY),
    aVideoSession(maya, ben, at(20), NY),
    aVideoSession(maya, cora, at(4), NY, {
      modality: "in_person",
      practiceLocationId: maya.practiceLocations[0]?.id ?? null,
    }),
    aVideoSession(maya, cora, at(11), NY),
    aVideoSession(maya, dev, at(6), NY),
    aVideoSession(maya, dev, at(16), NY),
    aVideoSession(luis, casey, at(2, 19), LA),
    aVideoSession(luis, casey, at(9, 19), LA),
    aVideoSession(luis, eli, at(7, 20), LA),
    aVideoSession(luis, eli, at(21, 20), LA),
    // Yesterday's, never confirmed: not upcoming, never re-checked.
    aVideoSession(luis, eli, at(-1, 20), LA),
  ];
  for (const s of sessions) await store.sessions.add(s);
  return { maya, luis, priya, ana };
}

/** Alerts and checks as a person would compare them (no ids or instants). */
async function snapshot(t: TestApp) {
  const alerts = await sql<{
    provider_id: string;
    kind: string;
    dedupe_key: string;
    message: string;
    fix: string | null;
    session_ids: string[];
    detail: unknown;
    resolved_at: Date | null;
  }>`select provider_id, kind, dedupe_key, message, fix, session_ids, detail, resolved_at
       from alerts order by provider_id, dedupe_key, created_at`.execute(t.db.kysely);
  const checks = await sql<{ id: string; last_check: Record<string, unknown> | null }>`
    select s.id, k.last_check from sessions s left join session_checks k on k.session_id = s.id order by s.id`.execute(
    t.db.kysely,
  );
  return {
    alerts: alerts.rows.map((a) => ({
      ...a,
      resolved_at: a.resolved_at !== null,
      session_ids: [...a.session_ids].sort(),
    })),
    checks: checks.rows.map((r) => {
      if (!r.last_check) return { id: r.id, check: null };
      const { checkedAt: _at, ...rest } = r.last_check;
      return { id: r.id, check: rest };
    }),
  };
}

/** Each session's check's row version: a rewrite changes it. */
const versions = async (t: TestApp) =>
  new Map(
    (
      await sql<{
        id: string;
        v: string;
      }>`select session_id as id, xmin::text as v from session_checks`.execute(t.db.kysely)
    ).rows.map((r) => [r.id, r.v]),
  );

const KINDS: DbKind[] = ["pglite", "postgres"];

describe.each(KINDS)("the daily re-check at scale on %s", (kind) => {
  let t: TestApp;
  let practice: Practice;

  beforeAll(async () => {
    t = await startApp(kind, { now: () => NOW });
    practice = await seedPractice(t.store, t.db.kysely);
  }, 120_000);

  afterAll(async () => {
    await t.close();
  });

  it("decides and alerts exactly as the per-provider re-check does", async () => {
    const report = await recheckAll(t.store, t.geo, TODAY, { now: NOW, chunkSize: 2 });
    expect(report).toMatchObject({
      providers: 3,
      sessionsChecked: 14,
      run: { joined: false, finished: true, chunks: 2 },
    });
    expect(report.atRisk).toBeGreaterThanOrEqual(5);
    expect(report.opened).toBe(report.open);
    const setBased = await snapshot(t);
    // Something for every kind of alert, and a check on every upcoming session.
    expect(new Set(setBased.alerts.map((a) => a.kind))).toEqual(
      new Set(["sessions_at_risk", "license_expiring", "credential_expiring"]),
    );
    expect(setBased.alerts.some((a) => a.message.includes("Florida") || a.dedupe_key.includes(":FL"))).toBe(
      true,
    );
    expect(setBased.checks.filter((c) => c.check !== null)).toHaveLength(14);

    // The same practice, re-checked provider by provider from scratch.
    await sql`delete from alerts`.execute(t.db.kysely);
    await sql`delete from session_checks`.execute(t.db.kysely);
    for (const p of [practice.maya, practice.luis, practice.priya])
      await recheckProvider(t.store, t.geo, p.provider.id, TODAY, NOW);
    expect(await snapshot(t)).toEqual(setBased);
  });

  it("writes a session's check only when what it found changed", async () => {
    // The previous test left the per-provider path's checks: the digests match.
    const before = await versions(t);
    const again = await recheckAll(t.store, t.geo, TODAY, { now: new Date(NOW.getTime() + 60_000) });
    expect(again).toMatchObject({ opened: 0, resolved: 0, run: { checksWritten: 0, finished: true } });
    expect(await versions(t)).toEqual(before);

    // Ana's trip is cancelled behind the app's back: only her sessions during it change.
    await sql`update client_locations set archived_at = now()
               where client_id = ${practice.ana.client.id} and kind = 'temporary'`.execute(t.db.kysely);
    const changed = await recheckAll(t.store, t.geo, TODAY, { now: NOW });
    expect(changed.resolved).toBeGreaterThanOrEqual(1);
    const after = await versions(t);
    const rewritten = [...after].filter(([id, v]) => before.get(id) !== v).map(([id]) => id);
    const anaSessions = await sql<{ id: string }>`
      select id from sessions where client_id = ${practice.ana.client.id}
         and service_date between ${day(8)} and ${day(14)}`.execute(t.db.kysely);
    expect(rewritten.sort()).toEqual(anaSessions.rows.map((r) => r.id).sort());
    expect(changed.run?.checksWritten).toBe(rewritten.length);
  });

  it("continues an interrupted run: chunks done are kept, a dead worker's chunk is taken over", async () => {
    const tomorrow = day(1);
    const { runId } = await t.store.recheck.openRun(tomorrow, 1);
    // One chunk done before the kill, one taken by a worker that died an hour ago.
    const first = await t.store.recheck.takeChunk(runId, "server-a", 300);
    expect(first).toBeDefined();
    if (!first) return;
    await t.store.transaction((tx) => tx.recheck.finishChunk(first, "server-a", { providers: 1 }));
    const dead = await t.store.recheck.takeChunk(runId, "server-b", 300);
    expect(dead).toBeDefined();
    await sql`update recheck_chunks set taken_at = now() - interval '1 hour'
               where run_id = ${runId} and taken_by = 'server-b'`.execute(t.db.kysely);

    const resumed = await recheckAll(t.store, t.geo, tomorrow, { now: NOW, chunkSize: 1 });
    expect(resumed.run).toMatchObject({ id: runId, joined: true, finished: true, chunks: 3 });
    // The two chunks not done: the dead worker's and the one nobody had taken.
    expect(resumed.providers).toBe(2);
    const chunks = await sql<{ status: string; taken_by: string }>`
      select status, taken_by from recheck_chunks where run_id = ${runId} order by seq`.execute(t.db.kysely);
    expect(chunks.rows.map((c) => c.status)).toEqual(["done", "done", "done"]);
    expect(chunks.rows[0]?.taken_by).toBe("server-a");
    const runs = await sql<{ finished: boolean }>`
      select finished_at is not null as finished from recheck_runs where id = ${runId}`.execute(t.db.kysely);
    expect(runs.rows[0]?.finished).toBe(true);

    // A chunk a live worker took a moment ago is left to it: the run stays open.
    const live = await t.store.recheck.openRun(day(2), 1);
    await t.store.recheck.takeChunk(live.runId, "server-c", 300);
    const partial = await recheckAll(t.store, t.geo, day(2), { now: NOW, chunkSize: 1 });
    expect(partial.run).toMatchObject({ joined: true, finished: false });
    expect(partial.providers).toBe(2);
  });

  it("the job runner renews its lock while a long job runs, so no other server starts it", async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const slow: Job = {
      name: `test.slow.${kind}`,
      everySeconds: 3600,
      async run() {
        await gate;
        return "done";
      },
    };
    const lines: string[] = [];
    const a = new JobRunner(t.store, [slow], { worker: "server-a", lockSeconds: 1, heartbeatSeconds: 0.2 });
    const b = new JobRunner(t.store, [slow], {
      worker: "server-b",
      lockSeconds: 1,
      log: (l) => lines.push(l),
    });
    await a.register();
    const running = a.runDue();
    // Three lock lengths later, the heartbeat has kept it: the other server finds nothing due.
    await new Promise((resolve) => setTimeout(resolve, 3000));
    expect(await b.runDue()).toEqual([]);
    const job = (await t.store.jobs.list()).find((j) => j.name === slow.name);
    expect(job?.lockedBy).toBe("server-a");
    release();
    expect(await running).toEqual([slow.name]);
    expect(lines).toEqual([]);
  });
});

describe("the daily re-check at scale on two PostgreSQL workers", () => {
  let t: TestApp;
  let second: { store: Store; close: () => Promise<void> };

  beforeAll(async () => {
    t = await startApp("postgres", { now: () => NOW });
    await seedPractice(t.store, t.db.kysely);
    // Ten more providers, each with a client whose sessions are at risk (no license in Florida).
    for (let i = 0; i < 10; i++) {
      const p = await seedProvider(t.store, {
        licenses: [{ state: "NY" }],
        credentials: [{ payer: "aetna", state: "NY" }],
        email: null,
      });
      const c = await seedClient(t.store, {
        providerId: p.provider.id,
        coverage: { payer: "aetna" },
        locations: [{ state: "FL", zip: "33101" }],
      });
      for (const n of [3, 5, 9]) await t.store.sessions.add(aVideoSession(p, c, `${day(n)}T15:00:00Z`, NY));
    }
    const db = await connect({ url: t.url });
    second = { store: createStore(db.kysely), close: () => db.close() };
  }, 120_000);

  afterAll(async () => {
    await second.close();
    await t.close();
  });

  it("two runners at once split the providers and open each alert once", async () => {
    const [a, b] = await Promise.all([
      recheckAll(t.store, t.geo, TODAY, { now: NOW, chunkSize: 1, worker: "server-a", concurrency: 2 }),
      recheckAll(second.store, t.geo, TODAY, { now: NOW, chunkSize: 1, worker: "server-b", concurrency: 2 }),
    ]);
    // Every provider once, between the two.
    expect(a.providers + b.providers).toBe(13);
    const ids = [...a.byProvider, ...b.byProvider].map((p) => p.providerId);
    expect(new Set(ids).size).toBe(13);
    expect(a.run?.id).toBe(b.run?.id);
    expect([a.run?.finished, b.run?.finished]).toContain(true);
    const open = await sql<{ provider_id: string; dedupe_key: string; n: number }>`
      select provider_id, dedupe_key, count(*)::int as n from alerts group by 1, 2`.execute(t.db.kysely);
    expect(open.rows.every((r) => r.n === 1)).toBe(true);
    expect(a.opened + b.opened).toBe(open.rows.length);
    expect(open.rows.length).toBeGreaterThanOrEqual(14);
  });

  it("runs in a worker thread with its own connections (the job runner's way on a server)", async () => {
    const lines: string[] = [];
    const said = await recheckInWorker(t.url ?? "")(day(1), NOW, (l) => lines.push(l));
    expect(said).toMatch(/^re-checked 13 provider\(s\), 44 session\(s\)/);
    expect(lines.at(-1)).toMatch(/^re-check 100% /);
  }, 60_000);
});
