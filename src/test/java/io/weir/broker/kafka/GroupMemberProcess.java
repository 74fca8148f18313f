package io.weir.broker.kafka;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * One member of {@link ConsumerGroupKillTest}'s group, in a JVM of its own so that it can be
 * SIGKILLed: an unmodified KafkaConsumer that processes each poll's records (prints them) and then
 * commits them synchronously, until it is killed. Prints to stdout, one event a line:
 * <pre>
 * ASSIGNED p,p,...             after a rebalance gave it these partitions (possibly none)
 * REVOKED p,p,...              before a rebalance takes them
 * R partition offset key value a record processed, flushed before its offset is committed
 * </pre>
 * Arguments: bootstrap servers, topic, group, session timeout in milliseconds.
 */
public final class GroupMemberProcess {

    private GroupMemberProcess() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, args[0]);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, args[2]);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, Integer.parseInt(args[3]));
        config.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 300);
        // the rebalance timeout: how long a rebalance waits for members to rejoin
        config.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, 20_000);
        config.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(args[1]), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    out.println("REVOKED " + partitions(partitions));
                    out.flush();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    out.println("ASSIGNED " + partitions(partitions));
                    out.flush();
                }
            });
            while (true) {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    continue;
                }
                for (ConsumerRecord<String, String> r : records) {
                    out.println("R " + r.partition() + " " + r.offset() + " " + r.key() + " " + r.value());
                }
                out.flush();
                try {
                    consumer.commitSync();
                } catch (RuntimeException e) {
                    // a rebalance took the partitions first: their records are processed again by the next owner
                    System.err.println("commit failed: " + e);
                }
            }
        }
    }

    private static String partitions(Collection<TopicPartition> partitions) {
        return partitions.stream().map(tp -> String.valueOf(tp.partition())).sorted().collect(Collectors.joining(","));
    }
}
