package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL/PLAIN clients sign in as Weir's own users (the configured operator and viewer, and the admin
 * whose hash is stored in the database), checked by the same password check as the console's
 * sign-in: the running Weir's {@link KafkaUsers} behind a listener of the test's own, so no second
 * Quarkus start with {@code weir.broker.kafka.sasl.enabled} is needed.
 */
@QuarkusTest
class WeirUsersOverSaslTest {

    @Inject
    KafkaUsers users;

    @TempDir
    Path dir;
    ListenerFixture weir;

    @BeforeEach
    void startListener() throws Exception {
        weir = new ListenerFixture(dir, new ListenerSecurity(users, null));
    }

    @AfterEach
    void stopListener() throws Exception {
        weir.close();
    }

    @Test
    void weirsUsersSignInWithTheirPasswordsAndTheirRolesDecide() throws Exception {
        try (Admin admin = Admin.create(client("admin", "test-admin-password"))) {
            admin.createTopics(List.of(new NewTopic("sasl", 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(client("otto", "operator-password"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("sasl", "k", "from-otto")).get();
        }
        Map<String, Object> viewer = client("vera", "viewer-password");
        viewer.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(viewer, new StringSerializer(),
                new StringSerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("sasl", "k", "from-vera")).get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        Map<String, Object> reader = client("vera", "viewer-password");
        reader.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(reader, new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(new TopicPartition("sasl", 0)));
            assertThat(SaslListenerTest.poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("from-otto");
        }
        try (Admin admin = Admin.create(client("otto", "viewer-password"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class);
        }
    }

    private Map<String, Object> client(String user, String password) {
        Map<String, Object> config = new HashMap<>(ListenerUsers.clientSettings(user, password, null));
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap());
        return config;
    }
}
