package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewPartitions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.InvalidConfigurationException;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** kafka-clients' Admin against the listener: topics created, described, configured and deleted. */
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
        assertThat(cause(() -> admin.createPartitions(Map.of("audit", NewPartitions.increaseTo(5))).all().get()))
                .isInstanceOf(UnsupportedVersionException.class);

        admin.deleteTopics(List.of("audit")).all().get();
        assertThat(weir.broker.topics()).doesNotContain("audit");
    }

    private interface Call {
        void run() throws Exception;
    }

    private static Throwable cause(Call call) {
        try {
            call.run();
        } catch (ExecutionException e) {
            return e.getCause();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }
}
