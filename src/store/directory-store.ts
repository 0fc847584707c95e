/**
 * The directory's storage: the reach index (`directory_reach`, kept by the SQL function
 * `directory_reach_refresh` of migration 20261206T1100), the query over it, the candidates'
 * files (held in memory under their versions: directory-file-cache.ts), and referrals.
 */
import { sql, type Kysely, type Transaction } from "kysely";
import type { DirectoryFile, DirectoryStores, ReachQuery, Referral } from "../app/directory-port.js";
import type { Product } from "../contract/schema.js";
import type { StateCode } from "../contract/states.js";
import type { DirectoryFileCache } from "./directory-file-cache.js";
import {
  providerFileColumns,
  state,
  toCredential,
  toLicense,
  toPractice,
  toProvider,
  type R,
} from "./rows.js";
import type { Database } from "./schema.js";

type Q = Kysely<Database> | Transaction<Database>;

/** Below every name: where the first page starts. */
const FIRST = { name: "", id: "00000000-0000-0000-0000-000000000000" };

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());

type ReferralRow = R<"referrals"> & { client_name: string; from_name: string; to_name: string };

const toReferral = (r: ReferralRow): Referral => ({
  id: r.id,
  clientId: r.client_id,
  fromProviderId: r.from_provider_id,
  toProviderId: r.to_provider_id,
  reason: r.reason,
  state: state(r.state),
  zip: r.zip,
  serviceDate: r.service_date,
  modality: r.modality,
  payer: r.payer,
  product: r.product,
  basis: r.basis,
  billTo: r.bill_to,
  createdBy: r.created_by,
  status: r.status,
  clientName: r.client_name,
  fromName: r.from_name,
  toName: r.to_name,
  createdAt: iso(r.created_at) ?? "",
  decidedAt: iso(r.decided_at),
});

type FileRow = R<"providers"> & {
  version: string;
  file_licenses: R<"licenses">[];
  file_credentials: R<"credentials">[];
  practice: R<"practice_locations">[];
  email: string | null;
};

/**
 * The candidates of a directory page in order (name, id), each once: one ordered index range
 * per key (a lateral subquery each) stopping at the page size, then merged (a provider reached
 * through two keys is one candidate). Every filter is in the index (an index-only scan).
 */
function candidatesQuery(c: ReachQuery) {
  const after = c.after ?? FIRST;
  return sql`
    select distinct on (x.sort_name, x.provider_id) x.sort_name as name, x.provider_id as id
      from unnest(${[...c.keys]}::text[]) as k(key)
      cross join lateral (
        select d.sort_name, d.provider_id
          from directory_reach d
         where d.state = ${c.state} and d.key = k.key
           and (d.sort_name, d.provider_id) > (${after.name}::text, ${after.id}::uuid)
           and d.lo <= ${c.date}::date and d.hi >= ${c.date}::date
           and (d.in_person or not ${c.inPerson}::boolean)
           and (d.accepting or not ${c.acceptingOnly}::boolean)
           and (${c.licenseType}::text is null or ${c.licenseType}::text = any(d.license_types))
         order by d.sort_name, d.provider_id
         limit ${c.limit}
      ) as x
     order by x.sort_name, x.provider_id
     limit ${c.limit}`;
}

/**
 * A page's candidates with their files' versions: the candidates from the reach index, then one
 * probe each into `directory_files` (a candidate without a file there is none).
 */
export function candidateVersionsQuery(c: ReachQuery) {
  return sql`
    select c.name, c.id, f.version::text as version
      from (${candidatesQuery(c)}) as c
      -- Lateral: one index probe per candidate, whatever the planner thinks of table sizes.
      cross join lateral (
        select f.version from directory_files f where f.provider_id = c.id and f.state = ${c.state}
      ) f
     order by c.name, c.id`;
}

