package io.weir.broker.http;

import io.weir.broker.BacklogLimitException;
import io.weir.broker.DiskSpaceException;
import io.weir.broker.UnknownGroupException;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.log.StorageFailedException;
import jakarta.annotation.Priority;
import jakarta.interceptor.AroundInvoke;
import jakarta.interceptor.Interceptor;
import jakarta.interceptor.InvocationContext;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Answers the broker's exceptions with a status and a JSON body {@code {status, error}}. Scoped to
 * the broker's resources: an {@link IllegalArgumentException} means bad input here, which need not
 * hold elsewhere in Weir.
 *
 * <ul>
 * <li>404: unknown topic or group</li>
 * <li>400: bad input (the broker's {@link IllegalArgumentException}s)</li>
 * <li>409: the broker's state forbids it ({@link IllegalStateException}: already exists, the group
 *     has active consumers, the group is of the other mode)</li>
 * <li>429: the topic is at its backlog limit; nothing of the call was stored, retry later</li>
 * <li>507: the broker's disk is short of free space; nothing of the call was stored</li>
 * <li>503: storage failed, the messages are not durable (or the broker is not running)</li>
 * </ul>
 */
@BrokerErrors
@Interceptor
@Priority(Interceptor.Priority.APPLICATION)
public class BrokerErrorsInterceptor {

    /** The body of every error answer, as in the rest of Weir's API. */
    public record BrokerError(int status, String error) {
    }

    @AroundInvoke
    Object answerErrors(InvocationContext call) throws Exception {
        try {
            return call.proceed();
        } catch (WebApplicationException e) {
            throw error(e.getResponse().getStatus(), e.getMessage());
        } catch (UnknownTopicException | UnknownGroupException e) {
            throw error(404, e.getMessage());
        } catch (BacklogLimitException e) {
            throw error(429, e.getMessage());
        } catch (DiskSpaceException e) {
            throw error(507, e.getMessage());
        } catch (StorageFailedException e) {
            throw error(503, e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            throw error(503, "storage failed, nothing is acknowledged: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw error(503, "the broker is shutting down");
        } catch (IllegalArgumentException e) {
            throw error(400, e.getMessage());
        } catch (IllegalStateException e) {
            throw error(409, e.getMessage());
        }
    }

    static WebApplicationException error(int status, String message) {
        return new WebApplicationException(message, Response.status(status)
                .type(MediaType.APPLICATION_JSON)
                .entity(new BrokerError(status, message))
                .build());
    }
}
