/**
 * The store on PostgreSQL: the only code that knows SQL. Queries go through Kysely with bound
 * parameters; each method is named for what it loads or changes.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { Credential, NewAuditEvent } from "../app/model.js";
import type { SessionCheck } from "../app/sessions-model.js";
import { displayName } from "../app/names.js";
import { DuplicateNpiError, type LicenseFields, type Store, type UserWithSecret } from "../app/ports.js";
import {
  providerFileColumns,
  toAudit,
  toClient,
  toCoverage,
  toCredential,
  toLicense,
  toLocation,
  toPractice,
  toProvider,
  toUser,
} from "./rows.js";
import type { LoginCache } from "./login-cache.js";
import type { Database } from "./schema.js";
import { byNameAfter, isUniqueViolation, pagedOf, providerFiles, sessionStores } from "./sessions-store.js";
import { alertStores } from "./alerts-store.js";
import { claimFileStores } from "./claim-files-store.js";
import { DirectoryFileCache } from "./directory-file-cache.js";
import { directoryStores } from "./directory-store.js";
import { recheckStores } from "./recheck-store.js";
import { ediFileStores } from "./edi-files-store.js";
import { remittanceStores } from "./remittance-store.js";
import { eligibilityStores } from "./eligibility-store.js";

type Q = Kysely<Database> | Transaction<Database>;

export interface StoreOptions {
  /**
   * Who is behind sign-in tokens, kept in memory (the API server's; see login-cache.ts). Without
   * it every lookup asks the database.
   */
  readonly logins?: LoginCache | undefined;
  /** The directory files read, under their versions (by default a new holder per store; see directory-file-cache.ts). */
  readonly directoryFiles?: DirectoryFileCache | undefined;
}

export function createStore(kysely: Kysely<Database>, options: StoreOptions = {}): Store {
  return storeOn(kysely, kysely, options.logins, options.directoryFiles ?? new DirectoryFileCache());
}

