-- Operations search the audit log by client, by person and by action, newest first. A client's
-- events were found through `client_id` or through the client ids a list read names in its
-- detail (`detail -> 'clientIds'`); that OR read the whole log. The list reads' client ids get a
-- partial GIN index (only events that list client ids carry one), so the two halves are two
-- index scans; the person's and the action's indexes keep the log's order by id. An action group
-- ("client_location" for every "client_location.…") is a range in byte order ("C"), whatever
-- the database's collation. Indexes only: the log stays append-only and its hash chain as it is.
create index audit_events_listed_clients on audit_events using gin ((detail -> 'clientIds'))
  where detail ? 'clientIds';
create index audit_events_actor on audit_events (actor_user_id, id desc);
create index audit_events_action on audit_events (action collate "C", id desc);
