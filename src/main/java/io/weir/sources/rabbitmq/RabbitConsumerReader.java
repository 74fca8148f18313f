package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.core.ObjectSettings.ConsumerSettings;
import io.weir.sources.SourceUnavailableException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads the consumers of every queue (acknowledgement mode and prefetch) for the reliability
 * advisor, at most once per {@link #INTERVAL}: consumers change rarely, and on a large cluster
 * the list is longer than the queues', so reading it every poll would multiply the server's work
 * for an answer that is nearly always the same. Between reads the last answer is given again. A
 * failed read keeps the last answer and is tried again at the next poll; it never fails the poll.
 * Called from the source's reads only, which never run concurrently.
 */
final class RabbitConsumerReader {

    static final Duration INTERVAL = Duration.ofMinutes(1);
    private static final String COLUMNS = "queue.name,queue.vhost,consumer_tag,ack_required,prefetch_count,channel_details.name";

    private final ManagementApi api;
    private final Optional<String> vhost;
    private final Clock clock;
    private List<ConsumerSettings> last = List.of();
    private Instant readAt;

    RabbitConsumerReader(ManagementApi api, Optional<String> vhost, Clock clock) {
        this.api = api;
        this.vhost = vhost;
        this.clock = clock;
    }

    List<ConsumerSettings> read() throws InterruptedException {
        Instant now = clock.instant();
        if (readAt != null && now.isBefore(readAt.plus(INTERVAL))) {
            return last;
        }
        try {
            String path = vhost.map(name -> "/api/consumers/" + ManagementApi.segment(name)).orElse("/api/consumers");
            last = consumers(api.get(path + "?columns=" + COLUMNS));
            readAt = now;
        } catch (SourceUnavailableException e) {
            // The queues were read a moment ago: the next poll tries again.
        }
        return last;
    }

    static List<ConsumerSettings> consumers(JsonNode answer) {
        List<ConsumerSettings> consumers = new ArrayList<>(answer.size());
        for (JsonNode consumer : answer) {
            JsonNode queue = consumer.path("queue");
            consumers.add(new ConsumerSettings(
                    DeadLetterTargets.qualified(queue.path("vhost").asText(), queue.path("name").asText()),
                    consumer.path("consumer_tag").asText(), consumer.path("channel_details").path("name").asText(null),
                    consumer.path("ack_required").asBoolean(true), consumer.path("prefetch_count").asInt(0)));
        }
        return consumers;
    }
}
