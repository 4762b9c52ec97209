-- 0003: the alert outbox, the acknowledgement audit trail, and escalation bookkeeping on findings.
ALTER TABLE findings ADD COLUMN last_alert_at INTEGER NOT NULL DEFAULT 0;
UPDATE findings SET last_alert_at = raised_at;
ALTER TABLE findings ADD COLUMN escalated_at INTEGER NULL;
CREATE INDEX ix_findings_escalation ON findings (last_alert_at) WHERE state = 'active' AND severity_rank >= 2 AND escalated_at IS NULL;

CREATE TABLE alert_outbox (
    id              TEXT    PRIMARY KEY,
    alert_id        TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    status          TEXT    NOT NULL,
    routing_key     TEXT    NOT NULL,
    payload_json    TEXT    NOT NULL,
    trace_parent    TEXT    NULL,
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at INTEGER NULL,
    last_error      TEXT    NULL,
    dispatched_at   INTEGER NULL
);
CREATE INDEX ix_alert_outbox_pending ON alert_outbox (created_at, id) WHERE dispatched_at IS NULL;
CREATE INDEX ix_alert_outbox_dispatched_at ON alert_outbox (dispatched_at) WHERE dispatched_at IS NOT NULL;
CREATE INDEX ix_alert_outbox_alert_id ON alert_outbox (alert_id);

CREATE TABLE alert_acknowledgements (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    event_id        TEXT    NOT NULL,
    alert_id        TEXT    NOT NULL REFERENCES findings (alert_id),
    outcome         TEXT    NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    reason          TEXT    NULL,
    acknowledged_by TEXT    NOT NULL,
    acknowledged_at INTEGER NOT NULL,
    recorded_at     INTEGER NOT NULL
);
CREATE UNIQUE INDEX ix_alert_acknowledgements_event_id ON alert_acknowledgements (event_id);
CREATE INDEX ix_alert_acknowledgements_alert_id ON alert_acknowledgements (alert_id);

CREATE TRIGGER tr_alert_acknowledgements_no_update BEFORE UPDATE ON alert_acknowledgements
BEGIN
    SELECT RAISE(ABORT, 'alert_acknowledgements is append-only (UPDATE refused)');
END;
CREATE TRIGGER tr_alert_acknowledgements_no_delete BEFORE DELETE ON alert_acknowledgements
BEGIN
    SELECT RAISE(ABORT, 'alert_acknowledgements is append-only (DELETE refused)');
END;
