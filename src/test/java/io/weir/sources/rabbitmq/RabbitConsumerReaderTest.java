package io.weir.sources.rabbitmq;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.weir.core.ObjectSettings.ConsumerSettings;
import org.junit.jupiter.api.Test;

/** How {@code /api/consumers} becomes the consumers' settings. */
class RabbitConsumerReaderTest {

    private static ObjectNode consumer(String vhost, String queue, String tag, boolean ackRequired, int prefetch) {
        ObjectNode consumer = JsonNodeFactory.instance.objectNode();
        consumer.putObject("queue").put("name", queue).put("vhost", vhost);
        consumer.put("consumer_tag", tag).put("ack_required", ackRequired).put("prefetch_count", prefetch);
        consumer.putObject("channel_details").put("name", "127.0.0.1:5000 -> 127.0.0.1:5672 (1)");
        return consumer;
    }

    @Test
    void eachConsumerKeepsItsQueueAckModeAndPrefetch() {
        var answer = ManagementJson.array(consumer("/", "orders", "amq.ctag-1", false, 0),
                consumer("shop", "payments", "worker", true, 50));

        assertThat(RabbitConsumerReader.consumers(answer)).containsExactly(
                new ConsumerSettings("//orders", "amq.ctag-1", "127.0.0.1:5000 -> 127.0.0.1:5672 (1)", false, 0),
                new ConsumerSettings("shop/payments", "worker", "127.0.0.1:5000 -> 127.0.0.1:5672 (1)", true, 50));
    }
}
