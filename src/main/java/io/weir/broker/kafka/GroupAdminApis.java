package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.DeliveryMode;
import io.weir.broker.GroupDescription;
import io.weir.broker.UnknownGroupException;
import io.weir.broker.UnknownTopicException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.message.DeleteGroupsResponseData;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResult;
import org.apache.kafka.common.message.DeleteGroupsResponseData.DeletableGroupResultCollection;
import org.apache.kafka.common.message.OffsetDeleteRequestData;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestPartition;
import org.apache.kafka.common.message.OffsetDeleteRequestData.OffsetDeleteRequestTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartition;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponsePartitionCollection;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopic;
import org.apache.kafka.common.message.OffsetDeleteResponseData.OffsetDeleteResponseTopicCollection;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DeleteGroupsRequest;
import org.apache.kafka.common.requests.OffsetDeleteRequest;
import org.jboss.logging.Logger;

/**
 * DeleteGroups and OffsetDelete on the broker's ordered groups, which hold Kafka groups' offsets
 * ({@link GroupOffsets}): deleting Kafka group G deletes the broker group G of every topic, and
 * deleting its offsets of some partitions makes the broker group forget them
 * ({@link Broker#forgetOffsets}). Like Kafka, neither touches a group that is in use: a group with
 * Kafka members, or with consumers fetching through the broker's own API, is NON_EMPTY_GROUP, and
 * the offsets of a topic an active member subscribes to are GROUP_SUBSCRIBED_TO_TOPIC.
 */
final class GroupAdminApis {

    private static final Logger LOG = Logger.getLogger(GroupAdminApis.class);

    private final Broker broker;
    private final GroupCoordinator coordinator;

    GroupAdminApis(Broker broker, GroupCoordinator coordinator) {
        this.broker = broker;
        this.coordinator = coordinator;
    }

    DeleteGroupsResponseData deleteGroups(DeleteGroupsRequest request) {
        DeletableGroupResultCollection results = new DeletableGroupResultCollection();
        for (String id : request.data().groupsNames()) {
            Errors error = deleteGroup(id);
            results.add(new DeletableGroupResult().setGroupId(id).setErrorCode(error.code()));
        }
        return new DeleteGroupsResponseData().setResults(results);
    }

    private Errors deleteGroup(String id) {
        if (id == null || !coordinator.exists(id)) {
            return Errors.GROUP_ID_NOT_FOUND;
        }
        if (coordinator.find(id).filter(g -> g.state() != ClassicGroup.State.EMPTY).isPresent()) {
            return Errors.NON_EMPTY_GROUP;
        }
        List<String> topics = orderedGroupTopics(id);
        for (String topic : topics) {
            if (!broker.describeGroup(topic, id).members().isEmpty()) {
                return Errors.NON_EMPTY_GROUP; // the broker's own consumers fetch in it
            }
        }
        try {
            for (String topic : topics) {
                broker.deleteGroup(topic, id);
            }
        } catch (UnknownTopicException | UnknownGroupException e) {
            // deleted meanwhile: gone either way
        } catch (IOException e) {
            LOG.errorf(e, "Deleting group %s failed", id);
            return Errors.KAFKA_STORAGE_ERROR;
        }
        coordinator.forgetIfEmpty(id);
        LOG.infof("Deleted Kafka group %s (the broker's group %s of topics %s)", id, id, topics);
        return Errors.NONE;
    }

    /** The topics that have an ordered broker group named {@code id}. */
    private List<String> orderedGroupTopics(String id) {
        List<String> topics = new ArrayList<>();
        for (String topic : broker.topics()) {
            try {
                if (broker.describeGroup(topic, id).config().mode() == DeliveryMode.ORDERED) {
                    topics.add(topic);
                }
            } catch (UnknownTopicException | UnknownGroupException | IllegalArgumentException e) {
                // not on this topic
            }
        }
        return topics;
    }

    OffsetDeleteResponseData offsetDelete(OffsetDeleteRequest request) {
        OffsetDeleteRequestData data = request.data();
        OffsetDeleteResponseData answer = new OffsetDeleteResponseData();
        if (data.groupId() == null || !coordinator.exists(data.groupId())) {
            return answer.setErrorCode(Errors.GROUP_ID_NOT_FOUND.code());
        }
        Set<String> subscribed = coordinator.find(data.groupId()).map(ClassicGroup::subscribedTopics)
                .orElse(Set.of());
        OffsetDeleteResponseTopicCollection topics = new OffsetDeleteResponseTopicCollection();
        for (OffsetDeleteRequestTopic topic : data.topics()) {
            Set<Integer> partitions = new TreeSet<>();
            topic.partitions().forEach(p -> partitions.add(p.partitionIndex()));
            Errors error = subscribed.contains(topic.name()) ? Errors.GROUP_SUBSCRIBED_TO_TOPIC
                    : forget(topic.name(), data.groupId(), partitions);
            OffsetDeleteResponsePartitionCollection out = new OffsetDeleteResponsePartitionCollection();
            for (OffsetDeleteRequestPartition p : topic.partitions()) {
                out.add(new OffsetDeleteResponsePartition().setPartitionIndex(p.partitionIndex())
                        .setErrorCode(error.code()));
            }
            topics.add(new OffsetDeleteResponseTopic().setName(topic.name()).setPartitions(out));
        }
        return answer.setTopics(topics);
    }

    private Errors forget(String topic, String group, Set<Integer> partitions) {
        try {
            GroupDescription g = broker.describeGroup(topic, group);
            if (g.config().mode() != DeliveryMode.ORDERED) {
                return Errors.NONE; // a shared group of the broker holds no Kafka offsets
            }
            if (partitions.stream().anyMatch(p -> p < 0 || p >= g.committed().size())) {
                return Errors.UNKNOWN_TOPIC_OR_PARTITION;
            }
            broker.forgetOffsets(topic, group, partitions);
            return Errors.NONE;
        } catch (UnknownTopicException e) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        } catch (UnknownGroupException e) {
            return Errors.NONE; // nothing committed for this topic: nothing to delete, as Kafka answers
        } catch (IllegalArgumentException e) {
            return Errors.UNKNOWN_TOPIC_OR_PARTITION;
        } catch (IllegalStateException e) {
            return Errors.GROUP_SUBSCRIBED_TO_TOPIC; // the broker's own consumers fetch this topic in it
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
