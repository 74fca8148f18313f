-- High availability (README "High availability"): the leader's lease, and the fencing columns of
-- the writes only the leader may make.

-- One row per lease (today only "leader"). Times come from the database's clock, never a replica's:
-- a replica may take the lease over only once expires_at has passed, and every takeover increments
-- epoch, the fencing token the leader's writes are conditional on.
CREATE TABLE cluster_lease (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    holder      VARCHAR(300) NOT NULL,
    epoch       BIGINT       NOT NULL,
    acquired_at TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    renewed_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP(3) WITH TIME ZONE NOT NULL
);

-- The epoch of the leader that claimed an outbox entry for its attempt under way: only that leader
-- may record the attempt's outcome, and a later leader may claim it again (and send it again).
ALTER TABLE notification_outbox ADD COLUMN claim_epoch BIGINT;

-- The epoch of the leader running a job; a running job of an older epoch is resumed by the new leader.
ALTER TABLE replay_job ADD COLUMN leader_epoch BIGINT;

-- One row, locked by every audit append, so appends of several replicas line up on the hash chain
-- (the chain's last row cannot be locked while the log is empty).
CREATE TABLE audit_append_lock (
    id INTEGER NOT NULL PRIMARY KEY
);
INSERT INTO audit_append_lock (id) VALUES (1);
