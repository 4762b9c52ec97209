-- 0009: what each processed event said, as 64 bits (Regimens/EventFingerprint), so that an event reusing an applied
-- event's id with other content is refused as a conflict instead of being dropped as a duplicate. Rows written before
-- have none: their redeliveries stay duplicates.
ALTER TABLE processed_events ADD fingerprint bigint NULL;
