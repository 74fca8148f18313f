package io.weir.operations.replay;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.weir.cluster.Leadership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.hibernate.Session;

/**
 * The database side of replay jobs: each method is one transaction. A batch's outcomes, the job's
 * counts and its position are written together ({@link #recordBatch}), so the ledger and the
 * position never disagree after a crash. The writes of a running job are fenced by the leader's
 * lease ({@link io.weir.cluster.LeaseLostException} on a replica that lost it).
 */
@ApplicationScoped
class ReplayStore {

    private static final TypeReference<TreeMap<Integer, Long>> POSITION = new TypeReference<>() {
    };

    private final ObjectMapper json;
    private final EntityManager entities;
    private final Leadership leadership;

    ReplayStore(ObjectMapper json, EntityManager entities, Leadership leadership) {
        this.json = json;
        this.entities = entities;
        this.leadership = leadership;
    }

    @Transactional
    void create(ReplayJob job) {
        job.persist();
    }

    @Transactional
    Optional<ReplayJob> find(String id) {
        return ReplayJob.<ReplayJob>findByIdOptional(id).map(ReplayStore::detached);
    }

    /** The newest jobs first. */
    @Transactional
    List<ReplayJob> list(int limit) {
        return ReplayJob.<ReplayJob>findAll(Sort.descending("createdAt")).page(Page.ofSize(limit)).list()
                .stream().map(ReplayStore::detached).toList();
    }

    /**
     * The job's outcomes in the order they were recorded, one per message (runs split), optionally
     * only one kind: messages {@code offset} to {@code offset + limit - 1} of that order.
     */
    @Transactional
    List<ReplayOutcome> outcomes(String jobId, ReplayOutcome.Outcome only, int offset, int limit) {
        // The first row holding message number `offset`, from the running count of messages per row.
        var counted = entities.createNativeQuery("SELECT id, upto FROM (SELECT id, SUM(dlq_offset_last - dlq_offset + 1)"
                + " OVER (ORDER BY id) AS upto FROM replay_outcome WHERE job_id = ?1"
                + (only == null ? "" : " AND outcome = ?3") + ") counted WHERE upto > ?2 ORDER BY id FETCH FIRST 1 ROWS ONLY")
                .setParameter(1, jobId).setParameter(2, offset);
        if (only != null) {
            counted.setParameter(3, only.name());
        }
        List<?> first = counted.getResultList();
        if (first.isEmpty()) {
            return List.of();
        }
        Object[] found = (Object[]) first.get(0);
        long firstId = ((Number) found[0]).longValue();
        long upTo = ((Number) found[1]).longValue();
        String query = "jobId = :job and id >= :first" + (only == null ? "" : " and outcome = :outcome");
        Parameters parameters = Parameters.with("job", jobId).and("first", firstId);
        if (only != null) {
            parameters = parameters.and("outcome", only);
        }
        List<ReplayOutcome> rows = ReplayOutcome.<ReplayOutcome>find(query, Sort.ascending("id"), parameters)
                .range(0, limit - 1).list();
        List<ReplayOutcome> page = new ArrayList<>();
        // Messages of the first row before `offset` belong to the previous page.
        long skip = offset - (upTo - LedgerRuns.size(rows.get(0)));
        for (ReplayOutcome row : rows) {
            long from = row.offset + skip;
            long to = Math.min(row.offsetLast, from + (limit - page.size()) - 1);
            page.addAll(LedgerRuns.split(row, from, to));
            skip = 0;
            if (page.size() >= limit) {
                break;
            }
        }
        return page;
    }

    /** How many messages the job's ledger holds, optionally of one kind. */
    @Transactional
    long countOutcomes(String jobId, ReplayOutcome.Outcome only) {
        String query = "select coalesce(sum(o.offsetLast - o.offset + 1), 0) from ReplayOutcome o where o.jobId = :job"
                + (only == null ? "" : " and o.outcome = :outcome");
        var count = entities.createQuery(query, Long.class).setParameter("job", jobId);
        if (only != null) {
            count.setParameter("outcome", only);
        }
        return count.getSingleResult();
    }

