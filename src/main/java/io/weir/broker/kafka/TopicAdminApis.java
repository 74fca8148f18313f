package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.PartitionDescription;
import io.weir.broker.TopicConfig;
import io.weir.broker.UnknownTopicException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.message.CreatePartitionsRequestData.CreatePartitionsTopic;
import org.apache.kafka.common.message.CreatePartitionsResponseData;
import org.apache.kafka.common.message.CreatePartitionsResponseData.CreatePartitionsTopicResult;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopic;
import org.apache.kafka.common.message.CreateTopicsRequestData.CreatableTopicConfig;
import org.apache.kafka.common.message.CreateTopicsResponseData;
import org.apache.kafka.common.message.CreateTopicsResponseData.CreatableTopicResult;
import org.apache.kafka.common.message.DeleteTopicsRequestData.DeleteTopicState;
import org.apache.kafka.common.message.DeleteTopicsResponseData;
import org.apache.kafka.common.message.DeleteTopicsResponseData.DeletableTopicResult;
import org.apache.kafka.common.message.DescribeClusterResponseData;
import org.apache.kafka.common.message.DescribeClusterResponseData.DescribeClusterBroker;
import org.apache.kafka.common.message.DescribeLogDirsResponseData;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsPartition;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsResult;
import org.apache.kafka.common.message.DescribeLogDirsResponseData.DescribeLogDirsTopic;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.CreatePartitionsRequest;
import org.apache.kafka.common.requests.CreateTopicsRequest;
import org.apache.kafka.common.requests.DeleteTopicsRequest;
import org.apache.kafka.common.requests.DescribeLogDirsRequest;
import org.jboss.logging.Logger;

/**
 * Topic administration as Kafka's Admin and command-line tools do it: CreateTopics (partitions,
 * and of Kafka's topic configs those the broker has: {@code retention.ms}, {@code retention.bytes},
 * {@code max.message.bytes}, {@code segment.bytes}, see {@link TopicConfigApis}; the rest of a new
 * topic's settings are Weir's defaults), DeleteTopics, CreatePartitions (growing a topic),
 * DescribeCluster and DescribeLogDirs (what Weir's own Kafka source reads for partition sizes).
 * The replication factor can only be 1.
 */
final class TopicAdminApis {

    private static final Logger LOG = Logger.getLogger(TopicAdminApis.class);
    /** The name DescribeLogDirs gives the broker's data directory (its path is not the clients' business). */
    static final String LOG_DIR = "weir-built-in-broker";

    private final Broker broker;
    private final Advertised advertised;
    private final TopicConfig newTopics;

    TopicAdminApis(Broker broker, Advertised advertised, TopicConfig newTopics) {
        this.broker = broker;
        this.advertised = advertised;
        this.newTopics = newTopics;
    }

    CreateTopicsResponseData createTopics(CreateTopicsRequest request) {
        CreateTopicsResponseData answer = new CreateTopicsResponseData();
        for (CreatableTopic topic : request.data().topics()) {
            CreatableTopicResult result = new CreatableTopicResult().setName(topic.name());
            try {
                TopicConfig config = config(topic);
                if (broker.topics().contains(topic.name())) {
                    result.setErrorCode(Errors.TOPIC_ALREADY_EXISTS.code()).setErrorMessage("topic " + topic.name() + " exists");
                } else {
                    if (!request.data().validateOnly()) {
                        broker.createTopic(topic.name(), config);
                    }
                    result.setNumPartitions(config.partitions()).setReplicationFactor((short) 1);
                }
            } catch (InvalidTopicRequest e) {
                result.setErrorCode(e.error.code()).setErrorMessage(e.getMessage());
            } catch (IllegalArgumentException e) {
                result.setErrorCode(Errors.INVALID_TOPIC_EXCEPTION.code()).setErrorMessage(e.getMessage());
            } catch (IllegalStateException e) {
                result.setErrorCode(Errors.TOPIC_ALREADY_EXISTS.code()).setErrorMessage(e.getMessage());
            } catch (IOException e) {
                LOG.errorf(e, "Creating topic %s failed", topic.name());
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
            }
            answer.topics().add(result);
        }
        return answer;
    }

    private TopicConfig config(CreatableTopic topic) {
        if (topic.replicationFactor() > 1) {
            throw new InvalidTopicRequest(Errors.INVALID_REPLICATION_FACTOR, "the built-in broker is one node: replication factor 1 only");
        }
        if (!topic.assignments().isEmpty()) {
            throw new InvalidTopicRequest(Errors.INVALID_REPLICA_ASSIGNMENT, "replica assignments are not supported");
        }
        int partitions = topic.numPartitions() < 0 ? newTopics.partitions() : topic.numPartitions();
        if (partitions < 1) {
            throw new InvalidTopicRequest(Errors.INVALID_PARTITIONS, "a topic needs at least one partition");
        }
        TopicConfig config = newTopics.withPartitions(partitions);
        for (CreatableTopicConfig c : topic.configs()) {
            try {
                config = TopicConfigApis.set(config, c.name(), c.value());
            } catch (TopicConfigApis.InvalidConfigException e) {
                throw new InvalidTopicRequest(Errors.INVALID_CONFIG, e.getMessage());
            }
        }
        return config;
    }

