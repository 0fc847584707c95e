/** The claim-files part of the store: billing settings, exports, jobs (see src/app/claim-files-port.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type {
  BillingSettings,
  ClaimEvent,
  ClaimExportSummary,
  ClaimFileStores,
  ClaimSources,
  JobStatus,
} from "../app/claim-files-port.js";
import type { Claim } from "../app/sessions-model.js";
import type { StateCode } from "../contract/states.js";
import { toClient, toCoverage, toLocation } from "./rows.js";
import type { Database } from "./schema.js";
import {
  instantKey,
  newestFirstAfter,
  pagedOf,
  providerFiles,
  toClaim,
  toSession,
} from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

const iso = (d: Date | string): string => new Date(d).toISOString();

const toBilling = (r: Selectable<Database["billing_organization"]>): BillingSettings => ({
  name: r.name,
  npi: r.npi,
  taxId: r.tax_id,
  taxonomy: r.taxonomy,
  address: { line1: r.line1, line2: r.line2, city: r.city, state: r.state as StateCode, zip: r.zip },
  contactName: r.contact_name,
  contactPhone: r.contact_phone,
  submitterId: r.submitter_id,
  receiverName: r.receiver_name,
  receiverId: r.receiver_id,
  fees: r.fees,
  payerIds: r.payer_ids,
  telehealthModifiers: r.telehealth_modifiers,
  updatedAt: iso(r.updated_at),
});

const toEvent = (r: Selectable<Database["claim_events"]>): ClaimEvent => ({
  id: r.id,
  claimId: r.claim_id,
  version: r.version,
  kind: r.kind,
  at: iso(r.at),
  actorUserId: r.actor_user_id,
  exportId: r.export_id,
  detail: r.detail,
});

const EXPORT_SUMMARY = [
  "id",
  "format",
  "since",
  "claim_count",
  "interchange_control_number",
  "created_at",
  "created_by",
] as const;

const toSummary = (r: Pick<Selectable<Database["claim_exports"]>, (typeof EXPORT_SUMMARY)[number]>) =>
  ({
    id: r.id,
    format: r.format,
    since: r.since,
    claimCount: r.claim_count,
    interchangeControlNumber: r.interchange_control_number,
    createdAt: iso(r.created_at),
    createdBy: r.created_by,
  }) satisfies ClaimExportSummary;

const toJob = (r: Selectable<Database["jobs"]>): JobStatus => ({
  name: r.name,
  everySeconds: r.every_seconds,
  runAt: iso(r.run_at),
  runs: r.runs,
  lockedBy: r.locked_by,
  lastFinishedAt: r.last_finished_at === null ? null : iso(r.last_finished_at),
  lastError: r.last_error,
});

/**
 * What the files of a batch read, for all its claims at once: the sessions, the providers' files,
 * the clients, their current coverages and the coverages the claims name, their current
 * locations. A fixed number of queries (nine) inside the export's transaction, each with its
 * ids as one array parameter, not one round trip per claim while the claims are locked.
 */
async function claimSources(q: Q, claims: readonly Claim[]): Promise<Map<string, ClaimSources>> {
  const out = new Map<string, ClaimSources>();
  if (claims.length === 0) return out;
  const ids = (list: readonly (string | null)[]) => [...new Set(list.filter((x): x is string => x !== null))];
  const any = (list: readonly string[]) => sql<string>`any(${list}::uuid[])`;
  const clientIds = ids(claims.map((c) => c.clientId));
  const sessions = await q
    .selectFrom("sessions")
    .selectAll()
    .where("id", "=", any(ids(claims.map((c) => c.sessionId))))
    .execute();
  const files = await providerFiles(q, ids(sessions.map((s) => s.provider_id)));
  const clients = await q.selectFrom("clients").selectAll().where("id", "=", any(clientIds)).execute();
  // The current coverage of each client: the newest row (as clients.coverage reads it).
  const current = await q
    .selectFrom("coverages")
    .selectAll()
    .distinctOn("client_id")
    .where("client_id", "=", any(clientIds))
    .orderBy("client_id")
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .execute();
  const named = await q
    .selectFrom("coverages")
    .selectAll()
    .where("id", "=", any(ids(claims.map((c) => c.coverageId))))
    .execute();
  const locations = await q
    .selectFrom("client_locations")
    .selectAll()
    .where("client_id", "=", any(clientIds))
    .where("archived_at", "is", null)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const sessionOf = new Map(sessions.map((s) => [s.id, toSession(s)]));
  const fileOf = new Map(files.map((f) => [f.provider.id, f]));
  const clientOf = new Map(clients.map((c) => [c.id, toClient(c)]));
  const currentOf = new Map(current.map((c) => [c.client_id, toCoverage(c)]));
  const namedOf = new Map(named.map((c) => [c.id, toCoverage(c)]));
  const locationsOf = new Map<string, ReturnType<typeof toLocation>[]>();
  for (const l of locations) {
    const list = locationsOf.get(l.client_id);
    if (list) list.push(toLocation(l));
    else locationsOf.set(l.client_id, [toLocation(l)]);
  }
  for (const claim of claims) {
    const session = sessionOf.get(claim.sessionId);
    const file = session && fileOf.get(session.providerId);
    const client = session && clientOf.get(session.clientId);
    if (!session || !file || !client) continue;
    const coverage = currentOf.get(client.id);
    out.set(claim.id, {
      session,
      file,
      client,
      coverage,
      confirmedUnder: (claim.coverageId === null ? undefined : namedOf.get(claim.coverageId)) ?? coverage,
      locations: locationsOf.get(client.id) ?? [],
    });
  }
  return out;
}

