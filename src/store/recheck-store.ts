/** The whole re-check's part of the store: runs, chunks, batch loads and writes (see src/app/recheck-port.ts). */
import { sql, type Kysely, type Transaction } from "kysely";
import type { AlertDraft } from "../app/alerts-port.js";
import type { RecheckChunk, RecheckStores, UpcomingSession } from "../app/recheck-port.js";
import { RECHECK_LOCK, toAlert } from "./alerts-store.js";
import {
  providerFileColumns,
  toClient,
  toCoverage,
  toCredential,
  toLicense,
  toLocation,
  toPractice,
  toProvider,
} from "./rows.js";
import type { Database } from "./schema.js";
import { saveChecks } from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

/** Sessions' checks written per statement (each a few hundred bytes to a few kilobytes). */
const CHECKS_PER_STATEMENT = 2000;
/** Alerts written per statement. */
const ALERTS_PER_STATEMENT = 1000;

const iso = (d: Date | string): string => new Date(d).toISOString();

/** The day before `today`, at 00:00 UTC: no session on or after `today` anywhere starts earlier. */
function earliestStart(today: string): Date {
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 2);
  return d;
}

function slices<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** An alert draft as one JSON record for `jsonb_to_recordset`. */
const alertRecord = (d: AlertDraft, id?: string) => ({
  id: id ?? null,
  provider_id: d.providerId,
  client_id: d.clientId,
  kind: d.kind,
  message: d.message,
  fix: d.fix,
  session_ids: d.sessionIds,
  dedupe_key: d.dedupeKey,
  detail: d.detail,
});

const ALERT_COLUMNS = sql`x(id uuid, provider_id uuid, client_id uuid, kind text, message text, fix text,
  session_ids uuid[], dedupe_key text, detail jsonb)`;

/** `where` on a provider id column for a chunk's range. */
function inRange(column: string, chunk: Pick<RecheckChunk, "firstProvider" | "beforeProvider">) {
  const parts = [sql`true`];
  if (chunk.firstProvider !== null) parts.push(sql`${sql.ref(column)} >= ${chunk.firstProvider}::uuid`);
  if (chunk.beforeProvider !== null) parts.push(sql`${sql.ref(column)} < ${chunk.beforeProvider}::uuid`);
  return sql<boolean>`(${sql.join(parts, sql` and `)})`;
}

/**
 * A chunk's upcoming sessions, with their checks' digests: one range of the (provider_id,
 * starts_at, id) index of scheduled sessions (exported for the benchmark's EXPLAIN).
 */
export function upcomingStream(chunk: Pick<RecheckChunk, "firstProvider" | "beforeProvider">, today: string) {
  return sql<{
    id: string;
    provider_id: string;
    client_id: string;
    starts_at: Date;
    time_zone: string;
    service_date: string;
    duration_minutes: number;
    modality: "telehealth" | "in_person";
    cpt_code: string;
    crisis: boolean;
    audio_only: boolean;
    practice_location_id: string | null;
    created_at: Date;
    check_hash: string | null;
  }>`
            select s.id, s.provider_id, s.client_id, s.starts_at, s.time_zone, s.service_date,
                   s.duration_minutes, s.modality, s.cpt_code, s.crisis, s.audio_only,
                   s.practice_location_id, s.created_at, k.check_hash
              from sessions s
              left join session_checks k on k.session_id = s.id
             where s.status = 'scheduled'
               and ${inRange("s.provider_id", chunk)}
               and s.starts_at >= ${earliestStart(today)}
               and s.service_date >= ${today}
             order by s.provider_id, s.starts_at, s.id`;
}

