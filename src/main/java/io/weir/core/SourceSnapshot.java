package io.weir.core;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * The result of one poll of one source: either what the broker showed or the reason it could not
 * be read. A failed poll never carries zeros pretending to be data.
 *
 * @param source the configured source name
 * @param kind the kind of broker
 * @param address where the source is reached (bootstrap servers, management URL), without secrets
 * @param takenAt when the poll started
 * @param pollDuration how long the poll took (up to the source's timeout)
 * @param broker what the poll read, {@code null} when the poll failed
 * @param error why the poll failed, {@code null} when it succeeded
 */
public record SourceSnapshot(
        String source,
        SourceKind kind,
        String address,
        Instant takenAt,
        Duration pollDuration,
        BrokerSnapshot broker,
        String error) {

    public SourceSnapshot {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(takenAt, "takenAt");
        Objects.requireNonNull(pollDuration, "pollDuration");
        if ((broker == null) == (error == null)) {
            throw new IllegalArgumentException("exactly one of broker and error must be set");
        }
    }

    public static SourceSnapshot up(String source, SourceKind kind, String address, Instant takenAt,
            Duration pollDuration, BrokerSnapshot broker) {
        return new SourceSnapshot(source, kind, address, takenAt, pollDuration, Objects.requireNonNull(broker), null);
    }

    public static SourceSnapshot down(String source, SourceKind kind, String address, Instant takenAt,
            Duration pollDuration, String error) {
        return new SourceSnapshot(source, kind, address, takenAt, pollDuration, null, Objects.requireNonNull(error));
    }

    public boolean isUp() {
        return broker != null;
    }
}
