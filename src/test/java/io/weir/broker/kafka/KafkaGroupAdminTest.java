package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.GroupConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.GroupNotEmptyException;
import org.apache.kafka.common.errors.GroupSubscribedToTopicException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * kafka-clients' Admin deleting consumer groups and their offsets over the listener: what it
 * deletes is gone from the broker's ordered groups, and groups in use are refused as Kafka refuses them.
 */
class KafkaGroupAdminTest extends ListenerTestCase {

    Admin admin;

    @BeforeEach
    void topicsAndAdmin() throws Exception {
        weir.createTopic("orders", 2);
        weir.createTopic("refunds", 2);
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            for (int i = 0; i < 6; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, "k" + i, "order-" + i)).get();
                producer.send(new ProducerRecord<>("refunds", i % 2, "k" + i, "refund-" + i)).get();
            }
        }
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()));
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void aGroupWithAnActiveMemberIsNotDeletedAndAnIdleOneIsDeletedFromTheBroker() throws Exception {
        try (KafkaConsumer<String, String> consumer = member("billing")) {
            consumer.subscribe(List.of("orders"));
            pollUntil(consumer, 6);
            consumer.commitSync();
            assertThat(weir.broker.describeGroup("orders", "billing").committed()).containsEntry(0, 3L);

            assertThat(cause(() -> admin.deleteConsumerGroups(List.of("billing")).all().get()))
                    .isInstanceOf(GroupNotEmptyException.class);
            assertThat(weir.broker.groups("orders")).extracting(g -> g.group()).containsExactly("billing");
        }

        admin.deleteConsumerGroups(List.of("billing")).all().get();

        assertThat(weir.broker.groups("orders")).isEmpty();
        assertThat(admin.listGroups().all().get()).noneMatch(g -> g.groupId().equals("billing"));
        assertThat(cause(() -> admin.deleteConsumerGroups(List.of("billing")).all().get()))
                .isInstanceOf(GroupIdNotFoundException.class);
        assertThat(cause(() -> admin.deleteConsumerGroups(List.of("never-was")).all().get()))
                .isInstanceOf(GroupIdNotFoundException.class);
    }

    @Test
    void aGroupWhoseBrokerGroupHasBrokerConsumersKeepsItsGroupAndOffsets() throws Exception {
        weir.broker.createGroup("orders", "http-readers", GroupConfig.ordered());
        weir.broker.fetch("orders", "http-readers", "worker-1", 1, Duration.ZERO);

        assertThat(cause(() -> admin.deleteConsumerGroups(List.of("http-readers")).all().get()))
                .isInstanceOf(GroupNotEmptyException.class);
        assertThat(cause(() -> admin.deleteConsumerGroupOffsets("http-readers", Set.of(new TopicPartition("orders", 0)))
                .all().get())).isInstanceOf(GroupSubscribedToTopicException.class);
        assertThat(weir.broker.groups("orders")).hasSize(1);
    }

    @Test
    void offsetsOfASubscribedTopicStayAndOthersAreDeletedFromTheBroker() throws Exception {
        admin.alterConsumerGroupOffsets("audit", Map.of(
                new TopicPartition("orders", 0), new OffsetAndMetadata(2),
                new TopicPartition("orders", 1), new OffsetAndMetadata(3),
                new TopicPartition("refunds", 0), new OffsetAndMetadata(1),
                new TopicPartition("refunds", 1), new OffsetAndMetadata(2))).all().get();

        try (KafkaConsumer<String, String> consumer = member("audit")) {
            consumer.subscribe(List.of("orders"));
            consumer.poll(Duration.ofMillis(500)); // joins the group
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (consumer.assignment().isEmpty() && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(100));
            }
            assertThat(consumer.assignment()).isNotEmpty();

            assertThat(cause(() -> admin.deleteConsumerGroupOffsets("audit", Set.of(new TopicPartition("orders", 0)))
                    .all().get())).isInstanceOf(GroupSubscribedToTopicException.class);
            assertThat(weir.broker.describeGroup("orders", "audit").committed()).containsEntry(0, 2L);

            admin.deleteConsumerGroupOffsets("audit", Set.of(new TopicPartition("refunds", 1))).all().get();
            assertThat(weir.broker.describeGroup("refunds", "audit").committed())
                    .as("partition 1 resumes at the oldest message; partition 0 keeps its offset")
                    .containsEntry(0, 1L).containsEntry(1, 0L);

            admin.deleteConsumerGroupOffsets("audit", Set.of(new TopicPartition("refunds", 0))).all().get();
            assertThat(weir.broker.groups("refunds")).as("no offsets left for refunds").isEmpty();
            Map<TopicPartition, OffsetAndMetadata> left = admin.listConsumerGroupOffsets("audit")
                    .partitionsToOffsetAndMetadata().get();
            assertThat(left.keySet()).containsExactlyInAnyOrder(new TopicPartition("orders", 0),
                    new TopicPartition("orders", 1));
        }
        assertThat(cause(() -> admin.deleteConsumerGroupOffsets("nobody", Set.of(new TopicPartition("orders", 0)))
                .all().get())).isInstanceOf(GroupIdNotFoundException.class);
    }

    private KafkaConsumer<String, String> member(String group) {
        return weir.consumer(Map.of(ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500));
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        assertThat(got).hasSize(count);
        return got;
    }
}
