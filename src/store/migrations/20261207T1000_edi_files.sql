-- The clearinghouse connector (issue 16): every X12 file that goes out or comes in is kept here
-- exactly as written, with what it is and what became of it. The mailbox folders are transport;
-- this table is the record (what was sent and received is evidence).
create table edi_files (
  id uuid primary key default gen_random_uuid(),
  direction text not null check (direction in ('out', 'in')),
  kind text not null check (kind in ('837P', '270', '271', '835', '999', '277CA', 'unknown')),
  name text not null check (length(name) between 1 and 255),
  content text not null,
  sha256 char(64) not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- ISA13 as written (nine digits); null for a file whose ISA could not be read.
  interchange_control_number text,
  -- sent: handed to the clearinghouse; processed: read and posted; rejected: kept, never posted
  -- (problems say why); duplicate: the same bytes as an earlier inbound file, never posted twice.
  status text not null check (status in ('sent', 'processed', 'rejected', 'duplicate')),
  problems jsonb not null default '[]' check (jsonb_typeof(problems) = 'array'),
  duplicate_of uuid references edi_files(id),
  -- The sandbox clearinghouse's made-up answers (and what was sent to it) are labelled as such.
  sandbox boolean not null default false,
  created_at timestamptz not null default clock_timestamp(),
  created_by uuid references users(id),
  check ((direction = 'out') = (status = 'sent')),
  check ((status = 'duplicate') = (duplicate_of is not null))
);
-- The files page: newest first, all of them or by direction / kind / status.
create index edi_files_created on edi_files (created_at desc, id desc);
create index edi_files_direction_created on edi_files (direction, created_at desc, id desc);
create index edi_files_kind_created on edi_files (kind, created_at desc, id desc);
create index edi_files_status_created on edi_files (status, created_at desc, id desc);
-- A file received again is recognised by its hash.
create index edi_files_inbound_sha on edi_files (sha256) where direction = 'in';
-- Acknowledgements find the file they answer by its control number.
create index edi_files_out_control on edi_files (kind, interchange_control_number) where direction = 'out';

create function edi_files_content_fixed() returns trigger language plpgsql as $$
begin
  if new.content is distinct from old.content or new.sha256 is distinct from old.sha256 then
    raise exception 'an EDI file is kept as written: its content never changes';
  end if;
  return new;
end;
$$;
create trigger edi_files_content_fixed before update on edi_files
  for each row execute function edi_files_content_fixed();

-- What the payer said about a claim: accepted or rejected (999 / 277CA acknowledgements), then
-- paid, partially paid or denied (835 remittance). Null until the payer answers.
alter table claims add column payer_status text
  check (payer_status in ('accepted', 'rejected', 'paid', 'partially_paid', 'denied'));
alter table claims add column payer_status_at timestamptz;
alter table claims add constraint claims_payer_status_at check ((payer_status is null) = (payer_status_at is null));

-- The claim's history gains the payer's answers.
alter table claim_events drop constraint claim_events_kind_check;
alter table claim_events add constraint claim_events_kind_check check (kind in (
  'confirmed', 'amended', 'exported', 'excluded', 'replaced', 'voided',
  'accepted', 'rejected', 'paid', 'partially_paid', 'denied', 'reversed'));
-- An export is sent to the clearinghouse once: the 837P file it went out as.
alter table claim_exports add column edi_file_id uuid references edi_files(id);
create unique index claim_exports_edi_file on claim_exports (edi_file_id) where edi_file_id is not null;
