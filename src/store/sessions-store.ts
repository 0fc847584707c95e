/** The sessions, claims and idempotency part of the store (see src/app/sessions-port.ts). */
import {
  sql,
  type ExpressionBuilder,
  type Kysely,
  type RawBuilder,
  type Selectable,
  type Transaction,
} from "kysely";
import type { Decision } from "../rules/decision.js";
import type { StateCode } from "../contract/states.js";
import type { Claim, ListedClaim, ServiceLocation, Session, SessionCheck } from "../app/sessions-model.js";
import {
  ClaimExistsError,
  type ClaimQuery,
  type KeyClaim,
  type SessionQuery,
  type SessionStores,
} from "../app/sessions-port.js";
import type { Paged, SortKey } from "../app/paging.js";
import type { ProviderFile } from "../app/model.js";
import type { StoredCheck } from "../app/alerts/outcome.js";
import { jsonArrayFrom, jsonObjectFrom } from "kysely/helpers/postgres";
import {
  providerFileColumns,
  toClient,
  toCoverage,
  toCredential,
  toLicense,
  toLocation as toClientLocation,
  toPractice,
  toProvider,
  LICENSE_COLUMNS,
  CREDENTIAL_COLUMNS,
  PRACTICE_COLUMNS,
} from "./rows.js";
import { compiledById } from "./compiled.js";
import type { Database, LocationSnapshot } from "./schema.js";

type Q = Kysely<Database> | Transaction<Database>;
type R<T extends keyof Database> = Selectable<Database[T]>;

const iso = (d: Date | string): string => (d instanceof Date ? d : new Date(d)).toISOString();

const toLocation = (s: LocationSnapshot): ServiceLocation => ({
  line1: s.line1 ?? null,
  line2: s.line2 ?? null,
  city: s.city ?? null,
  state: s.state as StateCode,
  zip: s.zip ?? null,
  source: s.source,
  sourceId: s.sourceId ?? null,
  kind: s.kind ?? null,
});

const toSnapshot = (l: ServiceLocation): string =>
  JSON.stringify({
    line1: l.line1,
    line2: l.line2,
    city: l.city,
    state: l.state,
    zip: l.zip,
    source: l.source,
    sourceId: l.sourceId,
    kind: l.kind,
  } satisfies LocationSnapshot);

/**
 * A session's latest check, from its own table (migration 20261208T1100), as a column beside the
 * session's: `.select(lastCheckColumn)` wherever a Session is read whole.
 */
export const lastCheckColumn = (eb: ExpressionBuilder<Database, "sessions">) =>
  eb
    .selectFrom("session_checks")
    .select("session_checks.last_check")
    .whereRef("session_checks.session_id", "=", "sessions.id")
    .as("last_check");

/** A session's check as `saveChecks` writes it. */
export interface CheckToSave {
  readonly sessionId: string;
  readonly stored: StoredCheck;
}

/**
 * Checks as one JSON object keyed by session id, `{"<id>": {"c": <check>, "h": <digest>}}`: the
 * document `saveChecks` expands in one statement, built from the checks' JSON, not serialized
 * again.
 */
export function checksDocument(checks: readonly CheckToSave[]): string {
  const parts: string[] = [];
  for (const { sessionId, stored } of checks)
    parts.push(`${JSON.stringify(sessionId)}:{"c":${stored.json},"h":${JSON.stringify(stored.hash)}}`);
  return `{${parts.join(",")}}`;
}

/**
 * Writes sessions' latest checks in one statement. Sessions no longer on file are skipped (a
 * check goes with its session).
 */
export async function saveChecks(q: Q, checks: readonly CheckToSave[]): Promise<void> {
  if (checks.length === 0) return;
  await sql`insert into session_checks (session_id, last_check, check_hash)
            select s.id, x.value -> 'c', x.value ->> 'h'
              from jsonb_each(${checksDocument(checks)}::jsonb) as x(key, value)
              join sessions s on s.id = x.key::uuid
            on conflict (session_id) do update
              set last_check = excluded.last_check, check_hash = excluded.check_hash`.execute(q);
}

