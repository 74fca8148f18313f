package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupConfig;
import io.weir.broker.GroupDescription;
import io.weir.broker.PartitionDescription;
import io.weir.broker.UnknownGroupException;
import io.weir.broker.UnknownTopicException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.message.OffsetCommitRequestData;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestPartition;
import org.apache.kafka.common.message.OffsetCommitRequestData.OffsetCommitRequestTopic;
import org.apache.kafka.common.message.OffsetCommitResponseData;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponsePartition;
import org.apache.kafka.common.message.OffsetCommitResponseData.OffsetCommitResponseTopic;
import org.apache.kafka.common.message.OffsetFetchRequestData;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestGroup;
import org.apache.kafka.common.message.OffsetFetchRequestData.OffsetFetchRequestTopics;
import org.apache.kafka.common.message.OffsetFetchResponseData;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseGroup;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartition;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponsePartitions;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopic;
import org.apache.kafka.common.message.OffsetFetchResponseData.OffsetFetchResponseTopics;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.record.internal.RecordBatch;
import org.apache.kafka.common.requests.OffsetCommitRequest;
import org.apache.kafka.common.requests.OffsetFetchRequest;

/**
 * OffsetCommit and OffsetFetch, kept in the broker: Kafka group G's offsets for topic T are the
 * committed offsets of the broker's ordered group G of topic T (created on the first commit), so
 * the console, the HTTP API and offset resets see and move them like any other group's. Commit
 * metadata strings are not kept (fetched back empty), and once the broker group exists a
 * partition it never committed reads as its oldest stored offset rather than "none".
 */
final class GroupOffsets {

    private final Broker broker;
    private final GroupCoordinator coordinator;
    private final GroupConfig newGroups;

    GroupOffsets(Broker broker, GroupCoordinator coordinator, GroupConfig newGroups) {
        this.broker = broker;
        this.coordinator = coordinator;
        this.newGroups = newGroups;
    }

    OffsetCommitResponseData commit(OffsetCommitRequest request) {
        OffsetCommitRequestData data = request.data();
        Errors membership = coordinator.find(data.groupId())
                .map(g -> g.checkCommit(data.memberId(), data.generationIdOrMemberEpoch()))
                .orElse(data.generationIdOrMemberEpoch() < 0 ? Errors.NONE : Errors.UNKNOWN_MEMBER_ID);
        OffsetCommitResponseData answer = new OffsetCommitResponseData();
        for (OffsetCommitRequestTopic topic : data.topics()) {
            Errors error = membership != Errors.NONE ? membership : commitTopic(data.groupId(), topic);
            OffsetCommitResponseTopic out = new OffsetCommitResponseTopic().setName(topic.name());
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                out.partitions().add(new OffsetCommitResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            answer.topics().add(out);
        }
        return answer;
    }

    private Errors commitTopic(String group, OffsetCommitRequestTopic topic) {
        Map<Integer, Long> offsets = new LinkedHashMap<>();
        try {
            List<PartitionDescription> partitions = broker.describeTopic(topic.name()).partitions();
            for (OffsetCommitRequestPartition p : topic.partitions()) {
                int index = p.partitionIndex();
                if (index < 0 || index >= partitions.size()) {
                    return Errors.UNKNOWN_TOPIC_OR_PARTITION;
                }
                if (p.committedOffset() < 0 || p.committedOffset() > partitions.get(index).endOffset()) {
                    return Errors.OFFSET_OUT_OF_RANGE; // Kafka would store it; the broker keeps offsets within its log
                }
                offsets.put(index, p.committedOffset());
            }
            broker.commitExternally(topic.name(), group, offsets, newGroups);
            return Errors.NONE;
        } catch (UnknownTopicException e) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        } catch (IllegalArgumentException e) {
            // partitions and offsets are checked above: a group ID the broker cannot name a group
            // (or, rarely, a topic whose log was cut back since)
            return Errors.INVALID_GROUP_ID;
        } catch (IllegalStateException e) {
            return Errors.INCONSISTENT_GROUP_PROTOCOL; // a shared group, or one fetched through the broker
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    OffsetFetchResponseData fetch(OffsetFetchRequest request, short version) {
        OffsetFetchRequestData data = request.data();
        OffsetFetchResponseData answer = new OffsetFetchResponseData();
        if (version >= 8) {
            for (OffsetFetchRequestGroup group : data.groups()) {
                OffsetFetchResponseGroup out = new OffsetFetchResponseGroup().setGroupId(group.groupId());
                Map<String, List<Integer>> wanted = null;
                if (group.topics() != null) {
                    wanted = new LinkedHashMap<>();
                    for (OffsetFetchRequestTopics t : group.topics()) {
                        wanted.put(t.name(), t.partitionIndexes());
                    }
                }
                committed(group.groupId(), wanted).forEach((topic, offsets) -> {
                    OffsetFetchResponseTopics t = new OffsetFetchResponseTopics().setName(topic);
                    offsets.forEach(o -> t.partitions().add(new OffsetFetchResponsePartitions()
                            .setPartitionIndex(o.partition()).setCommittedOffset(o.offset())
                            .setCommittedLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH).setMetadata("")
                            .setErrorCode(o.error().code())));
                    out.topics().add(t);
                });
                answer.groups().add(out);
            }
            return answer;
        }
        Map<String, List<Integer>> wanted = null;
        if (data.topics() != null) {
            wanted = new LinkedHashMap<>();
            for (OffsetFetchRequestData.OffsetFetchRequestTopic t : data.topics()) {
                wanted.put(t.name(), t.partitionIndexes());
            }
        }
        committed(data.groupId(), wanted).forEach((topic, offsets) -> {
            OffsetFetchResponseTopic t = new OffsetFetchResponseTopic().setName(topic);
            offsets.forEach(o -> t.partitions().add(new OffsetFetchResponsePartition()
                    .setPartitionIndex(o.partition()).setCommittedOffset(o.offset())
                    .setCommittedLeaderEpoch(RecordBatch.NO_PARTITION_LEADER_EPOCH).setMetadata("")
                    .setErrorCode(o.error().code())));
            answer.topics().add(t);
        });
        return answer;
    }

    private record Committed(int partition, long offset, Errors error) {
    }

    /** Per topic, the group's committed offsets (-1 where none); {@code wanted} null means every topic the group has. */
    private Map<String, List<Committed>> committed(String group, Map<String, List<Integer>> wanted) {
        Map<String, List<Committed>> out = new LinkedHashMap<>();
        if (wanted == null) {
            for (String topic : broker.topics()) {
                positions(topic, group).ifPresent(positions -> {
                    List<Committed> list = new ArrayList<>();
                    positions.forEach((p, offset) -> list.add(new Committed(p, offset, Errors.NONE)));
                    out.put(topic, list);
                });
            }
            return out;
        }
        wanted.forEach((topic, partitions) -> {
            Map<Integer, Long> positions = positions(topic, group).orElse(Map.of());
            List<Committed> list = new ArrayList<>();
            for (int p : partitions) {
                list.add(new Committed(p, positions.getOrDefault(p, -1L), Errors.NONE));
            }
            out.put(topic, list);
        });
        return out;
    }

    /** The positions of the broker's ordered group {@code group} of {@code topic}, if there is one. */
    private Optional<Map<Integer, Long>> positions(String topic, String group) {
        try {
            GroupDescription g = broker.describeGroup(topic, group);
            return g.config().mode() == DeliveryMode.ORDERED ? Optional.of(g.committed())
                    : Optional.empty();
        } catch (UnknownTopicException | UnknownGroupException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
