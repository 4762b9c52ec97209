-- 0010: an event's fingerprint (Regimens/EventFingerprint) now also covers a dispense's directions (dosageText) and a
-- statement's source, which can change findings: an event reusing an applied event's id with other directions or
-- another source is refused as a conflict instead of being dropped as a duplicate. The fingerprints stored before were
-- made without them and could not match; they are emptied, so those events' redeliveries stay duplicates (as for rows
-- written before migration 0009).
UPDATE processed_events SET fingerprint = NULL WHERE fingerprint IS NOT NULL;