/** A session row, with its latest check when the query read it (see `lastCheckColumn`). */
export const toSession = (r: R<"sessions"> & { readonly last_check?: unknown }): Session => ({
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
  status: r.status,
  confirmedAt: r.confirmed_at === null ? null : iso(r.confirmed_at),
  confirmedBy: r.confirmed_by,
  location: r.location_snapshot === null ? null : toLocation(r.location_snapshot),
  // Only `sessions.confirm` writes this column, always with the engine's Decision.
  decision: r.decision as Decision | null,
  crisisDocumentation: r.crisis_documentation,
  createdAt: iso(r.created_at),
  // Only the re-checks write session_checks, always with a SessionCheck. A row an update returned
  // (confirm, amend, cancel) comes without it: only a scheduled session's check is shown.
  lastCheck: (r.last_check as SessionCheck | null | undefined) ?? null,
});

/** "SL" and eight digits: 10 characters, well inside the 20 a remittance returns. */
export const claimNumber = (n: number | string): string => `SL${String(n).padStart(8, "0")}`;

export const toClaim = (r: R<"claims">): Claim => ({
  id: r.id,
  number: claimNumber(r.number),
  sessionId: r.session_id,
  providerId: r.provider_id,
  clientId: r.client_id,
  billTo: r.bill_to,
  homePlan: r.home_plan,
  basis: r.basis,
  memberId: r.member_id,
  coverageId: r.coverage_id,
  cptCodes: r.cpt_codes,
  modifiers: r.modifiers,
  placeOfService: r.place_of_service,
  serviceLocation: toLocation(r.service_location),
  serviceDate: r.service_date,
  status: r.status,
  diagnosisCodes: r.diagnosis_codes,
  readyAt: iso(r.ready_at),
  createdAt: iso(r.created_at),
  exportId: r.export_id,
  exportedAt: r.exported_at === null ? null : iso(r.exported_at),
  subscriberAddress:
    r.subscriber_address === null
      ? null
      : {
          line1: r.subscriber_address.line1 ?? null,
          line2: r.subscriber_address.line2 ?? null,
          city: r.subscriber_address.city ?? null,
          state: r.subscriber_address.state as StateCode,
          zip: r.subscriber_address.zip ?? null,
        },
  version: r.version,
  frequency: r.frequency,
  payerControlNumber: r.payer_control_number,
  exportProblems: r.export_problems,
  payerStatus: r.payer_status,
  payerStatusAt: r.payer_status_at === null ? null : iso(r.payer_status_at),
});

// ---------------------------------------------------------------------------------------------
// Keyset pagination (src/app/paging.ts): a page is the rows after the last one shown, in an
// order ending in the id, read with one row comparison that the order's index takes as its range
// (`(starts_at, id) > ($1, $2)`), never an offset. Instants in keys keep their microseconds.

/** A timestamptz column as a cursor's instant: UTC with microseconds ("2026-12-06T10:00:00.123456Z"). */
export const instantKey = (column: string): RawBuilder<string> =>
  sql<string>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

type KeyType = "timestamptz" | "uuid" | "text";

/**
 * Rows after `after` in the order of `columns` (ascending: greater; descending: smaller), as one
 * row comparison. The key is checked by the use case (src/app/paging.ts) before it gets here.
 */
export function keysetAfter(
  columns: readonly (readonly [column: string, type: KeyType])[],
  after: SortKey,
  direction: "asc" | "desc",
): RawBuilder<boolean> {
  if (after.length !== columns.length) throw new Error("keysetAfter: the key does not fit the order");
  const left = sql.join(columns.map(([c]) => sql.ref(c)));
  const right = sql.join(columns.map(([, type], i) => sql`${after[i]}::${sql.raw(type)}`));
  return sql<boolean>`(${left}) ${sql.raw(direction === "asc" ? ">" : "<")} (${right})`;
}

/** Rows after `after` in a newest-first list: an instant, then the id, both descending. */
export const newestFirstAfter = (after: SortKey, at = "created_at", id = "id"): RawBuilder<boolean> =>
  keysetAfter(
    [
      [at, "timestamptz"],
      [id, "uuid"],
    ],
    after,
    "desc",
  );

/** Rows after `after` in a list by name: the name, then the id, both ascending. */
export const byNameAfter = (after: SortKey): RawBuilder<boolean> =>
  keysetAfter(
    [
      ["name", "text"],
      ["id", "uuid"],
    ],
    after,
    "asc",
  );

