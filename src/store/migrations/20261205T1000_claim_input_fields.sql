-- Claims a clearinghouse accepts (issue 11): the input a claim file needs, kept as the 837P
-- needs it.
--
-- A provider's name in parts (NM103 last, NM104 first, NM105 middle, NM107 suffix) and the
-- credentials apart from them, so "Maya Chen, LCSW" no longer sends LCSW as the last name.
-- `name` stays: the display name lists show ("Maya R. Chen, LCSW"), written by the store from
-- the parts. Existing rows are split from `name`: what follows the first comma is the
-- credentials; of the words before it, the last is the last name (after a trailing Jr, Sr, II,
-- III, IV or V, which is the suffix), the first is the first name, any between the middle name.
alter table providers add column first_name text not null default '';
alter table providers add column middle_name text;
alter table providers add column last_name text not null default '';
alter table providers add column suffix text;
-- (credential_letters: a provider's `credentials` are the payer credentials elsewhere.)
alter table providers add column credential_letters text;

with split as (
  select id,
         regexp_split_to_array(trim(split_part(name, ',', 1)), '\s+') as words,
         nullif(trim(substr(name, length(split_part(name, ',', 1)) + 2)), '') as creds
    from providers
), parts as (
  select id,
         creds,
         case when cardinality(words) >= 3 and words[cardinality(words)] ~* '^(jr|sr|ii|iii|iv|v)\.?$'
              then words[cardinality(words)] end as suffix,
         case when cardinality(words) >= 3 and words[cardinality(words)] ~* '^(jr|sr|ii|iii|iv|v)\.?$'
              then words[1:cardinality(words) - 1] else words end as rest
    from split
)
update providers
   set first_name = case when cardinality(parts.rest) > 1 then parts.rest[1] else '' end,
       middle_name = case when cardinality(parts.rest) > 2
                          then array_to_string(parts.rest[2:cardinality(parts.rest) - 1], ' ') end,
       last_name = parts.rest[cardinality(parts.rest)],
       suffix = parts.suffix,
       credential_letters = parts.creds
  from parts
 where parts.id = providers.id;

alter table providers alter column first_name drop default;
alter table providers alter column last_name drop default;
alter table providers add constraint providers_last_name_check check (length(trim(last_name)) > 0);

-- The client's administrative sex as claims carry it (837P DMG03, FHIR Patient.gender):
-- F, M, or U (unknown, the default).
alter table clients add column sex text not null default 'U';
alter table clients add constraint clients_sex_check check (sex in ('F', 'M', 'U'));

-- Address line 2 (837P N302): suite, floor, apartment.
alter table client_locations add column line2 text;
alter table practice_locations add column line2 text;
alter table billing_organization add column line2 text;

-- ZIP+4: addresses keep 12345 or 12345-6789 (the engine reads the first five digits). The
-- billing address, stored as nine digits until now, is written the same way.
alter table client_locations drop constraint client_locations_zip_check;
alter table client_locations alter column zip type text;
alter table client_locations add constraint client_locations_zip_check
  check (zip ~ '^[0-9]{5}(-[0-9]{4})?$');

alter table practice_locations drop constraint practice_locations_zip_check;
alter table practice_locations alter column zip type text;
alter table practice_locations add constraint practice_locations_zip_check
  check (zip ~ '^[0-9]{5}(-[0-9]{4})?$');

alter table billing_organization drop constraint billing_organization_zip_check;
update billing_organization set zip = substr(zip, 1, 5) || '-' || substr(zip, 6) where zip ~ '^[0-9]{9}$';
alter table billing_organization add constraint billing_organization_zip_check
  check (zip ~ '^[0-9]{5}(-[0-9]{4})?$');

-- A member id never holds an X12 separator or a control character (it would split the claim
-- file's segments). Checked for new rows; rows saved before keep what they hold (the claim
-- writer refuses them, naming the field).
alter table coverages add constraint coverages_member_id_text
  check (member_id !~ '[~*:^[:cntrl:]]') not valid;
