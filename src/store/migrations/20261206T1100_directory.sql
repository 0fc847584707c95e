-- The directory (issue 15): who may see *and bill* a client there, on a date.
--
-- `directory_reach` is a candidate index, not an answer: one row per provider × state ×
-- credential key (the credential's payer; `payer/virtual` for a Blue plan's virtual network)
-- where the provider holds, in that state, both an authority that could let them practise
-- (active or probation, not an NLC entry) and an active credential. `lo`..`hi` is the widest span
-- in which both could be in force (null bounds stored as -infinity / infinity). The rows depend
-- only on the provider's own licenses and credentials, never on the reference data: which keys
-- can carry a payer's claims at a place (the payer, its behavioral administrator, the Blue plans
-- local there) is worked out at query time from the catalogue, and the engine (`decide`) then
-- settles every candidate of the page. So a catalogue or compact change needs no rebuild.
-- Kept in step in the same transaction as every license and credential change
-- (src/app/directory.ts `refreshReach`); the definition is `reachRows` (src/app/directory-reach.ts)
-- and `directory_reach_refresh` below is the same thing in SQL, held to it by a test.

alter table providers add column accepting_new_clients boolean not null default true;

create table directory_reach (
  provider_id uuid not null references providers(id),
  state char(2) not null,
  -- The credential's payer id, with "/virtual" for a virtual-network credential.
  key text not null,
  lo date not null,
  hi date not null,
  -- Some license behind the row is not telehealth-only (in-person sessions).
  in_person boolean not null,
  -- The license types behind the row (the licenseType filter).
  license_types text[] not null,
  -- Copied from the provider, for the directory's order and filter without a join.
  sort_name text not null,
  accepting boolean not null,
  primary key (provider_id, state, key),
  check (lo <= hi)
);
-- The query: one ordered index range per key, stopping at the page size. Every filter the query
-- applies is in the index, so PostgreSQL answers from it alone (index-only scan).
create index directory_reach_lookup on directory_reach (state, key, sort_name, provider_id)
  include (lo, hi, in_person, accepting, license_types);

-- What the engine reads about a candidate, per provider and state with reach rows: every
-- license (a compact privilege rests on a license elsewhere) and the credentials in that state,
-- in file order, precomputed so that a directory page is one index range and one row per
-- candidate (no random reads across licenses and credentials per request).
create table directory_files (
  provider_id uuid not null references providers(id),
  state char(2) not null,
  licenses jsonb not null,
  credentials jsonb not null,
  primary key (provider_id, state)
);

-- Recomputes the rows of the given providers (lock their provider rows first: two transactions
-- refreshing one provider would otherwise both insert its rows).
create function directory_reach_refresh(ids uuid[]) returns void language sql as $$
  delete from directory_reach where provider_id = any(ids);
  with lic as (
    select provider_id, state,
           min(coalesce(valid_from, '-infinity'::date)) as lo,
           max(coalesce(valid_to, 'infinity'::date)) as hi,
           bool_or(not telehealth_only) as in_person,
           array_agg(distinct type order by type) as types
      from licenses
     where provider_id = any(ids) and status in ('active', 'probation') and source <> 'NLC'
     group by provider_id, state
  ), cred as (
    select provider_id, state,
           case when network = 'virtual' then payer || '/virtual' else payer end as key,
           min(coalesce(effective_from, '-infinity'::date)) as lo,
           max(coalesce(effective_to, 'infinity'::date)) as hi
      from credentials
     where provider_id = any(ids) and status = 'active'
     group by 1, 2, 3
  )
  insert into directory_reach (provider_id, state, key, lo, hi, in_person, license_types, sort_name, accepting)
  select c.provider_id, c.state, c.key, greatest(l.lo, c.lo), least(l.hi, c.hi), l.in_person, l.types,
         p.name, p.accepting_new_clients
    from cred c
    join lic l on l.provider_id = c.provider_id and l.state = c.state
    join providers p on p.id = c.provider_id
   where greatest(l.lo, c.lo) <= least(l.hi, c.hi);
  delete from directory_files where provider_id = any(ids);
  insert into directory_files (provider_id, state, licenses, credentials)
  select r.provider_id, r.state,
         (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', l.id, 'provider_id', l.provider_id, 'state', l.state, 'type', l.type, 'number', l.number,
                   'status', l.status, 'valid_from', l.valid_from, 'valid_to', l.valid_to,
                   'telehealth_only', l.telehealth_only, 'source', l.source, 'home_state', l.home_state)
                   order by l.created_at, l.id), '[]')
            from licenses l where l.provider_id = r.provider_id),
         (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', c.id, 'provider_id', c.provider_id, 'payer', c.payer, 'state', c.state,
                   'network', c.network, 'status', c.status, 'effective_from', c.effective_from,
                   'effective_to', c.effective_to)
                   order by c.created_at, c.id), '[]')
            from credentials c where c.provider_id = r.provider_id and c.state = r.state)
    from (select distinct provider_id, state from directory_reach where provider_id = any(ids)) r;
$$;

-- Every provider already on file.
select directory_reach_refresh(array(select id from providers));

-- The contact routes a directory page shows (a provider's account email), looked up by provider.
create index if not exists users_provider_id on users (provider_id) where provider_id is not null;

-- A referral: one provider asks another to take a client on, for a place and date. Accepting does
-- not move the client (their record, sessions and claims stay with the referring provider).
create table referrals (
  id uuid primary key default gen_random_uuid(),
  client_id uuid not null references clients(id),
  from_provider_id uuid not null references providers(id),
  to_provider_id uuid not null references providers(id),
  reason text not null check (length(trim(reason)) > 0 and length(reason) <= 2000),
  -- The place and date asked about, and the coverage then.
  state char(2) not null,
  zip char(5) check (zip ~ '^[0-9]{5}$'),
  service_date date not null,
  modality text not null check (modality in ('telehealth', 'in_person')),
  payer text not null,
  product text,
  -- How the receiving provider would bill there (the engine's answer when the referral was sent).
  basis text not null check (basis in ('in_network', 'virtual_network', 'bluecard')),
  bill_to text not null,
  status text not null default 'sent' check (status in ('sent', 'accepted', 'declined', 'withdrawn')),
  created_by uuid references users(id),
  created_at timestamptz not null default clock_timestamp(),
  decided_by uuid references users(id),
  decided_at timestamptz,
  check (from_provider_id <> to_provider_id),
  check ((status = 'sent') = (decided_at is null))
);
create index referrals_to on referrals (to_provider_id, created_at desc, id desc);
create index referrals_from on referrals (from_provider_id, created_at desc, id desc);
create index referrals_client on referrals (client_id, created_at desc, id desc);
create index referrals_created on referrals (created_at desc, id desc);
