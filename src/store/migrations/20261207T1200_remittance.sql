-- Remittance (issue 16): what payers paid, adjusted and denied (X12 835), posted from a kept
-- inbound file. A file is posted whole or not at all (it is refused when it does not balance,
-- names a payer we do not bill, or repeats a payment already posted); each claim payment is
-- kept, matched to its claim by the patient control number or, when none matches, kept
-- unmatched for operations (claim_id null): never dropped.

create table remittances (
  id uuid primary key default gen_random_uuid(),
  edi_file_id uuid not null references edi_files(id),
  -- ST02 of the 835 transaction set (a file may hold one per payer).
  transaction_control text not null,
  payer_name text not null,
  -- The id we know the payer by (N1*PR N104, REF*2U or TRN03) and, when BillingSettings.payerIds
  -- maps it, the catalogue payer.
  payer_id text not null check (length(payer_id) between 1 and 80),
  catalogue_payer text,
  payee_name text not null default '',
  payee_npi text,
  -- TRN02: the check or EFT trace number; BPR04 how; BPR16 when; BPR02 how much (BPR03 D negative).
  check_number text not null check (length(check_number) between 1 and 50),
  method text not null check (method in ('ACH', 'BOP', 'CHK', 'FWT', 'NON')),
  paid_on date,
  total_cents bigint not null,
  claim_count integer not null check (claim_count >= 0),
  -- PLB: provider-level adjustments as read ({providerId, fiscalPeriodDate, reason, reference, amountCents}).
  provider_adjustments jsonb not null default '[]' check (jsonb_typeof(provider_adjustments) = 'array'),
  balanced boolean not null,
  problems jsonb not null default '[]' check (jsonb_typeof(problems) = 'array'),
  created_at timestamptz not null default clock_timestamp(),
  -- A payment is posted once: the same payer's check or EFT number again is a re-sent remittance.
  constraint remittances_once unique (payer_id, check_number)
);
-- The remittance page: newest first, all of them or one payer's; by date paid.
create index remittances_created on remittances (created_at desc, id desc);
create index remittances_payer_created on remittances (payer_id, created_at desc, id desc);
create index remittances_edi_file on remittances (edi_file_id);

create table claim_payments (
  id uuid primary key default gen_random_uuid(),
  remittance_id uuid not null references remittances(id),
  -- Its place in the remittance (the file's order), from 1.
  position integer not null check (position >= 1),
  -- The claim it pays (matched by CLP01 = the claim's number) and the version then current; null
  -- when no claim of ours has that number: kept and listed for operations.
  claim_id uuid references claims(id),
  claim_version integer check (claim_version >= 1),
  patient_control_number text not null,
  patient_name text not null default '',
  member_id text,
  -- CLP02 and what it means for the claim.
  status_code text not null,
  outcome text not null check (outcome in ('paid', 'partially_paid', 'denied', 'reversed')),
  charge_cents bigint not null,
  paid_cents bigint not null,
  patient_responsibility_cents bigint not null default 0,
  -- CLP07: what a replacement or void of this claim quotes.
  payer_control_number text,
  -- Claim-level CAS ({group, reason, amountCents, quantity}), the service lines with theirs, and
  -- the claim's remark codes (MOA/MIA), all as read.
  adjustments jsonb not null default '[]' check (jsonb_typeof(adjustments) = 'array'),
  lines jsonb not null default '[]' check (jsonb_typeof(lines) = 'array'),
  remarks text[] not null default '{}',
  created_at timestamptz not null default clock_timestamp(),
  check ((claim_id is null) = (claim_version is null)),
  unique (remittance_id, position)
);
create index claim_payments_claim on claim_payments (claim_id, created_at desc) where claim_id is not null;
-- Unmatched payments, oldest first, for operations.
create index claim_payments_unmatched on claim_payments (created_at, id) where claim_id is null;
-- The denials queue reads claims by what the payer said, oldest answer first.
create index claims_payer_status on claims (payer_status, payer_status_at, id) where payer_status is not null;
