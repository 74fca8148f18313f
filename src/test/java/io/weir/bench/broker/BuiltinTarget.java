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
 * {@link #PARTITIONS} partitions and the given flush policy; messages have no key (each publish
 * goes to the next partition in turn) and no message ID (the broker generates one, as for a
 * producer that does not retry). {@link LoadRun#CONSUMERS} members of one ordered group share
 * the partitions.
 */
final class BuiltinTarget implements DurableTarget {

    static final int PARTITIONS = 8;

    private final Broker broker;
    private final FlushPolicy policy;
    private String topic;
    private final List<PollLoop> consumerLoops = new ArrayList<>();

    BuiltinTarget(Path dataDir, FlushPolicy policy) throws Exception {
        this.broker = Broker.open(dataDir, BrokerConfig.defaults());
        this.policy = policy;
    }

    @Override
    public void prepare(String name, Consumer<byte[]> consumer) throws Exception {
        topic = name;
        broker.createTopic(name, TopicConfig.partitions(PARTITIONS).withLog(LogConfig.defaults().withFlushPolicy(policy)));
        broker.createGroup(name, "bench", GroupConfig.ordered());
        // all members join before anything is published, as Kafka consumers are assigned their
        // partitions up front: a later join would rebalance, and the consumers commit nothing, so
        // the partitions' new owners would read again from the start
        for (int c = 0; c < LoadRun.CONSUMERS; c++) {
            broker.fetch(name, "bench", "c" + c, 1, Duration.ZERO);
        }
        for (int c = 0; c < LoadRun.CONSUMERS; c++) {
            String member = "c" + c;
            consumerLoops.add(PollLoop.start("bench-builtin-consumer-" + c, () -> {
                for (ConsumedMessage m : broker.fetch(name, "bench", member, 1000, Duration.ofMillis(50))) {
                    consumer.accept(m.record().value());
                }
            }, () -> {
                // no leave: one member leaving before the others stopped would hand its partitions
                // over and have them read again; the members go with the topic in finish()
            }));
        }
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
        for (PollLoop loop : consumerLoops) {
            loop.stop();
        }
        consumerLoops.clear();
        broker.deleteTopic(topic);
    }

    @Override
    public void close() throws Exception {
        broker.close();
    }
}