    /** Moves the job to {@code state} unless it has ended; returns the job as stored afterwards. */
    @Transactional
    Optional<ReplayJob> setState(String id, ReplayState state, String message) {
        ReplayJob job = ReplayJob.findById(id);
        if (job == null) {
            return Optional.empty();
        }
        if (!job.state.ended()) {
            job.state = state;
            job.message = message;
            job.updatedAt = Instant.now();
            if (state.ended()) {
                job.finishedAt = job.updatedAt;
            }
        }
        return Optional.of(detached(job));
    }

    /** Jobs a running Weir left behind as running: after a crash or restart they are interrupted. */
    @Transactional
    List<ReplayJob> interruptRunning(String message) {
        List<ReplayJob> running = ReplayJob.list("state", ReplayState.RUNNING);
        running.forEach(job -> {
            job.state = ReplayState.INTERRUPTED;
            job.message = message;
            job.updatedAt = Instant.now();
        });
        return running.stream().map(ReplayStore::detached).toList();
    }

    /** Jobs stored as running, on whichever replica they were started. */
    @Transactional
    List<ReplayJob> running() {
        return ReplayJob.<ReplayJob>list("state", ReplayState.RUNNING).stream().map(ReplayStore::detached).toList();
    }

    /**
     * The leader of {@code epoch} takes a running job that no leader took yet or an older one ran;
     * fenced. False when the job is no longer running or a newer leader has it.
     */
    @Transactional
    boolean adopt(String id, long epoch, String message) {
        leadership.checkLease();
        ReplayJob job = ReplayJob.findById(id);
        if (job == null || job.state != ReplayState.RUNNING || job.leaderEpoch != null && job.leaderEpoch > epoch) {
            return false;
        }
        job.leaderEpoch = epoch;
        if (message != null) {
            job.message = message;
        }
        job.updatedAt = Instant.now();
        return true;
    }

    /** A job resumed on a follower: no leader has it yet, so the leader's next look takes it as new. */
    @Transactional
    void leaveToLeader(String id) {
        ReplayJob job = ReplayJob.findById(id);
        if (job != null && job.state == ReplayState.RUNNING) {
            job.leaderEpoch = null;
        }
    }

    /** At each (re)start: how many the job goes through in all, from what it did and what is left. */
    @Transactional
    void started(String id, long remaining) {
        leadership.checkLease();
        ReplayJob job = ReplayJob.findById(id);
        job.total = job.done() + remaining;
        job.updatedAt = Instant.now();
    }

    @Transactional
    void recordBatch(String id, List<ReplayOutcome> outcomes, long passedOver, Map<Integer, Long> position) {
        leadership.checkLease();
        ReplayJob job = ReplayJob.findById(id);
        insert(outcomes);
        for (ReplayOutcome outcome : outcomes) {
            switch (outcome.outcome) {
                case REPLAYED -> job.replayed++;
                case SKIPPED -> job.skipped++;
                case FAILED -> job.failed++;
            }
        }
        job.passedOver += passedOver;
        job.position = text(position);
        job.updatedAt = Instant.now();
    }

