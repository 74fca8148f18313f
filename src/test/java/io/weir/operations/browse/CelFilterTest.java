package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.broker.Broker;
import io.weir.broker.BrokerConfig;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * CEL filters over a real built-in broker: one partition of 30 messages stamped a second apart
 * ({@code T0 + i s}), a header {@code type} (every third a refund), JSON payloads with
 * {@code order.id} and a note that says {@code timeout} for every tenth.
 */
class CelFilterTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final String TOPIC = "orders";

    @TempDir
    Path dir;
    private Broker broker;
    private MessageBrowsing browsing;

    @BeforeEach
    void open() throws Exception {
        broker = Broker.open(dir, BrokerConfig.defaults());
        broker.createTopic(TOPIC, TopicConfig.partitions(1));
        for (int i = 0; i < 30; i++) {
            String json = "{\"order\":{\"id\":" + i + ",\"amount\":" + (i * 1.5) + "},\"note\":\""
                    + (i % 10 == 0 ? "gateway timeout" : "ok") + "\"}";
            broker.publish(TOPIC, List.of(new OutgoingMessage(null, Map.of("type", i % 3 == 0 ? "refund" : "sale"),
                    T0.plusSeconds(i), null, json.getBytes(StandardCharsets.UTF_8))));
        }
        SourceSettings settings = new SourceSettings("builtin", SourceKind.BUILTIN, "embedded", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(), List.of());
        SourceRegistry registry = new SourceRegistry(List.of(new BuiltinSource(settings, () -> Optional.of(broker), dir)),
                Map.of("builtin", new BuiltinMessageBrowser(settings, () -> Optional.of(broker))));
        browsing = new MessageBrowsing(registry, 100_000, Duration.ofSeconds(10));
    }

    @AfterEach
    void close() throws Exception {
        broker.close();
    }

    @Test
    void headersAndOffsetSelectMessages() throws Exception {
        assertThat(offsets("headers[\"type\"] == \"refund\" && offset > 20")).containsExactly(21L, 24L, 27L);
        assertThat(offsets("partition == 0 && offset < 2")).containsExactly(0L, 1L);
    }

    @Test
    void valueIsThePayloadAsText() throws Exception {
        assertThat(offsets("value.contains(\"timeout\")")).containsExactly(0L, 10L, 20L);
        assertThat(offsets("value.matches(\"\\\"id\\\":2[5-9]\")")).containsExactly(25L, 26L, 27L, 28L, 29L);
    }

    @Test
    void valueJsonIsTheParsedPayload() throws Exception {
        assertThat(offsets("valueJson.order.id == 7")).containsExactly(7L);
        assertThat(offsets("valueJson.order.amount > 42.0")).containsExactly(29L);
    }

    @Test
    void timestampComparesWithCelTimestamps() throws Exception {
        assertThat(offsets("timestamp >= timestamp(\"2026-01-01T00:00:28Z\")")).containsExactly(28L, 29L);
        assertThat(offsets("int(timestamp) == " + T0.plusSeconds(3).getEpochSecond())).containsExactly(3L);
    }

    @Test
    void keyIsEmptyWithoutAKey() throws Exception {
        broker.publish(TOPIC, List.of(OutgoingMessage.keyed("customer-7", "keyed")));
        assertThat(offsets("key == \"customer-7\"")).containsExactly(30L);
        assertThat(offsets("key == \"\"")).hasSize(30);
    }

    @Test
    void allFiltersGivenMustMatch() throws Exception {
        MessageFilter filter = new MessageFilter(null, MessageFilter.KeyMatch.EXACT, "type", "refund", null, null, null,
                null, null, null, CelCondition.compile("value.contains(\"timeout\")"));
        assertThat(browse(filter).messages()).extracting(BrowsedMessage::offset).containsExactly(0L);
    }

    @Test
    void evaluationErrorsCountAsNoMatch() throws Exception {
        broker.publish(TOPIC, List.of(OutgoingMessage.of("not json")));
        // A missing map key, a missing JSON field and a non-JSON payload are errors for some messages only.
        assertThat(offsets("headers[\"trace\"] == \"x\"")).isEmpty();
        assertThat(offsets("valueJson.order.id >= 29")).containsExactly(29L);
        assertThat(offsets("valueJson == null")).containsExactly(30L);
    }

    @Test
    void compileErrorsSayWhatAndWhere() {
        assertThatThrownBy(() -> CelCondition.compile("offset >")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cel is not a valid boolean CEL expression").hasMessageContaining("1:");
        assertThatThrownBy(() -> CelCondition.compile("nope == 1")).hasMessageContaining("undeclared reference to 'nope'");
    }

    @Test
    void nonBooleanResultsAreRefusedAtCompileTime() {
        assertThatThrownBy(() -> CelCondition.compile("offset + 1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cel is not a valid boolean CEL expression");
        assertThatThrownBy(() -> CelCondition.compile("value")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void expressionsCannotReachJava() {
        // No Java types, reflection, or functions beyond CEL's standard library are declared.
        assertThatThrownBy(() -> CelCondition.compile("java.lang.Runtime.getRuntime().exec(\"id\") != null"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CelCondition.compile("value.getClass().getName() == \"java.lang.String\""))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("getClass");
        assertThatThrownBy(() -> CelCondition.compile("type(value) == java.lang.String"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CelCondition.compile("google.protobuf.Timestamp{seconds: 1} == timestamp"))
                .as("no message types are registered").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void runawayComprehensionsAreCutOffPerMessage() throws Exception {
        // 30 x 30 x 30 iterations per message exceed the iteration budget. Run to the end the
        // condition holds for every message, so no match means every evaluation was cut off.
        String nested = "[1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20,21,22,23,24,25,26,27,28,29,30]";
        assertThat(offsets(nested + ".all(a, " + nested + ".all(b, " + nested + ".all(c, a + b + c > 0)))")).isEmpty();
        assertThat(offsets(nested + ".exists(a, a == offset)")).as("small comprehensions run").hasSize(29);
    }

    @Test
    void payloadUseIsKnownFromTheExpression() {
        assertThat(CelCondition.compile("value.contains(\"x\")").readsPayload()).isTrue();
        assertThat(CelCondition.compile("has(valueJson.order)").readsPayload()).isTrue();
        assertThat(CelCondition.compile("headers[\"value\"] == \"value\" && offset > 1").readsPayload()).isFalse();
    }

    private List<Long> offsets(String cel) throws Exception {
        return browse(MessageFilter.NONE.withCel(CelCondition.compile(cel))).messages().stream()
                .map(BrowsedMessage::offset).toList();
    }

    private BrowseResult browse(MessageFilter filter) throws Exception {
        return browsing.browse("builtin", TOPIC, new BrowseRequest(null, null, null, Order.OLDEST_FIRST, 1000, filter, 0),
                role -> true, ScanListener.NONE, () -> false);
    }
}
