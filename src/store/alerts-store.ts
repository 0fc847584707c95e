/** The alerts and session re-check part of the store (see src/app/alerts-port.ts). */
import { sql, type Kysely, type Selectable, type Transaction } from "kysely";
import type { Alert, AlertDetail, AlertQuery, AlertStores } from "../app/alerts-port.js";
import type { Paged } from "../app/paging.js";
import type { Database } from "./schema.js";
import { storedCheck } from "../app/alerts/outcome.js";
import {
  instantKey,
  lastCheckColumn,
  newestFirstAfter,
  pagedOf,
  saveChecks,
  toSession,
} from "./sessions-store.js";

type Q = Kysely<Database> | Transaction<Database>;

/** Advisory-lock class of provider re-checks (the second key is the provider's hash). */
export const RECHECK_LOCK = 20261129;

/** Rows written per statement when recording checks. */
const CHUNK = 500;

const iso = (d: Date | string): string => new Date(d).toISOString();

export const toAlert = (r: Selectable<Database["alerts"]>): Alert => ({
  id: r.id,
  providerId: r.provider_id,
  clientId: r.client_id,
  kind: r.kind,
  message: r.message,
  fix: r.fix,
  sessionIds: r.session_ids,
  dedupeKey: r.dedupe_key,
  // Only `alerts.save` writes this column, always with an AlertDetail.
  detail: { sessions: [], ...(r.detail as Partial<AlertDetail>) },
  createdAt: iso(r.created_at),
  updatedAt: iso(r.updated_at),
  resolvedAt: r.resolved_at === null ? null : iso(r.resolved_at),
  resolution: r.resolution,
  resolvedBy: r.resolved_by,
});

/** A page of alerts, newest first. */
const alertPage = async (q: Q, f: AlertQuery): Promise<Paged<Alert>> => {
  // Newest first, keyset-paged (src/app/paging.ts) on the (created_at desc, id desc) indexes.
  let query = q
    .selectFrom("alerts")
    .selectAll()
    .select(instantKey("created_at").as("key_at"))
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit + 1);
  if (f.providerId !== undefined) query = query.where("provider_id", "=", f.providerId);
  if (f.status === "open") query = query.where("resolved_at", "is", null);
  if (f.status === "resolved") query = query.where("resolved_at", "is not", null);
  if (f.after !== undefined) query = query.where(newestFirstAfter(f.after));
  return pagedOf(await query.execute(), f.limit, toAlert, (r) => [r.key_at, r.id]);
};

export function alertStores(q: Q): AlertStores {
  return {
    alerts: {
      async list(f) {
        return (await alertPage(q, f)).items;
      },
      page: (f) => alertPage(q, f),
      async byId(id) {
        const r = await q.selectFrom("alerts").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toAlert(r) : undefined;
      },
      async openFor(providerId) {
        const rows = await q
          .selectFrom("alerts")
          .selectAll()
          .where("provider_id", "=", providerId)
          .where("resolved_at", "is", null)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        return rows.map(toAlert);
      },
      async dismissed(providerId, keys) {
        if (keys.length === 0) return [];
        const rows = await q
          .selectFrom("alerts")
          .selectAll()
          .distinctOn("dedupe_key")
          .where("provider_id", "=", providerId)
          .where("dedupe_key", "=", sql<string>`any(${[...keys]}::text[])`)
          .where("resolution", "=", "dismissed")
          .orderBy("dedupe_key")
          .orderBy("resolved_at", "desc")
          .execute();
        return rows.map(toAlert);
      },
      async save(a, now) {
        const fields = {
          client_id: a.clientId,
          kind: a.kind,
          message: a.message,
          fix: a.fix,
          session_ids: [...a.sessionIds],
          detail: JSON.stringify(a.detail),
        };
        // The partial unique index keeps one open alert per (provider, key): refresh that one.
        const r = await q
          .insertInto("alerts")
          .values({ ...fields, provider_id: a.providerId, dedupe_key: a.dedupeKey, updated_at: now })
          .onConflict((oc) =>
            oc
              .columns(["provider_id", "dedupe_key"])
              .where("resolved_at", "is", null)
              .doUpdateSet({ ...fields, updated_at: now }),
          )
          .returningAll()
          .executeTakeFirstOrThrow();
        return toAlert(r);
      },
      async resolve(ids, how) {
        if (ids.length === 0) return [];
        const rows = await q
          .updateTable("alerts")
          .set({ resolved_at: how.at, resolution: how.resolution, resolved_by: how.by })
          .where("id", "=", sql<string>`any(${[...ids]}::uuid[])`)
          .where("resolved_at", "is", null)
          .returningAll()
          .execute();
        return rows.map(toAlert);
      },
      async lockProvider(providerId) {
        await sql`select pg_advisory_xact_lock(${RECHECK_LOCK}::int, hashtext(${providerId}::text))`.execute(
          q,
        );
      },
    },

    checks: {
      async upcoming(by, from) {
        let query = q
          .selectFrom("sessions")
          .selectAll()
          .select(lastCheckColumn)
          .where("status", "=", "scheduled")
          .where("service_date", ">=", from)
          .orderBy("starts_at")
          .orderBy("id");
        query =
          "providerId" in by
            ? query.where("provider_id", "=", by.providerId)
            : query.where("client_id", "=", by.clientId);
        return (await query.execute()).map(toSession);
      },
      async record(checks) {
        const entries = [...checks];
        for (let i = 0; i < entries.length; i += CHUNK) {
          // One statement per chunk: {sessionId: check} expanded by jsonb_each, with the digest
          // of the outcome the daily re-check compares with (session_checks.check_hash).
          const chunk = entries
            .slice(i, i + CHUNK)
            .map(([id, c]) => ({ sessionId: id, stored: storedCheck(c) }));
          await saveChecks(q, chunk);
        }
      },
    },
  };
}
