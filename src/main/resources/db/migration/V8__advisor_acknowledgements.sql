-- Reliability advisor findings an operator accepted, one row per finding (source, object, check),
-- with who and why; acknowledging again replaces the row. Every change is also in the audit log.
CREATE TABLE advisor_acknowledgement (
    source_name  VARCHAR(200)  NOT NULL,
    object_name  VARCHAR(1000) NOT NULL,
    check_id     VARCHAR(100)  NOT NULL,
    reason       VARCHAR(2000) NOT NULL,
    acknowledged_by VARCHAR(200) NOT NULL,
    acknowledged_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (source_name, object_name, check_id)
);
