/**
 * The tables as Kysely sees them. Must match `migrations/*.sql`: `test/store/schema.int.test.ts`
 * checks that every table named here exists and that the migrations build the same columns,
 * constraints and indexes on PGlite and on the PostgreSQL server; the API tests use every one.
 */
import type { ColumnType, Generated, GeneratedAlways, Insertable, Selectable } from "kysely";
import type { Product } from "../contract/schema.js";
import type { ClaimEventKind } from "../app/claim-files-port.js";
import type { Adjustment, ProviderAdjustment, ServiceLinePayment } from "../app/remittance-port.js";

/** A `date` column: `YYYY-MM-DD` in and out. */
type DateString = string;
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>;
type Json<T> = ColumnType<T, string, string>;

export interface ProvidersTable {
  id: Generated<string>;
  /** The display name ("Maya R. Chen, LCSW"), written from the parts below. */
  name: string;
  npi: string;
  taxonomy: string;
  created_at: Generated<Date>;
  /** Migration 20261205T1000: the name in parts (837P NM103–NM107) and the credentials. */
  first_name: string;
  middle_name: string | null;
  last_name: string;
  suffix: string | null;
  /** The letters after the name ("LCSW"); the model's `Provider.credentials`. */
  credential_letters: string | null;
  /** Migration 20261206T1100: shown in the directory (filter "accepting new clients"). */
  accepting_new_clients: Generated<boolean>;
}

export interface ClientsTable {
  id: Generated<string>;
  provider_id: string;
  name: string;
  birth_date: DateString | null;
  created_at: Generated<Date>;
  /** Migration 20261130T0900: working diagnoses, ICD-10-CM without the dot. */
  diagnosis_codes: Generated<string[]>;
  /** Migration 20261205T1000: administrative sex, F, M or U (unknown). */
  sex: Generated<"F" | "M" | "U">;
}

export interface UsersTable {
  id: Generated<string>;
  email: string;
  role: "provider" | "client" | "ops";
  password_hash: string;
  provider_id: string | null;
  client_id: string | null;
  created_at: Generated<Date>;
}

export interface LicensesTable {
  id: Generated<string>;
  provider_id: string;
  state: string;
  type: string;
  number: string | null;
  status: "active" | "probation" | "inactive" | "expired" | "suspended" | "revoked";
  valid_from: DateString | null;
  valid_to: DateString | null;
  telehealth_only: Generated<boolean>;
  source: Generated<
    "state_board" | "PSYPACT" | "counseling_compact" | "social_work_compact" | "NLC" | "IMLC"
  >;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
  /** Migration 20261204T0900: a compact privilege's home state (null for anything else). */
  home_state: string | null;
}

export interface CredentialsTable {
  id: Generated<string>;
  provider_id: string;
  payer: string;
  state: string;
  network: "standard" | "virtual";
  status: "active" | "pending" | "terminated";
  effective_from: DateString | null;
  effective_to: DateString | null;
  created_at: Generated<Date>;
  updated_at: Generated<Date>;
}

export interface PracticeLocationsTable {
  id: Generated<string>;
  provider_id: string;
  label: string;
  line1: string | null;
  city: string | null;
  state: string;
  /** 12345 or 12345-6789 (migration 20261205T1000). */
  zip: string | null;
  created_at: Generated<Date>;
  /** Migration 20261205T1000. */
  line2: string | null;
}

export interface CoveragesTable {
  id: Generated<string>;
  client_id: string;
  payer: string;
  member_id: string | null;
  bluecard: boolean | null;
  effective_from: DateString | null;
  effective_to: DateString | null;
  created_at: Generated<Date>;
  /** Migration 20261204T0900: the kind of plan (contract v2 `coverage.product`). */
  product: Product | null;
  /** Migration 20261207T1100: the last answered eligibility check of this row (the payer's facts). */
  verified_check_id: Generated<string | null>;
  verified_status: Generated<"active" | "inactive" | "rejected" | "unknown" | null>;
  verified_at: Generated<Date | null>;
  verified_from: Generated<DateString | null>;
  verified_to: Generated<DateString | null>;
  verified_product: Generated<Product | null>;
}

export interface ClientLocationsTable {
  id: Generated<string>;
  client_id: string;
  kind: "home" | "virtual_session" | "temporary";
  label: string | null;
  line1: string | null;
  city: string | null;
  state: string;
  zip: string | null;
  starts_on: DateString | null;
  ends_on: DateString | null;
  created_by: string | null;
  created_at: Generated<Date>;
  archived_at: Date | null;
  /** Migration 20261205T1000 (zip: 12345 or 12345-6789 from then on). */
  line2: string | null;
}

