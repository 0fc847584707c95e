-- Stateline schema, first version. The rules that must never break live here too: foreign
-- keys, CHECKs, unique indexes (one claim per confirmed session), an append-only audit log.

create table providers (
  id uuid primary key default gen_random_uuid(),
  name text not null check (length(trim(name)) > 0),
  npi char(10) not null unique check (npi ~ '^[12][0-9]{9}$'),
  taxonomy char(10) not null check (taxonomy ~ '^[0-9]{3}[0-9A-Z]{6}X$'),
  created_at timestamptz not null default clock_timestamp()
);

create table clients (
  id uuid primary key default gen_random_uuid(),
  -- The provider relationship: a client belongs to the provider who sees them.
  provider_id uuid not null references providers(id),
  name text not null check (length(trim(name)) > 0),
  birth_date date,
  created_at timestamptz not null default clock_timestamp()
);
create index clients_provider on clients (provider_id);

create table users (
  id uuid primary key default gen_random_uuid(),
  email text not null unique check (email = lower(email) and email ~ '^[^@\s]+@[^@\s]+$'),
  role text not null check (role in ('provider', 'client', 'ops')),
  password_hash text not null,
  provider_id uuid references providers(id),
  client_id uuid references clients(id),
  created_at timestamptz not null default clock_timestamp(),
  check ((role = 'provider') = (provider_id is not null)),
  check ((role = 'client') = (client_id is not null))
);

create table licenses (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references providers(id),
  state char(2) not null,
  type text not null check (length(type) > 0),
  number text,
  status text not null check (status in ('active', 'probation', 'inactive', 'expired', 'suspended', 'revoked')),
  valid_from date,
  valid_to date,
  telehealth_only boolean not null default false,
  source text not null default 'state_board'
    check (source in ('state_board', 'PSYPACT', 'counseling_compact', 'social_work_compact', 'NLC', 'IMLC')),
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  check (valid_from is null or valid_to is null or valid_from <= valid_to)
);
create index licenses_provider on licenses (provider_id);

create table credentials (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references providers(id),
  payer text not null check (payer ~ '^[a-z0-9-]+$'),
  state char(2) not null,
  network text not null check (network in ('standard', 'virtual')),
  status text not null check (status in ('active', 'pending', 'terminated')),
  effective_from date,
  effective_to date,
  created_at timestamptz not null default clock_timestamp(),
  updated_at timestamptz not null default now(),
  check (effective_from is null or effective_to is null or effective_from <= effective_to)
);
create index credentials_provider on credentials (provider_id);

create table practice_locations (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references providers(id),
  label text not null,
  line1 text,
  city text,
  state char(2) not null,
  zip char(5) check (zip ~ '^[0-9]{5}$'),
  created_at timestamptz not null default clock_timestamp()
);
create index practice_locations_provider on practice_locations (provider_id);

-- Coverage history: the current coverage is the latest row; rows are never updated.
create table coverages (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients(id),
  payer text not null check (payer ~ '^[a-z0-9-]+$'),
  member_id text,
  bluecard boolean,
  effective_from date,
  effective_to date,
  created_at timestamptz not null default clock_timestamp(),
  check (effective_from is null or effective_to is null or effective_from <= effective_to)
);
create index coverages_client on coverages (client_id, created_at desc);

-- Client locations are kept with their history: a change archives the old row and adds a new one.
create table client_locations (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients(id),
  kind text not null check (kind in ('home', 'virtual_session', 'temporary')),
  label text,
  line1 text,
  city text,
  state char(2) not null,
  zip char(5) check (zip ~ '^[0-9]{5}$'),
  starts_on date,
  ends_on date,
  created_by uuid references users(id),
  created_at timestamptz not null default clock_timestamp(),
  archived_at timestamptz,
  check (starts_on is null or ends_on is null or starts_on <= ends_on),
  check (kind <> 'temporary' or (starts_on is not null and ends_on is not null))
);
create index client_locations_client on client_locations (client_id) where archived_at is null;

