-- 0003: the alert outbox, the acknowledgement audit trail, and escalation bookkeeping on findings.
-- GO separates batches: a batch is compiled before it runs, so a column added here is used in a later batch.
ALTER TABLE findings ADD last_alert_at datetimeoffset NULL;
GO
UPDATE findings SET last_alert_at = raised_at;
ALTER TABLE findings ALTER COLUMN last_alert_at datetimeoffset NOT NULL;
ALTER TABLE findings ADD escalated_at datetimeoffset NULL;
GO
-- the escalation job's candidates: active major/contraindicated episodes not yet escalated
CREATE INDEX ix_findings_escalation ON findings (last_alert_at) WHERE state = 'active' AND severity_rank >= 2 AND escalated_at IS NULL;

CREATE TABLE alert_outbox (
    id              uniqueidentifier NOT NULL PRIMARY KEY NONCLUSTERED,
    alert_id        uniqueidentifier NOT NULL,
    kind            nvarchar(12)     NOT NULL,
    status          nvarchar(10)     NOT NULL,
    routing_key     nvarchar(80)     NOT NULL,
    payload_json    nvarchar(max)    NOT NULL,
    trace_parent    nvarchar(64)     NULL,
    created_at      datetimeoffset   NOT NULL,
    attempts        int              NOT NULL DEFAULT 0,
    next_attempt_at datetimeoffset   NULL,
    last_error      nvarchar(400)    NULL,
    dispatched_at   datetimeoffset   NULL
);
-- the dispatch job's claim: pending rows in creation order
CREATE INDEX ix_alert_outbox_pending ON alert_outbox (created_at, id) WHERE dispatched_at IS NULL;
-- the retention purge
CREATE INDEX ix_alert_outbox_dispatched_at ON alert_outbox (dispatched_at) WHERE dispatched_at IS NOT NULL;
CREATE INDEX ix_alert_outbox_alert_id ON alert_outbox (alert_id);

CREATE TABLE alert_acknowledgements (
    id              bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    event_id        uniqueidentifier NOT NULL,
    alert_id        uniqueidentifier NOT NULL REFERENCES findings (alert_id),
    outcome         nvarchar(12)     NOT NULL CHECK (outcome IN ('accepted', 'overridden')),
    reason          nvarchar(1000)   NULL,
    acknowledged_by nvarchar(200)    NOT NULL,
    acknowledged_at datetimeoffset   NOT NULL,
    recorded_at     datetimeoffset   NOT NULL
);
CREATE UNIQUE INDEX ix_alert_acknowledgements_event_id ON alert_acknowledgements (event_id);
CREATE INDEX ix_alert_acknowledgements_alert_id ON alert_acknowledgements (alert_id);
GO
-- append-only: the audit trail is never rewritten (CREATE TRIGGER must start its batch)
CREATE TRIGGER tr_alert_acknowledgements_append_only ON alert_acknowledgements INSTEAD OF UPDATE, DELETE
AS
BEGIN
    SET NOCOUNT ON;
    THROW 51000, 'alert_acknowledgements is append-only', 1;
END