/** `limit` of the rows read (`limit + 1` were asked for), and the last one's key when more follow. */
export function pagedOf<R, T>(
  rows: readonly R[],
  limit: number,
  map: (r: R) => T,
  key: (r: R) => SortKey,
): Paged<T> {
  const shown = rows.slice(0, limit);
  const last = shown.at(-1);
  return { items: shown.map(map), more: rows.length > limit && last !== undefined ? key(last) : null };
}

/**
 * The files of several providers (the provider, licenses, credentials, practice locations), in
 * the order of `ids`: one query per table with the ids as one array parameter, whatever their number.
 */
export async function providerFiles(q: Q, ids: readonly string[]): Promise<ProviderFile[]> {
  const unique = [...new Set(ids)];
  if (unique.length === 0) return [];
  const any = sql<string>`any(${unique}::uuid[])`;
  const providers = await q.selectFrom("providers").selectAll().where("id", "=", any).execute();
  const licenses = await q
    .selectFrom("licenses")
    .select(LICENSE_COLUMNS)
    .where("provider_id", "=", any)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const credentials = await q
    .selectFrom("credentials")
    .select(CREDENTIAL_COLUMNS)
    .where("provider_id", "=", any)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const practice = await q
    .selectFrom("practice_locations")
    .select(PRACTICE_COLUMNS)
    .where("provider_id", "=", any)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  const group = <T extends { provider_id: string }>(rows: readonly T[]) => {
    const out = new Map<string, T[]>();
    for (const r of rows) {
      const list = out.get(r.provider_id);
      if (list) list.push(r);
      else out.set(r.provider_id, [r]);
    }
    return out;
  };
  const byId = new Map(providers.map((p) => [p.id, p]));
  const [lic, cred, prac] = [group(licenses), group(credentials), group(practice)];
  return unique.flatMap((id) => {
    const p = byId.get(id);
    if (!p) return [];
    return [
      {
        provider: toProvider(p),
        licenses: (lic.get(id) ?? []).map(toLicense),
        credentials: (cred.get(id) ?? []).map(toCredential),
        practiceLocations: (prac.get(id) ?? []).map(toPractice),
      },
    ];
  });
}

/** SQLSTATE 23505: a unique index refused the row (node-postgres and PGlite both set `code`). */
export const isUniqueViolation = (e: unknown): boolean =>
  typeof e === "object" && e !== null && (e as { code?: unknown }).code === "23505";

/** A session with its provider's file and its client's record: what confirming reads. */
const contextQuery = compiledById((q: Q, id: string) =>
  q
    .selectFrom("sessions")
    .innerJoin("providers", "providers.id", "sessions.provider_id")
    .selectAll("sessions")
    .select((eb) => [
      lastCheckColumn(eb),
      jsonObjectFrom(
        eb.selectFrom("providers as p").selectAll("p").whereRef("p.id", "=", "sessions.provider_id"),
      ).as("provider"),
      ...providerFileColumns(eb),
      jsonObjectFrom(
        eb.selectFrom("clients").selectAll("clients").whereRef("clients.id", "=", "sessions.client_id"),
      ).as("client"),
      // The current coverage: the newest (as clients.coverage loads it).
      jsonObjectFrom(
        eb
          .selectFrom("coverages")
          .selectAll("coverages")
          .whereRef("coverages.client_id", "=", "sessions.client_id")
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(1),
      ).as("coverage"),
      jsonArrayFrom(
        eb
          .selectFrom("client_locations")
          .selectAll("client_locations")
          .whereRef("client_locations.client_id", "=", "sessions.client_id")
          .where("client_locations.archived_at", "is", null)
          .orderBy("created_at")
          .orderBy("id"),
      ).as("locations"),
    ])
    .where("sessions.id", "=", id),
);

/**
 * A page of sessions in start order. Operations' lists by status read the (status, starts_at, id)
 * index, a provider's and a client's their own (provider_id / client_id, starts_at); `from` and
 * `to` (service dates, in the session's time zone) also bound `starts_at` a day either side, so
 * the start-ordered index is entered at the right place rather than read from the beginning.
 */
