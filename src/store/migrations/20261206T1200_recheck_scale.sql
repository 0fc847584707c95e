-- The daily re-check at national scale (issue 15).
--
-- `sessions.check_hash`: a digest of what the latest check found (billable, location, decision,
-- alert key, crisis what-if; not when it was checked), written with `last_check` by every
-- re-check. A re-check compares the digest of what it finds with this one and writes
-- `last_check` only when the outcome changed, so `last_check.checkedAt` / `checkedOn` say when a
-- re-check found what it says (the latest run that confirmed it is in `recheck_runs`). Null on
-- sessions checked before this migration: their next re-check writes them once.
alter table sessions add column check_hash text;

-- The re-check's stream: a provider range's upcoming scheduled sessions, in provider and start
-- order, one index range per batch (the old (provider_id, service_date) index stays for the
-- per-provider re-checks and lists).
create index sessions_scheduled_stream on sessions (provider_id, starts_at, id) where status = 'scheduled';

-- A run of the whole re-check (one checking day), split into chunks of providers by id. Servers
-- take chunks with `for update skip locked`, so two job runners share a run instead of doing it
-- twice; a run killed midway is continued by the next one on the same day (its chunks still
-- pending, or taken by a worker that stopped answering).
create table recheck_runs (
  id uuid primary key default gen_random_uuid(),
  checked_on date not null,
  started_at timestamptz not null default clock_timestamp(),
  finished_at timestamptz
);
-- At most one unfinished run per day: whoever starts one second joins it.
create unique index recheck_runs_unfinished on recheck_runs (checked_on) where finished_at is null;

create table recheck_chunks (
  run_id uuid not null references recheck_runs(id) on delete cascade,
  seq integer not null,
  -- The providers with first_provider <= id < before_provider (nulls: from the start / to the
  -- end), so that ranges cover every provider, also ones added after the run started.
  first_provider uuid,
  before_provider uuid,
  status text not null default 'pending' check (status in ('pending', 'taken', 'done')),
  taken_by text,
  taken_at timestamptz,
  done_at timestamptz,
  -- What the chunk found: providers, sessions, at risk, alerts opened / resolved / open, writes.
  counts jsonb,
  primary key (run_id, seq),
  check ((status = 'pending') = (taken_by is null))
);
