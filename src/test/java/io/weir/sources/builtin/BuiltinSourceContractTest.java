package io.weir.sources.builtin;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.ConsumedMessage;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.BrokerSourceContract;
import io.weir.sources.SourceSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in broker's source passes the same contract as Kafka's and RabbitMQ's, on a real broker in a temp dir. */
class BuiltinSourceContractTest extends BrokerSourceContract {

    @Override
    protected BrokerFixture createFixture() throws Exception {
        return new BuiltinFixture(Files.createTempDirectory("weir-builtin-contract"));
    }

    private static final class BuiltinFixture implements BrokerFixture {

        private final Path directory;
        private final Broker broker;
        private final BrokerSource source;

        BuiltinFixture(Path directory) throws Exception {
            this.directory = directory;
            this.broker = Broker.open(directory, BrokerConfig.defaults());
            this.source = new BuiltinSource(settings(), () -> Optional.of(broker), directory);
        }

        private static SourceSettings settings() {
            return new SourceSettings("builtin", SourceKind.BUILTIN, "embedded", Optional.empty(), Optional.empty(),
                    Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(),
                    SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS);
        }

        @Override
        public BrokerSource source() {
            return source;
        }

        @Override
        public BrokerSource unreachableSource() {
            return new BuiltinSource(settings(), Optional::empty, directory);
        }

        @Override
        public String createQueue(String name) throws Exception {
            broker.createTopic(name, TopicConfig.partitions(3));
            return name;
        }

        @Override
        public String createDeadLetterQueue(String name) throws Exception {
            broker.createTopic(name, TopicConfig.partitions(1));
            broker.createGroup(name, "workers", GroupConfig.shared(Duration.ofSeconds(30), 1));
            broker.publish(name, List.of(OutgoingMessage.of("poison")));
            for (Delivery delivery : broker.receive(name, "workers", "w1", 1, Duration.ofSeconds(2))) {
                broker.nack(delivery.receipt(), "cannot parse");
            }
            return name + ".workers.dlq";
        }

        @Override
        public void publish(String queue, int messages) {
            List<OutgoingMessage> batch = new ArrayList<>();
            for (int i = 0; i < messages; i++) {
                batch.add(OutgoingMessage.keyed("key-" + i, "message " + i));
            }
            broker.publish(queue, batch);
        }

        @Override
        public void consumeAndAcknowledge(String queue, String group, int messages) throws Exception {
            broker.createGroup(queue, group, GroupConfig.ordered());
            Map<Integer, Long> next = new HashMap<>();
            broker.describeTopic(queue).partitions().forEach(p -> next.put(p.partition(), p.startOffset()));
            int consumed = 0;
            while (consumed < messages) {
                for (ConsumedMessage message : broker.fetch(queue, group, "c1", messages - consumed, Duration.ofSeconds(2))) {
                    next.put(message.partition(), message.offset() + 1);
                    consumed++;
                }
            }
            broker.commit(queue, group, "c1", next);
            broker.leaveGroup(queue, group, "c1");
        }

        @Override
        public void deleteQueue(String queue) throws Exception {
            broker.deleteTopic(queue);
        }

        @Override
        public boolean hasConsumerGroups() {
            return true;
        }

        @Override
        public Duration settleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close() throws Exception {
            broker.close();
        }
    }
}
