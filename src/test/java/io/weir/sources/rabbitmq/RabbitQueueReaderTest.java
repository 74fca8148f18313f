package io.weir.sources.rabbitmq;

import static io.weir.sources.rabbitmq.ManagementJson.queue;
import static org.assertj.core.api.Assertions.assertThat;

import io.weir.core.QueueSnapshot;
import org.junit.jupiter.api.Test;

/** How one entry of {@code /api/queues} becomes a queue snapshot. */
class RabbitQueueReaderTest {

    @Test
    void queueFiguresAreTakenAsReported() {
        QueueSnapshot queue = RabbitQueueReader.queue(
                queue("orders-vh", "orders").counts(7, 3, 420).rates(2.5, 1.5).consumers(2).build(), false);

        assertThat(queue.qualifiedName()).isEqualTo("orders-vh/orders");
        assertThat(queue.kind()).isEqualTo(QueueSnapshot.QueueKind.QUEUE);
        assertThat(queue.partitions()).isEmpty();
        assertThat(queue.messages()).isEqualTo(10);
        assertThat(queue.messagesReady()).isEqualTo(7);
        assertThat(queue.messagesUnacked()).isEqualTo(3);
        assertThat(queue.sizeBytes()).isEqualTo(420);
        assertThat(queue.publishRate()).isEqualTo(2.5);
        assertThat(queue.deliverRate()).isEqualTo(1.5);
        assertThat(queue.consumers()).isEqualTo(2);
        assertThat(queue.deadLetter()).isFalse();
    }

    @Test
    void queueWithoutTrafficHasNoRates() {
        QueueSnapshot queue = RabbitQueueReader.queue(queue("/", "quiet").counts(0, 0, 0).build(), false);

        assertThat(queue.publishRate()).isNull();
        assertThat(queue.deliverRate()).isNull();
    }

    @Test
    void queueNotYetInTheStatisticsHasUnknownCounts() {
        QueueSnapshot queue = RabbitQueueReader.queue(queue("/", "new").build(), true);

        assertThat(queue.messages()).isEqualTo(-1);
        assertThat(queue.messagesReady()).isEqualTo(-1);
        assertThat(queue.sizeBytes()).isEqualTo(-1);
        assertThat(queue.consumers()).isEqualTo(-1);
        assertThat(queue.deadLetter()).isTrue();
    }

    @Test
    void settingsTakeTheArgumentBeforeThePolicyAndKeepMirroring() {
        var json = queue("/", "orders").argument("x-dead-letter-exchange", "orders.dlx").policy("dead-letter-exchange", "other")
                .policy("max-length", "1000").policy("ha-mode", "all").build();
        json.put("durable", false).put("type", "classic");
        json.putObject("message_stats").putObject("redeliver_details").put("rate", 2.5);

        assertThat(RabbitQueueReader.settings(json)).containsEntry("durable", "false").containsEntry("type", "classic")
                .containsEntry("dead-letter-exchange", "orders.dlx").containsEntry("max-length", "1000")
                .containsEntry("ha-mode", "all").containsEntry("redeliver-rate", "2.5").doesNotContainKey("overflow");
    }
}
