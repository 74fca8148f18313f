-- A ledger row may stand for a run of consecutive offsets of one dead-letter partition that had the
-- same fate (same outcome, destination, reason and time, no message ID): a log replay records one
-- row per partition and batch instead of one per message. A row for one message has
-- dlq_offset_last = dlq_offset, as every row written before this migration.
ALTER TABLE replay_outcome ADD COLUMN dlq_offset_last BIGINT;
UPDATE replay_outcome SET dlq_offset_last = dlq_offset;
ALTER TABLE replay_outcome ALTER COLUMN dlq_offset_last SET NOT NULL;

-- H2 writes its file each time an identity column has used up its cached values (32 by default),
-- which took a fifth of a RabbitMQ replay's time at one row per message. PostgreSQL caches per
-- session, so a cache there would number a job's rows out of order: it keeps 1. The placeholder
-- is set per database kind in application.properties.
ALTER TABLE replay_outcome ALTER COLUMN id SET CACHE ${ledger-id-cache};
