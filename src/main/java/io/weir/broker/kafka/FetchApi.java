package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.PartitionDescription;
import io.weir.broker.UnknownTopicException;
import io.weir.broker.log.LogRecord;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.common.message.FetchRequestData;
import org.apache.kafka.common.message.FetchRequestData.FetchPartition;
import org.apache.kafka.common.message.FetchRequestData.FetchTopic;
import org.apache.kafka.common.message.FetchResponseData;
import org.apache.kafka.common.message.FetchResponseData.FetchableTopicResponse;
import org.apache.kafka.common.message.FetchResponseData.PartitionData;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.MemoryRecords;
import org.apache.kafka.common.requests.FetchRequest;

/**
 * Fetch: reads each requested partition from its fetch offset, up to the partition's and the
 * request's byte limits (the first partition with data always gives at least one record, so a
 * consumer never stalls on a large record), as one uncompressed batch with the stored offsets.
 * When less than {@code min.bytes} is there it waits up to {@code max.wait.ms} for appends,
 * parked in {@link FetchWaiters}. Fetch sessions are not kept: every answer carries session ID 0,
 * so clients send full fetch requests.
 */
final class FetchApi {

    private final Broker broker;
    private final FetchWaiters waiters;

    FetchApi(Broker broker, FetchWaiters waiters) {
        this.broker = broker;
        this.waiters = waiters;
    }

    CompletableFuture<FetchResponseData> fetch(FetchRequest request) {
        FetchRequestData data = request.data();
        FetchWaiters.Attempt<FetchResponseData> first = read(data);
        if (first.enough() || data.maxWaitMs() <= 0) {
            return CompletableFuture.completedFuture(first.result());
        }
        Set<String> topics = new LinkedHashSet<>();
        data.topics().forEach(t -> topics.add(t.topic()));
        return waiters.await(topics, data.maxWaitMs(), () -> read(data));
    }

    /** One pass over the partitions; enough when it has min.bytes or an error to report. */
    private FetchWaiters.Attempt<FetchResponseData> read(FetchRequestData data) {
        FetchResponseData response = new FetchResponseData().setSessionId(0);
        long remaining = data.maxBytes();
        long bytes = 0;
        boolean error = false;
        for (FetchTopic topic : data.topics()) {
            FetchableTopicResponse answer = new FetchableTopicResponse().setTopic(topic.topic())
                    .setTopicId(topic.topicId());
            List<PartitionDescription> partitions = partitions(topic.topic());
            for (FetchPartition p : topic.partitions()) {
                PartitionData out = new PartitionData().setPartitionIndex(p.partition()).setRecords(MemoryRecords.EMPTY);
                answer.partitions().add(out);
                if (partitions == null || p.partition() < 0 || p.partition() >= partitions.size()) {
                    out.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
                    error = true;
                    continue;
                }
                PartitionDescription partition = partitions.get(p.partition());
                out.setHighWatermark(partition.endOffset()).setLastStableOffset(partition.endOffset())
                        .setLogStartOffset(partition.startOffset());
                long offset = p.fetchOffset();
                if (offset < partition.startOffset() || offset > partition.endOffset()) {
                    out.setErrorCode(Errors.OFFSET_OUT_OF_RANGE.code());
                    error = true;
                    continue;
                }
                if (offset == partition.endOffset() || (remaining <= 0 && bytes > 0)) {
                    continue;
                }
                long limit = Math.max(1, Math.min(p.partitionMaxBytes(), remaining));
                List<LogRecord> records = readRecords(topic.topic(), p.partition(), offset, limit);
                if (!records.isEmpty()) {
                    MemoryRecords batch = RecordConversion.batch(records);
                    out.setRecords(batch);
                    bytes += batch.sizeInBytes();
                    remaining -= batch.sizeInBytes();
                }
            }
            response.responses().add(answer);
        }
        return new FetchWaiters.Attempt<>(response, error || bytes >= data.minBytes());
    }

    private List<LogRecord> readRecords(String topic, int partition, long offset, long maxBytes) {
        try {
            return broker.read(topic, partition, offset, Integer.MAX_VALUE, maxBytes);
        } catch (UnknownTopicException | IllegalArgumentException e) {
            return List.of(); // deleted, or retention moved past it, since described; the next fetch says so
        }
    }

    /** The topic's partitions, or null if there is no such topic. */
    private List<PartitionDescription> partitions(String topic) {
        try {
            return broker.describeTopic(topic).partitions();
        } catch (UnknownTopicException | IllegalArgumentException e) {
            return null;
        }
    }
}
