package io.weir.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.Test;

class ClientGoneLogFilterTest {

    private final ClientGoneLogFilter filter = new ClientGoneLogFilter();

    @Test
    void aPushConnectionCancelledByTheBrowserIsDropped() {
        LogRecord push = record(Level.SEVERE, "com.vaadin.flow.server.communication.PushAtmosphereHandler", "Exception in push connection");
        push.setThrown(new IllegalStateException(ClientGoneLogFilter.CANCELLED));
        LogRecord listener = record(Level.WARNING, "org.atmosphere.cpr.AtmosphereResourceImpl", "Listener error {0}: {1}");
        listener.setParameters(new Object[] {"event", new IllegalStateException(ClientGoneLogFilter.CANCELLED)});
        assertThat(filter.isLoggable(push)).isFalse();
        assertThat(filter.isLoggable(listener)).isFalse();
    }

    @Test
    void atmosphereCancellingAGoneResourceAndWritesToAClosedConnectionAreDropped() {
        LogRecord cancel = record(Level.SEVERE, "org.atmosphere.cpr.AsynchronousProcessor", "Failed to cancel resource: {0}");
        cancel.setThrown(new NullPointerException("resource is null"));
        LogRecord write = record(Level.SEVERE, "com.vaadin.flow.server.DefaultErrorHandler", "Unexpected error: {0}");
        write.setThrown(new java.io.IOException(new java.io.IOException("io.vertx.core.http.HttpClosedException: Connection was closed")));
        LogRecord closed = record(Level.WARNING, "org.atmosphere.cpr.AtmosphereResponseImpl",
                "AtmosphereResponse for 9b944ada-5e25-40a8-869d-543e3d2f21e2 has been closed");
        assertThat(filter.isLoggable(cancel)).isFalse();
        assertThat(filter.isLoggable(write)).isFalse();
        assertThat(filter.isLoggable(closed)).isFalse();
    }

    @Test
    void everyOtherRecordPasses() {
        LogRecord otherPushError = record(Level.SEVERE, "com.vaadin.flow.server.communication.PushAtmosphereHandler", "Exception in push connection");
        otherPushError.setThrown(new IllegalStateException("something else broke"));
        LogRecord otherLogger = record(Level.SEVERE, "io.weir.monitor.SourceMonitor", ClientGoneLogFilter.CANCELLED);
        LogRecord otherUiError = record(Level.SEVERE, "com.vaadin.flow.server.DefaultErrorHandler", "Unexpected error: {0}");
        otherUiError.setThrown(new IllegalStateException("a view failed"));
        assertThat(filter.isLoggable(otherPushError)).isTrue();
        assertThat(filter.isLoggable(otherLogger)).isTrue();
        assertThat(filter.isLoggable(otherUiError)).isTrue();
    }

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}