export interface LocationSnapshot {
  line1?: string | null;
  /** Since migration 20261205T1000; absent in older snapshots. */
  line2?: string | null;
  city?: string | null;
  state: string;
  zip?: string | null;
  /** Where the snapshot came from: a saved client location, a new address, or the practice. */
  source: "client_location" | "new_address" | "practice_location";
  sourceId?: string | null;
  /** The kind of client location (decides the claim's place of service); absent at a practice. */
  kind?: "home" | "virtual_session" | "temporary" | null;
}

export interface SessionsTable {
  id: Generated<string>;
  provider_id: string;
  client_id: string;
  starts_at: Timestamp;
  time_zone: string;
  service_date: DateString;
  duration_minutes: number;
  modality: "telehealth" | "in_person";
  cpt_code: string;
  crisis: Generated<boolean>;
  practice_location_id: string | null;
  status: Generated<"scheduled" | "confirmed" | "cancelled">;
  confirmed_at: Date | null;
  confirmed_by: string | null;
  location_snapshot: Json<LocationSnapshot> | null;
  decision: Json<unknown> | null;
  crisis_documentation: string | null;
  created_at: Generated<Date>;
  /** Migration 20261205T1100: an audio-only telehealth session (modifier 93, FQ for Medicare). */
  audio_only: Generated<boolean>;
}

/** Migration 20261208T1100: a session's latest check, apart from the session's wide row. */
export interface SessionChecksTable {
  session_id: string;
  /** A digest of what the check found (written only when it changes). */
  check_hash: string | null;
  last_check: Json<unknown>;
  billable: GeneratedAlways<boolean | null>;
}

export interface ClaimsTable {
  id: Generated<string>;
  session_id: string;
  provider_id: string;
  client_id: string;
  bill_to: string;
  home_plan: string;
  basis: "in_network" | "bluecard" | "virtual_network" | "crisis";
  member_id: string | null;
  cpt_codes: string[];
  modifiers: string[];
  place_of_service: "02" | "10" | "11";
  service_location: Json<LocationSnapshot>;
  service_date: DateString;
  status: Generated<"pending" | "ready" | "exported">;
  ready_at: Timestamp;
  created_at: Generated<Date>;
  /** Migration 20261130T0900: the claim's diagnoses and the batch file it went out in. */
  diagnosis_codes: Generated<string[]>;
  export_id: string | null;
  exported_at: Timestamp | null;
  /** Migration 20261201T0900: the patient control number (837P CLM01). */
  number: Generated<number>;
  /** Migration 20261204T0900: the coverage row in force at confirmation (the claim's snapshot). */
  coverage_id: string | null;
  /** Migration 20261205T1100: the client's home at confirmation; version, CLM05-3, REF*F8; why an export left it out. */
  subscriber_address: Json<SubscriberAddressSnapshot> | null;
  version: Generated<number>;
  frequency: Generated<"1" | "7" | "8">;
  payer_control_number: string | null;
  export_problems: Json<{ field: string; message: string }[]> | null;
  /** Migration 20261207T1000: what the payer said (999/277CA, then 835), and when. */
  payer_status: "accepted" | "rejected" | "paid" | "partially_paid" | "denied" | null;
  payer_status_at: Timestamp | null;
}

export interface BillingOrganizationTable {
  singleton: Generated<boolean>;
  name: string;
  npi: string;
  tax_id: string;
  taxonomy: string;
  line1: string;
  city: string;
  state: string;
  zip: string;
  contact_name: string;
  contact_phone: string;
  submitter_id: string;
  receiver_name: string;
  receiver_id: string;
  fees: Json<Record<string, number>>;
  payer_ids: Json<Record<string, string>>;
  /** Migration 20261205T1100: payer catalogue id → how the payer wants video telehealth marked. */
  telehealth_modifiers: ColumnType<Record<string, "95" | "GT" | "none">, string | undefined, string>;
  updated_at: Generated<Date>;
  updated_by: string | null;
  /** Migration 20261205T1000 (zip: 12345-6789 from then on). */
  line2: string | null;
}

export interface SubscriberAddressSnapshot {
  line1?: string | null;
  line2?: string | null;
  city?: string | null;
  state: string;
  zip?: string | null;
}

/** Migration 20261205T1100: each claim's history, append-only. */
export interface ClaimEventsTable {
  id: Generated<number>;
  claim_id: string;
  version: number;
  kind: ClaimEventKind;
  at: Generated<Date>;
  actor_user_id: string | null;
  export_id: string | null;
  detail: Json<unknown> | null;
}

