-- Claims as files a clearinghouse takes (X12 837P, FHIR R4): diagnoses, the billing
-- organization, exports with their control numbers, and the job runner that releases held claims.

-- A client's working diagnoses (ICD-10-CM, no dot); confirmation copies them to the claim
-- unless the provider gives others.
alter table clients add column diagnosis_codes text[] not null default '{}';

alter table claims add column diagnosis_codes text[] not null default '{}';
alter table claims add column export_id uuid;
alter table claims add column exported_at timestamptz;

-- The organization that bills: one row, set by operations. Electronic payer ids belong to the
-- clearinghouse relationship, so they live here (catalogue id -> id at our clearinghouse).
create table billing_organization (
  singleton boolean primary key default true check (singleton),
  name text not null check (length(trim(name)) > 0),
  npi char(10) not null check (npi ~ '^2[0-9]{9}$'),
  tax_id char(9) not null check (tax_id ~ '^[0-9]{9}$'),
  taxonomy char(10) not null check (taxonomy ~ '^[0-9A-Z]{9}X$'),
  line1 text not null,
  city text not null,
  state char(2) not null,
  zip text not null check (zip ~ '^[0-9]{5}([0-9]{4})?$'),
  contact_name text not null,
  contact_phone char(10) not null check (contact_phone ~ '^[0-9]{10}$'),
  submitter_id text not null check (submitter_id ~ '^[0-9A-Z]{2,15}$'),
  receiver_name text not null,
  receiver_id text not null check (receiver_id ~ '^[0-9A-Z]{2,15}$'),
  -- CPT code -> usual charge in cents
  fees jsonb not null default '{}',
  -- payer catalogue id -> electronic payer id
  payer_ids jsonb not null default '{}',
  updated_at timestamptz not null default clock_timestamp(),
  updated_by uuid references users(id)
);

-- ISA13: every interchange we write gets the next number, across all servers.
create sequence x12_interchange_control minvalue 1 maxvalue 999999999 cycle;

-- A batch file as it was written (kept: what was sent is evidence).
create table claim_exports (
  id uuid primary key default gen_random_uuid(),
  format text not null check (format in ('x12', 'fhir')),
  since date not null,
  claim_count integer not null check (claim_count > 0),
  interchange_control_number integer,
  content text not null,
  created_at timestamptz not null default clock_timestamp(),
  created_by uuid references users(id),
  check (format <> 'x12' or interchange_control_number is not null)
);

alter table claims add constraint claims_export_fk foreign key (export_id) references claim_exports(id);
alter table claims add constraint claims_exported_has_export
  check ((status = 'exported') = (export_id is not null and exported_at is not null));
create index claims_ready on claims (status, ready_at);

-- Recurring jobs. Each server polls; `for update skip locked` hands a due job to one of them; a
-- job whose server died is taken over once its lock expires.
create table jobs (
  name text primary key,
  every_seconds integer not null check (every_seconds > 0),
  run_at timestamptz not null,
  locked_by text,
  locked_until timestamptz,
  runs integer not null default 0,
  last_started_at timestamptz,
  last_finished_at timestamptz,
  last_error text
);
