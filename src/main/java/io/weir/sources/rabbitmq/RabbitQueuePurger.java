package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;
import java.time.Duration;

/**
 * Purges through the management API's {@code DELETE /api/queues/<vhost>/<name>/contents}, which
 * removes the queue's ready messages (unacknowledged ones stay with their consumers and return if
 * rejected). The counts are the API's {@code messages_ready} figure, which lags the broker by its
 * statistics interval (5 s by default): the count after is read once the figure has moved, or
 * {@code -1} when it did not within {@link #READ_BACK}.
 */
final class RabbitQueuePurger implements QueuePurger {

    /** A little more than RabbitMQ's default statistics interval. */
    static final Duration READ_BACK = Duration.ofSeconds(8);
    private static final long READ_BACK_PAUSE_MILLIS = 250;

    private final ManagementApi api;
    private final SourceSettings settings;

    RabbitQueuePurger(ManagementApi api, SourceSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    @Override
    public long count(String queue) throws SourceUnavailableException, InterruptedException {
        return messages(RabbitQueueName.parse(queue, settings.vhost()));
    }

    @Override
    public PurgeCount purge(String queue) throws SourceUnavailableException, InterruptedException {
        RabbitQueueName name = RabbitQueueName.parse(queue, settings.vhost());
        long before = messages(name);
        if (!api.delete(name.path() + "/contents")) {
            throw new UnknownQueueException(settings.name(), name.toString());
        }
        long deadline = System.nanoTime() + READ_BACK.toNanos();
        long after = messages(name);
        while (after == before && after != 0 && System.nanoTime() < deadline) {
            Thread.sleep(READ_BACK_PAUSE_MILLIS);
            after = messages(name);
        }
        return new PurgeCount(before, after == before && after != 0 ? -1 : after);
    }

    /** The queue's ready messages, -1 while RabbitMQ has not counted a new queue yet. */
    private long messages(RabbitQueueName name) throws SourceUnavailableException, InterruptedException {
        JsonNode info = api.find(name.path() + "?columns=messages_ready,name");
        if (info == null) {
            throw new UnknownQueueException(settings.name(), name.toString());
        }
        return info.path("messages_ready").asLong(-1);
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no connections worth closing on Java 17.
    }
}