async function sessionPage(q: Q, f: SessionQuery): Promise<Paged<Session>> {
  let query = q
    .selectFrom("sessions")
    .selectAll()
    .select(lastCheckColumn)
    .select(instantKey("starts_at").as("key_at"))
    .orderBy("starts_at")
    .orderBy("id")
    .limit(f.limit + 1);
  if (f.providerId !== undefined) query = query.where("provider_id", "=", f.providerId);
  if (f.clientId !== undefined) query = query.where("client_id", "=", f.clientId);
  if (f.status !== undefined) query = query.where("status", "=", f.status);
  // A service date is the start's calendar date where the session is (UTC-12 … UTC+14): the
  // start lies after the day before `from` began in UTC and before the day after `to` ended.
  if (f.from !== undefined)
    query = query
      .where("service_date", ">=", f.from)
      .where("starts_at", ">=", sql<Date>`(${f.from}::date - 1)::timestamp at time zone 'UTC'`);
  if (f.to !== undefined)
    query = query
      .where("service_date", "<=", f.to)
      .where("starts_at", "<", sql<Date>`(${f.to}::date + 2)::timestamp at time zone 'UTC'`);
  if (f.after !== undefined)
    query = query.where(
      keysetAfter(
        [
          ["starts_at", "timestamptz"],
          ["id", "uuid"],
        ],
        f.after,
        "asc",
      ),
    );
  const rows = await query.execute();
  return pagedOf(rows, f.limit, toSession, (r) => [r.key_at, r.id]);
}

/** A page of claims, newest first: the (created_at desc, id desc) indexes, by status and by provider too. */
async function claimPage(q: Q, f: ClaimQuery): Promise<Paged<ListedClaim>> {
  let query = q
    .selectFrom("claims")
    .selectAll("claims")
    .select(instantKey("created_at").as("key_at"))
    // The names by primary key, one probe each: a page of claims reads on its own.
    .select((eb) => [
      eb
        .selectFrom("clients")
        .select("clients.name")
        .whereRef("clients.id", "=", "claims.client_id")
        .as("client_name"),
      eb
        .selectFrom("providers")
        .select("providers.name")
        .whereRef("providers.id", "=", "claims.provider_id")
        .as("provider_name"),
    ])
    .orderBy("created_at", "desc")
    .orderBy("id", "desc")
    .limit(f.limit + 1);
  if (f.providerId !== undefined) query = query.where("provider_id", "=", f.providerId);
  if (f.status !== undefined) query = query.where("status", "=", f.status);
  if (f.from !== undefined) query = query.where("service_date", ">=", f.from);
  if (f.to !== undefined) query = query.where("service_date", "<=", f.to);
  if (f.after !== undefined) query = query.where(newestFirstAfter(f.after));
  const rows = await query.execute();
  return pagedOf(
    rows,
    f.limit,
    // Two fields added to the claim, not a copy of it: a page is 1,000 of these.
    (r) =>
      Object.assign(toClaim(r), { clientName: r.client_name ?? "", providerName: r.provider_name ?? "" }),
    (r) => [r.key_at, r.id],
  );
}

