/** The eligibility part of the store: checks from queued to answered, and the coverage's verified facts (see src/app/eligibility-port.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { EligibilityCheck, EligibilityStores } from "../app/eligibility-port.js";
import type { EligibilityAnswer } from "../formats/x12-271.js";
import type { Database } from "./schema.js";
import { instantKey, newestFirstAfter, pagedOf } from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type Row = Selectable<Database["eligibility_checks"]> & { requested_by_name: string | null };

const toCheck = (r: Row): EligibilityCheck => ({
  id: r.id,
  clientId: r.client_id,
  coverageId: r.coverage_id,
  traceNumber: r.trace_number,
  status: r.status,
  reason: r.reason,
  planDate: r.plan_date,
  requestedBy: r.requested_by,
  requestedByName: r.requested_by_name,
  requestedAt: iso(r.requested_at) ?? "",
  requestFileId: r.request_file_id,
  sentAt: iso(r.sent_at),
  answerFileId: r.answer_file_id,
  answeredAt: iso(r.answered_at),
  // Only `answer` writes this column, always with an EligibilityAnswer.
  answer: (r.answer ?? null) as EligibilityAnswer | null,
  summary: r.summary,
  sandbox: r.sandbox,
  error: r.error,
});

/** Checks with the name of who asked (the provider's or client's name, else the account's email). */
const checks = (q: Q) =>
  q
    .selectFrom("eligibility_checks as e")
    .leftJoin("users as u", "u.id", "e.requested_by")
    .leftJoin("providers as p", "p.id", "u.provider_id")
    .leftJoin("clients as c", "c.id", "u.client_id")
    .selectAll("e")
    .select(sql<string | null>`coalesce(p.name, c.name, u.email)`.as("requested_by_name"));

export function eligibilityStores(q: Q): EligibilityStores {
  return {
    eligibility: {
      async add(c) {
        const r = await q
          .insertInto("eligibility_checks")
          .values({
            client_id: c.clientId,
            coverage_id: c.coverageId,
            trace_number: c.traceNumber,
            reason: c.reason,
            plan_date: c.planDate,
            requested_by: c.requestedBy,
            status: c.status ?? "queued",
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const row = await checks(q).where("e.id", "=", r.id).executeTakeFirstOrThrow();
        return toCheck(row);
      },

      async byId(id) {
        const r = await checks(q).where("e.id", "=", id).executeTakeFirst();
        return r ? toCheck(r) : undefined;
      },

      async byTrace(traceNumbers) {
        if (traceNumbers.length === 0) return [];
        const rows = await checks(q)
          .where("e.trace_number", "=", sql<string>`any(${[...traceNumbers]}::text[])`)
          .execute();
        return rows.map(toCheck);
      },

      async page(clientId, p) {
        let query = checks(q)
          .select(instantKey("e.requested_at").as("key_at"))
          .where("e.client_id", "=", clientId)
          .orderBy("e.requested_at", "desc")
          .orderBy("e.id", "desc")
          .limit(p.limit + 1);
        if (p.after !== undefined) query = query.where(newestFirstAfter(p.after, "e.requested_at", "e.id"));
        return pagedOf(await query.execute(), p.limit, toCheck, (r) => [r.key_at, r.id]);
      },

      async anyFor(clientId) {
        const r = await q
          .selectFrom("eligibility_checks")
          .select("id")
          .where("client_id", "=", clientId)
          .limit(1)
          .executeTakeFirst();
        return r !== undefined;
      },

      async lockQueued(limit) {
        const ids = await q
          .selectFrom("eligibility_checks")
          .select("id")
          .where("status", "=", "queued")
          .orderBy("requested_at")
          .orderBy("id")
          .limit(limit)
          .forUpdate()
          .skipLocked()
          .execute();
        if (ids.length === 0) return [];
        const rows = await checks(q)
          .where("e.id", "=", sql<string>`any(${ids.map((r) => r.id)}::uuid[])`)
          .orderBy("e.requested_at")
          .orderBy("e.id")
          .execute();
        return rows.map(toCheck);
      },

      async markSent(id, requestFileId, sandbox, at) {
        await q
          .updateTable("eligibility_checks")
          .set({ status: "pending", request_file_id: requestFileId, sandbox, sent_at: at })
          .where("id", "=", id)
          .where("status", "in", ["queued", "pending"])
          .execute();
      },

      async markError(id, error) {
        await q
          .updateTable("eligibility_checks")
          .set({ status: "error", error })
          .where("id", "=", id)
          .where("status", "in", ["queued", "pending"])
          .execute();
      },

      async answer(id, a) {
        const r = await q
          .updateTable("eligibility_checks")
          .set({
            status: a.status,
            answer: JSON.stringify(a.answer),
            summary: a.summary,
            answer_file_id: a.answerFileId,
            answered_at: a.at,
            sandbox: a.sandbox,
            error: null,
          })
          .where("id", "=", id)
          .where("status", "in", ["queued", "pending", "error"])
          .returning("id")
          .execute();
        return r.length > 0;
      },

      async verifyCoverage(coverageId, v) {
        await q
          .updateTable("coverages")
          .set({
            verified_check_id: v.checkId,
            verified_status: v.status,
            verified_at: new Date(v.at),
            verified_from: v.from,
            verified_to: v.to,
            verified_product: v.product,
          })
          .where("id", "=", coverageId)
          .execute();
      },

      async dueForMonthly(since, limit, afterClientId) {
        const r = await sql<{ client_id: string; coverage_id: string }>`
          select cur.client_id, cur.id as coverage_id
            from (select distinct on (client_id) id, client_id
                    from coverages
                   where ${afterClientId === null ? sql`true` : sql`client_id > ${afterClientId}::uuid`}
                   order by client_id, created_at desc, id desc) as cur
           where not exists (select 1 from eligibility_checks e
                              where e.client_id = cur.client_id and e.coverage_id = cur.id
                                and e.requested_at >= ${since})
           order by cur.client_id
           limit ${limit}`.execute(q);
        return r.rows.map((row) => ({ clientId: row.client_id, coverageId: row.coverage_id }));
      },
    },
  };
}
