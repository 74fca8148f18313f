package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.TopicConfig;
import io.weir.core.SourceKind;
import io.weir.security.Roles;
import io.weir.sources.BrowsePolicy;
import io.weir.sources.BrowsePolicy.PayloadVisibility;
import io.weir.sources.SourceRegistry;
import io.weir.sources.SourceSettings;
import io.weir.sources.builtin.BuiltinMessageBrowser;
import io.weir.sources.builtin.BuiltinSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Payload visibility over a real built-in broker: {@code payments.cards} is sensitive
 * ({@code sensitive-topics=payments.*}), {@code orders} is not; each holds 4 keyed messages with a
 * header {@code type} and the payload {@code card 4111-<i>}.
 */
class PayloadVisibilityTest {

    private static final Predicate<String> VIEWER = Roles.withIncluded(Roles.VIEWER)::contains;
    private static final Predicate<String> OPERATOR = Roles.withIncluded(Roles.OPERATOR)::contains;
    private static final Predicate<String> ADMIN = Roles.withIncluded(Roles.ADMIN)::contains;

    @TempDir
    Path dir;
    private Broker broker;
    private SourceRegistry registry;

    @BeforeEach
    void open() throws Exception {
        broker = Broker.open(dir, BrokerConfig.defaults());
        for (String topic : List.of("payments.cards", "orders")) {
            broker.createTopic(topic, TopicConfig.partitions(1));
            for (int i = 0; i < 4; i++) {
                broker.publish(topic, List.of(new OutgoingMessage(("customer-" + i).getBytes(StandardCharsets.UTF_8), Map.of("type", i % 2 == 0 ? "refund" : "sale"),
                        Instant.parse("2026-01-01T00:00:00Z").plusSeconds(i), null,
                        ("card 4111-" + i).getBytes(StandardCharsets.UTF_8))));
            }
        }
        SourceSettings settings = new SourceSettings("builtin", SourceKind.BUILTIN, "embedded", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(), List.of());
        registry = new SourceRegistry(List.of(new BuiltinSource(settings, () -> Optional.of(broker), dir)),
                Map.of("builtin", new BuiltinMessageBrowser(settings, () -> Optional.of(broker))));
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    @Test
    void viewersSeeKeysHeadersAndSizeButNotThePayloadOfSensitiveTopics() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.OPERATOR, "payments.*");
        List<BrowsedMessage> streamed = new ArrayList<>();
        BrowseResult page = browsing.browse("builtin", "payments.cards", BrowseRequest.oldest(10), VIEWER,
                new ScanListener() {
                    @Override
                    public void found(BrowsedMessage message) {
                        streamed.add(message);
                    }
                }, () -> false);
        assertThat(page.messages()).hasSize(4).allSatisfy(m -> {
            assertThat(m.payloadHidden()).isTrue();
            assertThat(m.value()).isEmpty();
            assertThat(m.size()).isEqualTo("card 4111-0".length());
            assertThat(m.keyText()).startsWith("customer-");
            assertThat(m.headers()).extracting(BrowsedMessage.Header::name).containsExactly("type");
        });
        assertThat(streamed).as("matches streamed to a page are hidden too").hasSize(4)
                .allSatisfy(m -> assertThat(m.value()).isEmpty());
        assertThat(browsing.payloadVisible("builtin", "payments.cards", VIEWER)).isFalse();
    }

    @Test
    void operatorsAndAdminsSeeThemWithOperatorVisibility() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.OPERATOR, "payments.*");
        for (Predicate<String> role : List.of(OPERATOR, ADMIN)) {
            BrowseResult page = browsing.browse("builtin", "payments.cards", BrowseRequest.oldest(10), role,
                    ScanListener.NONE, () -> false);
            assertThat(page.messages()).extracting(m -> new String(m.value(), StandardCharsets.UTF_8))
                    .containsExactly("card 4111-0", "card 4111-1", "card 4111-2", "card 4111-3");
            assertThat(page.messages()).noneMatch(BrowsedMessage::payloadHidden);
        }
    }

    @Test
    void otherTopicsOfTheSourceStayVisible() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.NONE, "payments.*");
        BrowseResult page = browsing.browse("builtin", "orders", BrowseRequest.oldest(10), VIEWER, ScanListener.NONE,
                () -> false);
        assertThat(page.messages()).noneMatch(BrowsedMessage::payloadHidden);
    }

    @Test
    void noneHidesPayloadsFromAdminsTooAndWithoutPatternsEveryTopicIsSensitive() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.NONE);
        for (String topic : List.of("payments.cards", "orders")) {
            assertThat(browsing.browse("builtin", topic, BrowseRequest.oldest(10), ADMIN, ScanListener.NONE, () -> false)
                    .messages()).hasSize(4).allMatch(BrowsedMessage::payloadHidden);
        }
    }

    @Test
    void payloadFiltersAreRefusedWhereThePayloadIsHidden() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.OPERATOR, "payments.*");
        MessageFilter text = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, "4111-2", null, null, null,
                null, null);
        MessageFilter regex = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null,
                MessageFilter.regex("4111"), null, null, null, null);
        MessageFilter json = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, null, null, null, null,
                MessageFilter.jsonPath("$.card"), null, null, null);
        MessageFilter cel = MessageFilter.NONE.withCel(CelCondition.compile("value.startsWith(\"card 4111\")"));
        MessageFilter celJson = MessageFilter.NONE.withCel(CelCondition.compile("has(valueJson.card)"));
        for (MessageFilter filter : List.of(text, regex, json, cel, celJson)) {
            assertThatThrownBy(() -> browsing.browse("builtin", "payments.cards", filtered(filter), VIEWER,
                    ScanListener.NONE, () -> false))
                    .isInstanceOfSatisfying(BrowseException.class,
                            e -> assertThat(e.reason()).isEqualTo(BrowseException.Reason.REFUSED))
                    .hasMessageContaining("the payloads of payments.cards on source builtin are hidden from you")
                    .hasMessageContaining("payload-visibility=operator");
        }
        assertThat(browsing.browse("builtin", "payments.cards", filtered(text), OPERATOR, ScanListener.NONE, () -> false)
                .messages()).hasSize(1);
    }

    @Test
    void filtersOnKeyHeadersAndMetadataStillWorkForViewers() throws Exception {
        MessageBrowsing browsing = browsing(PayloadVisibility.OPERATOR, "payments.*");
        MessageFilter header = new MessageFilter("customer-2", MessageFilter.KeyMatch.EXACT, "type", "refund", null, null,
                null, null, null, null);
        assertThat(browsing.browse("builtin", "payments.cards", filtered(header), VIEWER, ScanListener.NONE, () -> false)
                .messages()).extracting(BrowsedMessage::offset).containsExactly(2L);
        MessageFilter cel = MessageFilter.NONE.withCel(CelCondition.compile("headers[\"type\"] == \"sale\" && offset > 1"));
        assertThat(browsing.browse("builtin", "payments.cards", filtered(cel), VIEWER, ScanListener.NONE, () -> false)
                .messages()).extracting(BrowsedMessage::offset).containsExactly(3L);
    }

    private MessageBrowsing browsing(PayloadVisibility visibility, String... sensitiveTopics) {
        return new MessageBrowsing(registry.withBrowsePolicy("builtin",
                new BrowsePolicy(Map.of(), visibility, List.of(sensitiveTopics), null)), 100_000, Duration.ofSeconds(10));
    }

    private static BrowseRequest filtered(MessageFilter filter) {
        return new BrowseRequest(null, null, null, BrowseRequest.Order.OLDEST_FIRST, 100, filter, 0);
    }
}