/** These providers' files for the state, with their versions: everything `decide` and the entry need. */
export function candidateFilesQuery(providerIds: readonly string[], state: StateCode) {
  return sql`
    select p.*, f.version::text as version, f.licenses as file_licenses, f.credentials as file_credentials,
           (select coalesce(json_agg(o order by o.created_at, o.id), '[]')
              from practice_locations o where o.provider_id = p.id) as practice,
           (select u.email from users u where u.provider_id = p.id order by u.created_at limit 1) as email
      from unnest(${[...providerIds]}::uuid[]) as c(id)
      cross join lateral (select * from providers p where p.id = c.id) p
      cross join lateral (
        select f.version, f.licenses, f.credentials
          from directory_files f where f.provider_id = c.id and f.state = ${state}
      ) f`;
}

/** The file with only the credentials of these payers (all of them when absent), in file order. */
function forPayers(file: DirectoryFile, payers: readonly string[] | undefined): DirectoryFile {
  if (payers === undefined) return file;
  const credentials = file.credentials.filter((c) => payers.includes(c.payer));
  return credentials.length === file.credentials.length ? file : { ...file, credentials };
}

export function directoryStores(q: Q, held: DirectoryFileCache): DirectoryStores {
  const referralQuery = () =>
    q
      .selectFrom("referrals as r")
      .innerJoin("clients as c", "c.id", "r.client_id")
      .innerJoin("providers as f", "f.id", "r.from_provider_id")
      .innerJoin("providers as t", "t.id", "r.to_provider_id")
      .selectAll("r")
      .select(["c.name as client_name", "f.name as from_name", "t.name as to_name"]);

  return {
    directory: {
      async refresh(providerIds) {
        if (providerIds.length === 0) return;
        const ids = [...new Set(providerIds)].sort();
        // Two transactions refreshing one provider would both insert its rows: take turns.
        await sql`select 1 from providers where id = any(${ids}::uuid[]) order by id for no key update`.execute(
          q,
        );
        await sql`select directory_reach_refresh(${ids}::uuid[])`.execute(q);
      },
      async rebuild() {
        await sql`select directory_reach_refresh(array(select id from providers))`.execute(q);
        const r = await sql<{ n: number }>`select count(*)::int as n from directory_reach`.execute(q);
        return r.rows[0]?.n ?? 0;
      },
      async rows(providerId) {
        const rows = await q
          .selectFrom("directory_reach")
          .select(["state", "key", "lo", "hi", "in_person", "license_types"])
          .where("provider_id", "=", providerId)
          .orderBy("state")
          .orderBy("key")
          .execute();
        return rows.map((r) => ({
          state: state(r.state),
          key: r.key,
          lo: r.lo,
          hi: r.hi,
          inPerson: r.in_person,
          licenseTypes: [...r.license_types].sort(),
        }));
      },
      async candidates(c) {
        const r = await sql<{ name: string; id: string }>`${candidatesQuery(c)}`.execute(q);
        return r.rows.map((x) => ({ name: x.name, id: x.id }));
      },
      async candidateFiles(c) {
        // The candidates with their files' versions; then, in a second statement, the files this
        // process does not hold at those versions (see directory-file-cache.ts).
        const found = await sql<{
          name: string;
          id: string;
          version: string;
        }>`${candidateVersionsQuery(c)}`.execute(q);
        const files = new Map<string, DirectoryFile>();
        const missing: string[] = [];
        for (const x of found.rows) {
          const file = held.get(x.id, c.state, x.version);
          if (file) files.set(x.id, file);
          else missing.push(x.id);
        }
        if (missing.length > 0) {
          const read = await sql<FileRow>`${candidateFilesQuery(missing, c.state)}`.execute(q);
          for (const x of read.rows) {
            const file: DirectoryFile = {
              provider: toProvider(x),
              acceptingNewClients: x.accepting_new_clients,
              licenses: x.file_licenses.map(toLicense),
              credentials: x.file_credentials.map(toCredential),
              practiceLocations: x.practice.map(toPractice),
              email: x.email,
            };
            held.put(x.id, c.state, x.version, file);
            files.set(x.id, file);
          }
        }
        return found.rows.flatMap((x) => {
          const file = files.get(x.id);
          // Gone between the two statements (a refresh removed it): not a candidate any more.
          return file ? [{ cursor: { name: x.name, id: x.id }, file: forPayers(file, c.payers) }] : [];
        });
      },
      async files(providerIds, st) {
        if (providerIds.length === 0) return [];
        const rows = await q
          .selectFrom("providers")
          .selectAll("providers")
          .select((eb) => [
            ...providerFileColumns(eb, st),
            eb
              .selectFrom("users")
              .select("users.email")
              .whereRef("users.provider_id", "=", "providers.id")
              .orderBy("users.created_at")
              .limit(1)
              .as("email"),
          ])
          .where("providers.id", "=", sql<string>`any(${[...providerIds]}::uuid[])`)
          .execute();
        return rows.map((r) => ({
          provider: toProvider(r),
          acceptingNewClients: r.accepting_new_clients,
          licenses: r.licenses.map(toLicense),
          credentials: r.credentials.map(toCredential),
          practiceLocations: r.practice.map(toPractice),
          email: r.email ?? null,
        }));
      },
      async accepting(providerId) {
        const r = await q
          .selectFrom("providers")
          .select("accepting_new_clients")
          .where("id", "=", providerId)
          .executeTakeFirst();
        return r?.accepting_new_clients;
      },
      async setAccepting(providerId, accepting) {
        await q
          .updateTable("providers")
          .set({ accepting_new_clients: accepting })
          .where("id", "=", providerId)
          .execute();
        await q
          .updateTable("directory_reach")
          .set({ accepting })
          .where("provider_id", "=", providerId)
          .execute();
      },
    },

    referrals: {
      async add(n) {
        const r = await q
          .insertInto("referrals")
          .values({
            client_id: n.clientId,
            from_provider_id: n.fromProviderId,
            to_provider_id: n.toProviderId,
            reason: n.reason,
            state: n.state,
            zip: n.zip,
            service_date: n.serviceDate,
            modality: n.modality,
            payer: n.payer,
            product: n.product satisfies Product | null,
            basis: n.basis,
            bill_to: n.billTo,
            created_by: n.createdBy,
          })
          .returning("id")
          .executeTakeFirstOrThrow();
        const added = await referralQuery().where("r.id", "=", r.id).executeTakeFirstOrThrow();
        return toReferral(added);
      },
      async byId(id) {
        const r = await referralQuery().where("r.id", "=", id).executeTakeFirst();
        return r ? toReferral(r) : undefined;
      },
      async list(s) {
        let query = referralQuery().orderBy("r.created_at", "desc").orderBy("r.id", "desc").limit(s.limit);
        const p = s.providerId;
        if (p !== null) {
          if (s.box === "sent") query = query.where("r.from_provider_id", "=", p);
          else if (s.box === "received") query = query.where("r.to_provider_id", "=", p);
          else
            query = query.where((eb) =>
              eb.or([eb("r.from_provider_id", "=", p), eb("r.to_provider_id", "=", p)]),
            );
        }
        if (s.clientId !== undefined) query = query.where("r.client_id", "=", s.clientId);
        if (s.status !== undefined) query = query.where("r.status", "=", s.status);
        // After the last one shown, compared in the database (instants keep their microseconds).
        const before = s.beforeId;
        if (before !== undefined)
          query = query.where(
            sql<boolean>`(r.created_at, r.id) < (select b.created_at, b.id from referrals b where b.id = ${before}::uuid)`,
          );
        return (await query.execute()).map(toReferral);
      },
      async settle(id, status, by, at) {
        const r = await q
          .updateTable("referrals")
          .set({ status, decided_by: by, decided_at: at })
          .where("id", "=", id)
          .where("status", "=", "sent")
          .returning("id")
          .executeTakeFirst();
        if (!r) return undefined;
        const settled = await referralQuery().where("r.id", "=", id).executeTakeFirstOrThrow();
        return toReferral(settled);
      },
    },
  };
}
