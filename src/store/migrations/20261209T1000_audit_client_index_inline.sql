-- The audit log's index of the client ids a list read names (`detail -> 'clientIds'`) is kept up
-- to date by each insert, not through GIN's pending list. A page of a long list names hundreds
-- of clients (a page of 1,000 alerts, about 900), so with the pending list (the default) its
-- 4 MB filled every ~80 pages and the page that filled it merged the whole list into the index
-- before answering: 130–240 ms, one request in fifty, against 25 ms for the others. Inserted
-- directly, every such page pays its own share, about 5 ms, and none pays for the rest
-- (measured at 1,000,000 sessions on the two-core machine: `GET /alerts?status=all&limit=1000`
-- p50 25 → 30 ms, slowest of 100 pages 170–240 → 57–83 ms).
alter index audit_events_listed_clients set (fastupdate = off);
