-- 0005: the product-code terminology (RxNorm RxCUIs and NDCs → product text) written by `terminology import`, and
-- one row per import. The worker loads the codes at start and reloads when a newer import row appears.
CREATE TABLE terminology_imports (
    id           bigint IDENTITY(1,1) NOT NULL PRIMARY KEY,
    imported_at  datetimeoffset NOT NULL,
    sources      nvarchar(2000) NOT NULL,
    rxnorm_count int            NOT NULL,
    ndc_count    int            NOT NULL
);

-- replaced per system in the import's transaction (batched multi-row INSERTs)
CREATE TABLE terminology_codes (
    code_system  nvarchar(8)   NOT NULL CHECK (code_system IN ('rxnorm', 'ndc')),
    code         nvarchar(20)  NOT NULL,
    product_text nvarchar(max) NOT NULL,
    CONSTRAINT PK_terminology_codes PRIMARY KEY (code_system, code)
);
