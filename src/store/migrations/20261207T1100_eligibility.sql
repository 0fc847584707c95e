-- Eligibility (issue 16, 005010X279A1 270/271): every check of a client's coverage, from the
-- moment it is queued to the payer's answer, kept with the 271 it came in (edi_files), and on the
-- coverage the last verified facts the engine uses (dates, product).

create table eligibility_checks (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients(id),
  -- The coverage row asked about (coverage rows are the history: a change is a new row).
  coverage_id uuid not null references coverages(id),
  -- TRN02 of our 270, returned as TRN*2 on the 271: how an answer finds its check.
  trace_number text not null check (trace_number ~ '^[0-9A-Z]{1,50}$'),
  -- queued: waiting for the send job; pending: 270 sent, no answer yet; active / inactive /
  -- rejected (AAA): the payer's answer; error: it could not be sent (the reason in `error`).
  status text not null default 'queued'
    check (status in ('queued', 'pending', 'active', 'inactive', 'rejected', 'unknown', 'error')),
  reason text not null check (reason in ('manual', 'coverage_changed', 'first_session', 'monthly')),
  -- DTP*291: the day asked about.
  plan_date date not null,
  requested_by uuid references users(id),
  requested_at timestamptz not null default clock_timestamp(),
  request_file_id uuid references edi_files(id),
  sent_at timestamptz,
  answer_file_id uuid references edi_files(id),
  answered_at timestamptz,
  -- The answer as read (src/formats/x12-271.ts EligibilityAnswer) and in words.
  answer jsonb,
  summary text,
  sandbox boolean not null default false,
  error text,
  check ((status in ('queued', 'pending', 'error')) = (answered_at is null)),
  check (status <> 'error' or error is not null)
);
create unique index eligibility_checks_trace on eligibility_checks (trace_number);
create index eligibility_checks_client on eligibility_checks (client_id, requested_at desc, id desc);
create index eligibility_checks_queued on eligibility_checks (requested_at) where status = 'queued';

-- The coverage keeps its last answered verification. Coverage rows are otherwise never updated:
-- these columns are what the payer said about the row, not what was typed.
alter table coverages add column verified_check_id uuid references eligibility_checks(id);
alter table coverages add column verified_status text
  check (verified_status is null or verified_status in ('active', 'inactive', 'rejected', 'unknown'));
alter table coverages add column verified_at timestamptz;
alter table coverages add column verified_from date;
alter table coverages add column verified_to date;
alter table coverages add column verified_product text check (
  verified_product is null
  or verified_product in ('ppo', 'pos', 'hmo', 'epo', 'exchange', 'medicaid', 'medicare_advantage', 'fep')
);

-- A failed, inactive or rejected answer raises an alert on the client's upcoming sessions.
alter table alerts drop constraint alerts_kind_check;
alter table alerts add constraint alerts_kind_check check (
  kind in ('sessions_at_risk', 'license_expiring', 'credential_expiring', 'coverage_not_verified')
);
