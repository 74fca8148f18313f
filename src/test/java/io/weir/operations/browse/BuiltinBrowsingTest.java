package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.Delivery;
import io.weir.broker.GroupConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.core.SourceKind;
import io.weir.operations.browse.BrowseRequest.Order;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import io.weir.sources.builtin.BuiltinMessageBrowser;
import io.weir.sources.builtin.BuiltinSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The browse engine and its filters over a real built-in broker: a topic of 3 partitions holding 30
 * messages stamped a second apart ({@code T0 + i s}, value {@code order i}), keyed {@code customer-<i % 5>},
 * with a header {@code type} and JSON payloads.
 */
class BuiltinBrowsingTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String TOPIC = "orders";

    @TempDir
    Path dir;
    private Broker broker;
    private MessageBrowsing browsing;

    @BeforeEach
    void open() throws Exception {
        broker = Broker.open(dir, BrokerConfig.defaults());
        broker.createTopic(TOPIC, TopicConfig.partitions(3));
        for (int i = 0; i < 30; i++) {
            String json = "{\"order\":{\"id\":" + i + ",\"status\":\"" + (i % 2 == 0 ? "paid" : "open") + "\"},\"note\":\"order " + i + "\"}";
            // One publish per message: keyless ones go to the partitions in turn; keys are set after routing by a header.
            broker.publish(TOPIC, List.of(new OutgoingMessage(null, Map.of("type", i % 3 == 0 ? "refund" : "sale", "customer",
                    "customer-" + i % 5), T0.plusSeconds(i), null, json.getBytes(StandardCharsets.UTF_8))));
        }
        browsing = browsing(100_000);
    }

    private MessageBrowsing browsing(long maxScan) {
        SourceSettings settings = new SourceSettings("builtin", SourceKind.BUILTIN, "embedded", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(), List.of());
        SourceRegistry registry = new SourceRegistry(List.of(new BuiltinSource(settings, () -> Optional.of(broker), dir)),
                Map.of("builtin", new BuiltinMessageBrowser(settings, () -> Optional.of(broker))));
        return new MessageBrowsing(registry, maxScan, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    @Test
    void oldestFirstMergesAllPartitionsByTimestamp() throws Exception {
        BrowseResult page = browse(BrowseRequest.oldest(10));
        assertThat(notes(page)).containsExactly("order 0", "order 1", "order 2", "order 3", "order 4", "order 5",
                "order 6", "order 7", "order 8", "order 9");
        assertThat(page.messages()).extracting(BrowsedMessage::partition).containsOnly(0, 1, 2);
        assertThat(page.stop()).isEqualTo(BrowseResult.Stop.LIMIT);
        assertThat(page.complete()).isFalse();
    }

    @Test
    void newestFirstStartsAtTheNewestMessage() throws Exception {
        BrowseResult page = browse(request(null, null, Order.NEWEST_FIRST, 4, MessageFilter.NONE));
        assertThat(notes(page)).containsExactly("order 29", "order 28", "order 27", "order 26");
    }

    @Test
    void pagesFollowEachOtherWithoutSkippingOrRepeating() throws Exception {
        for (Order order : Order.values()) {
            List<String> all = new ArrayList<>();
            BrowseRequest request = request(null, null, order, 7, MessageFilter.NONE);
            BrowseResult page;
            do {
                page = browse(request);
                all.addAll(notes(page));
                request = request.withPosition(page.next().orElse(null));
            } while (page.next().isPresent());
            assertThat(all).as(order.name()).hasSize(30).doesNotHaveDuplicates();
            assertThat(all.get(0)).isEqualTo(order == Order.OLDEST_FIRST ? "order 0" : "order 29");
            assertThat(page.complete()).isTrue();
        }
    }

    @Test
    void onePartitionFromAnOffset() throws Exception {
        BrowseResult page = browse(request(1, 3L, Order.OLDEST_FIRST, 100, MessageFilter.NONE));
        assertThat(page.messages()).extracting(BrowsedMessage::partition).containsOnly(1);
        assertThat(page.messages()).extracting(BrowsedMessage::offset).containsExactly(3L, 4L, 5L, 6L, 7L, 8L, 9L);
        assertThat(page.complete()).isTrue();
        BrowseResult newest = browse(request(1, 3L, Order.NEWEST_FIRST, 100, MessageFilter.NONE));
        assertThat(newest.messages()).extracting(BrowsedMessage::offset).containsExactly(3L, 2L, 1L, 0L);
    }

    @Test
    void timeRangeStartsAtTheFirstMessageAtOrAfterItsStart() throws Exception {
        MessageFilter range = MessageFilter.NONE.withTimeRange(T0.plusSeconds(12), T0.plusSeconds(15));
        assertThat(notes(browse(request(null, null, Order.OLDEST_FIRST, 100, range))))
                .containsExactly("order 12", "order 13", "order 14", "order 15");
        assertThat(notes(browse(request(null, null, Order.NEWEST_FIRST, 2, range)))).containsExactly("order 15", "order 14");
        BrowseResult scanned = browse(request(null, null, Order.OLDEST_FIRST, 100, range));
        assertThat(scanned.scanned()).as("the time index narrows the scan").isLessThanOrEqualTo(6);
    }

    @Test
    void headerFilterByNameAndByValue() throws Exception {
        MessageFilter refunds = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, "type", "refund", null, null, null,
                null, null, null);
        assertThat(notes(browse(request(null, null, Order.OLDEST_FIRST, 100, refunds))))
                .containsExactly("order 0", "order 3", "order 6", "order 9", "order 12", "order 15", "order 18", "order 21",
                        "order 24", "order 27");
        MessageFilter missing = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, "trace", null, null, null, null,
                null, null, null);
        BrowseResult none = browse(request(null, null, Order.OLDEST_FIRST, 100, missing));
        assertThat(none.messages()).isEmpty();
        assertThat(none.scanned()).isEqualTo(30);
        assertThat(none.complete()).isTrue();
    }

    @Test
    void plainTextMatchesPayloadAndHeaderValues() throws Exception {
        assertThat(notes(browse(filtered(text("order 2"))))).containsExactly("order 2", "order 20", "order 21",
                "order 22", "order 23", "order 24", "order 25", "order 26", "order 27", "order 28", "order 29");
        assertThat(browse(filtered(text("customer-4"))).messages()).hasSize(6);
        assertThat(browse(filtered(text("Customer-4"))).messages()).as("case-sensitive").isEmpty();
    }

    @Test
    void regexSearchesThePayload() throws Exception {
        MessageFilter regex = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null,
                MessageFilter.regex("\"note\":\"order 1\\d\""), null, null, null, null);
        assertThat(browse(filtered(regex)).messages()).hasSize(10);
        assertThatThrownBy(() -> MessageFilter.regex("order (")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("regex is not a valid regular expression");
    }

    @Test
    void catastrophicRegexIsCutOffByItsTimeBudget() throws Exception {
        broker.publish(TOPIC, List.of(OutgoingMessage.of("a".repeat(40) + "!")));
        MessageFilter evil = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null,
                MessageFilter.regex("^(a|aa)+$"), null, null, null, null);
        long start = System.nanoTime();
        BrowseResult page = browse(filtered(evil));
        assertThat(page.messages()).isEmpty();
        assertThat(page.scanned()).isEqualTo(31);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void jsonFieldMatchesTextAndNumbers() throws Exception {
        MessageFilter paid = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null, null,
                MessageFilter.jsonPath("$.order.status"), "paid", null, null);
        assertThat(browse(filtered(paid)).messages()).hasSize(15);
        MessageFilter id = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null, null,
                MessageFilter.jsonPath("$.order.id"), "17", null, null);
        assertThat(notes(browse(filtered(id)))).containsExactly("order 17");
        assertThatThrownBy(() -> MessageFilter.jsonPath("order.id")).hasMessageContaining("$.order.id");
    }

    @Test
    void keyFilterExactOrContains() throws Exception {
        broker.publish(TOPIC, List.of(OutgoingMessage.keyed("customer-12", "k1"), OutgoingMessage.keyed("customer-123", "k2")));
        MessageFilter exact = new MessageFilter("customer-12", MessageFilter.KeyMatch.EXACT, null, null, null, null, null,
                null, null, null);
        assertThat(browse(filtered(exact)).messages()).extracting(m -> new String(m.value(), StandardCharsets.UTF_8))
                .containsExactly("k1");
        MessageFilter contains = new MessageFilter("tomer-12", MessageFilter.KeyMatch.CONTAINS, null, null, null, null,
                null, null, null, null);
        assertThat(browse(filtered(contains)).messages()).hasSize(2);
    }

    @Test
    void maxScanStopsTheScanAndSaysWhereToGoOn() throws Exception {
        MessageBrowsing bounded = browsing(12);
        BrowseResult page = bounded.browse("builtin", TOPIC, filtered(text("order 29")), role -> true, ScanListener.NONE, () -> false);
        assertThat(page.scanned()).isEqualTo(12);
        assertThat(page.messages()).isEmpty();
        assertThat(page.stop()).isEqualTo(BrowseResult.Stop.MAX_SCAN);
        assertThat(page.next()).isPresent();
        BrowseResult rest = browsing.browse("builtin", TOPIC, filtered(text("order 29")).withPosition(page.next().get()),
                role -> true, ScanListener.NONE, () -> false);
        assertThat(rest.scanned()).isEqualTo(18);
        assertThat(notes(rest)).containsExactly("order 29");
    }

    @Test
    void cancelledScanStopsWithWhatItFound() throws Exception {
        BrowseResult page = browsing.browse("builtin", TOPIC, BrowseRequest.oldest(100), role -> true, ScanListener.NONE, () -> true);
        assertThat(page.stop()).isEqualTo(BrowseResult.Stop.CANCELLED);
        assertThat(page.scanned()).isZero();
    }

    @Test
    void deadLettersShowWhereTheyCameFromAndWhy() throws Exception {
        broker.createTopic("jobs", TopicConfig.partitions(1));
        broker.createGroup("jobs", "workers", GroupConfig.shared(Duration.ofSeconds(30), 2));
        broker.publish("jobs", List.of(OutgoingMessage.keyed("job-1", "resize")));
        for (int attempt = 0; attempt < 2; attempt++) {
            for (Delivery d : broker.receive("jobs", "workers", "w1", 1, Duration.ofSeconds(2))) {
                broker.nack(d.receipt(), "image too large");
            }
        }
        Map<Integer, Long> committedBefore = new HashMap<>(broker.describeGroup("jobs", "workers").committed());
        BrowseResult page = browsing.browse("builtin", "jobs.workers.dlq", BrowseRequest.oldest(10), role -> true, ScanListener.NONE, () -> false);
        assertThat(page.messages()).hasSize(1);
        DeadLetterOrigin origin = page.messages().get(0).deadLetter().orElseThrow();
        assertThat(origin.format()).isEqualTo("weir");
        assertThat(origin.destination()).isEqualTo("jobs");
        assertThat(origin.partition()).isZero();
        assertThat(origin.offset()).isZero();
        assertThat(origin.group()).isEqualTo("workers");
        assertThat(origin.attempts()).isEqualTo(2);
        assertThat(origin.reason()).isEqualTo("image too large");
        assertThat(origin.time()).isNotNull();
        assertThat(browse(BrowseRequest.oldest(1)).messages().get(0).deadLetter()).isEmpty();
        assertThat(broker.describeGroup("jobs", "workers").committed()).isEqualTo(committedBefore);
        assertThat(broker.groups("jobs.workers.dlq")).as("browsing creates no group").isEmpty();
    }

    @Test
    void unknownTopicAndPartitionAreRefusedWithTheReason() {
        assertThatThrownBy(() -> browsing.browse("builtin", "nope", BrowseRequest.oldest(1), role -> true, ScanListener.NONE, () -> false))
                .isInstanceOfSatisfying(BrowseException.class, e -> assertThat(e.reason()).isEqualTo(BrowseException.Reason.UNKNOWN_QUEUE))
                .hasMessageContaining("no topic or queue named 'nope'");
        assertThatThrownBy(() -> browse(request(7, null, Order.OLDEST_FIRST, 1, MessageFilter.NONE)))
                .isInstanceOfSatisfying(BrowseException.class, e -> assertThat(e.reason()).isEqualTo(BrowseException.Reason.BAD_REQUEST))
                .hasMessageContaining("partition 7 does not exist: the topic has 3 (0 to 2)");
        assertThatThrownBy(() -> browsing.browse("other", TOPIC, BrowseRequest.oldest(1), role -> true, ScanListener.NONE, () -> false))
                .isInstanceOfSatisfying(BrowseException.class, e -> assertThat(e.reason()).isEqualTo(BrowseException.Reason.UNKNOWN_SOURCE));
    }

    private static MessageFilter text(String text) {
        return new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, text, null, null, null, null, null);
    }

    private static BrowseRequest filtered(MessageFilter filter) {
        return request(null, null, Order.OLDEST_FIRST, 1000, filter);
    }

    private static BrowseRequest request(Integer partition, Long offset, Order order, int limit, MessageFilter filter) {
        return new BrowseRequest(partition, offset, null, order, limit, filter, 0);
    }

    private BrowseResult browse(BrowseRequest request) throws Exception {
        return browsing.browse("builtin", TOPIC, request, role -> true, ScanListener.NONE, () -> false);
    }

    /** The {@code note} field of each message's JSON, or its whole text. */
    private static List<String> notes(BrowseResult page) {
        return page.messages().stream().map(m -> new String(m.value(), StandardCharsets.UTF_8))
                .map(v -> v.contains("\"note\":\"") ? v.replaceAll(".*\"note\":\"([^\"]*)\".*", "$1") : v).toList();
    }
}
