-- Issue 11, fault 3: a crisis session shorter than 30 minutes is billed as the psychotherapy it
-- was, not refused. Crisis psychotherapy (90839) needs 30 minutes; under that the time rule
-- gives 90832 (16–37 minutes), so a crisis of 16–29 minutes carries 90832 alone
-- (src/app/claims.ts crisisCodes; under 16 minutes nothing is billed).
--
-- The init check "90839 never with 90832–90838" stays as it is: a short crisis claim has no
-- 90839. What changes is what a claim decided on the crisis exception may carry. Claims do not
-- keep the session's length, so the database keeps the code choice honest by shape:
--   - on the crisis basis, either crisis psychotherapy (90839, with any 90840) or 90832 alone:
--     never 90834/90837, which a crisis session long enough for them bills as 90839;
--   - 90840 (each further 30 minutes) only with 90839.
-- Every claim before this migration satisfies both (crisis sessions needed 30 minutes).
alter table claims add constraint claims_crisis_basis_codes_check check (
  basis <> 'crisis' or cpt_codes && array['90839'] or cpt_codes = array['90832']
);
alter table claims add constraint claims_crisis_add_on_check check (
  not (cpt_codes && array['90840']) or cpt_codes && array['90839']
);
