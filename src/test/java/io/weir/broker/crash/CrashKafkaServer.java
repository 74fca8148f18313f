package io.weir.broker.crash;

import io.vertx.core.Vertx;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import io.weir.broker.kafka.KafkaListener;
import io.weir.broker.log.FlushPolicy;
import io.weir.broker.log.LogConfig;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The child process of the Kafka crash harness ({@link KafkaCrashHarness}): opens a {@link Broker}
 * on a directory, creates the topic {@value #TOPIC} on first start, and serves it with the Kafka
 * protocol listener on 127.0.0.1 as Weir does (group commit: a produce is answered once fsynced).
 *
 * <p>Arguments: data directory, port. Prints {@code READY} once the listener accepts connections,
 * then runs until it is killed.
 */
public final class CrashKafkaServer {

    static final String TOPIC = "kafka-crash";
    static final int PARTITIONS = 4;
    private static final LogConfig LOG = LogConfig.defaults().withFlushPolicy(FlushPolicy.GROUP_COMMIT);

    private CrashKafkaServer() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        Broker broker = Broker.open(Path.of(args[0]), BrokerConfig.defaults());
        if (!broker.topics().contains(TOPIC)) {
            broker.createTopic(TOPIC, TopicConfig.partitions(PARTITIONS).withLog(LOG));
        }
        KafkaListener.start(broker, Vertx.vertx(), new KafkaListener.Settings("127.0.0.1", Integer.parseInt(args[1]),
                null, TopicConfig.partitions(1).withLog(LOG), GroupConfig.ordered()));
        System.out.println("READY");
        System.out.flush();
        Thread.currentThread().join(); // Vert.x's threads serve; this one waits for the kill
    }
}
