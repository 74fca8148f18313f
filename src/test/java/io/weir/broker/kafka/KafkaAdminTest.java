package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.AlterConfigsOptions;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.CreatePartitionsOptions;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.InvalidPartitionsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kafka-clients' Admin against the listener: topics created, grown, described, configured and deleted. */
class KafkaAdminTest extends ListenerTestCase {

    Admin admin;

    @BeforeEach
    void connectAdmin() {
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()));
    }

    @AfterEach
    void closeAdmin() {
        admin.close(Duration.ofSeconds(5));
    }

    @Test
    void aTopicCreatedByAdminIsTheBrokersTopicWithItsRetention() throws Exception {
        admin.createTopics(List.of(new NewTopic("audit", Optional.of(3), Optional.empty())
                .configs(Map.of("retention.ms", "3600000", "retention.bytes", "1048576")))).all().get();
        io.weir.broker.TopicDescription stored = weir.broker.describeTopic("audit");
        assertThat(stored.partitions()).hasSize(3);
        assertThat(stored.config().retentionTime()).isEqualTo(Duration.ofHours(1));
        assertThat(stored.config().retentionBytes()).isEqualTo(1048576);

        TopicDescription described = admin.describeTopics(List.of("audit")).allTopicNames().get().get("audit");
        assertThat(described.partitions()).hasSize(3);
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "audit");
        Config config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(config.get("retention.ms").value()).isEqualTo("3600000");
        assertThat(config.get("retention.bytes").value()).isEqualTo("1048576");
        assertThat(admin.describeCluster().nodes().get()).singleElement()
                .satisfies(node -> assertThat(node.port()).isEqualTo(weir.listener.port()));

        assertThat(cause(() -> admin.createTopics(List.of(new NewTopic("audit", 1, (short) 1))).all().get()))
                .isInstanceOf(TopicExistsException.class);
        assertThat(cause(() -> admin.createTopics(List.of(new NewTopic("other", 1, (short) 1)
                .configs(Map.of("cleanup.policy", "compact")))).all().get()))
                .isInstanceOf(InvalidConfigurationException.class);

        admin.deleteTopics(List.of("audit")).all().get();
        assertThat(weir.broker.topics()).doesNotContain("audit");
    }

    @Test
    void createPartitionsGrowsTheBrokersTopicDurablyAndConsumersReadTheNewPartitions() throws Exception {
        admin.createTopics(List.of(new NewTopic("events", 2, (short) 1))).all().get();

        admin.createPartitions(Map.of("events", NewPartitions.increaseTo(4)),
                new CreatePartitionsOptions().validateOnly(true)).all().get();
        assertThat(weir.broker.describeTopic("events").partitions()).as("validateOnly changes nothing").hasSize(2);
        admin.createPartitions(Map.of("events", NewPartitions.increaseTo(4))).all().get();

        assertThat(weir.broker.describeTopic("events").partitions()).hasSize(4);
        assertThat(weir.broker.describeTopic("events").config().partitions()).isEqualTo(4);
        assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions()).hasSize(4);
        try (KafkaProducer<String, String> producer = weir.producer(Map.of())) {
            producer.send(new ProducerRecord<>("events", 3, "k", "in-the-new-partition")).get();
        }
        assertThat(weir.broker.describeTopic("events").partitions().get(3).endOffset()).isEqualTo(1);
        try (KafkaConsumer<String, String> consumer = weir.consumer(Map.of())) {
            consumer.assign(List.of(new TopicPartition("events", 3)));
            ConsumerRecords<String, String> got = ConsumerRecords.empty();
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (got.isEmpty() && System.nanoTime() < deadline) {
                got = consumer.poll(Duration.ofMillis(200));
            }
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("in-the-new-partition");
        }

        assertThat(cause(() -> admin.createPartitions(Map.of("events", NewPartitions.increaseTo(2))).all().get()))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThat(cause(() -> admin.createPartitions(Map.of("events", NewPartitions.increaseTo(4))).all().get()))
                .isInstanceOf(InvalidPartitionsException.class);
        assertThat(cause(() -> admin.createPartitions(Map.of("missing", NewPartitions.increaseTo(4))).all().get()))
                .isInstanceOf(UnknownTopicOrPartitionException.class);

        admin.close(Duration.ofSeconds(5));
        weir.restart();
        admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap()));
        assertThat(weir.broker.describeTopic("events").partitions()).hasSize(4);
        assertThat(admin.describeTopics(List.of("events")).allTopicNames().get().get("events").partitions()).hasSize(4);
    }

    @Test
    void incrementalAlterConfigsSetsAndDeletesTheBrokersTopicSettings() throws Exception {
        admin.createTopics(List.of(new NewTopic("metrics", 1, (short) 1)
                .configs(Map.of("retention.bytes", "1048576")))).all().get();
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, "metrics");

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET))),
                new AlterConfigsOptions().validateOnly(true)).all().get();
        assertThat(weir.broker.describeTopic("metrics").config().retentionTime()).as("validateOnly changes nothing")
                .isNull();

        admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "7200000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("max.message.bytes", "65536"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("segment.bytes", "2097152"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("retention.bytes", ""), AlterConfigOp.OpType.DELETE)))).all().get();

        io.weir.broker.TopicConfig stored = weir.broker.describeTopic("metrics").config();
        assertThat(stored.retentionTime()).isEqualTo(Duration.ofHours(2));
        assertThat(stored.log().maxRecordBytes()).isEqualTo(65536);
        assertThat(stored.log().segmentBytes()).isEqualTo(2097152);
        assertThat(stored.retentionBytes()).as("deleted: back to the default, no limit").isZero();
        Config described = admin.describeConfigs(List.of(resource)).all().get().get(resource);
        assertThat(described.get("retention.ms").value()).isEqualTo("7200000");
        assertThat(described.get("retention.bytes").value()).isEqualTo("-1");
        assertThat(described.get("max.message.bytes").value()).isEqualTo("65536");
        assertThat(described.get("retention.ms").isReadOnly()).isFalse();

        assertThat(cause(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "60000"), AlterConfigOp.OpType.SET),
                new AlterConfigOp(new ConfigEntry("min.insync.replicas", "2"), AlterConfigOp.OpType.SET)))).all().get()))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(cause(() -> admin.incrementalAlterConfigs(Map.of(resource, List.of(
                new AlterConfigOp(new ConfigEntry("retention.ms", "soon"), AlterConfigOp.OpType.SET)))).all().get()))
                .isInstanceOf(InvalidConfigurationException.class);
        assertThat(weir.broker.describeTopic("metrics").config().retentionTime()).as("a refused change changes nothing")
                .isEqualTo(Duration.ofHours(2));

        weir.restart();
        assertThat(weir.broker.describeTopic("metrics").config()).isEqualTo(stored);
    }
}
