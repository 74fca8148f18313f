package io.weir.sources.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.BrokerSnapshot;
import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.testing.TestServices;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What only Kafka has: partitions, replicas, committed offsets against the log, min.insync.replicas. */
class KafkaSourceTest {

    private KafkaFixture kafka;
    private String prefix;

    @BeforeAll
    static void requireKafka() {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
    }

    @BeforeEach
    void open() {
        kafka = new KafkaFixture();
        prefix = "kafka-source-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @AfterEach
    void close() throws Exception {
        kafka.source().close();
        kafka.close();
    }

    @Test
    void partitionsReportLeaderReplicasInSyncReplicasAndOffsets() throws Exception {
        String topic = kafka.createQueue(prefix + "-partitions");
        kafka.publish(topic, 12);

        BrokerSnapshot snapshot = await(s -> topic(s, topic).filter(q -> q.messages() == 12).isPresent());
        QueueSnapshot queue = topic(snapshot, topic).orElseThrow();
        int broker = Integer.parseInt(snapshot.health().nodes().get(0).id());
        assertThat(queue.partitions()).hasSize(KafkaFixture.PARTITIONS).allSatisfy(partition -> {
            assertThat(partition.leader()).isEqualTo(broker);
            assertThat(partition.replicas()).containsExactly(broker);
            assertThat(partition.inSyncReplicas()).containsExactly(broker);
            assertThat(partition.startOffset()).isZero();
        });
        assertThat(queue.partitions()).extracting(PartitionSnapshot::partition).containsExactly(0, 1, 2);
        assertThat(queue.partitions().stream().mapToLong(PartitionSnapshot::endOffset).sum()).isEqualTo(12);
        assertThat(queue.sizeBytes()).isPositive();
        assertThat(queue.namespace()).isNull();
        assertThat(queue.messagesReady()).isEqualTo(-1);
        assertThat(queue.publishRate()).isNull();
    }

    @Test
    void brokersReportTheirAddressAndFreeDisk() throws Exception {
        BrokerSnapshot snapshot = kafka.source().read();
        assertThat(snapshot.health().nodes()).singleElement().satisfies(node -> {
            assertThat(node.host()).isEqualTo(TestServices.KAFKA_BOOTSTRAP);
            assertThat(node.diskFreeBytes()).isPositive();
            assertThat(node.diskFreeLimitBytes()).isEqualTo(-1);
        });
        assertThat(snapshot.health().controller()).isNotNull();
        assertThat(snapshot.health().clusterId()).isNotBlank();
    }

    @Test
    void partitionsWithoutACommitShowNoOffsetWhenTheGroupCommittedOnOthers() throws Exception {
        String topic = kafka.createQueue(prefix + "-partial");
        kafka.publish(topic, 30);
        String group = prefix + "-group";
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 1L));