    /**
     * Grows topics to the requested partition counts ({@link Broker#alterTopic}); like Kafka,
     * a count that is not larger than the current one is INVALID_PARTITIONS, and replica
     * assignments (there is one node) INVALID_REPLICA_ASSIGNMENT. {@code validateOnly} checks only.
     */
    CreatePartitionsResponseData createPartitions(CreatePartitionsRequest request) {
        CreatePartitionsResponseData answer = new CreatePartitionsResponseData();
        for (CreatePartitionsTopic topic : request.data().topics()) {
            CreatePartitionsTopicResult result = new CreatePartitionsTopicResult().setName(topic.name());
            try {
                int current = broker.describeTopic(topic.name()).partitions().size();
                if (topic.assignments() != null && !topic.assignments().isEmpty()) {
                    result.setErrorCode(Errors.INVALID_REPLICA_ASSIGNMENT.code())
                            .setErrorMessage("the built-in broker is one node: no replica assignments");
                } else if (topic.count() <= current) {
                    result.setErrorCode(Errors.INVALID_PARTITIONS.code()).setErrorMessage("topic " + topic.name()
                            + " has " + current + " partitions; the count can only grow");
                } else {
                    TopicConfig grown = broker.describeTopic(topic.name()).config().withPartitions(topic.count());
                    if (!request.data().validateOnly()) {
                        broker.alterTopic(topic.name(), c -> {
                            if (topic.count() <= c.partitions()) {
                                throw new IllegalArgumentException("topic " + topic.name() + " has " + c.partitions()
                                        + " partitions; the count can only grow");
                            }
                            return c.withPartitions(topic.count());
                        });
                        LOG.infof("Topic %s grown from %d to %d partitions over the Kafka listener", topic.name(),
                                current, grown.partitions());
                    }
                }
            } catch (UnknownTopicException e) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("no topic " + topic.name());
            } catch (IllegalArgumentException e) {
                // beyond the broker's limit, a concurrent growth, or a name no topic can have
                result.setErrorCode(Errors.INVALID_PARTITIONS.code()).setErrorMessage(e.getMessage());
            } catch (IOException e) {
                LOG.errorf(e, "Adding partitions to topic %s failed", topic.name());
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
            }
            answer.results().add(result);
        }
        return answer;
    }

    DeleteTopicsResponseData deleteTopics(DeleteTopicsRequest request, short version) {
        DeleteTopicsResponseData answer = new DeleteTopicsResponseData();
        List<DeleteTopicState> topics = version >= 6 ? request.data().topics()
                : request.data().topicNames().stream().map(n -> new DeleteTopicState().setName(n)).toList();
        for (DeleteTopicState topic : topics) {
            String name = topic.name();
            DeletableTopicResult result = new DeletableTopicResult().setName(name).setTopicId(topic.topicId());
            if (name == null) {
                answer.responses().add(result.setErrorCode(Errors.UNKNOWN_TOPIC_ID.code()));
                continue;
            }
            try {
                broker.deleteTopic(name);
            } catch (UnknownTopicException | IllegalArgumentException e) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code());
            } catch (IOException e) {
                LOG.errorf(e, "Deleting topic %s failed", name);
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
            }
            answer.responses().add(result);
        }
        return answer;
    }

    /**
     * One log directory, the broker's data directory, with each requested partition's stored
     * bytes; usable bytes are the disk's free space (total bytes are not known: -1).
     */
    DescribeLogDirsResponseData describeLogDirs(DescribeLogDirsRequest request) {
        Map<String, List<Integer>> wanted = new LinkedHashMap<>();
        if (request.data().topics() == null) {
            broker.topics().forEach(t -> wanted.put(t, null));
        } else {
            request.data().topics().forEach(t -> wanted.put(t.topic(), t.partitions()));
        }
        DescribeLogDirsResult dir = new DescribeLogDirsResult().setLogDir(LOG_DIR).setTotalBytes(-1)
                .setUsableBytes(broker.disk().freeBytes());
        wanted.forEach((name, partitions) -> {
            try {
                DescribeLogDirsTopic topic = new DescribeLogDirsTopic().setName(name);
                for (PartitionDescription p : broker.describeTopic(name).partitions()) {
                    if (partitions == null || partitions.contains(p.partition())) {
                        topic.partitions().add(new DescribeLogDirsPartition().setPartitionIndex(p.partition())
                                .setPartitionSize(p.sizeBytes()).setOffsetLag(0));
                    }
                }
                dir.topics().add(topic);
            } catch (UnknownTopicException | IllegalArgumentException e) {
                // not stored here: left out, as Kafka leaves out partitions a directory does not hold
            }
        });
        return new DescribeLogDirsResponseData().setResults(List.of(dir));
    }

    DescribeClusterResponseData describeCluster() {
        DescribeClusterResponseData.DescribeClusterBrokerCollection brokers = new DescribeClusterResponseData.DescribeClusterBrokerCollection();
        brokers.add(new DescribeClusterBroker().setBrokerId(Advertised.NODE_ID).setHost(advertised.host())
                .setPort(advertised.port().getAsInt()));
        return new DescribeClusterResponseData().setClusterId(Advertised.CLUSTER_ID).setControllerId(Advertised.NODE_ID)
                .setBrokers(brokers);
    }

    private static final class InvalidTopicRequest extends RuntimeException {
        final Errors error;

        InvalidTopicRequest(Errors error, String message) {
            super(message);
            this.error = error;
        }
    }
}
