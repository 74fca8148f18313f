-- Pending, firing and recently resolved alerts, so a restart keeps when each became active and
-- fired (like Prometheus' ALERTS_FOR_STATE): a firing alert stays firing and is not notified anew.
CREATE TABLE alert_state (
    id               VARCHAR(64)      NOT NULL PRIMARY KEY,
    rule_file        VARCHAR(1000)    NOT NULL,
    rule_group       VARCHAR(1000)    NOT NULL,
    alert_name       VARCHAR(1000)    NOT NULL,
    labels_json      VARCHAR(20000)   NOT NULL,
    annotations_json VARCHAR(20000)   NOT NULL,
    state            VARCHAR(20)      NOT NULL,
    alert_value      DOUBLE PRECISION NOT NULL,
    active_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    fired_at         TIMESTAMP WITH TIME ZONE,
    resolved_at      TIMESTAMP WITH TIME ZONE
);

CREATE INDEX alert_state_group ON alert_state (rule_file, rule_group);
