-- A directory page reads, per candidate, the licenses `decide` can use there: the ones in that
-- state, and the home-state licenses its compact privileges there rest on (rule 2a). A provider's
-- licenses elsewhere never change who may bill in the state, only how a refusal is worded, and
-- the directory lists billable providers only. Keeping just those shrinks each candidate's
-- licenses from 6.7 entries (1,971 bytes of JSON) to 1.1 (327 bytes) at 100,000 providers
-- (npm run bench:scale), so a page moves and parses far less.

create or replace function directory_reach_refresh(ids uuid[]) returns void language sql as $$
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
            from licenses l
           where l.provider_id = r.provider_id
             and (l.state = r.state
                  or l.state in (select h.home_state from licenses h
                                  where h.provider_id = r.provider_id and h.state = r.state
                                    and h.home_state is not null))),
         (select coalesce(jsonb_agg(jsonb_build_object(
                   'id', c.id, 'provider_id', c.provider_id, 'payer', c.payer, 'state', c.state,
                   'network', c.network, 'status', c.status, 'effective_from', c.effective_from,
                   'effective_to', c.effective_to)
                   order by c.created_at, c.id), '[]')
            from credentials c where c.provider_id = r.provider_id and c.state = r.state)
    from (select distinct provider_id, state from directory_reach where provider_id = any(ids)) r;
$$;

-- Every provider's files again, with the licenses they need.
select directory_reach_refresh(array(select id from providers));
