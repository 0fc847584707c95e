-- Sign-in throttling that holds under bursts and across servers. Each attempt first reserves a
-- slot under its keys (the account, the address) with one atomic upsert, before any password
-- is hashed: at most `limit` attempts per key and window are ever evaluated, however many
-- arrive at once. Failures add a growing delay (blocked_until). An address that signed in to
-- an account before has a budget of its own for that account, so guesses from elsewhere cannot
-- lock the owner out (OWASP ASVS V2.2.1).
create table login_throttle (
  key text primary key,
  attempts integer not null check (attempts >= 0),
  window_start timestamptz not null,
  failures integer not null default 0 check (failures >= 0),
  blocked_until timestamptz
);

create table login_known_addresses (
  email text not null,
  ip text not null,
  last_success timestamptz not null,
  primary key (email, ip)
);
