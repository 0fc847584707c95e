-- Alerts, second version: what the web app and the re-check need besides the message.
--   client_id   the client whose sessions are at risk (null for license and credential alerts)
--   detail      the structured facts behind the message: the sessions with their dates, the
--               engine's reason code and state, the end date of a license or credential
--   updated_at  when a re-check last changed the alert (its message, sessions or fix)
--   resolution  why it closed: 'cleared' by a re-check (the problem went away) or 'dismissed'
--               by a person (a re-check does not raise it again unless more sessions are at risk)
alter table alerts add column client_id uuid references clients(id);
alter table alerts add column detail jsonb not null default '{}';
alter table alerts add column updated_at timestamptz not null default clock_timestamp();
alter table alerts add column resolution text check (resolution in ('cleared', 'dismissed'));
alter table alerts add column resolved_by uuid references users(id);
-- Alerts closed before this migration (none are written before it; belt and braces) were cleared.
update alerts set resolution = 'cleared' where resolved_at is not null and resolution is null;
alter table alerts add constraint alerts_resolution_when_resolved
  check ((resolved_at is null) = (resolution is null));
alter table alerts add constraint alerts_resolved_by_a_person
  check (resolved_by is null or resolution = 'dismissed');

-- The header's question ("what is open for this provider?") and the re-check's ("was this
-- problem dismissed before?") both start from the provider and the key.
create index alerts_provider_key on alerts (provider_id, dedupe_key, resolved_at desc);
create index alerts_open on alerts (created_at desc) where resolved_at is null;
-- Upcoming scheduled sessions of a provider or a client, by date.
create index sessions_scheduled_provider on sessions (provider_id, service_date) where status = 'scheduled';
create index sessions_scheduled_client on sessions (client_id, service_date) where status = 'scheduled';