export function sessionStores(q: Q): SessionStores {
  return {
    sessions: {
      async add(s) {
        const r = await q
          .insertInto("sessions")
          .values({
            provider_id: s.providerId,
            client_id: s.clientId,
            starts_at: s.startsAt,
            time_zone: s.timeZone,
            service_date: s.serviceDate,
            duration_minutes: s.durationMinutes,
            modality: s.modality,
            cpt_code: s.cptCode,
            crisis: s.crisis,
            audio_only: s.audioOnly ?? false,
            practice_location_id: s.practiceLocationId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toSession(r);
      },
      async byId(id) {
        const r = await q
          .selectFrom("sessions")
          .selectAll()
          .select(lastCheckColumn)
          .where("id", "=", id)
          .executeTakeFirst();
        return r ? toSession(r) : undefined;
      },
      async lock(id) {
        const r = await q
          .selectFrom("sessions")
          .selectAll()
          .select(lastCheckColumn)
          .where("id", "=", id)
          .forUpdate()
          .executeTakeFirst();
        return r ? toSession(r) : undefined;
      },
      async list(f) {
        return (await sessionPage(q, f)).items;
      },
      page: (f) => sessionPage(q, f),
      async amend(id, a) {
        const r = await q
          .updateTable("sessions")
          .set({ duration_minutes: a.durationMinutes, cpt_code: a.cptCode })
          .where("id", "=", id)
          .where("status", "=", "confirmed")
          .returningAll()
          .executeTakeFirst();
        return r ? toSession(r) : undefined;
      },
      async context(id) {
        const r = (await q.executeQuery(contextQuery(q, id))).rows[0];
        if (!r?.provider || !r.client) return undefined;
        const { provider, licenses, credentials, practice, client, coverage, locations, ...session } = r;
        return {
          session: toSession(session),
          file: {
            provider: toProvider(provider),
            licenses: licenses.map(toLicense),
            credentials: credentials.map(toCredential),
            practiceLocations: practice.map(toPractice),
          },
          client: toClient(client),
          coverage: coverage ? toCoverage(coverage) : undefined,
          locations: locations.map(toClientLocation),
        };
      },
      async confirmWithClaim(id, c, claim, events) {
        if (events.length === 0) throw new Error("confirmWithClaim: a confirmation is always audited");
        // Data-modifying CTEs: the session update, the claim and the audit rows commit together
        // or not at all. The guarded update (status = 'scheduled') takes the row lock, so of
        // concurrent confirmations one updates and the others find nothing and write nothing.
        const audit = events.map(
          (e) =>
            sql`(${e.actorUserId}::uuid, ${e.actorRole}, ${e.action}, ${e.entity}, ${e.entityId}, ${e.clientId}::uuid, ${e.ip}, ${e.detail === undefined ? null : JSON.stringify(e.detail)}::jsonb)`,
        );
        try {
          const r = await sql<{ session: unknown; claim: unknown }>`
            with s as (
              update sessions set status = 'confirmed',
                                  confirmed_at = ${c.confirmedAt},
                                  confirmed_by = ${c.confirmedBy}::uuid,
                                  location_snapshot = ${toSnapshot(c.location)}::jsonb,
                                  decision = ${JSON.stringify(c.decision)}::jsonb,
                                  crisis_documentation = ${c.crisisDocumentation},
                                  audio_only = coalesce(${c.audioOnly ?? null}::boolean, audio_only)
               where id = ${id} and status = 'scheduled'
              returning *
            ), c as (
              -- The subscriber's address is the client's home on the service date, copied onto the
              -- claim: a move after confirmation (or one planned ahead) does not change the claim.
              -- The newest home in effect that day; failing one, the newest current home.
              insert into claims (id, session_id, provider_id, client_id, bill_to, home_plan, basis, member_id,
                                  cpt_codes, modifiers, place_of_service, service_location, service_date,
                                  diagnosis_codes, ready_at, coverage_id, subscriber_address)
              select coalesce(${claim.id ?? null}::uuid, gen_random_uuid()), s.id, ${claim.providerId}::uuid, ${claim.clientId}::uuid, ${claim.billTo}, ${claim.homePlan},
                     ${claim.basis}, ${claim.memberId}, ${[...claim.cptCodes]}::text[], ${[...claim.modifiers]}::text[],
                     ${claim.placeOfService}, ${toSnapshot(claim.serviceLocation)}::jsonb, ${claim.serviceDate}::date,
                     ${[...claim.diagnosisCodes]}::text[], ${claim.readyAt}, ${claim.coverageId}::uuid,
                     (select jsonb_build_object('line1', l.line1, 'line2', l.line2, 'city', l.city, 'state', l.state, 'zip', l.zip)
                        from client_locations l
                       where l.client_id = s.client_id and l.kind = 'home' and l.archived_at is null
                       order by (coalesce(l.starts_on <= ${claim.serviceDate}::date, true)
                                 and coalesce(l.ends_on >= ${claim.serviceDate}::date, true)) desc,
                                l.created_at desc, l.id desc
                       limit 1)
                from s
              returning *
            ), e as (
              insert into claim_events (claim_id, version, kind, actor_user_id, detail)
              select c.id, 1, 'confirmed', ${c.confirmedBy}::uuid,
                     jsonb_build_object('cptCodes', to_jsonb(c.cpt_codes), 'diagnosisCodes', to_jsonb(c.diagnosis_codes),
                                        'modifiers', to_jsonb(c.modifiers), 'frequency', '1')
                from c
            ), a as (
              insert into audit_events (actor_user_id, actor_role, action, entity, entity_id, client_id, ip, detail)
              select v.* from s, (values ${sql.join(audit)}) as v
            )
            select row_to_json(s) as session, row_to_json(c) as claim from s, c`.execute(q);
          const row = r.rows[0];
          if (!row) return undefined;
          // row_to_json gives timestamps as strings; toSession/toClaim read them with new Date().
          return {
            session: toSession(row.session as R<"sessions">),
            claim: toClaim(row.claim as R<"claims">),
          };
        } catch (e) {
          if (isUniqueViolation(e)) throw new ClaimExistsError(claim.sessionId);
          throw e;
        }
      },
      async cancel(id) {
        const r = await q
          .updateTable("sessions")
          .set({ status: "cancelled" })
          .where("id", "=", id)
          .where("status", "=", "scheduled")
          .returningAll()
          .executeTakeFirst();
        return r ? toSession(r) : undefined;
      },
    },

    claims: {
      async byId(id) {
        const r = await q.selectFrom("claims").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toClaim(r) : undefined;
      },
      async amend(id, a) {
        const r = await q
          .updateTable("claims")
          .set({ cpt_codes: [...a.cptCodes], diagnosis_codes: [...a.diagnosisCodes] })
          .where("id", "=", id)
          .where("status", "=", "pending")
          .returningAll()
          .executeTakeFirst();
        return r ? toClaim(r) : undefined;
      },
      async forSession(sessionId) {
        const r = await q
          .selectFrom("claims")
          .selectAll()
          .where("session_id", "=", sessionId)
          .executeTakeFirst();
        return r ? toClaim(r) : undefined;
      },
      async list(f) {
        return (await claimPage(q, f)).items;
      },
      page: (f) => claimPage(q, f),
    },

    idempotency: {
      async begin(userId, key, requestHash, leaseSeconds) {
        for (;;) {
          const found = await beginOnce(q, userId, key, requestHash, leaseSeconds);
          // Undefined: released between the insert and the read; the key is free again.
          if (found) return found;
        }
      },
      async renew(userId, key, leaseSeconds) {
        await q
          .updateTable("idempotency_keys")
          .set({ lease_until: sql<Date>`clock_timestamp() + make_interval(secs => ${leaseSeconds})` })
          .where("user_id", "=", userId)
          .where("key", "=", key)
          .where("status_code", "is", null)
          .execute();
      },
      async finish(userId, key, statusCode, response) {
        await q
          .updateTable("idempotency_keys")
          .set({ status_code: statusCode, response: JSON.stringify(response) })
          .where("user_id", "=", userId)
          .where("key", "=", key)
          .execute();
      },
      async release(userId, key) {
        await q
          .deleteFrom("idempotency_keys")
          .where("user_id", "=", userId)
          .where("key", "=", key)
          .where("status_code", "is", null)
          .execute();
      },
    },
  };
}

async function beginOnce(
  q: Q,
  userId: string,
  key: string,
  requestHash: string,
  leaseSeconds: number,
): Promise<KeyClaim | undefined> {
  // Insert the key, or take over the same request's key if its lease ran out (its server died).
  // The primary key serialises concurrent inserts: the loser waits for the winner's row and skips.
  const lease = sql<Date>`clock_timestamp() + make_interval(secs => ${leaseSeconds})`;
  const taken = await q
    .insertInto("idempotency_keys")
    .values({ user_id: userId, key, request_hash: requestHash, lease_until: lease })
    .onConflict((oc) =>
      oc
        .columns(["user_id", "key"])
        .doUpdateSet({ created_at: sql<Date>`now()`, lease_until: lease })
        .where("idempotency_keys.status_code", "is", null)
        .where("idempotency_keys.request_hash", "=", requestHash)
        .where("idempotency_keys.lease_until", "<", sql<Date>`clock_timestamp()`),
    )
    .returning("user_id")
    .executeTakeFirst();
  if (taken) return { kind: "started" };
  const row = await q
    .selectFrom("idempotency_keys")
    .select(["request_hash", "status_code", "response"])
    .where("user_id", "=", userId)
    .where("key", "=", key)
    .executeTakeFirst();
  if (!row) return undefined;
  if (row.request_hash !== requestHash) return { kind: "mismatch" };
  if (row.status_code === null) return { kind: "running" };
  return { kind: "done", statusCode: row.status_code, response: row.response };
}
