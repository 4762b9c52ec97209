-- 0001: patients, regimen items and the inbox of processed events.
CREATE TABLE patients (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_ref    TEXT    NOT NULL,
    surrogate_key  TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 0,
    created_at     INTEGER NOT NULL,
    updated_at     INTEGER NOT NULL,
    next_review_at INTEGER NULL
);
CREATE UNIQUE INDEX ix_patients_patient_ref ON patients (patient_ref);
CREATE INDEX ix_patients_next_review_at ON patients (next_review_at);

CREATE TABLE regimen_items (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id          INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind                TEXT    NOT NULL,
    item_key            TEXT    NOT NULL,
    status              TEXT    NOT NULL,
    withdrawn           INTEGER NOT NULL,
    product_text        TEXT    NOT NULL,
    atc                 TEXT    NULL,
    rxnorm              TEXT    NULL,
    ndc                 TEXT    NULL,
    ingredients         TEXT    NULL,
    normalised_with     TEXT    NULL,
    started_at          INTEGER NOT NULL,
    days_supply         INTEGER NULL,
    days_supply_assumed INTEGER NOT NULL,
    stopped_at          INTEGER NULL,
    effective_at        INTEGER NOT NULL,
    source_event_id     TEXT    NOT NULL,
    details_json        TEXT    NULL,
    updated_at          INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_regimen_items_patient_kind_key ON regimen_items (patient_id, kind, item_key);

CREATE TABLE processed_events (
    event_id     TEXT    NOT NULL PRIMARY KEY,
    event_type   TEXT    NOT NULL,
    outcome      TEXT    NOT NULL,
    processed_at INTEGER NOT NULL
);
CREATE INDEX ix_processed_events_processed_at ON processed_events (processed_at);
