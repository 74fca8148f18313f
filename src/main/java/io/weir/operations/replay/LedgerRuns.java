package io.weir.operations.replay;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Joins a batch's ledger rows into runs and splits runs back into one row per message. A log
 * replay's batch is mostly consecutive offsets of a few partitions, all replayed to the same
 * destination at the same time: writing one row per message spent half the replay's time in the
 * database. Only rows without a message ID join, so a run loses nothing a message row would say.
 */
final class LedgerRuns {

    /** The longest run a row stands for, so that a lookup by offset reads a bounded range of the index. */
    static final long MAX_RUN = 10_000;

    private LedgerRuns() {
    }

    /** The rows in the same order, consecutive ones with the same fate joined into runs. */
    static List<ReplayOutcome> join(List<ReplayOutcome> rows) {
        List<ReplayOutcome> runs = new ArrayList<>();
        ReplayOutcome run = null;
        for (ReplayOutcome row : rows) {
            if (run != null && continues(run, row)) {
                run.offsetLast = row.offset;
                continue;
            }
            run = copy(row, row.offset, row.offsetLast);
            runs.add(run);
        }
        return runs;
    }

    private static boolean continues(ReplayOutcome run, ReplayOutcome row) {
        return run.messageId == null && row.messageId == null && row.offset == row.offsetLast
                && row.partition == run.partition && row.offset == run.offsetLast + 1
                && run.offsetLast - run.offset + 1 < MAX_RUN && row.outcome == run.outcome
                && Objects.equals(row.destination, run.destination) && Objects.equals(row.reason, run.reason)
                && row.at.equals(run.at) && row.jobId.equals(run.jobId) && row.source.equals(run.source)
                && row.queue.equals(run.queue);
    }

    /** How many messages the row stands for. */
    static long size(ReplayOutcome row) {
        return row.offsetLast - row.offset + 1;
    }

    /** One row per message of the run from offset {@code from} to {@code to} (both within it), detached. */
    static List<ReplayOutcome> split(ReplayOutcome run, long from, long to) {
        List<ReplayOutcome> rows = new ArrayList<>();
        for (long offset = from; offset <= to; offset++) {
            rows.add(copy(run, offset, offset));
        }
        return rows;
    }

    private static ReplayOutcome copy(ReplayOutcome row, long offset, long offsetLast) {
        ReplayOutcome copy = new ReplayOutcome();
        copy.id = row.id;
        copy.jobId = row.jobId;
        copy.source = row.source;
        copy.queue = row.queue;
        copy.partition = row.partition;
        copy.offset = offset;
        copy.offsetLast = offsetLast;
        copy.messageId = row.messageId;
        copy.outcome = row.outcome;
        copy.destination = row.destination;
        copy.reason = row.reason;
        copy.at = row.at;
        return copy;
    }
}
