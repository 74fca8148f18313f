package io.weir.broker.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs the broker behind its Kafka listener under idempotent KafkaProducers and restarts it,
 * {@code -Dcrash.kills} times (20 by default; the {@code crash-soak} profile runs 500). See
 * {@link KafkaCrashHarness}.
 */
class KafkaProducerKillTest {

    @TempDir
    Path dir;

    @Test
    void idempotentProducerLosesNothingStoresNothingTwiceAndKeepsKeyOrderAcrossKills() throws Exception {
        int kills = Integer.getInteger("crash.kills", 20);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Path log = Path.of("target", "crash");
        Files.createDirectories(log);
        System.out.println("kafka crash harness seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");

        KafkaCrashReport report = new KafkaCrashHarness(dir.resolve("data"), log.resolve("kafka-" + seed + ".log"), seed)
                .run(kills);
        report.print(System.out);

        assertThat(report.findings()).as("findings").isEmpty();
        assertThat(report.kills()).isEqualTo(kills);
        assertThat(report.killsNotSigkill()).isZero();
        assertThat(report.lost()).as("acknowledged but lost").isZero();
        assertThat(report.misplaced()).as("acknowledged but stored elsewhere").isZero();
        assertThat(report.duplicates()).as("duplicates").isZero();
        assertThat(report.orderViolations()).as("per-key order violations").isZero();
        assertThat(report.failedSends()).as("sends the producer gave up on").isZero();
        assertThat(report.acknowledged()).as("acknowledged sends").isGreaterThan(kills * 100L);
        assertThat(report.killsWithSendsInFlight()).as("kills that cut off sends in flight").isPositive();
    }
}
