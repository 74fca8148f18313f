package io.weir.operations.browse;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How a RabbitMQ dead letter's headers, as the management API and the AMQP replay show them, decode into its origin. */
class RabbitDeadLetterOriginTest {

    private static final String DEATHS = "[{\"count\":3,\"reason\":\"rejected\",\"queue\":\"orders\",\"time\":1767323045,"
            + "\"exchange\":\"\",\"routing-keys\":[\"orders\"]}]";

    @Test
    void theXDeathEntryGivesQueueReasonAttemptsAndTime() {
        DeadLetterOrigin origin = DeadLetterOrigin.of(List.of(header("x-death", DEATHS),
                header("x-first-death-queue", "orders"), header("x-first-death-reason", "rejected")), Instant.EPOCH).orElseThrow();

        assertThat(origin.format()).isEqualTo("rabbitmq");
        assertThat(origin.destination()).isEqualTo("orders");
        assertThat(origin.reason()).isEqualTo("rejected");
        assertThat(origin.attempts()).isEqualTo(3);
        assertThat(origin.time()).isEqualTo(Instant.ofEpochSecond(1767323045));
    }

    @Test
    void springAmqpsExceptionMessageIsTheReasonRatherThanRejected() {
        DeadLetterOrigin origin = DeadLetterOrigin.of(List.of(header("x-death", DEATHS),
                header("x-exception-message", "order 4711 not found")), Instant.EPOCH).orElseThrow();

        assertThat(origin.reason()).isEqualTo("order 4711 not found");
        assertThat(FailureReason.of(origin.reason())).isEqualTo("order # not found");
    }

    private static BrowsedMessage.Header header(String name, String value) {
        return new BrowsedMessage.Header(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