export interface ClaimExportsTable {
  id: Generated<string>;
  format: "x12" | "fhir";
  since: DateString;
  claim_count: number;
  interchange_control_number: number | null;
  content: string;
  created_at: Generated<Date>;
  created_by: string | null;
  /** Migration 20261207T1000: the 837P file it was sent to the clearinghouse as (once). */
  edi_file_id: string | null;
}

/** Migration 20261207T1000: every X12 file in and out, kept as written. */
export interface EdiFilesTable {
  id: Generated<string>;
  direction: "out" | "in";
  kind: "837P" | "270" | "271" | "835" | "999" | "277CA" | "unknown";
  name: string;
  content: string;
  sha256: string;
  interchange_control_number: string | null;
  status: "sent" | "processed" | "rejected" | "duplicate";
  problems: Json<string[]>;
  duplicate_of: string | null;
  sandbox: boolean;
  created_at: Generated<Date>;
  created_by: string | null;
}

/** Migration 20261206T1200: one run of the whole re-check (a checking day). */
export interface RecheckRunsTable {
  id: Generated<string>;
  checked_on: DateString;
  started_at: Generated<Date>;
  finished_at: Timestamp | null;
}

/** Migration 20261206T1200: a range of providers of a run, taken by one worker at a time. */
export interface RecheckChunksTable {
  run_id: string;
  seq: number;
  first_provider: string | null;
  before_provider: string | null;
  status: Generated<"pending" | "taken" | "done">;
  taken_by: string | null;
  taken_at: Timestamp | null;
  done_at: Timestamp | null;
  counts: Json<unknown> | null;
}

export interface JobsTable {
  name: string;
  every_seconds: number;
  run_at: Timestamp;
  locked_by: string | null;
  locked_until: Timestamp | null;
  runs: Generated<number>;
  last_started_at: Timestamp | null;
  last_finished_at: Timestamp | null;
  last_error: string | null;
}

export interface AlertsTable {
  id: Generated<string>;
  provider_id: string;
  kind: "sessions_at_risk" | "license_expiring" | "credential_expiring" | "coverage_not_verified";
  message: string;
  fix: string | null;
  session_ids: string[];
  dedupe_key: string;
  created_at: Generated<Date>;
  resolved_at: Date | null;
  /** Migration 20261129T0900: the client, the facts behind the message, why it closed. */
  client_id: string | null;
  detail: ColumnType<unknown, string | undefined, string>;
  updated_at: Generated<Date>;
  resolution: "cleared" | "dismissed" | null;
  resolved_by: string | null;
}

/** Migration 20261207T1100: eligibility checks (270 out, 271 in). */
export interface EligibilityChecksTable {
  id: Generated<string>;
  client_id: string;
  coverage_id: string;
  trace_number: string;
  status: Generated<"queued" | "pending" | "active" | "inactive" | "rejected" | "unknown" | "error">;
  reason: "manual" | "coverage_changed" | "first_session" | "monthly";
  plan_date: DateString;
  requested_by: string | null;
  requested_at: Generated<Date>;
  request_file_id: string | null;
  sent_at: Date | null;
  answer_file_id: string | null;
  answered_at: Date | null;
  answer: ColumnType<unknown, string | null | undefined, string | null>;
  summary: string | null;
  sandbox: Generated<boolean>;
  error: string | null;
}

export interface AuditEventsTable {
  id: Generated<number>;
  at: Generated<Date>;
  actor_user_id: string | null;
  actor_role: string | null;
  action: string;
  entity: string;
  entity_id: string | null;
  client_id: string | null;
  ip: string | null;
  detail: Json<unknown> | null;
  /** Set by the chaining trigger on insert (migration 20261205T1300). */
  chain_seq: Generated<number>;
  prev_hash: Generated<string>;
  hash: Generated<string>;
}

export interface AuditChainTable {
  id: number;
  seq: number;
  hash: string;
}

export interface LoginSessionsTable {
  token_hash: string;
  user_id: string;
  created_at: Generated<Date>;
  expires_at: Timestamp;
  revoked_at: Date | null;
}

export interface LoginThrottleTable {
  key: string;
  attempts: number;
  window_start: Date;
  failures: Generated<number>;
  blocked_until: Date | null;
}

export interface LoginKnownAddressesTable {
  email: string;
  ip: string;
  last_success: Date;
}

export interface LoginAttemptsTable {
  id: Generated<number>;
  email: string;
  ip: string;
  at: Generated<Date>;
  succeeded: boolean;
}