function storeOn(
  root: Kysely<Database>,
  q: Q,
  known: LoginCache | undefined,
  files: DirectoryFileCache,
): Store {
  const store: Store = {
    ...sessionStores(q),
    ...alertStores(q),
    ...claimFileStores(q),
    ...directoryStores(q, files),
    ...recheckStores(q),
    ...ediFileStores(q),
    ...remittanceStores(q),
    ...eligibilityStores(q),
    async transaction(work) {
      if (q.isTransaction) return work(store);
      return root.transaction().execute((tx) => work(storeOn(root, tx, known, files)));
    },

    users: {
      async byEmail(email) {
        const r = await q
          .selectFrom("users")
          .selectAll()
          .where("email", "=", email.toLowerCase())
          .executeTakeFirst();
        return r ? ({ ...toUser(r), passwordHash: r.password_hash } satisfies UserWithSecret) : undefined;
      },
      async byId(id) {
        const r = await q.selectFrom("users").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toUser(r) : undefined;
      },
      async add(u) {
        const r = await q
          .insertInto("users")
          .values({
            email: u.email.toLowerCase(),
            role: u.role,
            password_hash: u.passwordHash,
            provider_id: u.providerId,
            client_id: u.clientId,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toUser(r);
      },
      async count() {
        const r = await q
          .selectFrom("users")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .executeTakeFirstOrThrow();
        return r.n;
      },
    },

    logins: {
      async open(tokenHash, userId, expiresAt) {
        await q
          .insertInto("login_sessions")
          .values({ token_hash: tokenHash, user_id: userId, expires_at: expiresAt })
          .execute();
      },
      async userFor(tokenHash, now) {
        const remembered = known?.get(tokenHash, now);
        if (remembered) return remembered;
        const generation = known?.generation ?? 0;
        const r = await q
          .selectFrom("login_sessions as s")
          .innerJoin("users as u", "u.id", "s.user_id")
          .selectAll("u")
          .select("s.expires_at")
          .where("s.token_hash", "=", tokenHash)
          .where("s.revoked_at", "is", null)
          .where("s.expires_at", ">", now)
          .executeTakeFirst();
        if (!r) return undefined;
        const user = toUser(r);
        known?.set(tokenHash, user, r.expires_at, generation);
        return user;
      },
      async revoke(tokenHash, now) {
        // Forgotten here at once, without waiting for the database's message to every server
        // (it comes after the commit); and again after the statement, for a lookup of this
        // token that read the row before it changed.
        known?.forget(tokenHash);
        await q
          .updateTable("login_sessions")
          .set({ revoked_at: now })
          .where("token_hash", "=", tokenHash)
          .execute();
        known?.forget(tokenHash);
      },
      async recordAttempt(email, ip, succeeded) {
        await q.insertInto("login_attempts").values({ email: email.toLowerCase(), ip, succeeded }).execute();
      },
      async reserve(key, now, windowStart) {
        const r = await sql<{ attempts: number; blocked_until: Date | null }>`
          insert into login_throttle as t (key, attempts, window_start) values (${key}, 1, ${now})
          on conflict (key) do update set
            attempts = case when t.window_start <= ${windowStart} then 1 else t.attempts + 1 end,
            failures = case when t.window_start <= ${windowStart} then 0 else t.failures end,
            window_start = case when t.window_start <= ${windowStart} then ${now} else t.window_start end
          returning attempts, blocked_until`.execute(q);
        const row = r.rows[0];
        return { attempts: row?.attempts ?? 1, blockedUntil: row?.blocked_until ?? null };
      },
      async failed(key, now) {
        await sql`
          update login_throttle set
            failures = failures + 1,
            blocked_until = case when failures + 1 < 3 then null
              else ${now}::timestamptz + least(interval '1 second' * power(2, failures - 2), interval '15 minutes') end
          where key = ${key}`.execute(q);
      },
      async succeeded(accountKey, addressKey, email, ip, now) {
        await sql`delete from login_throttle where key = ${accountKey}`.execute(q);
        await sql`update login_throttle set attempts = greatest(attempts - 1, 0) where key = ${addressKey}`.execute(
          q,
        );
        await sql`
          insert into login_known_addresses (email, ip, last_success) values (${email}, ${ip}, ${now})
          on conflict (email, ip) do update set last_success = excluded.last_success`.execute(q);
      },
      async knownAddress(email, ip) {
        const r = await q
          .selectFrom("login_known_addresses")
          .select("ip")
          .where("email", "=", email)
          .where("ip", "=", ip)
          .executeTakeFirst();
        return r !== undefined;
      },
      async failuresSince(by, since) {
        let query = q
          .selectFrom("login_attempts")
          .select((eb) => eb.fn.countAll<number>().as("n"))
          .where("succeeded", "=", false)
          .where("at", ">", since);
        if (by.email !== undefined) query = query.where("email", "=", by.email.toLowerCase());
        if (by.ip !== undefined) query = query.where("ip", "=", by.ip);
        const r = await query.executeTakeFirstOrThrow();
        return r.n;
      },
    },

    providers: {
      async add(p) {
        const r = await q
          .insertInto("providers")
          .values({
            name: displayName(p),
            first_name: p.firstName,
            middle_name: p.middleName,
            last_name: p.lastName,
            suffix: p.suffix,
            credential_letters: p.credentials,
            npi: p.npi,
            taxonomy: p.taxonomy,
          })
          .returningAll()
          .executeTakeFirstOrThrow()
          .catch((e: unknown) => {
            throw isUniqueViolation(e) ? new DuplicateNpiError(p.npi) : e;
          });
        return toProvider(r);
      },
      async byId(id) {
        const r = await q.selectFrom("providers").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toProvider(r) : undefined;
      },
      async list() {
        return (await q.selectFrom("providers").selectAll().orderBy("name").orderBy("id").execute()).map(
          toProvider,
        );
      },
      async page(p) {
        // By name, then id: the (name, id) index.
        let query = q
          .selectFrom("providers")
          .selectAll()
          .orderBy("name")
          .orderBy("id")
          .limit(p.limit + 1);
        if (p.after !== undefined) query = query.where(byNameAfter(p.after));
        return pagedOf(await query.execute(), p.limit, toProvider, (r) => [r.name, r.id]);
      },
      files: (ids) => providerFiles(q, ids),
      async file(id) {
        // One round trip: the provider with its licenses, credentials and offices.
        const r = await q
          .selectFrom("providers")
          .selectAll("providers")
          .select((eb) => providerFileColumns(eb))
          .where("providers.id", "=", id)
          .executeTakeFirst();
        if (!r) return undefined;
        return {
          provider: toProvider(r),
          licenses: r.licenses.map(toLicense),
          credentials: r.credentials.map(toCredential),
          practiceLocations: r.practice.map(toPractice),
        };
      },
      async addLicense(providerId, l) {
        const r = await q
          .insertInto("licenses")
          .values({ provider_id: providerId, ...licenseColumns(l) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toLicense(r);
      },
      async updateLicense(id, l) {
        const r = await q
          .updateTable("licenses")
          .set({ ...licenseColumns(l), updated_at: new Date() })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        return r ? toLicense(r) : undefined;
      },
      async addCredential(providerId, c) {
        const r = await q
          .insertInto("credentials")
          .values({ provider_id: providerId, ...credentialColumns(c) })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCredential(r);
      },
      async updateCredential(id, c) {
        const r = await q
          .updateTable("credentials")
          .set({ ...credentialColumns(c), updated_at: new Date() })
          .where("id", "=", id)
          .returningAll()
          .executeTakeFirst();
        return r ? toCredential(r) : undefined;
      },
      async addPracticeLocation(providerId, p) {
        const r = await q
          .insertInto("practice_locations")
          .values({
            provider_id: providerId,
            label: p.label,
            line1: p.line1,
            line2: p.line2,
            city: p.city,
            state: p.state,
            zip: p.zip,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toPractice(r);
      },
    },

    clients: {
      async add(c) {
        const r = await q
          .insertInto("clients")
          .values({
            provider_id: c.providerId,
            name: c.name,
            birth_date: c.birthDate,
            sex: c.sex,
            diagnosis_codes: [...c.diagnosisCodes],
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toClient(r);
      },
      async byId(id) {
        const r = await q.selectFrom("clients").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toClient(r) : undefined;
      },
      async list(providerId) {
        let query = q.selectFrom("clients").selectAll().orderBy("name").orderBy("id");
        if (providerId !== null) query = query.where("provider_id", "=", providerId);
        return (await query.execute()).map(toClient);
      },
      async page(providerId, p) {
        // By name, then id: the (provider_id, name, id) index for a provider's, (name, id) for all.
        let query = q
          .selectFrom("clients")
          .selectAll()
          .orderBy("name")
          .orderBy("id")
          .limit(p.limit + 1);
        if (providerId !== null) query = query.where("provider_id", "=", providerId);
        if (p.after !== undefined) query = query.where(byNameAfter(p.after));
        return pagedOf(await query.execute(), p.limit, toClient, (r) => [r.name, r.id]);
      },
      async coverage(clientId) {
        const r = await q
          .selectFrom("coverages")
          .selectAll()
          .where("client_id", "=", clientId)
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .limit(1)
          .executeTakeFirst();
        return r ? toCoverage(r) : undefined;
      },
      async coverageById(id) {
        const r = await q.selectFrom("coverages").selectAll().where("id", "=", id).executeTakeFirst();
        return r ? toCoverage(r) : undefined;
      },
      async setCoverage(clientId, c) {
        const r = await q
          .insertInto("coverages")
          .values({
            client_id: clientId,
            payer: c.payer,
            member_id: c.memberId,
            bluecard: c.bluecard,
            product: c.product ?? null,
            effective_from: c.effectiveFrom,
            effective_to: c.effectiveTo,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toCoverage(r);
      },
      async locations(clientId, history = false) {
        let query = q
          .selectFrom("client_locations")
          .selectAll()
          .where("client_id", "=", clientId)
          .orderBy("created_at")
          .orderBy("id");
        if (!history) query = query.where("archived_at", "is", null);
        return (await query.execute()).map(toLocation);
      },
      async locationsOf(clientIds) {
        if (clientIds.length === 0) return [];
        const rows = await q
          .selectFrom("client_locations")
          .selectAll()
          // One array parameter, not one per id: PostgreSQL takes at most 65,535 parameters.
          .where("client_id", "=", sql<string>`any(${[...clientIds]}::uuid[])`)
          .where("archived_at", "is", null)
          .orderBy("created_at")
          .orderBy("id")
          .execute();
        return rows.map(toLocation);
      },
      async addLocation(clientId, l, createdBy) {
        const r = await q
          .insertInto("client_locations")
          .values({
            client_id: clientId,
            kind: l.kind,
            label: l.label,
            line1: l.line1,
            line2: l.line2,
            city: l.city,
            state: l.state,
            zip: l.zip,
            starts_on: l.startsOn,
            ends_on: l.endsOn,
            created_by: createdBy,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return toLocation(r);
      },
      async archiveLocation(clientId, locationId, at) {
        const r = await q
          .updateTable("client_locations")
          .set({ archived_at: at })
          .where("id", "=", locationId)
          .where("client_id", "=", clientId)
          .where("archived_at", "is", null)
          .executeTakeFirst();
        return Number(r.numUpdatedRows) > 0;
      },
      async coveragesOf(clientIds) {
        if (clientIds.length === 0) return [];
        const rows = await q
          .selectFrom("coverages")
          .selectAll()
          .distinctOn("client_id")
          .where("client_id", "=", sql<string>`any(${[...clientIds]}::uuid[])`)
          .orderBy("client_id")
          .orderBy("created_at", "desc")
          .orderBy("id", "desc")
          .execute();
        return rows.map(toCoverage);
      },
      async updateLocation(clientId, locationId, l) {
        const r = await q
          .updateTable("client_locations")
          .set({
            label: l.label,
            line1: l.line1,
            line2: l.line2,
            city: l.city,
            state: l.state,
            zip: l.zip,
            starts_on: l.startsOn,
            ends_on: l.endsOn,
          })
          .where("id", "=", locationId)
          .where("client_id", "=", clientId)
          .where("archived_at", "is", null)
          .returningAll()
          .executeTakeFirst();
        return r ? toLocation(r) : undefined;
      },
      async deleteLocation(clientId, locationId) {
        const r = await q
          .deleteFrom("client_locations")
          .where("id", "=", locationId)
          .where("client_id", "=", clientId)
          .executeTakeFirst();
        return Number(r.numDeletedRows) > 0;
      },
      async locationUsed(clientId, locationId) {
        // Sessions and claims keep a snapshot of the place, naming the location it came from.
        const r = await sql<{ used: boolean }>`select
            exists (select 1 from sessions
                     where client_id = ${clientId} and location_snapshot->>'sourceId' = ${locationId})
            or exists (select 1 from claims
                     where client_id = ${clientId} and service_location->>'sourceId' = ${locationId})
            as used`.execute(q);
        return r.rows[0]?.used === true;
      },
      async upcomingChecks(clientIds, from, options = {}) {
        if (clientIds.length === 0) return [];
        const rows = await q
          .selectFrom("sessions")
          .leftJoin("session_checks as k", "k.session_id", "sessions.id")
          .select([
            "sessions.id",
            "sessions.client_id",
            "sessions.starts_at",
            "sessions.time_zone",
            "sessions.service_date",
            "sessions.modality",
            "k.last_check",
          ])
          .where("sessions.client_id", "=", sql<string>`any(${[...clientIds]}::uuid[])`)
          .where("sessions.status", "=", "scheduled")
          .where("sessions.service_date", ">=", from)
          .$if(options.atRiskOnly === true, (w) => w.where("k.billable", "=", false))
          .orderBy("sessions.starts_at")
          .orderBy("sessions.id")
          .execute();
        return rows.map((r) => ({
          id: r.id,
          clientId: r.client_id,
          startsAt: new Date(r.starts_at).toISOString(),
          timeZone: r.time_zone,
          serviceDate: r.service_date,
          modality: r.modality,
          // Only the re-checks write session_checks, always with a SessionCheck.
          lastCheck: (r.last_check as SessionCheck | null) ?? null,
        }));
      },
    },

    audit: {
      async chain(afterSeq, limit) {
        const r = await sql<{ id: number; seq: number; prev_hash: string; hash: string; expected: string }>`
          select e.id, e.chain_seq as seq, e.prev_hash, e.hash, audit_event_hash(e.prev_hash, e) as expected
          from audit_events e where e.chain_seq > ${afterSeq} order by e.chain_seq limit ${limit}`.execute(q);
        return r.rows.map((x) => ({
          id: x.id,
          seq: x.seq,
          prevHash: x.prev_hash,
          hash: x.hash,
          expected: x.expected,
        }));
      },
      async chainHead() {
        const r = await q
          .selectFrom("audit_chain")
          .select(["seq", "hash"])
          .where("id", "=", 1)
          .executeTakeFirst();
        return { seq: r?.seq ?? 0, hash: r?.hash ?? "0".repeat(64) };
      },
      async record(...events: NewAuditEvent[]) {
        if (events.length === 0) return;
        await q
          .insertInto("audit_events")
          .values(
            events.map((e) => ({
              actor_user_id: e.actorUserId,
              actor_role: e.actorRole,
              action: e.action,
              entity: e.entity,
              entity_id: e.entityId,
              client_id: e.clientId,
              ip: e.ip,
              detail: e.detail === undefined ? null : JSON.stringify(e.detail),
            })),
          )
          .execute();
      },
      async search(s) {
        // The names come joined in the same query: the person behind the account (a provider's
        // or client's name, else the account's email) and the client the event is about.
        let query = q
          .selectFrom("audit_events as e")
          .leftJoin("users as u", "u.id", "e.actor_user_id")
          .leftJoin("providers as up", "up.id", "u.provider_id")
          .leftJoin("clients as uc", "uc.id", "u.client_id")
          .leftJoin("clients as c", "c.id", "e.client_id")
          .selectAll("e")
          .select((eb) => [
            eb.fn.coalesce("up.name", "uc.name", "u.email").as("actor_name"),
            "c.name as client_name",
          ])
          .orderBy("e.id", "desc")
          .limit(s.limit);
        // A client's events, and the list reads that included them (clientIds in the detail). The
        // `detail ? 'clientIds'` lets PostgreSQL use the partial index on the lists' client ids.
        const clientId = s.clientId;
        if (clientId)
          query = query.where((eb) =>
            eb.or([
              eb("e.client_id", "=", clientId),
              sql<boolean>`(e.detail ? 'clientIds' and e.detail -> 'clientIds' ? ${clientId})`,
            ]),
          );
        if (s.actorUserId) query = query.where("e.actor_user_id", "=", s.actorUserId);
        // An action, or a group of actions: "client_location" is also every "client_location.…".
        // The byte-order range finds them on the action index; the exact test keeps it to the dot.
        const action = s.action;
        if (action)
          query = query.where(
            sql<boolean>`(e.action collate "C" >= ${action} and e.action collate "C" < ${`${action}/`}
              and (e.action = ${action} or starts_with(e.action, ${`${action}.`})))`,
          );
        if (s.since) query = query.where("e.at", ">=", new Date(s.since));
        if (s.until) query = query.where("e.at", "<=", new Date(s.until));
        if (s.before !== undefined) query = query.where("e.id", "<", s.before);
        return (await query.execute()).map(toAudit);
      },
    },
  };
  return store;
}

function licenseColumns(l: LicenseFields) {
  return {
    state: l.state,
    type: l.type,
    number: l.number,
    status: l.status,
    valid_from: l.validFrom,
    valid_to: l.validTo,
    telehealth_only: l.telehealthOnly,
    source: l.source,
    home_state: l.homeState ?? null,
  };
}

function credentialColumns(c: Omit<Credential, "id" | "providerId">) {
  return {
    payer: c.payer,
    state: c.state,
    network: c.network,
    status: c.status,
    effective_from: c.effectiveFrom,
    effective_to: c.effectiveTo,
  };
}
