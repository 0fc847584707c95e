-- API servers remember who is behind a sign-in token (src/store/login-cache.ts). Whatever ends or
-- changes a login session or an account, from any server or by hand, tells them on the channel
-- `stateline_logins`: the token's hash, or `*` (an account changed: forget every token). The
-- message goes out when the change commits, and not at all if it rolls back.
create function login_sessions_changed() returns trigger language plpgsql as $$
begin
  if tg_op = 'TRUNCATE' then
    perform pg_notify('stateline_logins', '*');
  else
    perform pg_notify('stateline_logins', old.token_hash);
    if tg_op = 'UPDATE' and new.token_hash <> old.token_hash then
      perform pg_notify('stateline_logins', new.token_hash);
    end if;
  end if;
  return null;
end $$;

create trigger login_sessions_changed after update or delete on login_sessions
  for each row execute function login_sessions_changed();
create trigger login_sessions_truncated after truncate on login_sessions
  for each statement execute function login_sessions_changed();

create function users_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('stateline_logins', '*');
  return null;
end $$;

create trigger users_changed after update or delete or truncate on users
  for each statement execute function users_changed();
