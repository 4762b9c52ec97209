-- 0001: patients, regimen items and the inbox of processed events. Text columns are nvarchar, as EF Core's SQL Server
-- parameters are: a varchar column compared with an nvarchar parameter converts every row and cannot seek its index.
CREATE TABLE patients (
    id             bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    patient_ref    nvarchar(64)     NOT NULL,
    surrogate_key  uniqueidentifier NOT NULL,
    version        int              NOT NULL DEFAULT 0,
    created_at     datetimeoffset   NOT NULL,
    updated_at     datetimeoffset   NOT NULL,
    next_review_at datetimeoffset   NULL
);
CREATE UNIQUE INDEX ix_patients_patient_ref ON patients (patient_ref);
CREATE INDEX ix_patients_next_review_at ON patients (next_review_at);

CREATE TABLE regimen_items (
    id                  bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    patient_id          bigint           NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    kind                nvarchar(16)     NOT NULL,
    item_key            nvarchar(128)    NOT NULL,
    status              nvarchar(32)     NOT NULL,
    withdrawn           bit              NOT NULL,
    product_text        nvarchar(500)    NOT NULL,
    atc                 nvarchar(max)    NULL,
    rxnorm              nvarchar(max)    NULL,
    ndc                 nvarchar(max)    NULL,
    ingredients         nvarchar(max)    NULL,
    normalised_with     nvarchar(max)    NULL,
    started_at          datetimeoffset   NOT NULL,
    days_supply         int              NULL,
    days_supply_assumed bit              NOT NULL,
    stopped_at          datetimeoffset   NULL,
    effective_at        datetimeoffset   NOT NULL,
    source_event_id     uniqueidentifier NOT NULL,
    details_json        nvarchar(max)    NULL,
    updated_at          datetimeoffset   NOT NULL
);
CREATE UNIQUE INDEX ix_regimen_items_patient_kind_key ON regimen_items (patient_id, kind, item_key);

-- random keys: a non-clustered primary key (a clustered one would split pages on every insert)
CREATE TABLE processed_events (
    event_id     uniqueidentifier NOT NULL PRIMARY KEY NONCLUSTERED,
    event_type   nvarchar(64)     NOT NULL,
    outcome      nvarchar(16)     NOT NULL,
    processed_at datetimeoffset   NOT NULL
);
CREATE INDEX ix_processed_events_processed_at ON processed_events (processed_at);
