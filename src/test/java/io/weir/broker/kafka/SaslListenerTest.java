package io.weir.broker.kafka;

import java.util.Set;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.clients.admin.NewPartitions;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
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
import org.apache.kafka.common.errors.ClusterAuthorizationException;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.message.ApiVersionsRequestData;
import org.apache.kafka.common.message.ApiVersionsResponseData;
import org.apache.kafka.common.message.MetadataRequestData;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.SaslAuthenticateRequestData;
import org.apache.kafka.common.message.SaslAuthenticateResponseData;
import org.apache.kafka.common.message.SaslHandshakeRequestData;
import org.apache.kafka.common.message.SaslHandshakeResponseData;
import org.apache.kafka.common.protocol.ApiKeys;
import org.apache.kafka.common.protocol.Errors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SASL/PLAIN on the listener (SASL_PLAINTEXT) with unmodified kafka-clients and raw requests:
 * sign-in, the roles' permissions answered with the per-API error, and connections that send
 * requests before signing in closed as a Kafka broker closes them.
 */
class SaslListenerTest {

    @TempDir
    Path dir;
    ListenerFixture weir;

    @BeforeEach
    void startWeir() throws Exception {
        weir = new ListenerFixture(dir, new ListenerSecurity(ListenerUsers.USERS, null));
        weir.createTopic("orders", 2);
    }

    @AfterEach
    void stopWeir() throws Exception {
        weir.close();
    }

    @Test
    void anOperatorProducesAndConsumesInAGroupAndCommits() throws Exception {
        try (KafkaProducer<String, String> producer = weir.producer(as("otto", "operator-password"))) {
            for (int i = 0; i < 4; i++) {
                producer.send(new ProducerRecord<>("orders", i % 2, "key" + i, "value" + i)).get();
            }
        }
        Map<String, Object> group = as("otto", "operator-password");
        group.put(ConsumerConfig.GROUP_ID_CONFIG, "billing");
        try (KafkaConsumer<String, String> consumer = weir.consumer(group)) {
            consumer.subscribe(List.of("orders"));
            assertThat(poll(consumer, 4)).extracting(ConsumerRecord::value)
                    .containsExactlyInAnyOrder("value0", "value1", "value2", "value3");
            consumer.commitSync();
        }
        assertThat(weir.broker.describeGroup("orders", "billing").committed()).containsEntry(0, 2L).containsEntry(1, 2L);
    }

    @Test
    void aWrongPasswordFailsWithSaslAuthenticationFailed() {
        try (Admin admin = admin(as("otto", "not-the-password"))) {
            assertThatThrownBy(() -> admin.listTopics().names().get()).isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOf(SaslAuthenticationException.class)
                    .hasMessageContaining("invalid username or password");
        }
    }

