-- Contract v2 (issue 10).
--
-- A compact privilege names the state of the home license it rests on (rule 2a). Only compact
-- privileges have one; the use case requires it for new and edited privileges, while rows saved
-- before this migration keep null until someone edits them (the engine then says it cannot check
-- them).
alter table licenses add column home_state char(2);
alter table licenses add constraint licenses_home_state_check check (
  home_state is null
  or (home_state ~ '^[A-Z]{2}$' and source in ('PSYPACT', 'counseling_compact', 'social_work_compact'))
);

-- The kind of plan (rules 12 and 13, and the claim filing indicator); null = not known.
alter table coverages add column product text;
alter table coverages add constraint coverages_product_check check (
  product is null
  or product in ('ppo', 'pos', 'hmo', 'epo', 'exchange', 'medicaid', 'medicare_advantage', 'fep')
);

-- The coverage a claim was confirmed under (coverage rows are never updated, so the row is the
-- snapshot): claim files read the plan's product from it, not from whatever is current later.
-- Existing claims get the coverage that was current when they were created.
alter table claims add column coverage_id uuid references coverages(id);
update claims set coverage_id = (
  select c.id from coverages c
   where c.client_id = claims.client_id and c.created_at <= claims.created_at
   order by c.created_at desc, c.id desc
   limit 1
);
