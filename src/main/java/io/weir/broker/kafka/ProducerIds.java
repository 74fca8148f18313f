package io.weir.broker.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.message.InitProducerIdResponseData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.InitProducerIdRequest;
import org.jboss.logging.Logger;

/**
 * Producer IDs for idempotent producers and the sequence state of each producer in each
 * partition, in memory. IDs start at the listener's start time in milliseconds times 65536, so
 * IDs handed out before a restart are not handed out again (unless the clock went back or one
 * run gave out more than 65536 IDs per millisecond it ran). A restart forgets the sequences: the
 * first batch a producer sends to a partition afterwards is accepted whatever its sequence, as
 * Kafka does for a producer it has no state for, and a retry of a batch stored before the restart
 * is still answered as a duplicate by the broker's dedup window, because every record carries the
 * message ID {@link #messageIdPrefix} + its sequence (within the topic's dedup window of IDs and
 * time). Transactions are not supported: an InitProducerId with a transactional ID is refused.
 */
final class ProducerIds {

    private static final Logger LOG = Logger.getLogger(ProducerIds.class);
    private static final Duration IDLE_EXPIRY = Duration.ofDays(1);

    private record Key(String topic, int partition, long producerId) {
    }

    private final AtomicLong next = new AtomicLong(System.currentTimeMillis() << 16);
    private final Map<Key, ProducerSequence> sequences = new ConcurrentHashMap<>();

    InitProducerIdResponseData initProducerId(InitProducerIdRequest request) {
        InitProducerIdResponseData response = new InitProducerIdResponseData()
                .setProducerId(RecordBatch.NO_PRODUCER_ID).setProducerEpoch(RecordBatch.NO_PRODUCER_EPOCH);
        if (request.data().transactionalId() != null) {
            LOG.infof("Refused InitProducerId for transactional ID %s: transactions are not supported",
                    request.data().transactionalId());
            return response.setErrorCode(Errors.TRANSACTIONAL_ID_AUTHORIZATION_FAILED.code());
        }
        expireIdle();
        long id = request.data().producerId();
        short epoch = request.data().producerEpoch();
        if (id >= 0 && epoch >= 0 && epoch < Short.MAX_VALUE) {
            // an idempotent producer bumping its epoch after an error: same ID, sequences restart at 0
            return response.setProducerId(id).setProducerEpoch((short) (epoch + 1));
        }
        return response.setProducerId(next.incrementAndGet()).setProducerEpoch((short) 0);
    }

    /** The sequence state of the producer in the partition; callers lock it while they check and store. */
    ProducerSequence sequence(String topic, int partition, long producerId) {
        return sequences.computeIfAbsent(new Key(topic, partition, producerId), k -> new ProducerSequence());
    }

    /** Forgets producers idle for a day, as Kafka's producer.id.expiration.ms does by default. */
    private void expireIdle() {
        long cutoff = System.nanoTime() - IDLE_EXPIRY.toNanos();
        sequences.values().removeIf(s -> s.lastUsedNanos() - cutoff < 0);
    }

    /** Every record of an idempotent batch is stored with this prefix plus its sequence as message ID. */
    static String messageIdPrefix(long producerId, short epoch, int partition) {
        return "kafka-" + producerId + "-" + epoch + "-" + partition + "-";
    }
}
