-- 0002: findings, one row per episode of a finding; at most one active episode per patient and fingerprint.
CREATE TABLE findings (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id       INTEGER NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    fingerprint      TEXT    NOT NULL,
    alert_id         TEXT    NOT NULL,
    rule_id          TEXT    NOT NULL,
    concern          TEXT    NOT NULL,
    severity         TEXT    NOT NULL,
    severity_rank    INTEGER NOT NULL,
    state            TEXT    NOT NULL,
    since            INTEGER NOT NULL,
    raised_at        INTEGER NOT NULL,
    updated_at       INTEGER NOT NULL,
    resolved_at      INTEGER NULL,
    rule_set_version TEXT    NOT NULL,
    payload_json     TEXT    NOT NULL
);
CREATE UNIQUE INDEX ix_findings_alert_id ON findings (alert_id);
CREATE INDEX ix_findings_patient_id_state ON findings (patient_id, state);
CREATE UNIQUE INDEX ux_findings_active_fingerprint ON findings (patient_id, fingerprint) WHERE state = 'active';
