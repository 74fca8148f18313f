package io.weir.sources;

/** The broker has no topic or queue of that name (or it was deleted while being read). */
public class UnknownQueueException extends SourceUnavailableException {

    public UnknownQueueException(String source, String queue) {
        super("source " + source + " has no topic or queue named '" + queue + "'");
    }
}
