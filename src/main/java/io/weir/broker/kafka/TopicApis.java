package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicDescription;
import io.weir.broker.UnknownTopicException;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsPartition;
import org.apache.kafka.common.message.ListOffsetsRequestData.ListOffsetsTopic;
import org.apache.kafka.common.message.ListOffsetsResponseData;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsPartitionResponse;
import org.apache.kafka.common.message.ListOffsetsResponseData.ListOffsetsTopicResponse;
import org.apache.kafka.common.message.MetadataResponseData;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBroker;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseBrokerCollection;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponsePartition;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopic;
import org.apache.kafka.common.message.MetadataResponseData.MetadataResponseTopicCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.ListOffsetsRequest;
import org.apache.kafka.common.requests.MetadataRequest;
import org.apache.kafka.common.record.internal.RecordBatch;

/**
 * Metadata and ListOffsets: the broker's topics as a one-node Kafka cluster. Node 0 leads every
 * partition and is its only replica. Topics are never created by a Metadata request (Kafka's
 * auto-creation is off); create them over the HTTP API or the console. Leader epochs are reported
 * as unknown (-1), so clients skip the epoch validation that needs OffsetForLeaderEpoch.
 */
final class TopicApis {

    private static final List<Integer> NODE = List.of(Advertised.NODE_ID);

    private final Broker broker;
    private final Advertised advertised;

    TopicApis(Broker broker, Advertised advertised) {
        this.broker = broker;
        this.advertised = advertised;
    }

    MetadataResponseData metadata(MetadataRequest request) {
        MetadataResponseBrokerCollection brokers = new MetadataResponseBrokerCollection();
        brokers.add(new MetadataResponseBroker().setNodeId(Advertised.NODE_ID)
                .setHost(advertised.host()).setPort(advertised.port().getAsInt()));
        List<String> names = request.isAllTopics() ? broker.topics() : request.topics();
        MetadataResponseTopicCollection topics = new MetadataResponseTopicCollection();
        for (String name : names) {
            topics.add(topic(name));
        }
        if (!request.isAllTopics()) {
            for (Uuid id : request.topicIds()) {
                if (id != null && !Uuid.ZERO_UUID.equals(id)) {
                    topics.add(new MetadataResponseTopic().setTopicId(id).setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                }
            }
        }
        return new MetadataResponseData().setBrokers(brokers).setClusterId(Advertised.CLUSTER_ID)
                .setControllerId(Advertised.NODE_ID).setTopics(topics);
    }

    private MetadataResponseTopic topic(String name) {
        MetadataResponseTopic topic = new MetadataResponseTopic().setName(name).setTopicId(Uuid.ZERO_UUID);
        if (name == null) {
            return topic.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code());
        }
        TopicDescription description;
        try {
            description = broker.describeTopic(name);
        } catch (UnknownTopicException e) {
            return topic.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        } catch (IllegalArgumentException e) {
            return topic.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code());
        }
        for (PartitionDescription p : description.partitions()) {
            topic.partitions().add(new MetadataResponsePartition().setPartitionIndex(p.partition())
                    .setErrorCode(p.storageFailed() ? Errors.KAFKA_STORAGE_ERROR.code() : Errors.NONE.code())
                    .setLeaderId(Advertised.NODE_ID).setLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH)
                    .setReplicaNodes(NODE).setIsrNodes(NODE).setOfflineReplicas(List.of()));
        }
        return topic;
    }

    ListOffsetsResponseData listOffsets(ListOffsetsRequest request) {
        ListOffsetsResponseData response = new ListOffsetsResponseData();
        for (ListOffsetsTopic topic : request.data().topics()) {
            ListOffsetsTopicResponse answer = new ListOffsetsTopicResponse().setName(topic.name());
            for (ListOffsetsPartition partition : topic.partitions()) {
                answer.partitions().add(offset(topic.name(), partition));
            }
            response.topics().add(answer);
        }
        return response;
    }

    private ListOffsetsPartitionResponse offset(String topic, ListOffsetsPartition request) {
        int index = request.partitionIndex();
        ListOffsetsPartitionResponse answer = new ListOffsetsPartitionResponse().setPartitionIndex(index)
                .setTimestamp(RecordBatch.NO_TIMESTAMP).setOffset(-1)
                .setLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH);
        PartitionDescription partition;
        try {
            partition = partition(topic, index);
        } catch (UnknownTopicException | IllegalArgumentException e) {
            return answer.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
        }
        long timestamp = request.timestamp();
        if (timestamp == ListOffsetsRequest.EARLIEST_TIMESTAMP) {
            return answer.setOffset(partition.startOffset());
        }
        if (timestamp == ListOffsetsRequest.LATEST_TIMESTAMP) {
            return answer.setOffset(partition.endOffset());
        }
        if (timestamp < 0) {
            return answer.setErrorCode(Errors.UNSUPPORTED_VERSION.code());
        }
        long offset = broker.offsetAt(topic, index, Instant.ofEpochMilli(timestamp));
        if (offset >= partition.endOffset()) {
            return answer; // no message that late: offset and timestamp -1, as Kafka answers
        }
        return broker.timestampAt(topic, index, offset)
                .map(found -> answer.setOffset(offset).setTimestamp(found.toEpochMilli()))
                .orElse(answer);
    }

    /** @throws IllegalArgumentException if the topic has no such partition */
    private PartitionDescription partition(String topic, int index) {
        List<PartitionDescription> partitions = broker.describeTopic(topic).partitions();
        if (index < 0 || index >= partitions.size()) {
            throw new IllegalArgumentException("no partition " + index);
        }
        return partitions.get(index);
    }
}
