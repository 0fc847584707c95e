-- A session's latest check (what the daily re-check and every re-check found) moves to a narrow
-- table of its own. On `sessions` every first check rewrote a wide row and, being no HOT update
-- on a full page, added an entry to each of the table's eight indexes: at 100,000 upcoming
-- sessions that was 7.3 s of the re-check's writes, against 1.4 s for inserting the same checks
-- here (one index), and the sessions table grew by its own size at every run that changed many
-- outcomes. A session has at most one check; a check goes with its session.
create table session_checks (
  session_id uuid primary key references sessions(id) on delete cascade,
  -- Digest of what the check found (billable, place, decision, alert key, crisis what-if; not
  -- when): the re-check writes a check only when this changes.
  check_hash text,
  last_check jsonb not null,
  -- Whether the session was billable where the check found the client: the Clients list reads
  -- only the sessions at risk.
  billable boolean generated always as ((last_check ->> 'billable')::boolean) stored
);

insert into session_checks (session_id, check_hash, last_check)
select id, check_hash, last_check from sessions where last_check is not null;

alter table sessions drop column last_check, drop column check_hash;