    /**
     * Writes the rows, joined into runs ({@link LedgerRuns}), as one JDBC batch on the transaction's
     * connection: persisting entities with an identity key costs Hibernate one statement and one key
     * read per row, which at hundreds of rows a batch weighed more than the broker's publishing.
     * Nothing reads the new rows' keys.
     */
    private void insert(List<ReplayOutcome> rows) {
        if (rows.isEmpty()) {
            return;
        }
        List<ReplayOutcome> outcomes = LedgerRuns.join(rows);
        entities.unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO replay_outcome (job_id, source_name,"
                    + " queue_name, dlq_partition, dlq_offset, dlq_offset_last, message_id, outcome, destination, reason, at)"
                    + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (ReplayOutcome o : outcomes) {
                    insert.setString(1, o.jobId);
                    insert.setString(2, o.source);
                    insert.setString(3, o.queue);
                    insert.setInt(4, o.partition);
                    insert.setLong(5, o.offset);
                    insert.setLong(6, o.offsetLast);
                    insert.setString(7, o.messageId);
                    insert.setString(8, o.outcome.name());
                    insert.setString(9, o.destination);
                    insert.setString(10, o.reason);
                    insert.setObject(11, o.at.atOffset(ZoneOffset.UTC));
                    insert.addBatch();
                }
                insert.executeBatch();
            }
        });
    }

    /**
     * Of these offsets of one dead-letter partition, those some job replayed already. A run starts
     * at most {@link LedgerRuns#MAX_RUN} before the offsets it covers, which bounds the index range read.
     */
    @Transactional
    Set<Long> replayedOffsets(String source, String queue, int partition, Collection<Long> offsets) {
        if (offsets.isEmpty()) {
            return Set.of();
        }
        long from = offsets.stream().mapToLong(Long::longValue).min().getAsLong();
        long to = offsets.stream().mapToLong(Long::longValue).max().getAsLong();
        List<Object[]> runs = entities.createQuery("select o.offset, o.offsetLast from ReplayOutcome o where o.source = :source"
                + " and o.queue = :queue and o.partition = :partition and o.offset > :earliest and o.offset <= :to"
                + " and o.offsetLast >= :from and o.outcome = :replayed", Object[].class)
                .setParameter("source", source).setParameter("queue", queue).setParameter("partition", partition)
                .setParameter("earliest", from - LedgerRuns.MAX_RUN).setParameter("from", from).setParameter("to", to)
                .setParameter("replayed", ReplayOutcome.Outcome.REPLAYED)
                .getResultList();
        Set<Long> wanted = new HashSet<>(offsets);
        Set<Long> replayed = new HashSet<>();
        for (Object[] run : runs) {
            for (long offset = Math.max(from, (Long) run[0]); offset <= Math.min(to, (Long) run[1]); offset++) {
                if (wanted.contains(offset)) {
                    replayed.add(offset);
                }
            }
        }
        return replayed;
    }

    /**
     * Of these message IDs, those this job replayed already: a queue hands a message back after a
     * crash between its confirm and its acknowledgement. Only this job's: a message replayed by an
     * earlier job that failed again is a new dead letter.
     */
    @Transactional
    Set<String> replayedIds(String jobId, Collection<String> ids) {
        if (ids.isEmpty()) {
            return Set.of();
        }
        return new HashSet<>(entities.createQuery("select o.messageId from ReplayOutcome o where o.jobId = :job"
                + " and o.messageId in :ids and o.outcome = :replayed", String.class)
                .setParameter("job", jobId).setParameter("ids", ids).setParameter("replayed", ReplayOutcome.Outcome.REPLAYED)
                .getResultList());
    }

    Map<Integer, Long> position(ReplayJob job) {
        try {
            return json.readValue(job.position, POSITION);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("replay job " + job.id + " has an unreadable position: " + job.position, e);
        }
    }

    String text(Map<Integer, Long> position) {
        try {
            return json.writeValueAsString(new TreeMap<>(position));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A copy outside the persistence context, safe to hand to other threads and views. */
    private static ReplayJob detached(ReplayJob job) {
        ReplayJob copy = new ReplayJob();
        copy.id = job.id;
        copy.source = job.source;
        copy.queue = job.queue;
        copy.destination = job.destination;
        copy.selection = job.selection;
        copy.parameters = job.parameters;
        copy.ratePerSecond = job.ratePerSecond;
        copy.state = job.state;
        copy.position = job.position;
        copy.total = job.total;
        copy.replayed = job.replayed;
        copy.skipped = job.skipped;
        copy.failed = job.failed;
        copy.passedOver = job.passedOver;
        copy.createdBy = job.createdBy;
        copy.createdAt = job.createdAt;
        copy.updatedAt = job.updatedAt;
        copy.finishedAt = job.finishedAt;
        copy.message = job.message;
        copy.leaderEpoch = job.leaderEpoch;
        return copy;
    }
}
