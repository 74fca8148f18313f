package io.weir.sources.rabbitmq;

import io.weir.core.BrokerSnapshot;
import io.weir.core.ObjectSettings;
import io.weir.sources.BrokerSource;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * Reads a RabbitMQ cluster through its management HTTP API: health from the nodes and the
 * server's health checks, and the queues (of {@link SourceSettings#vhost()} when set). RabbitMQ
 * has no consumer groups, so snapshots have none. Queue settings come with the queues; consumers'
 * acknowledgement modes are read more rarely ({@link RabbitConsumerReader}). The API's figures lag the broker by its
 * statistics interval (5 s by default).
 */
public final class RabbitMqSource implements BrokerSource {

    private final SourceSettings settings;
    private final RabbitHealthReader health;
    private final RabbitQueueReader queues;
    private final RabbitConsumerReader consumers;

    public RabbitMqSource(SourceSettings settings) {
        this.settings = settings;
        ManagementApi api = new ManagementApi(settings);
        this.health = new RabbitHealthReader(api);
        this.queues = new RabbitQueueReader(api, settings.vhost());
        this.consumers = new RabbitConsumerReader(api, settings.vhost(), Clock.systemUTC());
    }

    @Override
    public SourceSettings settings() {
        return settings;
    }

    @Override
    public BrokerSnapshot read() throws SourceUnavailableException, InterruptedException {
        RabbitQueueReader.Queues read = queues.read();
        return new BrokerSnapshot(health.read(), read.snapshots(), List.of(),
                new ObjectSettings(read.settings(), Map.of(), consumers.read()));
    }

    @Override
    public void close() {
        // The JDK HTTP client holds no connections worth closing on Java 17.
    }
}
