-- 0006: compacted history. Refills that ended before a cutoff are kept as rows (`compacted`) but replaced, for the
-- worker's per-event reads, by the continuous coverage runs they form (`patients.history_json`); see
-- docs/performance.md "Cost per event and history length". The partial index serves the per-event read of the rows
-- that are not compacted.
ALTER TABLE regimen_items ADD COLUMN compacted boolean NOT NULL DEFAULT false;
ALTER TABLE patients ADD COLUMN history_json text NULL;
CREATE INDEX ix_regimen_items_live ON regimen_items (patient_id) WHERE NOT compacted;
