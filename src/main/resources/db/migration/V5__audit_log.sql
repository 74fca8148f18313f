-- The operations audit log: append-only, one row per preview, apply, replay, cancel or purge.
-- Each row carries the SHA-256 of its own content and of the row before it, so a changed,
-- removed or inserted row breaks the chain (GET /api/v1/audit/verify). The id is the position in
-- the chain: a second writer appending at the same position fails on the primary key.
CREATE TABLE audit_log (
    id             BIGINT        NOT NULL PRIMARY KEY,
    at             TIMESTAMP WITH TIME ZONE NOT NULL,
    actor          VARCHAR(200)  NOT NULL,
    channel        VARCHAR(10)   NOT NULL,
    client_address VARCHAR(100),
    source_name    VARCHAR(200)  NOT NULL,
    object_name    VARCHAR(1000) NOT NULL,
    action         VARCHAR(40)   NOT NULL,
    parameters     VARCHAR(100000) NOT NULL,
    before_state   VARCHAR(1000000),
    after_state    VARCHAR(1000000),
    result         VARCHAR(20)   NOT NULL,
    message        VARCHAR(10000),
    duration_ms    BIGINT        NOT NULL,
    job_id         VARCHAR(100),
    prev_hash      VARCHAR(64)   NOT NULL,
    hash           VARCHAR(64)   NOT NULL
);

CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_source ON audit_log (source_name, object_name);
