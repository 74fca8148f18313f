package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.SourceKind;
import io.weir.operations.browse.BrowseRequest.Order;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import io.weir.sources.kafka.KafkaSource;
import io.weir.sources.kafka.KafkaSourceFactory;
import io.weir.testing.TestServices;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Browsing the shared Kafka: a topic of 2 partitions with 40 records stamped a second apart (key
 * {@code k<i>}, header {@code type}), record {@code i} on partition {@code i % 2}, a group that
 * committed on it, and a dead-letter topic written the way Spring Kafka writes one.
 */
class KafkaBrowsingTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOPIC = "browse-orders-" + RUN;
    private static final String DLT = "browse-orders-" + RUN + ".DLT";
    private static final String GROUP = "browse-billing-" + RUN;
    /** Recent enough that retention keeps them. */
    private static final Instant T0 = Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS);

    private static Admin admin;
    private static KafkaSource source;
    private static MessageBrowsing browsing;

    @BeforeAll
    static void produce() throws Exception {
        TestServices.requireReachable("127.0.0.1", 19092, "the shared Kafka");
        admin = Admin.create(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP));
        admin.createTopics(List.of(new NewTopic(TOPIC, 2, (short) 1), new NewTopic(DLT, 1, (short) 1))).all().get();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of("bootstrap.servers", TestServices.KAFKA_BOOTSTRAP,
                "acks", "all"), new ByteArraySerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < 40; i++) {
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(TOPIC, i % 2, T0.plusSeconds(i).toEpochMilli(),
                        bytes("k" + i), bytes("{\"n\":" + i + ",\"text\":\"order " + i + "\"}"));
                record.headers().add("type", bytes(i % 4 == 0 ? "refund" : "sale"));
                producer.send(record).get();
            }
            ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(DLT, 0, T0.plusSeconds(100).toEpochMilli(), bytes("k7"),
                    bytes("order 7"));
            dead.headers().add(new RecordHeader("kafka_dlt-original-topic", bytes(TOPIC)));
            dead.headers().add(new RecordHeader("kafka_dlt-original-partition", ByteBuffer.allocate(4).putInt(1).array()));
            dead.headers().add(new RecordHeader("kafka_dlt-original-offset", ByteBuffer.allocate(8).putLong(3).array()));
            dead.headers().add(new RecordHeader("kafka_dlt-original-consumer-group", bytes(GROUP)));
            dead.headers().add(new RecordHeader("kafka_dlt-exception-fqcn", bytes("java.lang.IllegalStateException")));
            dead.headers().add(new RecordHeader("kafka_dlt-exception-message", bytes("price missing")));
            producer.send(dead).get();
        }
        admin.alterConsumerGroupOffsets(GROUP, Map.of(new TopicPartition(TOPIC, 0), new OffsetAndMetadata(5),
                new TopicPartition(TOPIC, 1), new OffsetAndMetadata(9))).all().get();
        SourceSettings settings = new SourceSettings("kafkatest", SourceKind.KAFKA, TestServices.KAFKA_BOOTSTRAP,
                Optional.empty(), Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(10), Map.of(),
                List.of());
        source = new KafkaSource(settings);
        browsing = new MessageBrowsing(new SourceRegistry(List.of(source),
                Map.of("kafkatest", new KafkaSourceFactory().messageBrowser(settings).orElseThrow())), 100_000, Duration.ofSeconds(20));
    }

    @AfterAll
    static void cleanUp() throws Exception {
        source.close();
        admin.deleteConsumerGroups(List.of(GROUP)).all().get();
        admin.deleteTopics(List.of(TOPIC, DLT)).all().get();
        admin.close();
    }

    @Test
    void oldestFirstMergesPartitionsByTimestampWithKeysAndHeaders() throws Exception {
        BrowseResult page = browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 6, MessageFilter.NONE));
        assertThat(page.messages()).extracting(BrowsedMessage::keyText).containsExactly("k0", "k1", "k2", "k3", "k4", "k5");
        assertThat(page.messages()).extracting(BrowsedMessage::partition).containsExactly(0, 1, 0, 1, 0, 1);
        assertThat(page.messages().get(1).timestamp()).isEqualTo(T0.plusSeconds(1));
        assertThat(page.messages().get(0).headers()).extracting(BrowsedMessage.Header::text).containsExactly("refund");
        assertThat(page.next()).contains(Map.of(0, 3L, 1, 3L));
    }

    @Test
    void newestFirstAcrossPartitionsAndInOne() throws Exception {
        assertThat(browse(TOPIC, request(null, null, Order.NEWEST_FIRST, 3, MessageFilter.NONE)).messages())
                .extracting(BrowsedMessage::keyText).containsExactly("k39", "k38", "k37");
        BrowseResult one = browse(TOPIC, request(1, 4L, Order.NEWEST_FIRST, 10, MessageFilter.NONE));
        assertThat(one.messages()).extracting(BrowsedMessage::keyText).containsExactly("k9", "k7", "k5", "k3", "k1");
        assertThat(one.complete()).isTrue();
    }

    @Test
    void byTimeStartsAtTheFirstRecordAtOrAfterIt() throws Exception {
        MessageFilter from = MessageFilter.NONE.withTimeRange(T0.plusSeconds(31), null);
        BrowseResult page = browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 100, from));
        assertThat(page.messages()).extracting(BrowsedMessage::keyText).containsExactly("k31", "k32", "k33", "k34", "k35",
                "k36", "k37", "k38", "k39");
        assertThat(page.scanned()).as("offsetsForTimes skips what lies before").isEqualTo(9);
        assertThat(page.complete()).isTrue();
    }

    @Test
    void filtersRunOnTheServer() throws Exception {
        MessageFilter refunds = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, "type", "refund", null, null, null, null,
                null, null);
        assertThat(browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 100, refunds)).messages()).hasSize(10);
        MessageFilter json = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null, null,
                MessageFilter.jsonPath("$.n"), "17", null, null);
        assertThat(browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 100, json)).messages())
                .extracting(BrowsedMessage::keyText).containsExactly("k17");
        MessageFilter key = new MessageFilter("k3", MessageFilter.KeyMatch.CONTAINS, null, null, null, null, null, null, null, null);
        assertThat(browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 100, key)).messages()).hasSize(11);
    }

    @Test
    void maxScanStopsAndSaysSo() throws Exception {
        BrowseResult page = browse(TOPIC, new BrowseRequest(null, null, null, Order.OLDEST_FIRST, 100,
                new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, "nothing like this", null, null, null, null, null), 15));
        assertThat(page.scanned()).isEqualTo(15);
        assertThat(page.stop()).isEqualTo(BrowseResult.Stop.MAX_SCAN);
        assertThat(page.next()).isPresent();
    }

    @Test
    void springKafkaDeadLetterHeadersAreDecoded() throws Exception {
        BrowseResult page = browse(DLT, request(null, null, Order.OLDEST_FIRST, 10, MessageFilter.NONE));
        DeadLetterOrigin origin = page.messages().get(0).deadLetter().orElseThrow();
        assertThat(origin).isEqualTo(new DeadLetterOrigin("spring-kafka", TOPIC, 1, 3L, GROUP, -1,
                "java.lang.IllegalStateException: price missing", T0.plusSeconds(100)));
    }

    @Test
    void browsingCommitsNothingAndJoinsNoGroup() throws Exception {
        Set<String> groupsBefore = groupIds();
        Map<TopicPartition, OffsetAndMetadata> before = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
        browse(TOPIC, request(null, null, Order.OLDEST_FIRST, 1000, MessageFilter.NONE));
        browse(TOPIC, request(null, null, Order.NEWEST_FIRST, 5, MessageFilter.NONE));
        assertThat(admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get()).isEqualTo(before);
        assertThat(admin.describeConsumerGroups(List.of(GROUP)).all().get().get(GROUP).members()).isEmpty();
        Set<String> newGroups = groupIds();
        newGroups.removeAll(groupsBefore);
        for (String group : newGroups) {
            // Other tests create groups on the shared Kafka meanwhile; none of them may hold offsets on this topic.
            assertThat(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().keySet())
                    .as("offsets of new group %s", group).noneMatch(tp -> tp.topic().equals(TOPIC));
        }
    }

    private static Set<String> groupIds() throws Exception {
        Set<String> ids = new HashSet<>();
        for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get()) {
            ids.add(listing.groupId());
        }
        return ids;
    }

    private static BrowseRequest request(Integer partition, Long offset, Order order, int limit, MessageFilter filter) {
        return new BrowseRequest(partition, offset, null, order, limit, filter, 0);
    }

    private static BrowseResult browse(String topic, BrowseRequest request) throws Exception {
        return browsing.browse("kafkatest", topic, request, role -> true, ScanListener.NONE, () -> false);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
