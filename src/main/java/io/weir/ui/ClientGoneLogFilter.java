package io.weir.ui;

import io.quarkus.logging.LoggingFilter;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * Drops the ERRORs and WARNs that Vaadin's push, Atmosphere and Vaadin's error handler log when a
 * browser's connection closes while the server is still writing to it: "Request object no longer
 * valid. This object has been cancelled" (vaadin/flow#13627), Atmosphere failing to cancel a
 * resource that is already gone or writing to a response that "has been closed", and a write
 * ending in Vert.x's {@code HttpClosedException}. A
 * browser leaving is not a server failure, and the lines would hide real ones. Every other record
 * passes, including other errors of the same loggers.
 */
@LoggingFilter(name = "client-gone")
public final class ClientGoneLogFilter implements Filter {

    static final String CANCELLED = "Request object no longer valid. This object has been cancelled";
    static final String CANCEL_FAILED = "Failed to cancel resource";
    static final String CONNECTION_CLOSED = "HttpClosedException";
    static final String RESPONSE_CLOSED = "has been closed";

    @Override
    public boolean isLoggable(LogRecord record) {
        String logger = record.getLoggerName();
        if (logger == null) {
            return true;
        }
        if (logger.startsWith("com.vaadin.flow.server.communication.PushAtmosphereHandler")
                || logger.startsWith("org.atmosphere.cpr.AtmosphereResourceImpl")) {
            return !mentions(record, CANCELLED);
        }
        if (logger.startsWith("org.atmosphere.cpr.AtmosphereResponseImpl")) {
            return !mentions(record, RESPONSE_CLOSED);
        }
        if (logger.startsWith("org.atmosphere.cpr.AsynchronousProcessor")) {
            return record.getMessage() == null || !record.getMessage().contains(CANCEL_FAILED);
        }
        if (logger.startsWith("com.vaadin.flow.server.DefaultErrorHandler")) {
            return !mentions(record, CONNECTION_CLOSED);
        }
        return true;
    }

    /** Whether the message, a parameter or any cause in the record says {@code text}. */
    private static boolean mentions(LogRecord record, String text) {
        if (record.getMessage() != null && record.getMessage().contains(text) || mentions(record.getThrown(), text)) {
            return true;
        }
        Object[] parameters = record.getParameters();
        if (parameters != null) {
            for (Object parameter : parameters) {
                if (parameter instanceof Throwable t ? mentions(t, text) : String.valueOf(parameter).contains(text)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean mentions(Throwable thrown, String text) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t.getClass().getName().contains(text) || t.getMessage() != null && t.getMessage().contains(text)) {
                return true;
            }
        }
        return false;
    }
}
