-- A replayed response must be the first response byte for byte: `jsonb` reorders object keys
-- (and drops duplicates), `json` keeps the text as it was sent.
alter table idempotency_keys alter column response type json using response::json;
