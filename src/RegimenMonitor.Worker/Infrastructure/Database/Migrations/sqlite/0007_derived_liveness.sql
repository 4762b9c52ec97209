-- 0007: which of a patient's items are live is derived from its history summary (`patients.history_json`: every item
-- up to the summary's `through` id is compacted unless the summary keeps it), so compacting writes no item row. The
-- per-event read takes the items after that id, and the few kept ones by primary key; this index serves the first.
-- `regimen_items.compacted` (0006) is no longer written or read; it stays so that a release from before this one,
-- still running during a rolling upgrade, can write its rows (it treats the new summaries as unreadable and reads every
-- item). A later migration drops it.
DROP INDEX IF EXISTS ix_regimen_items_live;
CREATE INDEX ix_regimen_items_patient_id ON regimen_items (patient_id, id);
