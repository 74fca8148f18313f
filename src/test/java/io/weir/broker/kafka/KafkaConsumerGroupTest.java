package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.broker.GroupDescription;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.GroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.RangeAssignor;
import org.apache.kafka.clients.consumer.RoundRobinAssignor;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.GroupState;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Unmodified KafkaConsumers in a consumer group (classic protocol) against the listener: the
 * clients' assignors split the partitions, commits land in the broker's ordered group of the
 * same name, and Admin lists and describes the group.
 */
class KafkaConsumerGroupTest extends ListenerTestCase {


    @BeforeEach
    void createTopics() throws Exception {
        weir.createTopic("orders", 4);
        produce(0, 40);
    }


    @Test
    void aGroupConsumesEverythingAndItsCommitsAreTheBrokersGroupOffsets() throws Exception {
        try (KafkaConsumer<String, String> consumer = member("billing", RangeAssignor.class)) {
            consumer.subscribe(List.of("orders"));
            List<ConsumerRecord<String, String>> got = pollUntil(consumer, 40);
            assertThat(got).extracting(ConsumerRecord::value).hasSize(40).doesNotHaveDuplicates();
            consumer.commitSync();
            Map<TopicPartition, OffsetAndMetadata> committed = consumer.committed(Set.copyOf(partitions()));
            for (TopicPartition tp : partitions()) {
                assertThat(committed.get(tp).offset()).isEqualTo(10);
            }
        }
        GroupDescription group = weir.broker.describeGroup("orders", "billing");
        assertThat(group.committed()).containsExactlyInAnyOrderEntriesOf(Map.of(0, 10L, 1, 10L, 2, 10L, 3, 10L));
        assertThat(group.totalLag()).isZero();

        produce(40, 8);
        try (KafkaConsumer<String, String> again = member("billing", RangeAssignor.class)) {
            again.subscribe(List.of("orders"));
            List<ConsumerRecord<String, String>> rest = pollUntil(again, 8);
            assertThat(rest).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("v40", "v41", "v42", "v43", "v44", "v45", "v46", "v47");
        }
    }

    @ParameterizedTest
    @ValueSource(classes = {RangeAssignor.class, RoundRobinAssignor.class, CooperativeStickyAssignor.class})
    void aSecondMemberTakesHalfThePartitions(Class<?> assignor) throws Exception {
        try (KafkaConsumer<String, String> first = member("split", assignor);
                KafkaConsumer<String, String> second = member("split", assignor)) {
            first.subscribe(List.of("orders"));
            List<ConsumerRecord<String, String>> got = new ArrayList<>(pollUntil(first, 40));
            first.commitSync();
            second.subscribe(List.of("orders"));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while ((first.assignment().size() != 2 || second.assignment().size() != 2) && System.nanoTime() < deadline) {
                first.poll(Duration.ofMillis(100)).forEach(got::add);
                second.poll(Duration.ofMillis(100)).forEach(got::add);
            }
            assertThat(first.assignment()).hasSize(2);
            assertThat(second.assignment()).hasSize(2);
            Set<TopicPartition> all = new HashSet<>(first.assignment());
            all.addAll(second.assignment());
            assertThat(all).containsExactlyInAnyOrderElementsOf(partitions());
            assertThat(got).hasSize(40); // nothing read twice: the first member's commit holds across the rebalance

            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()))) {
                ConsumerGroupDescription described = admin.describeConsumerGroups(List.of("split"))
                        .describedGroups().get("split").get();
                assertThat(described.groupState()).isEqualTo(GroupState.STABLE);
                assertThat(described.members()).hasSize(2);
                assertThat(described.members()).allSatisfy(m -> assertThat(m.assignment().topicPartitions()).hasSize(2));
                Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("split")
                        .partitionsToOffsetAndMetadata().get();
                assertThat(offsets).hasSize(4);
                assertThat(offsets.values()).allSatisfy(o -> assertThat(o.offset()).isEqualTo(10));
                assertThat(admin.listGroups().all().get()).extracting(GroupListing::groupId).contains("split");
            }
        }
    }

    private KafkaConsumer<String, String> member(String group, Class<?> assignor) {
        Map<String, Object> settings = new HashMap<>();
        settings.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        settings.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, assignor.getName());
        settings.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 500);
        return weir.consumer(settings);
    }

    private static List<ConsumerRecord<String, String>> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        return got;
    }

    private void produce(int from, int count) throws Exception {
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            for (int i = from; i < from + count; i++) {
                producer.send(new ProducerRecord<>("orders", i % 4, "k" + i, "v" + i));
            }
        }
    }

    private static List<TopicPartition> partitions() {
        return List.of(new TopicPartition("orders", 0), new TopicPartition("orders", 1),
                new TopicPartition("orders", 2), new TopicPartition("orders", 3));
    }
}
