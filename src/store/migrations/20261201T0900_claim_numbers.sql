-- The patient control number a claim file carries (837P CLM01): short, unique, and what a
-- payer's remittance (835 CLP01, which keeps 20 characters at most) brings back. Existing
-- claims are numbered in creation order.
alter table claims add column number bigint generated always as identity;
alter table claims add constraint claims_number_unique unique (number);
