-- 0002: findings, one row per episode of a finding; at most one active episode per patient and fingerprint.
CREATE TABLE findings (
    id               bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    patient_id       bigint           NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    fingerprint      nvarchar(400)    NOT NULL,
    alert_id         uniqueidentifier NOT NULL,
    rule_id          nvarchar(32)     NOT NULL,
    concern          nvarchar(40)     NOT NULL,
    severity         nvarchar(20)     NOT NULL,
    severity_rank    int              NOT NULL,
    state            nvarchar(10)     NOT NULL,
    since            datetimeoffset   NOT NULL,
    raised_at        datetimeoffset   NOT NULL,
    updated_at       datetimeoffset   NOT NULL,
    resolved_at      datetimeoffset   NULL,
    rule_set_version nvarchar(32)     NOT NULL,
    payload_json     nvarchar(max)    NOT NULL
);
CREATE UNIQUE INDEX ix_findings_alert_id ON findings (alert_id);
CREATE INDEX ix_findings_patient_id_state ON findings (patient_id, state);
-- a filtered unique index (SQL Server 2008+): the key is 808 bytes at most, under the 1,700-byte limit
CREATE UNIQUE INDEX ux_findings_active_fingerprint ON findings (patient_id, fingerprint) WHERE state = 'active';
