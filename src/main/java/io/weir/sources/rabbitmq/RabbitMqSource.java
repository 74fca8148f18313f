package io.weir.sources.rabbitmq;

import io.weir.core.BrokerSnapshot;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.util.List;

/**
 * Reads a RabbitMQ cluster through its management HTTP API: health from the nodes and the
 * server's health checks, and the queues (of {@link SourceSettings#vhost()} when set). RabbitMQ
 * has no consumer groups, so snapshots have none. The API's figures lag the broker by its
 * statistics interval (5 s by default).
 */
public final class RabbitMqSource implements BrokerSource {

    private final SourceSettings settings;
    private final RabbitHealthReader health;
    private final RabbitQueueReader queues;

    public RabbitMqSource(SourceSettings settings) {
        this.settings = settings;
        ManagementApi api = new ManagementApi(settings);
        this.health = new RabbitHealthReader(api);
        this.queues = new RabbitQueueReader(api, settings.vhost());
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        return new BrokerSnapshot(health.read(), queues.read(), List.of());
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no connections worth closing on Java 17.
    }
}
