package io.weir.sources.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.DiskStatus;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicConfig;
import io.weir.broker.TopicDescription;
import io.weir.core.ClusterHealth;
import io.weir.core.NodeSnapshot;
import io.weir.core.SourceKind;
import io.weir.sources.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The built-in broker's own troubles as its source reports them: a disk short of space, failed storage. */
class BuiltinSourceHealthTest {

    @TempDir
    Path directory;

    @Test
    void diskBelowTheBrokersLimitIsADiskAlarmAndHealthyDiskNone() throws Exception {
        ClusterHealth full = read(BrokerConfig.defaults().withMinFreeDiskBytes(Long.MAX_VALUE));
        NodeSnapshot node = full.nodes().get(0);
        assertThat(node.alarms()).containsExactly("disk");
        assertThat(node.diskFreeLimitBytes()).isEqualTo(Long.MAX_VALUE);
        assertThat(full.alarms()).singleElement().asString().startsWith("disk alarm: ")
                .contains("publishes are refused until disk space is freed");

        ClusterHealth fine = read(BrokerConfig.defaults());
        assertThat(fine.alarms()).isEmpty();
        assertThat(fine.nodes().get(0).alarms()).isEmpty();
        assertThat(fine.nodes().get(0).diskFreeLimitBytes()).isEqualTo(BrokerConfig.DEFAULT_MIN_FREE_DISK_BYTES);
        assertThat(fine.nodes().get(0).diskFreeBytes()).isGreaterThan(BrokerConfig.DEFAULT_MIN_FREE_DISK_BYTES);
    }

    @Test
    void partitionsWhoseStorageFailedAreOfflineAndNamedInAnAlarm() {
        TopicDescription orders = new TopicDescription("orders", TopicConfig.partitions(3), List.of(
                new PartitionDescription(0, 0, 5, 100, false), new PartitionDescription(1, 0, 3, 100, true),
                new PartitionDescription(2, 0, 3, 100, true)));
        TopicDescription audit = new TopicDescription("audit", TopicConfig.partitions(1),
                List.of(new PartitionDescription(0, 0, 1, 100, false)));

        ClusterHealth health = BuiltinSource.health(directory, new DiskStatus(10L << 30, 100L << 20), List.of(orders, audit));

        assertThat(health.offlinePartitions()).isEqualTo(2);
        assertThat(health.alarms()).containsExactly("storage failed on orders/1, orders/2: they accept no publishes"
                + " until Weir restarts (see its log for the disk error)");
        assertThat(health.nodes().get(0).alarms()).isEmpty();
    }

    private ClusterHealth read(BrokerConfig config) throws Exception {
        Path dir = Files.createTempDirectory(directory, "broker");
        try (Broker broker = Broker.open(dir, config)) {
            BuiltinSource source = new BuiltinSource(new SourceSettings("builtin", SourceKind.BUILTIN, "embedded",
                    Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5),
                    Map.of(), SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS), () -> Optional.of(broker), dir);
            return source.read().health();
        }
    }
}
