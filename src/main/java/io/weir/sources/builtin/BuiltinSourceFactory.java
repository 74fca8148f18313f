package io.weir.sources.builtin;

import io.weir.broker.embedded.EmbeddedBroker;
import io.weir.core.SourceKind;
import io.weir.sources.BrokerSource;
import io.weir.sources.DeadLetterMover;
import io.weir.sources.GroupOffsets;
import io.weir.sources.MessageBrowser;
import io.weir.sources.QueuePurger;
import io.weir.sources.SourceFactory;
import io.weir.sources.SourceSettings;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Builds {@link BuiltinSource}s over the built-in broker of this process. The built-in broker is
 * watched like any other broker: when this process runs it and no source of kind {@code builtin}
 * is configured, a source named {@value #UNCONFIGURED_NAME} is added.
 */
@ApplicationScoped
public class BuiltinSourceFactory implements SourceFactory {

    /** The name of the source added for the built-in broker when none is configured. */
    public static final String UNCONFIGURED_NAME = "builtin";

    private final EmbeddedBroker embedded;

    BuiltinSourceFactory(EmbeddedBroker embedded) {
        this.embedded = embedded;
    }

    @Override
    public SourceKind kind() {
        return SourceKind.BUILTIN;
    }

    @Override
    public BrokerSource create(SourceSettings settings) {
        return new BuiltinSource(settings, embedded::broker, embedded.directory());
    }

    @Override
    public Optional<GroupOffsets> groupOffsets(SourceSettings settings) {
        return Optional.of(new BuiltinGroupOffsets(embedded::broker));
    }

    @Override
    public Optional<MessageBrowser> messageBrowser(SourceSettings settings) {
        return Optional.of(new BuiltinMessageBrowser(settings, embedded::broker));
    }

    @Override
    public Optional<DeadLetterMover> deadLetterMover(SourceSettings settings) {
        return Optional.of(new BuiltinDeadLetterMover(settings, embedded::broker));
    }

    @Override
    public Optional<QueuePurger> queuePurger(SourceSettings settings) {
        return Optional.of(new BuiltinQueuePurger(settings.name(), embedded::broker));
    }

    @Override
    public Optional<BrokerSource> unconfigured() {
        if (!embedded.enabled()) {
            return Optional.empty();
        }
        return Optional.of(create(new SourceSettings(UNCONFIGURED_NAME, SourceKind.BUILTIN, "embedded", Optional.empty(),
                Optional.empty(), Optional.empty(), Duration.ofSeconds(10), Duration.ofSeconds(5), Map.of(),
                SourceSettings.DEFAULT_DEAD_LETTER_PATTERNS)));
    }
}
