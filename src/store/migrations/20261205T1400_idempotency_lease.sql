-- A request holding an idempotency key renews a short lease while it runs. When its server dies
-- (kill -9), the lease runs out within seconds and a retry with the same key takes the key over,
-- instead of waiting a minute behind "still running".
alter table idempotency_keys
  add column lease_until timestamptz not null default clock_timestamp() + interval '5 seconds';
