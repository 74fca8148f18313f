package io.weir.broker.crash;

import java.io.PrintStream;
import java.util.List;

/**
 * What a Kafka crash-harness run counted. The first five must be zero for the listener to keep
 * the idempotent producer's promises; the rest describe the run.
 *
 * @param lost values a producer callback acknowledged that the log does not hold
 * @param misplaced acknowledged values stored at another partition or offset than the callback was told
 * @param duplicates extra copies of a key's value in the log
 * @param orderViolations values of a key stored after a higher value of the same key
 * @param killsNotSigkill kills whose exit value was not 137 (SIGKILL)
 * @param failedSends sends whose callback reported an error (the producer gave up on them)
 * @param sendsInFlightAtKills sends without a callback yet at the moments of the kills, added up
 * @param producerEpochs distinct producer ID and epoch pairs in the log's message IDs
 */
record KafkaCrashReport(long lost, long misplaced, long duplicates, long orderViolations, long killsNotSigkill, int kills,
        long acknowledged, long failedSends, long logRecords, long sendsInFlightAtKills, long killsWithSendsInFlight,
        int producerEpochs, long produceSeconds, double seconds, List<String> findings) {

    void print(PrintStream out) {
        out.printf("kafka crash harness: %d SIGKILLs in %.0f s (%d s producing)%n", kills, seconds, produceSeconds);
        out.printf("  sends acknowledged                  %d (log holds %d records)%n", acknowledged, logRecords);
        out.printf("  sends failed                        %d%n", failedSends);
        out.printf("  sends in flight at the kills        %d in all, at %d of %d kills%n", sendsInFlightAtKills,
                killsWithSendsInFlight, kills);
        out.printf("  producer id/epoch pairs in the log  %d%n", producerEpochs);
        out.printf("  acknowledged but lost               %d  <- must be 0%n", lost);
        out.printf("  acknowledged but elsewhere          %d  <- must be 0%n", misplaced);
        out.printf("  duplicate copies                    %d  <- must be 0%n", duplicates);
        out.printf("  per-key order violations            %d  <- must be 0%n", orderViolations);
        out.printf("  kills not ended by SIGKILL (137)    %d  <- must be 0%n", killsNotSigkill);
        findings.stream().limit(20).forEach(f -> out.println("  ! " + f));
    }
}
