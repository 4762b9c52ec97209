-- 0006: compacted history. Refills that ended before a cutoff are kept as rows (`compacted`) but replaced, for the
-- worker's per-event reads, by the continuous coverage runs they form (`patients.history_json`); see
-- docs/performance.md "Cost per event and history length". The filtered index serves the per-event read of the rows
-- that are not compacted; it is its own batch because SQL Server resolves a batch's columns before running it.
ALTER TABLE regimen_items ADD compacted bit NOT NULL CONSTRAINT DF_regimen_items_compacted DEFAULT 0;
ALTER TABLE patients ADD history_json nvarchar(max) NULL;
GO
CREATE INDEX ix_regimen_items_live ON regimen_items (patient_id) WHERE compacted = 0;
