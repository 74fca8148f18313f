package io.weir.bench.broker;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The built-in broker through its Java API, in this JVM, on {@code dataDir}. Topics have
 * {@link #PARTITIONS} partitions and the given flush policy; messages have no key (round robin)
 * and no message ID (the broker generates one, as for a producer that does not retry). One
 * ordered-group consumer fetches every partition.
 */
final class BuiltinTarget implements DurableTarget {

    static final int PARTITIONS = 8;

    private final Broker broker;
    private final FlushPolicy policy;
    private String topic;
    private PollLoop consumerLoop;

    BuiltinTarget(Path dataDir, FlushPolicy policy) throws Exception {
        this.broker = Broker.open(dataDir, BrokerConfig.defaults());
        this.policy = policy;
    }

    @Override
    public void prepare(String name, Consumer<byte[]> consumer) throws Exception {
        topic = name;
        broker.createTopic(name, TopicConfig.partitions(PARTITIONS).withLog(LogConfig.defaults().withFlushPolicy(policy)));
        broker.createGroup(name, "bench", GroupConfig.ordered());
        consumerLoop = PollLoop.start("bench-builtin-consumer", () -> {
            for (ConsumedMessage m : broker.fetch(name, "bench", "c", 1000, Duration.ofMillis(50))) {
                consumer.accept(m.record().value());
            }
        }, () -> broker.leaveGroup(name, "bench", "c"));
    }

    @Override
    public Publisher publisher() {
        String target = topic;
        return values -> {
            List<OutgoingMessage> messages = new ArrayList<>(values.size());
            for (byte[] value : values) {
                messages.add(new OutgoingMessage(null, null, null, null, value));
            }
            broker.publish(target, messages);
        };
    }

    @Override
    public void finish() throws Exception {
        consumerLoop.stop();
        broker.deleteTopic(topic);
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
