package io.weir.sources.kafka;

import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * The time budget of one read: every wait on a Kafka answer ends by the same deadline, the
 * source's timeout after the read began, so a read never outlasts its timeout however many calls
 * it makes. Failures become {@link SourceUnavailableException}s with a reason for an operator.
 * One instance per read; not thread-safe.
 */
final class ReadDeadline {

    private final SourceSettings settings;
    private final long deadlineNanos;

    ReadDeadline(SourceSettings settings) {
        this.settings = settings;
        this.deadlineNanos = System.nanoTime() + settings.timeout().toNanos();
    }

    /** Waits for {@code future} until the deadline; blocking, and answers interrupts. */
    <T> T await(KafkaFuture<T> future) throws SourceUnavailableException, InterruptedException {
        try {
            return future.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new SourceUnavailableException(KafkaErrors.describe(e.getCause(), settings), e.getCause());
        } catch (TimeoutException e) {
            throw new SourceUnavailableException("no answer from " + settings.address() + " within "
                    + settings.timeout().toMillis() + " ms", e);
        }
    }

    /**
     * Like {@link #await}, but empty when the topic or group was deleted between being listed and
     * being described: on a busy cluster that is normal, and it must not fail the whole read.
     */
    <T> Optional<T> awaitUnlessDeleted(KafkaFuture<T> future) throws SourceUnavailableException, InterruptedException {
        try {
            return Optional.of(await(future));
        } catch (SourceUnavailableException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException || e.getCause() instanceof GroupIdNotFoundException) {
                return Optional.empty();
            }
            throw e;
        }
    }
}
