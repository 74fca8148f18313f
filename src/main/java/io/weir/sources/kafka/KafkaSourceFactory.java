package io.weir.sources.kafka;

import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.GroupOffsets;
import io.weir.sources.MessageBrowser;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceFactory;
import io.weir.sources.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/** Builds {@link KafkaSource}s. */
@ApplicationScoped
public class KafkaSourceFactory implements SourceFactory {

    @Override
    public SourceKind kind() {
        return SourceKind.KAFKA;
    }

    @Override
    public BrokerSource create(SourceSettings settings) {
        return new KafkaSource(settings);
    }

    @Override
    public Optional<GroupOffsets> groupOffsets(SourceSettings settings) {
        return Optional.of(new KafkaGroupOffsets(settings));
    }

    @Override
    public Optional<MessageBrowser> messageBrowser(SourceSettings settings) {
        return Optional.of(new KafkaMessageBrowser(settings));
    }

    @Override
    public Optional<DeadLetterMover> deadLetterMover(SourceSettings settings) {
        return Optional.of(new KafkaDeadLetterMover(settings));
    }

    @Override
    public Optional<QueuePurger> queuePurger(SourceSettings settings) {
        return Optional.of(new KafkaQueuePurger(settings));
    }
}
