-- Claims that go out right (issue 11): telehealth coding per payer, the subscriber's address as
-- it was at confirmation, corrections after release as new claim versions with their history,
-- and exports that leave a bad claim out instead of stopping.

-- Audio-only telehealth (modifier 93; FQ for Medicare): set when scheduling or confirming.
alter table sessions add column audio_only boolean not null default false;
alter table sessions add constraint sessions_audio_only_telehealth check (not audio_only or modality = 'telehealth');

-- The subscriber's (client's) home address as it was when the claim was confirmed (837P loop
-- 2010BA): a move afterwards does not change a claim. Existing claims get the home that was
-- current when they were created.
alter table claims add column subscriber_address jsonb;
update claims set subscriber_address = (
  select jsonb_build_object('line1', l.line1, 'line2', l.line2, 'city', l.city, 'state', l.state, 'zip', l.zip)
    from client_locations l
   where l.client_id = claims.client_id
     and l.kind = 'home'
     and l.created_at <= claims.created_at
     and (l.archived_at is null or l.archived_at > claims.created_at)
   order by l.created_at desc, l.id desc
   limit 1
);

-- Versions: 1 as confirmed; each replacement (CLM05-3 7) or void (8) after release is a new
-- version of the same claim, sent with the payer's claim control number of the original
-- (REF*F8), which operations take from the payer's acknowledgement or remittance.
alter table claims add column version integer not null default 1 check (version >= 1);
alter table claims add column frequency char(1) not null default '1' check (frequency in ('1', '7', '8'));
alter table claims add column payer_control_number text
  check (payer_control_number ~ '^[!-~]([ -~]{0,48}[!-~])?$' and payer_control_number !~ '[*~:^]');
alter table claims add constraint claims_correction_has_original
  check (frequency = '1' or payer_control_number is not null);

-- Why the last export left the claim out (a list of {field, message}); null when it went out or
-- was never refused. The claim stays ready: once fixed, the next export takes it.
alter table claims add column export_problems jsonb;

-- How each payer wants video telehealth marked (payer catalogue id -> '95' | 'GT' | 'none').
alter table billing_organization add column telehealth_modifiers jsonb not null default '{}';

-- The history of each claim, append-only: confirmed, amended while held, exported, left out of
-- an export, replaced, voided. Version-making events carry the claim as that version was.
create table claim_events (
  id bigint generated always as identity primary key,
  claim_id uuid not null references claims(id),
  version integer not null check (version >= 1),
  kind text not null check (kind in ('confirmed', 'amended', 'exported', 'excluded', 'replaced', 'voided')),
  at timestamptz not null default clock_timestamp(),
  actor_user_id uuid references users(id),
  export_id uuid references claim_exports(id),
  detail jsonb
);
create index claim_events_claim on claim_events (claim_id, id);
create function claim_events_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'claim events are append-only';
end;
$$;
create trigger claim_events_no_update before update or delete on claim_events
  for each row execute function claim_events_append_only();

insert into claim_events (claim_id, version, kind, at, detail)
select id, 1, 'confirmed', created_at,
       jsonb_build_object('cptCodes', to_jsonb(cpt_codes), 'diagnosisCodes', to_jsonb(diagnosis_codes),
                          'modifiers', to_jsonb(modifiers), 'frequency', '1')
  from claims;
insert into claim_events (claim_id, version, kind, at, export_id)
select id, 1, 'exported', exported_at, export_id from claims where status = 'exported';
