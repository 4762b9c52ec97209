-- 0005: the product-code terminology (RxNorm RxCUIs and NDCs → product text) written by `terminology import`, and
-- one row per import. The worker loads the codes at start and reloads when a newer import row appears.
CREATE TABLE terminology_imports (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    imported_at  INTEGER NOT NULL,
    sources      TEXT    NOT NULL,
    rxnorm_count INTEGER NOT NULL,
    ndc_count    INTEGER NOT NULL
);

CREATE TABLE terminology_codes (
    code_system  TEXT NOT NULL CHECK (code_system IN ('rxnorm', 'ndc')),
    code         TEXT NOT NULL,
    product_text TEXT NOT NULL,
    PRIMARY KEY (code_system, code)
) WITHOUT ROWID;