export interface IdempotencyKeysTable {
  user_id: string;
  key: string;
  request_hash: string;
  status_code: number | null;
  /** `json`, not `jsonb` (migration 20261128T0900): replayed byte for byte as first sent. */
  response: Json<unknown> | null;
  created_at: Generated<Date>;
  /** Renewed while the request runs; past it, the key is presumed abandoned. */
  lease_until: Generated<Date>;
}

/** Migration 20261206T1100: the directory's candidate index (see the migration). */
export interface DirectoryReachTable {
  provider_id: string;
  state: string;
  /** The credential's payer, `payer/virtual` for a virtual network. */
  key: string;
  /** Dates, or `-infinity` / `infinity`. */
  lo: DateString;
  hi: DateString;
  in_person: boolean;
  license_types: string[];
  sort_name: string;
  accepting: boolean;
}

/** Migration 20261206T1100: what the engine reads about a directory candidate in a state. */
export interface DirectoryFilesTable {
  provider_id: string;
  state: string;
  licenses: ColumnType<unknown, string, string>;
  credentials: ColumnType<unknown, string, string>;
}

/** Migration 20261206T1100: a referral from one provider to another. */
export interface ReferralsTable {
  id: Generated<string>;
  client_id: string;
  from_provider_id: string;
  to_provider_id: string;
  reason: string;
  state: string;
  zip: string | null;
  service_date: DateString;
  modality: "telehealth" | "in_person";
  payer: string;
  product: Product | null;
  basis: "in_network" | "virtual_network" | "bluecard";
  bill_to: string;
  status: Generated<"sent" | "accepted" | "declined" | "withdrawn">;
  created_by: string | null;
  created_at: Generated<Date>;
  decided_by: string | null;
  decided_at: Date | null;
}

/** Migration 20261207T1200: posted remittances (835), one per payer's transaction set. */
export interface RemittancesTable {
  id: Generated<string>;
  edi_file_id: string;
  transaction_control: string;
  payer_name: string;
  payer_id: string;
  catalogue_payer: string | null;
  payee_name: Generated<string>;
  payee_npi: string | null;
  check_number: string;
  method: "ACH" | "BOP" | "CHK" | "FWT" | "NON";
  paid_on: DateString | null;
  total_cents: number;
  claim_count: number;
  provider_adjustments: Json<ProviderAdjustment[]>;
  balanced: boolean;
  problems: Json<string[]>;
  created_at: Generated<Date>;
}

/** Migration 20261207T1200: each claim payment of a remittance, matched to its claim or not (null). */
export interface ClaimPaymentsTable {
  id: Generated<string>;
  remittance_id: string;
  position: number;
  claim_id: string | null;
  claim_version: number | null;
  patient_control_number: string;
  patient_name: Generated<string>;
  member_id: string | null;
  status_code: string;
  outcome: "paid" | "partially_paid" | "denied" | "reversed";
  charge_cents: number;
  paid_cents: number;
  patient_responsibility_cents: Generated<number>;
  payer_control_number: string | null;
  adjustments: Json<Adjustment[]>;
  lines: Json<ServiceLinePayment[]>;
  remarks: string[];
  created_at: Generated<Date>;
}

export interface Database {
  directory_reach: DirectoryReachTable;
  directory_files: DirectoryFilesTable;
  referrals: ReferralsTable;
  providers: ProvidersTable;
  clients: ClientsTable;
  users: UsersTable;
  licenses: LicensesTable;
  credentials: CredentialsTable;
  practice_locations: PracticeLocationsTable;
  coverages: CoveragesTable;
  client_locations: ClientLocationsTable;
  sessions: SessionsTable;
  session_checks: SessionChecksTable;
  claims: ClaimsTable;
  alerts: AlertsTable;
  eligibility_checks: EligibilityChecksTable;
  audit_events: AuditEventsTable;
  login_sessions: LoginSessionsTable;
  login_attempts: LoginAttemptsTable;
  login_throttle: LoginThrottleTable;
  audit_chain: AuditChainTable;
  login_known_addresses: LoginKnownAddressesTable;
  idempotency_keys: IdempotencyKeysTable;
  billing_organization: BillingOrganizationTable;
  claim_exports: ClaimExportsTable;
  claim_events: ClaimEventsTable;
  edi_files: EdiFilesTable;
  remittances: RemittancesTable;
  claim_payments: ClaimPaymentsTable;
  jobs: JobsTable;
  recheck_runs: RecheckRunsTable;
  recheck_chunks: RecheckChunksTable;
}

export type Row<T extends keyof Database> = Selectable<Database[T]>;
export type NewRow<T extends keyof Database> = Insertable<Database[T]>;
