-- 0008: one row per rule set and terminology (their stamp, as on normalised items) that a sweep of every regimen has
-- brought every patient up to. The worker's sweep job looks for its own stamp here at start and at every firing, and
-- sweeps every regimen when it is missing, so a new release or terminology import reaches every patient without an
-- operator. A set of stamps, not a single current one: an older replica still running during a rolling upgrade finds
-- its own stamp and does not sweep back.
CREATE TABLE full_sweeps (
    stamp        TEXT    NOT NULL PRIMARY KEY,
    completed_at INTEGER NOT NULL,
    regimens     INTEGER NOT NULL
) WITHOUT ROWID;
