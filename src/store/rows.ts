/**
 * Rows as use cases see them: every table's row mapped to its model type, and the subqueries
 * that load a provider's file, shared by the store modules.
 */
import type { ExpressionBuilder, Selectable } from "kysely";
import { jsonArrayFrom } from "kysely/helpers/postgres";
import type {
  AuditEvent,
  Client,
  ClientLocation,
  Coverage,
  Credential,
  License,
  PracticeLocation,
  Provider,
  User,
} from "../app/model.js";
import type { StateCode } from "../contract/states.js";
import type { Database } from "./schema.js";
export type R<T extends keyof Database> = Selectable<Database[T]>;

/** A row as a query gives it, or as JSON gives it (a subquery's json_agg): instants as strings. */
type Loose<T> = {
  [K in keyof T]: T[K] extends Date ? Date | string : T[K] extends Date | null ? Date | string | null : T[K];
};

const iso = (d: Date | string | null): string | null => (d === null ? null : new Date(d).toISOString());
export const state = (s: string) => s as StateCode;

export const toUser = (r: R<"users">): User => ({
  id: r.id,
  email: r.email,
  role: r.role,
  providerId: r.provider_id,
  clientId: r.client_id,
});
export const toProvider = (r: Loose<R<"providers">>): Provider => ({
  id: r.id,
  name: r.name,
  firstName: r.first_name,
  middleName: r.middle_name,
  lastName: r.last_name,
  suffix: r.suffix,
  credentials: r.credential_letters,
  npi: r.npi,
  taxonomy: r.taxonomy,
});
/**
 * The columns a license, credential and practice location are read with: what the model keeps
 * (no bookkeeping instants), so a provider's file moves and parses only that.
 */
export const LICENSE_COLUMNS = [
  "id",
  "provider_id",
  "state",
  "type",
  "number",
  "status",
  "valid_from",
  "valid_to",
  "telehealth_only",
  "source",
  "home_state",
] as const satisfies readonly (keyof R<"licenses">)[];
export const CREDENTIAL_COLUMNS = [
  "id",
  "provider_id",
  "payer",
  "state",
  "network",
  "status",
  "effective_from",
  "effective_to",
] as const satisfies readonly (keyof R<"credentials">)[];
export const PRACTICE_COLUMNS = [
  "id",
  "provider_id",
  "label",
  "line1",
  "line2",
  "city",
  "state",
  "zip",
] as const satisfies readonly (keyof R<"practice_locations">)[];

export const toLicense = (r: Pick<R<"licenses">, (typeof LICENSE_COLUMNS)[number]>): License => ({
  id: r.id,
  providerId: r.provider_id,
  state: state(r.state),
  type: r.type,
  number: r.number,
  status: r.status,
  validFrom: r.valid_from,
  validTo: r.valid_to,
  telehealthOnly: r.telehealth_only,
  source: r.source,
  homeState: r.home_state === null ? null : state(r.home_state),
});
export const toCredential = (r: Pick<R<"credentials">, (typeof CREDENTIAL_COLUMNS)[number]>): Credential => ({
  id: r.id,
  providerId: r.provider_id,
  payer: r.payer,
  state: state(r.state),
  network: r.network,
  status: r.status,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
});
export const toPractice = (
  r: Pick<R<"practice_locations">, (typeof PRACTICE_COLUMNS)[number]>,
): PracticeLocation => ({
  id: r.id,
  providerId: r.provider_id,
  label: r.label,
  line1: r.line1,
  line2: r.line2 ?? null,
  city: r.city,
  state: state(r.state),
  zip: r.zip,
});
export const toClient = (r: Loose<R<"clients">>): Client => ({
  id: r.id,
  providerId: r.provider_id,
  name: r.name,
  birthDate: r.birth_date,
  sex: r.sex,
  diagnosisCodes: r.diagnosis_codes,
});
export const toCoverage = (r: Loose<R<"coverages">>): Coverage => ({
  id: r.id,
  clientId: r.client_id,
  payer: r.payer,
  memberId: r.member_id,
  bluecard: r.bluecard,
  product: r.product,
  effectiveFrom: r.effective_from,
  effectiveTo: r.effective_to,
  // Migration 20261207T1100: the payer's last answer about this row (absent in older selects).
  verified:
    r.verified_check_id && r.verified_status && r.verified_at
      ? {
          checkId: r.verified_check_id,
          status: r.verified_status,
          at: new Date(r.verified_at).toISOString(),
          from: r.verified_from ?? null,
          to: r.verified_to ?? null,
          product: r.verified_product ?? null,
        }
      : null,
});
export const toLocation = (r: Loose<R<"client_locations">>): ClientLocation => ({
  id: r.id,
  clientId: r.client_id,
  kind: r.kind,
  label: r.label,
  line1: r.line1,
  line2: r.line2 ?? null,
  city: r.city,
  state: state(r.state),
  zip: r.zip,
  startsOn: r.starts_on,
  endsOn: r.ends_on,
  createdAt: iso(r.created_at) ?? "",
  archivedAt: iso(r.archived_at),
});
/** An audit event with the names `audit.search` joins in (`actor_name`, `client_name`). */
export const toAudit = (
  r: R<"audit_events"> & { readonly actor_name: string | null; readonly client_name: string | null },
): AuditEvent & { readonly actorName: string | null; readonly clientName: string | null } => ({
  id: r.id,
  at: iso(r.at) ?? "",
  actorUserId: r.actor_user_id,
  actorRole: r.actor_role,
  actorName: r.actor_name,
  action: r.action,
  entity: r.entity,
  entityId: r.entity_id,
  clientId: r.client_id,
  clientName: r.client_name,
  ip: r.ip,
  detail: r.detail,
});

/**
 * A provider's licenses, credentials and offices as JSON arrays, for a query that has the
 * `providers` table in scope: one round trip for everything the engine needs about a provider.
 * `credentialState` keeps only the credentials in that state (the directory decides one state).
 */
export function providerFileColumns(
  eb: ExpressionBuilder<Database, "providers">,
  credentialState?: StateCode,
) {
  let credentials = eb
    .selectFrom("credentials")
    .select(CREDENTIAL_COLUMNS)
    .whereRef("credentials.provider_id", "=", "providers.id");
  if (credentialState !== undefined)
    credentials = credentials.where("credentials.state", "=", credentialState);
  return [
    jsonArrayFrom(
      eb
        .selectFrom("licenses")
        .select(LICENSE_COLUMNS)
        .whereRef("licenses.provider_id", "=", "providers.id")
        .orderBy("created_at")
        .orderBy("id"),
    ).as("licenses"),
    jsonArrayFrom(credentials.orderBy("created_at").orderBy("id")).as("credentials"),
    jsonArrayFrom(
      eb
        .selectFrom("practice_locations")
        .select(PRACTICE_COLUMNS)
        .whereRef("practice_locations.provider_id", "=", "providers.id")
        .orderBy("created_at")
        .orderBy("id"),
    ).as("practice"),
  ] as const;
}