    @Test
    void aViewerCannotProduceAndNothingIsStored() throws Exception {
        Map<String, Object> settings = as("vera", "viewer-password");
        settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        settings.put(ProducerConfig.RETRIES_CONFIG, 0);
        try (KafkaProducer<String, String> producer = weir.producer(settings)) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>("orders", 0, "k", "v")).get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        try (KafkaProducer<String, String> idempotent = weir.producer(as("vera", "viewer-password"))) {
            assertThatThrownBy(() -> idempotent.send(new ProducerRecord<>("orders", 0, "k", "v")).get())
                    .cause().isInstanceOf(ClusterAuthorizationException.class);
        }
        assertThat(weir.broker.describeTopic("orders").partitions())
                .allSatisfy(partition -> assertThat(partition.endOffset()).isZero());
    }

    @Test
    void aViewerReadsRecordsWithoutAGroupButCannotJoinOne() throws Exception {
        try (KafkaProducer<String, String> producer = weir.producer(as("otto", "operator-password"))) {
            producer.send(new ProducerRecord<>("orders", 1, "k", "readable")).get();
        }
        try (KafkaConsumer<String, String> consumer = weir.consumer(as("vera", "viewer-password"))) {
            TopicPartition partition = new TopicPartition("orders", 1);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(poll(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("readable");
        }
        Map<String, Object> group = as("vera", "viewer-password");
        group.put(ConsumerConfig.GROUP_ID_CONFIG, "viewers");
        try (KafkaConsumer<String, String> consumer = weir.consumer(group)) {
            consumer.subscribe(List.of("orders"));
            assertThatThrownBy(() -> poll(consumer, 1)).isInstanceOf(GroupAuthorizationException.class);
        }
    }

    @Test
    void aViewerListsTopicsButCannotCreateOrDeleteThem() throws Exception {
        try (Admin admin = admin(as("vera", "viewer-password"))) {
            assertThat(admin.listTopics().names().get()).contains("orders");
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("new-one", 1, (short) 1))).all().get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteTopics(List.of("orders")).all().get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
        }
        assertThat(weir.broker.topics()).contains("orders").doesNotContain("new-one");
    }

    @Test
    void aViewerCannotGrowTopicsChangeTheirSettingsOrDeleteGroupsAndTheirOffsets() throws Exception {
        try (Admin admin = admin(as("vera", "viewer-password"))) {
            assertThatThrownBy(() -> admin.createPartitions(Map.of("orders", NewPartitions.increaseTo(4))).all().get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
            ConfigResource orders = new ConfigResource(ConfigResource.Type.TOPIC, "orders");
            assertThatThrownBy(() -> admin.incrementalAlterConfigs(Map.of(orders, List.of(new AlterConfigOp(
                    new ConfigEntry("retention.ms", "1000"), AlterConfigOp.OpType.SET)))).all().get())
                    .cause().isInstanceOf(TopicAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroups(List.of("billing")).all().get())
                    .cause().isInstanceOf(GroupAuthorizationException.class);
            assertThatThrownBy(() -> admin.deleteConsumerGroupOffsets("billing", Set.of(new TopicPartition("orders", 0)))
                    .all().get()).cause().isInstanceOf(GroupAuthorizationException.class);
        }
        assertThat(weir.broker.describeTopic("orders").partitions()).hasSize(2);
    }

    @Test
    void aRequestBeforeSigningInClosesTheConnectionAfterApiVersionsWasAnswered() throws Exception {
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            ApiVersionsResponseData versions = raw.send(ApiKeys.API_VERSIONS, (short) 3, new ApiVersionsRequestData()
                    .setClientSoftwareName("raw").setClientSoftwareVersion("1"));
            assertThat(versions.apiKeys().find(ApiKeys.SASL_AUTHENTICATE.id).maxVersion()).isEqualTo((short) 2);
            assertThatThrownBy(() -> raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData()))
                    .isInstanceOfAny(EOFException.class, SocketException.class);
        }
    }

    @Test
    void aFailedSignInAnswersWithItsMessageThenClosesOnTheNextRequest() throws Exception {
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN");
            SaslAuthenticateResponseData failed = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(token("", "vera", "guess")));
            assertThat(failed.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
            assertThat(failed.errorMessage()).isEqualTo("Authentication failed: invalid username or password");
            assertThatThrownBy(() -> raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData()))
                    .isInstanceOfAny(EOFException.class, SocketException.class);
        }
    }

    @Test
    void aMechanismOtherThanPlainIsRefused() throws Exception {
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("SCRAM-SHA-512"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.UNSUPPORTED_SASL_MECHANISM.code());
            assertThat(handshake.mechanisms()).containsExactly("PLAIN");
        }
    }

    @Test
    void anAuthorizationIdOtherThanTheUserIsRefused() throws Exception {
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1, new SaslHandshakeRequestData().setMechanism("PLAIN"));
            SaslAuthenticateResponseData failed = raw.send(ApiKeys.SASL_AUTHENTICATE, (short) 2,
                    new SaslAuthenticateRequestData().setAuthBytes(token("otto", "vera", "viewer-password")));
            assertThat(failed.errorCode()).isEqualTo(Errors.SASL_AUTHENTICATION_FAILED.code());
        }
    }

    @Test
    void theVersionZeroHandshakeTakesTheBareTokenAndThenServesRequests() throws Exception {
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 0,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.NONE.code());
            assertThat(raw.exchangeFrame(token("", "vera", "viewer-password"))).isEmpty();
            MetadataResponseData metadata = raw.send(ApiKeys.METADATA, (short) 12,
                    new MetadataRequestData().setTopics(null)); // null: every topic
            assertThat(metadata.topics()).extracting(MetadataResponseData.MetadataResponseTopic::name).contains("orders");
        }
        try (RawKafka raw = new RawKafka(weir.listener.port())) {
            raw.send(ApiKeys.SASL_HANDSHAKE, (short) 0, new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThatThrownBy(() -> raw.exchangeFrame(token("", "vera", "wrong-password")))
                    .isInstanceOfAny(EOFException.class, SocketException.class);
        }
    }

    @Test
    void aListenerWithoutSaslAnswersSaslRequestsWithIllegalSaslState() throws Exception {
        try (ListenerFixture plain = new ListenerFixture(dir.resolve("plain"));
                RawKafka raw = new RawKafka(plain.listener.port())) {
            SaslHandshakeResponseData handshake = raw.send(ApiKeys.SASL_HANDSHAKE, (short) 1,
                    new SaslHandshakeRequestData().setMechanism("PLAIN"));
            assertThat(handshake.errorCode()).isEqualTo(Errors.ILLEGAL_SASL_STATE.code());
            MetadataResponseData metadata = raw.send(ApiKeys.METADATA, (short) 12, new MetadataRequestData());
            assertThat(metadata.topics()).isEmpty();
        }
    }

    private Admin admin(Map<String, Object> settings) {
        Map<String, Object> config = new HashMap<>(settings);
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, weir.bootstrap());
        return Admin.create(config);
    }

    private static Map<String, Object> as(String user, String password) {
        return ListenerUsers.clientSettings(user, password, null);
    }

    /** RFC 4616's message: authorization id, user name, password, separated by NUL. */
    static byte[] token(String authorizationId, String user, String password) {
        return (authorizationId + "\u0000" + user + "\u0000" + password).getBytes(StandardCharsets.UTF_8);
    }

    static List<ConsumerRecord<String, String>> poll(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> got = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (got.size() < count && System.nanoTime() < deadline) {
            consumer.poll(Duration.ofMillis(200)).forEach(got::add);
        }
        return got;
    }
}
