package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.GroupConfig;
import io.weir.broker.TopicConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS from PEM files with SASL/PLAIN (SASL_SSL), with unmodified kafka-clients and Debian's kcat
 * (librdkafka) trusting a certificate made for the test; and the rule that keeps a listener
 * without SASL on loopback.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TlsListenerTest {

    Path dir;
    TestCertificate certificate;
    ListenerFixture weir;

    @BeforeAll
    void startWeir(@TempDir Path dir) throws Exception {
        this.dir = dir;
        certificate = TestCertificate.create(dir);
        weir = new ListenerFixture(dir.resolve("data"), new ListenerSecurity(ListenerUsers.USERS, certificate.tls()));
        weir.createTopic("secure", 2);
    }

    @AfterAll
    void stopWeir() throws Exception {
        weir.close();
    }

    @Test
    void javaClientsRoundTripKeysHeadersAndGroupOffsetsOverSaslSsl() throws Exception {
        weir.createTopic("java-tls", 1);
        try (KafkaProducer<String, String> producer = weir.producer(as("otto", "operator-password"))) {
            for (int i = 0; i < 3; i++) {
                producer.send(new ProducerRecord<>("java-tls", 0, "key" + i, "value" + i,
                        List.of(new RecordHeader("n", String.valueOf(i).getBytes(StandardCharsets.UTF_8))))).get();
            }
        }
        Map<String, Object> group = as("otto", "operator-password");
        group.put(ConsumerConfig.GROUP_ID_CONFIG, "tls-group");
        try (KafkaConsumer<String, String> consumer = weir.consumer(group)) {
            consumer.subscribe(List.of("java-tls"));
            List<ConsumerRecord<String, String>> got = SaslListenerTest.poll(consumer, 3);
            assertThat(got).extracting(ConsumerRecord::key).containsExactly("key0", "key1", "key2");
            assertThat(got).extracting(ConsumerRecord::value).containsExactly("value0", "value1", "value2");
            assertThat(new String(got.get(2).headers().lastHeader("n").value(), StandardCharsets.UTF_8)).isEqualTo("2");
            consumer.commitSync();
        }
        assertThat(weir.broker.describeGroup("java-tls", "tls-group").committed()).containsEntry(0, 3L);
    }

    @Test
    void kcatProducesAsAnOperatorAndAViewerReadsItBackOverSaslSsl() throws Exception {
        kcat("otto", "operator-password", "k1:v1\nk2:v2\n", 0, "-P", "-t", "secure", "-p", "1", "-K:", "-H", "via=kcat");
        String read = kcat("vera", "viewer-password", "", 0, "-C", "-t", "secure", "-p", "1", "-o", "beginning", "-e",
                "-f", "%k=%s %h\\n");
        assertThat(read.lines()).containsExactly("k1=v1 via=kcat", "k2=v2 via=kcat");
        try (KafkaConsumer<String, String> consumer = weir.consumer(as("vera", "viewer-password"))) {
            TopicPartition partition = new TopicPartition("secure", 1);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            assertThat(SaslListenerTest.poll(consumer, 2)).extracting(ConsumerRecord::value).containsExactly("v1", "v2");
        }
    }

    @Test
    void kcatAsAViewerCannotProduce() throws Exception {
        long before = weir.broker.describeTopic("secure").partitions().get(0).endOffset();
        String out = kcat("vera", "viewer-password", "k:refused\n", 1, "-P", "-t", "secure", "-p", "0", "-K:");
        assertThat(out).contains("Topic authorization failed");
        assertThat(weir.broker.describeTopic("secure").partitions().get(0).endOffset()).isEqualTo(before);
    }

    @Test
    void kcatWithAWrongPasswordFails() throws Exception {
        String out = kcat("vera", "not-it", "", 1, "-L");
        assertThat(out).contains("SASL authentication error").contains("invalid username or password");
    }

    @Test
    void tlsWithoutSaslServesJavaClientsOnLoopback() throws Exception {
        try (ListenerFixture tlsOnly = new ListenerFixture(dir.resolve("tls-only"), new ListenerSecurity(null,
                certificate.tls()))) {
            tlsOnly.createTopic("plain-tls", 1);
            Map<String, Object> ssl = Map.of("security.protocol", "SSL", "ssl.truststore.type", "PEM",
                    "ssl.truststore.certificates", certificate.certificatePem());
            try (KafkaProducer<String, String> producer = tlsOnly.producer(ssl)) {
                producer.send(new ProducerRecord<>("plain-tls", 0, "k", "encrypted")).get();
            }
            try (KafkaConsumer<String, String> consumer = tlsOnly.consumer(ssl)) {
                TopicPartition partition = new TopicPartition("plain-tls", 0);
                consumer.assign(List.of(partition));
                consumer.seekToBeginning(List.of(partition));
                assertThat(SaslListenerTest.poll(consumer, 1)).extracting(ConsumerRecord::value)
                        .containsExactly("encrypted");
            }
        }
    }

    @Test
    void withoutSaslANonLoopbackAddressIsRefused() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Broker broker = Broker.open(dir.resolve("refused"), BrokerConfig.defaults())) {
            for (ListenerSecurity security : List.of(ListenerSecurity.NONE, new ListenerSecurity(null, certificate.tls()))) {
                assertThatThrownBy(() -> KafkaListener.start(broker, vertx, new KafkaListener.Settings("0.0.0.0", 0,
                        null, TopicConfig.partitions(1), GroupConfig.ordered(), security)))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("refusing to listen for Kafka clients on 0.0.0.0 without SASL");
            }
            try (KafkaListener withSasl = KafkaListener.start(broker, vertx, new KafkaListener.Settings("0.0.0.0", 0,
                    null, TopicConfig.partitions(1), GroupConfig.ordered(),
                    new ListenerSecurity(ListenerUsers.USERS, null)))) {
                assertThat(withSasl.port()).isPositive();
            }
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aMissingKeyFileStopsTheListenerWithTheFilesNamed() throws Exception {
        Vertx vertx = Vertx.vertx();
        try (Broker broker = Broker.open(dir.resolve("no-key"), BrokerConfig.defaults())) {
            ListenerSecurity security = new ListenerSecurity(ListenerUsers.USERS,
                    new ListenerSecurity.Tls(certificate.certificate(), dir.resolve("absent.key")));
            assertThatThrownBy(() -> KafkaListener.start(broker, vertx, new KafkaListener.Settings("127.0.0.1", 0,
                    null, TopicConfig.partitions(1), GroupConfig.ordered(), security)))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("cannot listen for Kafka clients").hasMessageContaining("absent.key");
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private Map<String, Object> as(String user, String password) {
        return ListenerUsers.clientSettings(user, password, certificate.certificatePem());
    }

    /** kcat over SASL_SSL as {@code user}, checking its exit code; returns stdout, and stderr too when it is to fail. */
    private String kcat(String user, String password, String input, int exitCode, String... args)
            throws IOException, InterruptedException {
        // quiet when it is to succeed; otherwise librdkafka's errors are what the test reads
        List<String> command = new ArrayList<>(List.of("kcat", "-b", weir.bootstrap(), exitCode == 0 ? "-q" : "-v",
                "-X", "security.protocol=SASL_SSL", "-X", "sasl.mechanisms=PLAIN",
                "-X", "sasl.username=" + user, "-X", "sasl.password=" + password,
                "-X", "ssl.ca.location=" + certificate.certificate(), "-m", exitCode == 0 ? "10" : "3"));
        command.addAll(List.of(args));
        Path errors = Files.createTempFile(dir, "kcat", ".err");
        Process process = new ProcessBuilder(command).redirectError(errors.toFile()).start();
        process.getOutputStream().write(input.getBytes(StandardCharsets.UTF_8));
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kcat finished").isTrue();
        String err = Files.readString(errors);
        assertThat(process.exitValue()).as("kcat exit code, output: " + out + err).isEqualTo(exitCode);
        return exitCode == 0 ? out : out + err;
    }
}
