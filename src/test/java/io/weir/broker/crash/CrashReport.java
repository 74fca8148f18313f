package io.weir.broker.crash;

import java.io.PrintStream;
import java.util.List;

/**
 * What a crash-harness run counted. The first block must be zero (or all true) for the broker to
 * keep its promises; the second describes the run.
 *
 * @param lost acknowledged publishes missing from the log after the last restart
 * @param misplaced acknowledged publishes not found at the partition and offset the broker answered
 * @param orderViolations messages of a key stored after a later message of the same key
 * @param unexplainedDuplicates extra copies of a message ID that was never retried
 * @param commitsWentBack findings where a committed offset was below one the broker had acknowledged
 *     or the group's description showed a committed offset lower than it had shown before
 * @param inFlightNotRedelivered shared deliveries held unacknowledged at a kill and never delivered again
 * @param unconsumed acknowledged publishes the ordered group never saw or the shared group never acked
 * @param killsNotSigkill kills whose exit value was not 137 (SIGKILL)
 * @param retriedDuplicates extra copies stored by a retry the dedup window did not catch
 */
record CrashReport(long lost, long misplaced, long orderViolations, long unexplainedDuplicates,
        long commitsWentBack, long inFlightNotRedelivered, long unconsumed, long killsNotSigkill,
        int kills, long acknowledged, long logRecords, long failedAttempts, long refusals,
        long retriesAnsweredDuplicate, long retriesStoredNew, long retriedDuplicates, long orderedRedeliveries,
        long inFlightAtKill, long staleAcks, long commitChecks, double seconds, List<String> findings) {

    boolean clean() {
        return lost + misplaced + orderViolations + unexplainedDuplicates + commitsWentBack
                + inFlightNotRedelivered + unconsumed + killsNotSigkill == 0;
    }

    void print(PrintStream out) {
        out.printf("crash harness: %d SIGKILLs in %.0f s%n", kills, seconds);
        out.printf("  publishes acknowledged              %d (log holds %d records)%n", acknowledged, logRecords);
        out.printf("  publish attempts failed (broker down) %d (of which refused with ERR: %d)%n", failedAttempts, refusals);
        out.printf("  retries answered 'duplicate'        %d (first attempt was stored; dedup dropped the retry)%n",
                retriesAnsweredDuplicate);
        out.printf("  retries stored as new               %d (first attempt was lost before it was durable)%n",
                retriesStoredNew);
        out.printf("  duplicate copies from retries       %d (retried ID stored twice: dedup missed it)%n", retriedDuplicates);
        out.printf("  duplicate copies never retried      %d  <- must be 0%n", unexplainedDuplicates);
        out.printf("  acknowledged but lost               %d  <- must be 0%n", lost);
        out.printf("  acknowledged but elsewhere          %d  <- must be 0%n", misplaced);
        out.printf("  per-key order violations            %d  <- must be 0%n", orderViolations);
        out.printf("  committed offset went back          %d in %d checks  <- must be 0%n", commitsWentBack, commitChecks);
        out.printf("  ordered redeliveries                %d (fetched again after a kill, at least once)%n", orderedRedeliveries);
        out.printf("  shared in flight at a kill          %d, not redelivered: %d  <- must be 0%n", inFlightAtKill,
                inFlightNotRedelivered);
        out.printf("  shared acks answered stale          %d%n", staleAcks);
        out.printf("  acknowledged, never consumed        %d  <- must be 0%n", unconsumed);
        out.printf("  kills not ended by SIGKILL (137)    %d  <- must be 0%n", killsNotSigkill);
        findings.stream().limit(20).forEach(f -> out.println("  ! " + f));
    }
}
