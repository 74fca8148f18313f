package io.weir.broker;

import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small builders shared by the broker tests. */
final class Brokers {

    static final Instant T0 = Instant.parse("2025-01-01T00:00:00Z");

    /** Small segments so retention has something to delete; OS flush keeps the tests fast. */
    static final LogConfig FAST_LOG = LogConfig.defaults().withFlushPolicy(FlushPolicy.OS).withSegmentBytes(1024);

    private Brokers() {
    }

    static BrokerConfig config(TestClock clock) {
        return BrokerConfig.defaults().withClock(clock).withRetentionInterval(Duration.ofHours(1));
    }

    static TopicConfig topic(int partitions) {
        return TopicConfig.partitions(partitions).withLog(FAST_LOG);
    }

    static List<OutgoingMessage> values(String prefix, int count) {
        List<OutgoingMessage> list = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            list.add(OutgoingMessage.of(prefix + i));
        }
        return list;
    }

    /**
     * Publishes the messages one call each, so keyless ones spread over the partitions in turn
     * (one call's keyless messages share a partition).
     */
    static void publishEach(Broker broker, String topic, List<OutgoingMessage> messages) {
        messages.forEach(m -> broker.publish(topic, List.of(m)));
    }

    static String text(ConsumedMessage message) {
        return new String(message.record().value(), StandardCharsets.UTF_8);
    }

    static List<String> texts(List<ConsumedMessage> messages) {
        return messages.stream().map(Brokers::text).toList();
    }
}
