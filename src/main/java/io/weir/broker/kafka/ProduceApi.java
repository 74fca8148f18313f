package io.weir.broker.kafka;

import io.weir.broker.BacklogLimitException;
import io.weir.broker.Broker;
import io.weir.broker.DiskSpaceException;
import io.weir.broker.OutgoingMessage;
import io.weir.broker.PartitionDescription;
import io.weir.broker.PublishResult;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.log.StorageFailedException;
import java.util.List;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.CorruptRecordException;
import org.apache.kafka.common.message.ProduceRequestData.PartitionProduceData;
import org.apache.kafka.common.message.ProduceRequestData.TopicProduceData;
import org.apache.kafka.common.message.ProduceResponseData;
import org.apache.kafka.common.message.ProduceResponseData.PartitionProduceResponse;
import org.apache.kafka.common.message.ProduceResponseData.TopicProduceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.record.internal.MutableRecordBatch;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.ProduceRequest;
import org.jboss.logging.Logger;

/**
 * Produce: each partition's record batch is decoded (any compression kafka-clients reads) and
 * published to that partition in one append; the answer comes once the broker's publish returned,
 * i.e. once the records are durable under the topic's flush policy, whatever {@code acks} says
 * (with acks=0 there is no answer at all). Batches of an idempotent producer are checked against
 * its sequence in the partition first: a retry is answered with its original offset and not
 * stored again; a gap or an old epoch is refused.
 */
final class ProduceApi {

    private static final Logger LOG = Logger.getLogger(ProduceApi.class);

    private final Broker broker;
    private final ProducerIds producerIds;

    ProduceApi(Broker broker, ProducerIds producerIds) {
        this.broker = broker;
        this.producerIds = producerIds;
    }

    /** The answer, or null for acks=0. Blocks until the records are durable. */
    ProduceResponseData produce(ProduceRequest request) {
        ProduceResponseData response = new ProduceResponseData();
        for (TopicProduceData topic : request.data().topicData()) {
            TopicProduceResponse answer = new TopicProduceResponse().setName(topic.name());
            for (PartitionProduceData partition : topic.partitionData()) {
                answer.partitionResponses().add(producePartition(request.version(), topic.name(), partition));
            }
            response.responses().add(answer);
        }
        return request.acks() == 0 ? null : response;
    }

    private PartitionProduceResponse producePartition(short version, String topic, PartitionProduceData data) {
        PartitionProduceResponse answer = new PartitionProduceResponse().setIndex(data.index())
                .setBaseOffset(-1).setLogAppendTimeMs(RecordBatch.NO_TIMESTAMP).setLogStartOffset(-1);
        try {
            List<PartitionDescription> partitions = broker.describeTopic(topic).partitions();
            if (data.index() < 0 || data.index() >= partitions.size()) {
                return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            }
            MemoryRecords records = (MemoryRecords) data.records();
            ProduceRequest.validateRecords(version, records);
            long baseOffset = -1;
            for (MutableRecordBatch batch : records.batches()) {
                batch.ensureValid();
                long offset = store(topic, data.index(), batch);
                baseOffset = baseOffset < 0 ? offset : baseOffset;
            }
            return answer.setBaseOffset(baseOffset).setLogStartOffset(partitions.get(data.index()).startOffset());
        } catch (RefusedBatchException e) {
            return answer.setErrorCode(e.error.code()).setErrorMessage(e.getMessage());
        } catch (InvalidRecordException | CorruptRecordException e) {
            return answer.setErrorCode(Errors.forException(e).code()).setErrorMessage(e.getMessage());
        } catch (UnknownTopicException e) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        } catch (IllegalArgumentException e) {
            // the partition exists, so: a record beyond the topic's max-record-bytes (or a topic name no topic can have)
            Errors error = broker.topics().contains(topic) ? Errors.MESSAGE_TOO_LARGE : Errors.INVALID_TOPIC_EXCEPTION;
            return answer.setErrorCode(error.code()).setErrorMessage(e.getMessage());
        } catch (BacklogLimitException e) {
            return answer.setErrorCode(Errors.POLICY_VIOLATION.code()).setErrorMessage(e.getMessage());
        } catch (DiskSpaceException | StorageFailedException e) {
            return answer.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
        } catch (RuntimeException e) {
            LOG.errorf(e, "Produce to %s/%d failed", topic, data.index());
            return answer.setErrorCode(Errors.UNKNOWN_SERVER_ERROR.code()).setErrorMessage(e.getMessage());
        }
    }

    /** Stores the batch (or recognises it as a retry) and returns its base offset. */
    private long store(String topic, int partition, RecordBatch batch) {
        if (batch.isTransactional() || batch.isControlBatch()) {
            throw new InvalidRecordException("transactional batches are not supported");
        }
        if (!batch.hasProducerId()) {
            return publish(topic, partition, RecordConversion.messages(batch, null));
        }
        ProducerSequence sequence = producerIds.sequence(topic, partition, batch.producerId());
        synchronized (sequence) {
            ProducerSequence.Verdict verdict = sequence.check(batch.producerEpoch(), batch.baseSequence(),
                    batch.lastSequence());
            if (verdict.duplicate()) {
                return verdict.duplicateOf();
            }
            if (verdict.error() != Errors.NONE) {
                throw new RefusedBatchException(verdict.error(), "batch " + batch.baseSequence() + ".."
                        + batch.lastSequence() + " of producer " + batch.producerId() + " epoch "
                        + batch.producerEpoch() + " refused: " + verdict.error().message());
            }
            String prefix = ProducerIds.messageIdPrefix(batch.producerId(), batch.producerEpoch(), partition);
            long offset = publish(topic, partition, RecordConversion.messages(batch, prefix));
            sequence.stored(batch.producerEpoch(), batch.baseSequence(), batch.lastSequence(), offset);
            return offset;
        }
    }

    private long publish(String topic, int partition, List<OutgoingMessage> messages) {
        List<PublishResult> results = broker.publish(topic, partition, messages);
        return results.isEmpty() ? -1 : results.get(0).offset();
    }

    private static final class RefusedBatchException extends RuntimeException {
        final Errors error;

        RefusedBatchException(Errors error, String message) {
            super(message);
            this.error = error;
        }
    }
}
