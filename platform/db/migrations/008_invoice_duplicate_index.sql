-- The validator's duplicate check (services/validator/validate.ts, DUPLICATE_NUMBER_SQL) looks an
-- invoice up by supplier and number, the supplier's identifier compared in capitals and without
-- spaces. Without an index on that expression every validated invoice read the whole table:
-- unnoticed in tests, one full scan per invoice at tens of millions of rows. The expression must
-- stay the query's, character for character, for the planner to use the index.
-- Built inside the migration's transaction (writes to invoices wait meanwhile): on a large table
-- already in service, create it beforehand with CREATE INDEX CONCURRENTLY under the same name.
CREATE INDEX IF NOT EXISTS invoices_seller_number ON invoices ((upper(regexp_replace(seller_id, '\s', '', 'g'))), invoice_number);
