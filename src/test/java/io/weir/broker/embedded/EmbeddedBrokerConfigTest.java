package io.weir.broker.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.weir.broker.BacklogPolicy;
import io.weir.broker.BrokerConfig;
import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** weir.broker.* read by SmallRye Config, with Quarkus's duration format, onto the broker's settings. */
class EmbeddedBrokerConfigTest {

    @TempDir
    Path dataDir;

    @Test
    void unsetKeysGiveTheBrokersOwnDefaults() {
        EmbeddedBrokerConfig config = read(Map.of());
        assertThat(config.enabled()).isTrue();
        assertThat(config.topicDefaults()).isEqualTo(TopicConfig.partitions(1));
        assertThat(config.groupDefaults(DeliveryMode.ORDERED)).isEqualTo(GroupConfig.ordered());
        assertThat(config.groupDefaults(DeliveryMode.SHARED)).isEqualTo(GroupConfig.shared(Duration.ofSeconds(30), 5));
        BrokerConfig broker = config.brokerConfig();
        assertThat(broker.withClock(BrokerConfig.defaults().clock())).isEqualTo(BrokerConfig.defaults());
    }

    @Test
    void configuredKeysReachNewTopicsAndGroups() {
        EmbeddedBrokerConfig config = read(Map.ofEntries(
                Map.entry("weir.broker.flush-policy", "per-message"),
                Map.entry("weir.broker.group-commit-max-delay", "5ms"),
                Map.entry("weir.broker.group-commit-max-bytes", "4096"),
                Map.entry("weir.broker.segment-bytes", "1048576"),
                Map.entry("weir.broker.partitions", "4"),
                Map.entry("weir.broker.retention-time", "2h"),
                Map.entry("weir.broker.retention-bytes", "1000000"),
                Map.entry("weir.broker.max-messages", "100"),
                Map.entry("weir.broker.max-bytes", "5000000"),
                Map.entry("weir.broker.when-full", "block"),
                Map.entry("weir.broker.block-timeout", "3s"),
                Map.entry("weir.broker.dedup-max-ids", "50"),
                Map.entry("weir.broker.dedup-window", "1m"),
                Map.entry("weir.broker.visibility-timeout", "10s"),
                Map.entry("weir.broker.max-attempts", "7"),
                Map.entry("weir.broker.session-timeout", "20s"),
                Map.entry("weir.broker.retention-check-interval", "15s")));

        TopicConfig topic = config.topicDefaults();
        assertThat(topic.partitions()).isEqualTo(4);
        assertThat(topic.log().flushPolicy()).isEqualTo(FlushPolicy.PER_MESSAGE);
        assertThat(topic.log().groupCommitMaxDelay()).isEqualTo(Duration.ofMillis(5));
        assertThat(topic.log().groupCommitMaxBytes()).isEqualTo(4096);
        assertThat(topic.log().segmentBytes()).isEqualTo(1 << 20);
        assertThat(topic.retentionTime()).isEqualTo(Duration.ofHours(2));
        assertThat(topic.retentionBytes()).isEqualTo(1_000_000);
        assertThat(topic.maxMessages()).isEqualTo(100);
        assertThat(topic.maxBytes()).isEqualTo(5_000_000);
        assertThat(topic.backlogPolicy()).isEqualTo(BacklogPolicy.BLOCK);
        assertThat(topic.blockTimeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(topic.dedupMaxIds()).isEqualTo(50);
        assertThat(topic.dedupWindow()).isEqualTo(Duration.ofMinutes(1));
        assertThat(config.groupDefaults(DeliveryMode.SHARED))
                .isEqualTo(new GroupConfig(DeliveryMode.SHARED, Duration.ofSeconds(10), 7, Duration.ofSeconds(20)));
        assertThat(config.brokerConfig().retentionInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void badSettingStopsStartUpBeforeTheBrokerOpens() {
        EmbeddedBroker embedded = new EmbeddedBroker(read(Map.of("weir.broker.partitions", "0")), dataDir.toString(),
                new SimpleMeterRegistry());
        assertThatThrownBy(() -> embedded.open(null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions");
        assertThat(embedded.broker()).isEmpty();
        assertThat(Files.exists(dataDir.resolve("broker"))).isFalse();
    }

    @Test
    void unknownFlushPolicyIsRejectedWhenTheConfigurationIsRead() {
        assertThatThrownBy(() -> read(Map.of("weir.broker.flush-policy", "sometimes")))
                .hasMessageContaining("weir.broker.flush-policy");
    }

    private static EmbeddedBrokerConfig read(Map<String, String> properties) {
        return new SmallRyeConfigBuilder()
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .withMapping(EmbeddedBrokerConfig.class)
                .build()
                .getConfigMapping(EmbeddedBrokerConfig.class);
    }
}
