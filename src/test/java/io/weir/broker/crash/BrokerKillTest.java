package io.weir.broker.crash;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SIGKILLs a broker process under load and restarts it, {@code -Dcrash.kills} times (20 by
 * default; the {@code crash-soak} profile runs 500). See {@link CrashHarness}.
 */
class BrokerKillTest {

    @TempDir
    Path dir;

    @Test
    void killedBrokerLosesNoAcknowledgedMessageKeepsKeyOrderAndRedeliversWhatWasInFlight() throws Exception {
        int kills = Integer.getInteger("crash.kills", 20);
        long seed = Long.getLong("crash.seed", System.nanoTime());
        Path log = Path.of("target", "crash");
        Files.createDirectories(log);
        System.out.println("crash harness seed " + seed + " (rerun with -Dcrash.seed=" + seed + ")");

        CrashReport report = new CrashHarness(dir.resolve("data"), log.resolve("broker-" + seed + ".log"), seed).run(kills);
        report.print(System.out);

        assertThat(report.findings()).as("findings").isEmpty();
        assertThat(report.clean()).isTrue();
        assertThat(report.kills()).isEqualTo(kills);
        assertThat(report.acknowledged()).as("acknowledged publishes").isGreaterThan(kills * 10L);
        assertThat(report.failedAttempts()).as("publishes cut off by a kill").isPositive();
        assertThat(report.inFlightAtKill()).as("shared deliveries caught in flight").isPositive();
    }
}
