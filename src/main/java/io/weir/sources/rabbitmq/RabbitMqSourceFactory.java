package io.weir.sources.rabbitmq;

import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.QueuePeek;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceFactory;
import io.weir.sources.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Builds {@link RabbitMqSource}s. */
@ApplicationScoped
public class RabbitMqSourceFactory implements SourceFactory {

    @Override
    public SourceKind kind() {
        return SourceKind.RABBITMQ;
    }

    @Override
    public BrokerSource create(SourceSettings settings) {
        return new RabbitMqSource(settings);
    }

    @Override
    public Optional<DeadLetterMover> deadLetterMover(SourceSettings settings) {
        return Optional.of(new RabbitDeadLetterMover(settings));
    }

    @Override
    public Optional<QueuePeek> queuePeek(SourceSettings settings) {
        return Optional.of(new RabbitQueuePeek(new ManagementApi(settings), settings));
    }

    @Override
    public Optional<QueuePurger> queuePurger(SourceSettings settings) {
        return Optional.of(new RabbitQueuePurger(new ManagementApi(settings), settings));
    }
}
