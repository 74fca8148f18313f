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
    void everyOtherRecordPasses() {
        LogRecord otherPushError = record(Level.SEVERE, "com.vaadin.flow.server.communication.PushAtmosphereHandler", "Exception in push connection");
        otherPushError.setThrown(new IllegalStateException("something else broke"));
        LogRecord otherLogger = record(Level.SEVERE, "io.weir.monitor.SourceMonitor", ClientGoneLogFilter.CANCELLED);
        assertThat(filter.isLoggable(otherPushError)).isTrue();
        assertThat(filter.isLoggable(otherLogger)).isTrue();
    }

    private static LogRecord record(Level level, String logger, String message) {
        LogRecord record = new LogRecord(level, message);
        record.setLoggerName(logger);
        return record;
    }
}