export function claimFileStores(q: Q): ClaimFileStores {
  return {
    billing: {
      async get() {
        const r = await q.selectFrom("billing_organization").selectAll().executeTakeFirst();
        return r ? toBilling(r) : undefined;
      },
      async put(s, by) {
        const row = {
          name: s.name,
          npi: s.npi,
          tax_id: s.taxId,
          taxonomy: s.taxonomy,
          line1: s.address.line1 ?? "",
          line2: s.address.line2,
          city: s.address.city ?? "",
          state: s.address.state,
          zip: s.address.zip ?? "",
          contact_name: s.contactName,
          contact_phone: s.contactPhone,
          submitter_id: s.submitterId,
          receiver_name: s.receiverName,
          receiver_id: s.receiverId,
          fees: JSON.stringify(s.fees),
          payer_ids: JSON.stringify(s.payerIds),
          telehealth_modifiers: JSON.stringify(s.telehealthModifiers),
          updated_by: by,
        };
        const r = await q
          .insertInto("billing_organization")
          .values({ singleton: true, ...row })
          .onConflict((oc) =>
            oc.column("singleton").doUpdateSet({ ...row, updated_at: sql`clock_timestamp()` }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toBilling(r);
      },
    },

    claimFiles: {
      async release(now) {
        const r = await q
          .updateTable("claims")
          .set({ status: "ready" })
          .where("status", "=", "pending")
          .where("ready_at", "<=", now)
          .executeTakeFirst();
        return Number(r.numUpdatedRows);
      },
      async lockReady(since, limit) {
        const rows = await q
          .selectFrom("claims")
          .selectAll()
          .where("status", "=", "ready")
          .where("service_date", ">=", since)
          .orderBy("service_date")
          .orderBy("created_at")
          .orderBy("id")
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        return rows.map(toClaim);
      },
      async nextInterchangeNumber() {
        const r = await sql<{ n: string }>`select nextval('x12_interchange_control') as n`.execute(q);
        const n = r.rows[0]?.n;
        if (n === undefined) throw new Error("the interchange control sequence answered nothing");
        return Number(n);
      },
      async addExport(e) {
        const r = await q
          .insertInto("claim_exports")
          .values({
            ...(e.id === undefined ? {} : { id: e.id }),
            format: e.format,
            since: e.since,
            claim_count: e.claimCount,
            interchange_control_number: e.interchangeControlNumber,
            content: e.content,
            created_by: e.createdBy,
          })
          .returning(EXPORT_SUMMARY)
          .executeTakeFirstOrThrow();
        return toSummary(r);
      },
      async markExported(claimIds, exportId, at, actorUserId = null) {
        if (claimIds.length === 0) return;
        const rows = await q
          .updateTable("claims")
          .set({ status: "exported", export_id: exportId, exported_at: at, export_problems: null })
          .where("id", "=", sql<string>`any(${[...claimIds]}::uuid[])`)
          .where("status", "=", "ready")
          .returning(["id", "version"])
          .execute();
        if (rows.length === 0) return;
        await q
          .insertInto("claim_events")
          .values(
            rows.map((r) => ({
              claim_id: r.id,
              version: r.version,
              kind: "exported" as const,
              actor_user_id: actorUserId,
              export_id: exportId,
              at,
            })),
          )
          .execute();
      },
      async markExcluded(excluded, actorUserId) {
        if (excluded.length === 0) return;
        // One statement for all of them: the ids and their problems as two array parameters.
        await sql`
          update claims c set export_problems = x.problems::jsonb
            from unnest(${excluded.map((e) => e.claim.id)}::uuid[],
                        ${excluded.map((e) => JSON.stringify(e.problems))}::text[]) as x(id, problems)
           where c.id = x.id`.execute(q);
        await q
          .insertInto("claim_events")
          .values(
            excluded.map(({ claim, problems }) => ({
              claim_id: claim.id,
              version: claim.version,
              kind: "excluded" as const,
              actor_user_id: actorUserId,
              detail: JSON.stringify({ problems }),
            })),
          )
          .execute();
      },
      async correct(id, version, c) {
        const r = await q
          .updateTable("claims")
          .set({
            version: version + 1,
            frequency: c.frequency,
            payer_control_number: c.payerControlNumber,
            cpt_codes: [...c.cptCodes],
            diagnosis_codes: [...c.diagnosisCodes],
            status: "ready",
            export_id: null,
            exported_at: null,
            export_problems: null,
            // The payer has not seen this version yet: what it said of the last one is history
            // (claim_events, claim_payments), not this version's status.
            payer_status: null,
            payer_status_at: null,
          })
          .where("id", "=", id)
          .where("version", "=", version)
          .where("status", "in", ["ready", "exported"])
          .where("frequency", "<>", "8")
          .returningAll()
          .executeTakeFirst();
        return r ? toClaim(r) : undefined;
      },
      async addEvent(e) {
        await q
          .insertInto("claim_events")
          .values({
            claim_id: e.claimId,
            version: e.version,
            kind: e.kind,
            actor_user_id: e.actorUserId,
            export_id: e.exportId ?? null,
            detail: e.detail === undefined ? null : JSON.stringify(e.detail),
          })
          .execute();
      },
      async events(claimId) {
        const rows = await q
          .selectFrom("claim_events")
          .selectAll()
          .where("claim_id", "=", claimId)
          .orderBy("id")
          .execute();
        return rows.map(toEvent);
      },
      async exportById(id) {
        const r = await q.selectFrom("claim_exports").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? { ...toSummary(r), content: r.content } : undefined;
      },
      async listExports(p) {
        let query = q
          .selectFrom("claim_exports")
          .select(EXPORT_SUMMARY)
          .select(instantKey("created_at").as("key_at"))
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(p.limit + 1);
        if (p.after !== undefined) query = query.where(newestFirstAfter(p.after));
        return pagedOf(await query.execute(), p.limit, toSummary, (r) => [r.key_at, r.id]);
      },
      sources: (claims) => claimSources(q, claims),
    },

    jobs: {
      async ensure(name, everySeconds, firstRunAt) {
        await q
          .insertInto("jobs")
          .values({ name, every_seconds: everySeconds, run_at: firstRunAt })
          .onConflict((oc) => oc.column("name").doUpdateSet({ every_seconds: everySeconds }))
          .execute();
      },
      async claimDue(worker, now, lockSeconds) {
        // One statement: pick the most overdue free job, skipping rows another worker is
        // taking right now, and lock it for us.
        const r = await sql<{ name: string }>`
          update jobs set locked_by = ${worker},
                          locked_until = ${now}::timestamptz + make_interval(secs => ${lockSeconds}),
                          last_started_at = ${now}
           where name = (select name from jobs
                          where run_at <= ${now}
                            and (locked_until is null or locked_until < ${now})
                          order by run_at
                          limit 1
                          for update skip locked)
          returning name`.execute(q);
        return r.rows[0]?.name;
      },
      async finish(name, worker, now, error) {
        await q
          .updateTable("jobs")
          .set({
            run_at: sql`${now}::timestamptz + make_interval(secs => every_seconds)`,
            locked_by: null,
            locked_until: null,
            last_finished_at: now,
            last_error: error,
            runs: sql`runs + 1`,
          })
          .where("name", "=", name)
          .where("locked_by", "=", worker)
          .execute();
      },
      async list() {
        return (await q.selectFrom("jobs").selectAll().orderBy("name").execute()).map(toJob);
      },
    },
  };
}
