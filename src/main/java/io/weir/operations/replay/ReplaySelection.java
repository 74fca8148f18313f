package io.weir.operations.replay;

import io.weir.operations.browse.BrowsedMessage;
import io.weir.operations.browse.FailureReason;
import io.weir.operations.browse.MessageFilter;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Which dead letters of a queue a replay takes.
 *
 * @param filter for {@link Kind#FILTER}: the browser's filter, written as its API parameters
 * @param reason for {@link Kind#REASON}: a failure reason as {@link FailureReason#of} groups it
 * @param messages for {@link Kind#SELECTED}: the chosen messages
 */
public record ReplaySelection(Kind kind, FilterSpec filter, String reason, List<MessageRef> messages) {

    public enum Kind {
        /** Every message of the queue. */
        ALL,
        /** Those the filter matches. */
        FILTER,
        /** Those whose failure reason falls in one group. */
        REASON,
        /** Messages chosen one by one. */
        SELECTED
    }

    /**
     * One chosen message: by partition and offset (Kafka, built-in) or by message ID (RabbitMQ,
     * whose queues have no offsets; also accepted for the built-in broker).
     */
    public record MessageRef(Integer partition, Long offset, String messageId) {

        public MessageRef {
            if (messageId == null && (partition == null || offset == null)) {
                throw new IllegalArgumentException("a selected message needs partition and offset, or messageId");
            }
        }

        boolean matches(BrowsedMessage message, String id) {
            if (messageId != null) {
                return messageId.equals(id);
            }
            return partition == message.partition() && offset == message.offset();
        }
    }

    /** The message browser's filter as the API writes it; {@code header} is {@code name} or {@code name:value}. */
    public record FilterSpec(String key, String keyMatch, String header, String text, String regex, String jsonPath,
            String jsonValue, Instant from, Instant until) {

        /** @throws IllegalArgumentException naming what is wrong */
        public MessageFilter toFilter() {
            MessageFilter.KeyMatch match = keyMatch == null ? MessageFilter.KeyMatch.EXACT
                    : MessageFilter.KeyMatch.valueOf(keyMatch.strip().toUpperCase(java.util.Locale.ROOT));
            return new MessageFilter(key, match, MessageFilter.headerName(header), MessageFilter.headerValue(header), text,
                    regex == null ? null : MessageFilter.regex(regex), jsonPath == null ? null : MessageFilter.jsonPath(jsonPath),
                    jsonValue, from, until);
        }
    }

    public static final ReplaySelection ALL = new ReplaySelection(Kind.ALL, null, null, List.of());

    public ReplaySelection {
        Objects.requireNonNull(kind, "selection kind");
        messages = messages == null ? List.of() : List.copyOf(messages);
        switch (kind) {
            case FILTER -> {
                if (filter == null) {
                    throw new IllegalArgumentException("a FILTER selection needs a filter");
                }
                filter.toFilter(); // fails now, not in the middle of a job
            }
            case REASON -> {
                if (reason == null || reason.isBlank()) {
                    throw new IllegalArgumentException("a REASON selection needs the reason");
                }
            }
            case SELECTED -> {
                if (messages.isEmpty()) {
                    throw new IllegalArgumentException("a SELECTED selection needs at least one message");
                }
            }
            case ALL -> {
            }
        }
    }

    /** A matcher for one pass (compiles the filter once). */
    Matcher matcher() {
        MessageFilter compiled = kind == Kind.FILTER ? filter.toFilter() : null;
        return (message, messageId) -> switch (kind) {
            case ALL -> true;
            case FILTER -> compiled.matches(message);
            case REASON -> message.deadLetter().map(origin -> reason.equals(FailureReason.of(origin.reason()))).orElse(false);
            case SELECTED -> messages.stream().anyMatch(ref -> ref.matches(message, messageId));
        };
    }

    /** True when the selection can only be satisfied by the messages named: a pass may stop once it found them all. */
    boolean byName() {
        return kind == Kind.SELECTED;
    }

    interface Matcher {
        boolean selects(BrowsedMessage message, String messageId);
    }
}
