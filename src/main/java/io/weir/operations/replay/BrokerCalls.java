package io.weir.operations.replay;

import io.weir.operations.OperationException;
import io.weir.operations.OperationException.Kind;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.UnknownQueueException;

/** Turns what a read of a dead-letter queue can throw into the errors the API and the pages show. */
final class BrokerCalls {

    private BrokerCalls() {
    }

    interface Call<T> {
        T call() throws SourceUnavailableException, InterruptedException, OperationException;
    }

    /** @param what names the call in the message of an interrupt, e.g. "the preview" */
    static <T> T call(String what, Call<T> call) throws OperationException {
        try {
            return call.call();
        } catch (UnknownQueueException e) {
            throw new OperationException(Kind.NOT_FOUND, e.getMessage(), e);
        } catch (SourceUnavailableException e) {
            throw new OperationException(Kind.UNAVAILABLE, e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new OperationException(Kind.UNAVAILABLE, what + " was interrupted", e);
        }
    }
}
