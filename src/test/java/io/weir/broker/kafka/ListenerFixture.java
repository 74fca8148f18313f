package io.weir.broker.kafka;

import io.vertx.core.Vertx;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** A broker in a temporary directory with a Kafka listener on a free port, and real kafka-clients for it. */
final class ListenerFixture implements AutoCloseable {

    /** Group commit, as Weir runs by default, so acknowledgements wait for real fsyncs. */
    static final LogConfig LOG = LogConfig.defaults().withFlushPolicy(FlushPolicy.GROUP_COMMIT);

    private final Path dir;
    private final ListenerSecurity security;
    private final Vertx vertx = Vertx.vertx();
    Broker broker;
    KafkaListener listener;

    ListenerFixture(Path dir) throws IOException, InterruptedException {
        this(dir, ListenerSecurity.NONE);
    }

    ListenerFixture(Path dir, ListenerSecurity security) throws IOException, InterruptedException {
        this.dir = dir;
        this.security = security;
        open();
    }

    private void open() throws IOException, InterruptedException {
        broker = Broker.open(dir, BrokerConfig.defaults().withRetentionInterval(Duration.ofHours(1)));
        listener = KafkaListener.start(broker, vertx, new KafkaListener.Settings("127.0.0.1", 0, null,
                TopicConfig.partitions(1).withLog(LOG), GroupConfig.ordered(), security));
    }

    /** Closes listener and broker and opens both again on the same data (on a new port). */
    void restart() throws IOException, InterruptedException {
        listener.close();
        broker.close();
        open();
    }

    void createTopic(String name, int partitions) throws IOException {
        broker.createTopic(name, TopicConfig.partitions(partitions).withLog(LOG));
    }

    String bootstrap() {
        return "127.0.0.1:" + listener.port();
    }

    KafkaProducer<String, String> producer(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.putAll(settings);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    KafkaConsumer<String, String> consumer(Map<String, Object> settings) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap());
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.putAll(settings);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }

    @Override
    public void close() throws Exception {
        try {
            listener.close();
            broker.close();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }
}