        GroupSnapshot snapshot = awaitGroup(group, g -> g.offsets().size() == KafkaFixture.PARTITIONS
                && offset(g, topic, 0).endOffset() > 1);
        GroupOffset committed = offset(snapshot, topic, 0);
        assertThat(committed.committedOffset()).isEqualTo(1L);
        assertThat(committed.lag()).isEqualTo(committed.endOffset() - 1);
        for (int partition : List.of(1, 2)) {
            assertThat(offset(snapshot, topic, partition).committedOffset()).isNull();
            assertThat(offset(snapshot, topic, partition).lag()).isNull();
        }
    }

    @Test
    void commitBelowTheLogStartCountsLagFromTheLogStart() throws Exception {
        String topic = kafka.createTopic(new NewTopic(prefix + "-truncated", 1, (short) 1));
        kafka.publish(topic, 10);
        String group = prefix + "-group";
        TopicPartition partition = new TopicPartition(topic, 0);
        kafka.commit(group, Map.of(partition, 2L));
        kafka.admin().deleteRecords(Map.of(partition, RecordsToDelete.beforeOffset(6))).all().get();

        GroupSnapshot snapshot = awaitGroup(group, g -> !g.offsets().isEmpty() && g.offsets().get(0).startOffset() == 6);
        GroupOffset offset = snapshot.offsets().get(0);
        assertThat(offset.committedOffset()).isEqualTo(2L);
        assertThat(offset.endOffset()).isEqualTo(10);
        assertThat(offset.lag()).isEqualTo(4);
        assertThat(topic(kafka.source().read(), topic).orElseThrow().messages()).isEqualTo(4);
    }

    @Test
    void lagIsNeverNegativeWhenTheCommitIsBeyondTheLogEnd() throws Exception {
        String topic = kafka.createTopic(new NewTopic(prefix + "-ahead", 1, (short) 1));
        kafka.publish(topic, 3);
        String group = prefix + "-group";
        kafka.commit(group, Map.of(new TopicPartition(topic, 0), 50L));

        GroupSnapshot snapshot = awaitGroup(group, g -> !g.offsets().isEmpty());
        assertThat(snapshot.offsets().get(0).committedOffset()).isEqualTo(50L);
        assertThat(snapshot.offsets().get(0).lag()).isZero();
    }

    @Test
    void activeGroupMembersCountAsConsumersOfTheTopicsTheyCommittedOn() throws Exception {
        String topic = kafka.createQueue(prefix + "-consumed");
        kafka.publish(topic, 5);
        String group = prefix + "-group";
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestServices.KAFKA_BOOTSTRAP);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (var consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plusSeconds(20);
            int received = 0;
            while (received < 5 && Instant.now().isBefore(deadline)) {
                received += consumer.poll(Duration.ofMillis(200)).count();
            }
            consumer.commitSync();

            GroupSnapshot snapshot = awaitGroup(group, g -> g.members() == 1);
            assertThat(snapshot.state()).isEqualTo("Stable");
            assertThat(snapshot.offsets()).extracting(GroupOffset::lag).containsOnly(0L);
            assertThat(topic(kafka.source().read(), topic).orElseThrow().consumers()).isEqualTo(1);
        }
    }

    @Test
    void healthyBrokerHasNoUnderReplicatedOrOfflinePartitions() throws Exception {
        kafka.createQueue(prefix + "-healthy");
        BrokerSnapshot snapshot = kafka.source().read();
        assertThat(snapshot.health().underReplicatedPartitions()).isZero();
        assertThat(snapshot.health().offlinePartitions()).isZero();
    }

    @Test
    void topicWithMinInSyncReplicasAboveItsReplicasIsUnderMinIsr() throws Exception {
        int before = kafka.source().read().health().underMinIsrPartitions();
        // One broker accepts min.insync.replicas=2 on a topic with one replica; acks=all producers would fail.
        kafka.createTopic(new NewTopic(prefix + "-min-isr", KafkaFixture.PARTITIONS, (short) 1)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "2")));
        BrokerSnapshot snapshot = kafka.source().read();
        assertThat(snapshot.health().underMinIsrPartitions()).isGreaterThanOrEqualTo(before + KafkaFixture.PARTITIONS);
        assertThat(snapshot.health().underReplicatedPartitions()).isZero();
    }

    @Test
    void topicWithoutItsOwnMinInSyncReplicasTakesTheBrokerDefault() throws Exception {
        String plain = kafka.createQueue(prefix + "-default-isr");
        String strict = kafka.createTopic(new NewTopic(prefix + "-strict-isr", 1, (short) 1)
                .configs(Map.of(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, "3")));
        String broker = kafka.source().read().health().nodes().get(0).id();
        String brokerDefault = kafka.admin().describeConfigs(List.of(new ConfigResource(ConfigResource.Type.BROKER, broker)))
                .all().get().values().iterator().next().get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value();

        KafkaTopicReader reader = new KafkaTopicReader(kafka.admin(),
                new ReadDeadline(KafkaFixture.settings(TestServices.KAFKA_BOOTSTRAP, Duration.ofSeconds(5))),
                new DeadLetterTopics(List.of()));
        reader.requestNames();
        reader.requestLayout();
        TopicLayout layout = reader.layout();
        assertThat(layout.minInSyncReplicas(plain)).isEqualTo(Integer.parseInt(brokerDefault));
        assertThat(layout.minInSyncReplicas(strict)).isEqualTo(3);
    }

    private static GroupOffset offset(GroupSnapshot group, String topic, int partition) {
        return group.offsets().stream().filter(o -> o.topic().equals(topic) && o.partition() == partition)
                .findFirst().orElseThrow(() -> new AssertionError("no offset for " + topic + "-" + partition));
    }

    private static Optional<QueueSnapshot> topic(BrokerSnapshot snapshot, String topic) {
        return snapshot.queues().stream().filter(q -> q.name().equals(topic)).findFirst();
    }

    private GroupSnapshot awaitGroup(String group, Predicate<GroupSnapshot> matches) throws Exception {
        Predicate<GroupSnapshot> named = g -> g.group().equals(group);
        BrokerSnapshot snapshot = await(s -> s.groups().stream().anyMatch(named.and(matches)));
        return snapshot.groups().stream().filter(named).findFirst().orElseThrow();
    }

    private BrokerSnapshot await(Predicate<BrokerSnapshot> matches) throws Exception {
        Instant deadline = Instant.now().plusSeconds(15);
        BrokerSnapshot last = null;
        while (Instant.now().isBefore(deadline)) {
            last = kafka.source().read();
            if (matches.test(last)) {
                return last;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("waited 15 s; last snapshot: " + last);
    }
}
