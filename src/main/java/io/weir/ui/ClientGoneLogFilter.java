package io.weir.ui;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the ERROR and WARN that Vaadin's push and Atmosphere log when a browser's push connection
 * closes while a message is on its way ("Request object no longer valid. This object has been
 * cancelled", vaadin/flow#13627): a browser leaving is not a server failure, and the line would
 * hide real ones. Every other record passes.
 */
@LoggingFilter(name = "client-gone")
public final class ClientGoneLogFilter implements Filter {

    static final String CANCELLED = "Request object no longer valid. This object has been cancelled";

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null || !(logger.startsWith("com.vaadin.flow.server.communication.PushAtmosphereHandler")
                || logger.startsWith("org.atmosphere.cpr.AtmosphereResourceImpl"))) {
            return true;
        }
        if (mentions(record.getThrown()) || (record.getMessage() != null && record.getMessage().contains(CANCELLED))) {
            return false;
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                if (parameter instanceof Throwable t ? mentions(t) : String.valueOf(parameter).contains(CANCELLED)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean mentions(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(CANCELLED)) {
                return true;
            }
        }
        return false;
    }
}
