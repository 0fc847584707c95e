-- Every directory file (a provider's licenses and credentials for a state, with their provider
-- row, offices and first account's email as a page reads them) gets a version: a number from a
-- sequence, never given twice, that changes whenever anything the page reads of that file does.
-- An API server keeps the files it has read in memory under their versions
-- (src/store/directory-file-cache.ts); a page reads its candidates with their versions (an index
-- range and one probe each) and asks for the files only of those it does not hold at that
-- version. The version comes from the same snapshot as the candidates, so a page never uses a
-- file older than the one the database holds when it runs.
--
-- directory_reach_refresh replaces a provider's files (delete, insert): new rows, new versions.
-- The triggers below give new versions when the rest of the file changes.

create sequence directory_file_version;
alter table directory_files
  add column version bigint not null default nextval('directory_file_version');

-- New versions for these providers' files. The provider rows are locked first, as the refresh
-- locks them: a refresh running at the same time either commits first (and the rows it inserted
-- are the ones given new versions here: each statement of this function sees what committed
-- before it) or waits for this transaction.
create function directory_files_touch(ids uuid[]) returns void language plpgsql as $$
begin
  perform 1 from providers where id = any(ids) order by id for no key update;
  update directory_files set version = nextval('directory_file_version') where provider_id = any(ids);
end $$;

create function directory_files_provider_changed() returns trigger language plpgsql as $$
begin
  perform directory_files_touch(array[new.id]);
  return null;
end $$;

create trigger directory_files_provider_changed after update on providers
  for each row when (old.* is distinct from new.*)
  execute function directory_files_provider_changed();

-- Offices and accounts: the rows' old and new providers.
create function directory_files_owner_changed() returns trigger language plpgsql as $$
declare
  ids uuid[] := array[]::uuid[];
begin
  if tg_op in ('UPDATE', 'DELETE') and old.provider_id is not null then
    ids := ids || old.provider_id;
  end if;
  if tg_op in ('UPDATE', 'INSERT') and new.provider_id is not null then
    ids := ids || new.provider_id;
  end if;
  if cardinality(ids) > 0 then
    perform directory_files_touch(ids);
  end if;
  return null;
end $$;

create trigger directory_files_office_changed after insert or update or delete on practice_locations
  for each row execute function directory_files_owner_changed();

-- An account's password or anything else the page does not read leaves the files as they are.
create trigger directory_files_account_added after insert or delete on users
  for each row execute function directory_files_owner_changed();
create trigger directory_files_account_changed after update on users
  for each row
  when (old.email is distinct from new.email
        or old.provider_id is distinct from new.provider_id
        or old.created_at is distinct from new.created_at)
  execute function directory_files_owner_changed();

-- Emptied by hand: every file gets a new version.
create function directory_files_all_changed() returns trigger language plpgsql as $$
begin
  update directory_files set version = nextval('directory_file_version');
  return null;
end $$;

create trigger directory_files_offices_truncated after truncate on practice_locations
  for each statement execute function directory_files_all_changed();
create trigger directory_files_accounts_truncated after truncate on users
  for each statement execute function directory_files_all_changed();
