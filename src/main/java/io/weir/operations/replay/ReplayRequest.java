package io.weir.operations.replay;

import java.util.Map;
import java.util.Objects;

/**
 * What to replay, where to and how fast.
 *
 * @param destination the topic or queue to publish to, or {@code null} for each message's
 *     original destination as its dead-letter headers name it
 * @param ratePerSecond the most messages to publish per second, 0 for as fast as the brokers confirm
 * @param edit a change to the one message of a {@link ReplaySelection.Kind#SELECTED} selection of
 *     one message, or {@code null}
 */
public record ReplayRequest(String source, String queue, ReplaySelection selection, String destination,
        int ratePerSecond, Edit edit) {

    /**
     * @param headers the headers to publish instead of the message's own, or {@code null} to keep them
     * @param value the payload (UTF-8 text) to publish instead, or {@code null} to keep it
     */
    public record Edit(Map<String, String> headers, String value) {

        public Edit {
            headers = headers == null ? null : Map.copyOf(headers);
        }
    }

    public ReplayRequest {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(queue, "queue");
        selection = selection == null ? ReplaySelection.ALL : selection;
        destination = destination == null || destination.isBlank() ? null : destination.strip();
        if (ratePerSecond < 0) {
            throw new IllegalArgumentException("ratePerSecond must be 0 (no limit) or more, not " + ratePerSecond);
        }
        if (edit != null && (selection.kind() != ReplaySelection.Kind.SELECTED || selection.messages().size() != 1)) {
            throw new IllegalArgumentException("an edit applies to exactly one selected message");
        }
    }
}
