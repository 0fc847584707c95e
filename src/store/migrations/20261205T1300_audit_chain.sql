-- Tamper evidence for the audit log. Each event carries the hash of its content chained to the
-- previous event's hash (one chain per database, in `chain_seq` order, assigned under a lock on
-- the chain's head), so editing, deleting or inserting a row anywhere breaks every later link:
-- `stateline audit verify` walks the chain and names the first row that does not match. The
-- head hash it prints can be written down elsewhere (an anchor): a chain rewritten from scratch
-- then no longer ends where it did. TRUNCATE is refused like UPDATE and DELETE.

-- Every field of an event, length-prefixed (no two different events read the same), as text.
create function audit_event_content(e audit_events) returns text language sql stable as $$
  select concat_ws('|',
    e.id::text,
    to_char(e.at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"'),
    length(coalesce(e.actor_user_id::text, '')) || ':' || coalesce(e.actor_user_id::text, ''),
    length(coalesce(e.actor_role, '')) || ':' || coalesce(e.actor_role, ''),
    length(e.action) || ':' || e.action,
    length(e.entity) || ':' || e.entity,
    length(coalesce(e.entity_id, '')) || ':' || coalesce(e.entity_id, ''),
    length(coalesce(e.client_id::text, '')) || ':' || coalesce(e.client_id::text, ''),
    length(coalesce(e.ip, '')) || ':' || coalesce(e.ip, ''),
    length(coalesce(e.detail::text, '')) || ':' || coalesce(e.detail::text, ''))
$$;

create function audit_event_hash(prev text, e audit_events) returns text language sql stable as $$
  select encode(sha256(convert_to(prev || '|' || audit_event_content(e), 'UTF8')), 'hex')
$$;

alter table audit_events add column chain_seq bigint;
alter table audit_events add column prev_hash text;
alter table audit_events add column hash text;

create table audit_chain (
  id integer primary key check (id = 1),
  seq bigint not null,
  hash text not null
);
insert into audit_chain (id, seq, hash) values (1, 0, repeat('0', 64));

-- Events written before the chain existed join it in the order they were written.
do $$
declare
  e audit_events;
  head text := repeat('0', 64);
  n bigint := 0;
begin
  -- The append-only trigger refuses updates; this one-time backfill, run by the owner while
  -- migrating, goes around it.
  alter table audit_events disable trigger audit_events_no_update;
  for e in select * from audit_events order by id loop
    n := n + 1;
    e.prev_hash := head;
    head := audit_event_hash(head, e);
    update audit_events set chain_seq = n, prev_hash = e.prev_hash, hash = head where id = e.id;
  end loop;
  alter table audit_events enable trigger audit_events_no_update;
  update audit_chain set seq = n, hash = head where id = 1;
end;
$$;

create function audit_events_chain() returns trigger language plpgsql security definer as $$
declare
  head audit_chain;
begin
  select * into head from audit_chain where id = 1 for update;
  new.chain_seq := head.seq + 1;
  new.prev_hash := head.hash;
  new.hash := audit_event_hash(head.hash, new);
  update audit_chain set seq = new.chain_seq, hash = new.hash where id = 1;
  return new;
end;
$$;
create trigger audit_events_chain before insert on audit_events
  for each row execute function audit_events_chain();

create unique index audit_events_chain_seq on audit_events (chain_seq);

create trigger audit_events_no_truncate before truncate on audit_events
  for each statement execute function audit_events_append_only();
create trigger audit_chain_no_truncate before truncate on audit_chain
  for each statement execute function audit_events_append_only();