create table sessions (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references providers(id),
  client_id uuid not null references clients(id),
  starts_at timestamptz not null,
  time_zone text not null,
  -- The calendar date where the session happens, in its time zone: the engine's "today".
  service_date date not null,
  duration_minutes integer not null check (duration_minutes between 1 and 600),
  modality text not null check (modality in ('telehealth', 'in_person')),
  cpt_code text not null check (cpt_code ~ '^[0-9]{5}$'),
  crisis boolean not null default false,
  practice_location_id uuid references practice_locations(id),
  status text not null default 'scheduled' check (status in ('scheduled', 'confirmed', 'cancelled')),
  -- Snapshots taken at confirmation: immutable afterwards.
  confirmed_at timestamptz,
  confirmed_by uuid references users(id),
  location_snapshot jsonb,
  decision jsonb,
  crisis_documentation text,
  -- The latest re-check of a scheduled session (see alerts).
  last_check jsonb,
  created_at timestamptz not null default clock_timestamp(),
  check (modality <> 'in_person' or practice_location_id is not null),
  check (status <> 'confirmed' or (confirmed_at is not null and location_snapshot is not null and decision is not null)),
  check (not crisis or status <> 'confirmed' or (crisis_documentation is not null and length(trim(crisis_documentation)) > 0))
);
create index sessions_provider on sessions (provider_id, starts_at);
create index sessions_client on sessions (client_id, starts_at);

create table claims (
  id uuid primary key default gen_random_uuid(),
  session_id uuid not null references sessions(id),
  provider_id uuid not null references providers(id),
  client_id uuid not null references clients(id),
  bill_to text not null,
  home_plan text not null,
  basis text not null check (basis in ('in_network', 'bluecard', 'virtual_network', 'crisis')),
  member_id text,
  cpt_codes text[] not null check (cardinality(cpt_codes) > 0),
  modifiers text[] not null default '{}',
  place_of_service char(2) not null check (place_of_service in ('02', '10', '11')),
  service_location jsonb not null,
  service_date date not null,
  status text not null default 'pending' check (status in ('pending', 'ready', 'exported')),
  ready_at timestamptz not null,
  created_at timestamptz not null default clock_timestamp(),
  -- A crisis claim billed under the exception carries the client's exact address.
  check (basis <> 'crisis' or coalesce(service_location ->> 'line1', '') <> ''),
  -- Crisis claims never carry the ordinary psychotherapy codes.
  check (not (cpt_codes && array['90839']) or not (cpt_codes && array['90832','90833','90834','90836','90837','90838']))
);
-- One claim per confirmed session, whatever happens concurrently.
create unique index claims_one_per_session on claims (session_id);
create index claims_provider on claims (provider_id, created_at desc);

create table alerts (
  id uuid primary key default gen_random_uuid(),
  provider_id uuid not null references providers(id),
  kind text not null check (kind in ('sessions_at_risk', 'license_expiring', 'credential_expiring')),
  message text not null,
  fix text,
  session_ids uuid[] not null default '{}',
  -- Same problem, same key: re-checks refresh an open alert instead of piling up duplicates.
  dedupe_key text not null,
  created_at timestamptz not null default clock_timestamp(),
  resolved_at timestamptz
);
create unique index alerts_open_once on alerts (provider_id, dedupe_key) where resolved_at is null;

create table audit_events (
  id bigint generated always as identity primary key,
  at timestamptz not null default now(),
  actor_user_id uuid,
  actor_role text,
  action text not null,
  entity text not null,
  entity_id text,
  client_id uuid,
  ip text,
  detail jsonb
);
create index audit_events_client on audit_events (client_id, at desc);
create index audit_events_at on audit_events (at desc);

-- Audit events are append-only: no update, no delete, whoever asks.
create function audit_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit events are append-only';
end;
$$;
create trigger audit_events_no_update before update or delete on audit_events
  for each row execute function audit_events_append_only();

-- Login sessions (browser cookies and API bearer tokens): only a hash of the token is kept.
create table login_sessions (
  token_hash text primary key,
  user_id uuid not null references users(id),
  created_at timestamptz not null default clock_timestamp(),
  expires_at timestamptz not null,
  revoked_at timestamptz
);

create table login_attempts (
  id bigint generated always as identity primary key,
  email text not null,
  ip text not null,
  at timestamptz not null default now(),
  succeeded boolean not null
);
create index login_attempts_recent on login_attempts (email, at desc);
create index login_attempts_ip on login_attempts (ip, at desc);

create table idempotency_keys (
  user_id uuid not null references users(id),
  key text not null,
  request_hash text not null,
  status_code integer,
  response jsonb,
  created_at timestamptz not null default clock_timestamp(),
  primary key (user_id, key)
);
