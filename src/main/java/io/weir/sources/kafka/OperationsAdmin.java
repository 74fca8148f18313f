package io.weir.sources.kafka;

import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.KafkaFuture;

/**
 * The admin client of one kind of operation on one source: made on first use (creating an
 * operation connects to nothing), kept until closed, and its answers awaited within the source's
 * timeout with Kafka's errors said in plain words.
 */
final class OperationsAdmin implements AutoCloseable {

    private final SourceSettings settings;
    private final String purpose;
    private Admin admin;

    /** @param purpose names the client to the brokers: {@code weir-<source>-<purpose>} */
    OperationsAdmin(SourceSettings settings, String purpose) {
        this.settings = settings;
        this.purpose = purpose;
    }

    synchronized Admin client() {
        if (admin == null) {
            admin = Admin.create(KafkaSource.clientProperties(settings, "weir-" + settings.name() + "-" + purpose));
        }
        return admin;
    }

    <T> T get(KafkaFuture<T> future) throws SourceUnavailableException {
        try {
            return future.get(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(e.getCause(), settings), e.getCause());
        } catch (TimeoutException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(new org.apache.kafka.common.errors.TimeoutException(e),
                    settings), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SourceUnavailableException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public synchronized void close() {
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
            admin = null;
        }
    }
}
