-- Operations' lists at national scale (issue 15): every list is paged by keyset (src/app/paging.ts)
-- in an order ending in the id, and each order gets the index it reads, so that a page is one
-- index range whatever the table's size: `where <filters> and (k, id) > ($k, $id) order by k, id
-- limit n`. Before, at 1.3M sessions, `GET /sessions?status=confirmed` was a parallel sequential
-- scan and the claims' `created_at desc, id` order matched no index.

-- Sessions by start time: everyone's (operations), and by status (the claims queue reads the
-- confirmed ones, the alerts header the scheduled ones). A provider's and a client's lists keep
-- (provider_id, starts_at) and (client_id, starts_at).
create index sessions_status_start on sessions (status, starts_at, id);
create index sessions_start on sessions (starts_at, id);

-- Claims newest first: everyone's, by status, a provider's (this one replaces claims_provider,
-- whose (provider_id, created_at desc) it extends with the id).
create index claims_created on claims (created_at desc, id desc);
create index claims_status_created on claims (status, created_at desc, id desc);
create index claims_provider_created on claims (provider_id, created_at desc, id desc);
drop index claims_provider;

-- Providers and clients by name: everyone (operations), and a provider's own clients (this one
-- replaces clients_provider, whose provider_id it starts with).
create index providers_name on providers (name, id);
create index clients_name on clients (name, id);
create index clients_provider_name on clients (provider_id, name, id);
drop index clients_provider;

-- Alerts newest first: the open ones (the default; replaces alerts_open, created_at only), all of
-- them, and a provider's.
create index alerts_open_created on alerts (created_at desc, id desc) where resolved_at is null;
create index alerts_created on alerts (created_at desc, id desc);
create index alerts_provider_created on alerts (provider_id, created_at desc, id desc);
drop index alerts_open;

-- Batch files newest first.
create index claim_exports_created on claim_exports (created_at desc, id desc);