export function recheckStores(q: Q): RecheckStores {
  return {
    recheck: {
      async openRun(checkedOn, chunkSize) {
        const attempt = async (tx: Q) => {
          const created = await sql<{ id: string }>`
            insert into recheck_runs (checked_on) values (${checkedOn})
            on conflict (checked_on) where finished_at is null do nothing
            returning id`.execute(tx);
          const runId = created.rows[0]?.id;
          if (runId === undefined) {
            const r = await sql<{ id: string }>`
              select id from recheck_runs where checked_on = ${checkedOn} and finished_at is null`.execute(
              tx,
            );
            const joined = r.rows[0]?.id;
            return joined === undefined ? undefined : { runId: joined, created: false };
          }
          // Ranges of `chunkSize` providers by id, contiguous: each starts where the previous
          // one ends, the first at the start and the last at the end.
          const chunks = await sql`
            insert into recheck_chunks (run_id, seq, first_provider, before_provider)
            select ${runId}::uuid, (rn - 1) / ${chunkSize}::int, case when rn = 1 then null else id end,
                   lead(id) over (order by rn)
              from (select id, row_number() over (order by id) as rn from providers) p
             where (rn - 1) % ${chunkSize}::int = 0`.execute(tx);
          if (Number(chunks.numAffectedRows ?? 0) === 0)
            await sql`insert into recheck_chunks (run_id, seq) values (${runId}::uuid, 0)`.execute(tx);
          return { runId, created: true };
        };
        // A run finished between the insert and the select: start a new one.
        for (let i = 0; i < 3; i++) {
          const r = q.isTransaction ? await attempt(q) : await q.transaction().execute(attempt);
          if (r) return r;
        }
        throw new Error(`could not open a re-check run for ${checkedOn}`);
      },

      async takeChunk(runId, worker, staleSeconds) {
        const r = await sql<{ seq: number; first_provider: string | null; before_provider: string | null }>`
          update recheck_chunks c
             set status = 'taken', taken_by = ${worker}, taken_at = clock_timestamp()
           where c.run_id = ${runId}::uuid
             and c.seq = (select seq from recheck_chunks
                           where run_id = ${runId}::uuid
                             and (status = 'pending'
                                  or (status = 'taken'
                                      and taken_at < clock_timestamp() - make_interval(secs => ${staleSeconds})))
                           order by seq
                           limit 1
                           for update skip locked)
          returning c.seq, c.first_provider, c.before_provider`.execute(q);
        const row = r.rows[0];
        return row
          ? { runId, seq: row.seq, firstProvider: row.first_provider, beforeProvider: row.before_provider }
          : undefined;
      },

      async lockChunk(chunk) {
        // In id order, as every worker takes them: no two chunks wait on each other.
        await sql`select pg_advisory_xact_lock(${RECHECK_LOCK}::int, hashtext(p.id::text))
                    from (select id from providers where ${inRange("id", chunk)} order by id) p`.execute(q);
      },

      async load(chunk, today) {
        const [providerRows, sessionRows, alertRows] = await Promise.all([
          q
            .selectFrom("providers")
            .selectAll("providers")
            .select((eb) => providerFileColumns(eb))
            .where(inRange("providers.id", chunk))
            .orderBy("providers.id")
            .execute(),
          // The stream: one range of the (provider_id, starts_at, id) index of scheduled sessions.
          upcomingStream(chunk, today).execute(q),
          q
            .selectFrom("alerts")
            .selectAll()
            .where(inRange("provider_id", chunk))
            .where("resolved_at", "is", null)
            // Eligibility alerts are opened and cleared by eligibility answers, not re-checks.
            .where("kind", "<>", "coverage_not_verified")
            .orderBy("provider_id")
            .orderBy("created_at")
            .orderBy("id")
            .execute(),
        ]);
        const sessions = sessionRows.rows.map((r): UpcomingSession => ({
          id: r.id,
          providerId: r.provider_id,
          clientId: r.client_id,
          startsAt: iso(r.starts_at),
          timeZone: r.time_zone,
          serviceDate: r.service_date,
          durationMinutes: r.duration_minutes,
          modality: r.modality,
          cptCode: r.cpt_code,
          crisis: r.crisis,
          audioOnly: r.audio_only,
          practiceLocationId: r.practice_location_id,
          status: "scheduled",
          confirmedAt: null,
          confirmedBy: null,
          location: null,
          decision: null,
          crisisDocumentation: null,
          createdAt: iso(r.created_at),
          lastCheck: null,
          checkHash: r.check_hash,
        }));
        const clientIds = [...new Set(sessions.map((s) => s.clientId))];
        const [clients, locations, coverages] =
          clientIds.length === 0
            ? [[], [], []]
            : await Promise.all([
                q
                  .selectFrom("clients")
                  .selectAll()
                  .where("id", "=", sql<string>`any(${clientIds}::uuid[])`)
                  .execute(),
                q
                  .selectFrom("client_locations")
                  .selectAll()
                  .where("client_id", "=", sql<string>`any(${clientIds}::uuid[])`)
                  .where("archived_at", "is", null)
                  .orderBy("created_at")
                  .orderBy("id")
                  .execute(),
                q
                  .selectFrom("coverages")
                  .selectAll()
                  .distinctOn("client_id")
                  .where("client_id", "=", sql<string>`any(${clientIds}::uuid[])`)
                  .orderBy("client_id")
                  .orderBy("created_at", "desc")
                  .orderBy("id", "desc")
                  .execute(),
              ]);
        return {
          providers: providerRows.map((r) => ({
            provider: toProvider(r),
            licenses: r.licenses.map(toLicense),
            credentials: r.credentials.map(toCredential),
            practiceLocations: r.practice.map(toPractice),
          })),
          sessions,
          clients: clients.map(toClient),
          locations: locations.map(toLocation),
          coverages: coverages.map(toCoverage),
          openAlerts: alertRows.map(toAlert),
        };
      },

      async dismissed(pairs) {
        if (pairs.length === 0) return [];
        const wanted = JSON.stringify(pairs.map((p) => ({ provider_id: p.providerId, key: p.key })));
        const r = await sql<{ provider_id: string; dedupe_key: string; session_ids: string[] }>`
          select distinct on (a.provider_id, a.dedupe_key) a.provider_id, a.dedupe_key, a.session_ids
            from jsonb_to_recordset(${wanted}::jsonb) as x(provider_id uuid, key text)
            join alerts a on a.provider_id = x.provider_id and a.dedupe_key = x.key
           where a.resolution = 'dismissed'
           order by a.provider_id, a.dedupe_key, a.resolved_at desc`.execute(q);
        return r.rows.map((row) => ({
          providerId: row.provider_id,
          dedupeKey: row.dedupe_key,
          sessionIds: row.session_ids,
        }));
      },

      async write(w, now) {
        for (const part of slices(w.checks, CHECKS_PER_STATEMENT)) await saveChecks(q, part);
        const openedFor: string[] = [];
        for (const part of slices(w.open, ALERTS_PER_STATEMENT)) {
          // The partial unique index keeps one open alert per (provider, key): one opened
          // meanwhile (a use case's re-check) is refreshed, never doubled.
          const json = JSON.stringify(part.map((d) => alertRecord(d)));
          const r = await sql<{ provider_id: string; inserted: boolean }>`
            insert into alerts (provider_id, client_id, kind, message, fix, session_ids, dedupe_key, detail, updated_at)
            select x.provider_id, x.client_id, x.kind, x.message, x.fix, x.session_ids, x.dedupe_key, x.detail, ${now}
              from jsonb_to_recordset(${json}::jsonb) as ${ALERT_COLUMNS}
            on conflict (provider_id, dedupe_key) where resolved_at is null
            do update set client_id = excluded.client_id, kind = excluded.kind, message = excluded.message,
                          fix = excluded.fix, session_ids = excluded.session_ids, detail = excluded.detail,
                          updated_at = excluded.updated_at
            returning provider_id, (xmax = 0) as inserted`.execute(q);
          for (const row of r.rows) if (row.inserted) openedFor.push(row.provider_id);
        }
        for (const part of slices(w.refresh, ALERTS_PER_STATEMENT)) {
          const json = JSON.stringify(part.map((x) => alertRecord(x.draft, x.id)));
          await sql`
            update alerts a
               set client_id = x.client_id, kind = x.kind, message = x.message, fix = x.fix,
                   session_ids = x.session_ids, detail = x.detail, updated_at = ${now}
              from jsonb_to_recordset(${json}::jsonb) as ${ALERT_COLUMNS}
             where a.id = x.id and a.resolved_at is null`.execute(q);
        }
        for (const part of slices(w.resolve, ALERTS_PER_STATEMENT)) {
          await sql`
            update alerts set resolved_at = ${now}, resolution = 'cleared', resolved_by = null
             where id = any(${part}::uuid[]) and resolved_at is null`.execute(q);
        }
        return { openedFor };
      },

      async finishChunk(chunk, worker, counts) {
        const r = await sql`
          update recheck_chunks
             set status = 'done', done_at = clock_timestamp(), counts = ${JSON.stringify(counts)}::jsonb
           where run_id = ${chunk.runId}::uuid and seq = ${chunk.seq}
             and status = 'taken' and taken_by = ${worker}
          returning seq`.execute(q);
        return r.rows.length > 0;
      },

      async progress(runId) {
        const r = await sql<{ done: number; total: number }>`
          select (count(*) filter (where status = 'done'))::int as done, count(*)::int as total
            from recheck_chunks where run_id = ${runId}::uuid`.execute(q);
        return r.rows[0] ?? { done: 0, total: 0 };
      },

      async finishRun(runId) {
        const r = await sql`
          update recheck_runs set finished_at = clock_timestamp()
           where id = ${runId}::uuid and finished_at is null
             and not exists (select 1 from recheck_chunks where run_id = ${runId}::uuid and status <> 'done')
          returning id`.execute(q);
        return r.rows.length > 0;
      },
    },

    jobLeases: {
      async renew(name, worker, until) {
        const r = await sql`
          update jobs set locked_until = ${until} where name = ${name} and locked_by = ${worker}
          returning name`.execute(q);
        return r.rows.length > 0;
      },
    },
  };
}
