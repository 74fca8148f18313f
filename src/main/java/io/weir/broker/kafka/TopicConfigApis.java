package io.weir.broker.kafka;

import io.weir.broker.Broker;
import io.weir.broker.TopicConfig;
import io.weir.broker.UnknownTopicException;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.message.DescribeConfigsRequestData.DescribeConfigsResource;
import org.apache.kafka.common.message.DescribeConfigsResponseData;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResourceResult;
import org.apache.kafka.common.message.DescribeConfigsResponseData.DescribeConfigsResult;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterConfigsResource;
import org.apache.kafka.common.message.IncrementalAlterConfigsRequestData.AlterableConfig;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData;
import org.apache.kafka.common.message.IncrementalAlterConfigsResponseData.AlterConfigsResourceResponse;
import org.apache.kafka.common.protocol.Errors;
import org.apache.kafka.common.requests.DescribeConfigsRequest;
import org.apache.kafka.common.requests.DescribeConfigsResponse;
import org.apache.kafka.common.requests.IncrementalAlterConfigsRequest;
import org.jboss.logging.Logger;

/**
 * A topic's settings under Kafka's config names, for CreateTopics, DescribeConfigs and
 * IncrementalAlterConfigs. Of Kafka's topic configs the broker has {@code retention.ms} (-1:
 * forever), {@code retention.bytes} (-1: no limit), {@code max.message.bytes} and
 * {@code segment.bytes}, which can be set and deleted (back to the listener's defaults for new
 * topics) on a live topic through {@link Broker#alterTopic}; {@code cleanup.policy} is always
 * {@code delete}. Any other name is INVALID_CONFIG. The flush policy cannot change while a topic
 * is open, so Kafka's {@code flush.*} configs are not offered.
 */
final class TopicConfigApis {

    private static final Logger LOG = Logger.getLogger(TopicConfigApis.class);
    private static final String CLEANUP_POLICY = "cleanup.policy";
    private static final Set<String> ALTERABLE = Set.of("retention.ms", "retention.bytes", "max.message.bytes",
            "segment.bytes");

    private final Broker broker;
    private final TopicConfig defaults;

    /** {@code defaults}: the settings of topics created over the listener, which a deleted config goes back to. */
    TopicConfigApis(Broker broker, TopicConfig defaults) {
        this.broker = broker;
        this.defaults = defaults;
    }

    /** Thrown for a config the broker does not have or a value it cannot take; its answer is INVALID_CONFIG. */
    static final class InvalidConfigException extends RuntimeException {
        InvalidConfigException(String message) {
            super(message);
        }
    }

    /** {@code config} with Kafka's config {@code name} set to {@code value}. */
    static TopicConfig set(TopicConfig config, String name, String value) {
        if (name.equals(CLEANUP_POLICY)) {
            if (!"delete".equals(value)) {
                throw new InvalidConfigException("the built-in broker only deletes old segments: cleanup.policy=delete");
            }
            return config;
        }
        if (!ALTERABLE.contains(name)) {
            throw new InvalidConfigException("config " + name + " is not supported by the built-in broker (" + CLEANUP_POLICY
                    + ", " + String.join(", ", ALTERABLE.stream().sorted().toList()) + " are)");
        }
        long number;
        try {
            number = Long.parseLong(value == null ? "" : value.trim());
        } catch (NumberFormatException e) {
            throw new InvalidConfigException(name + " must be a number: " + value);
        }
        try {
            return switch (name) {
                case "retention.ms" -> config.withRetention(number < 0 ? null : Duration.ofMillis(number),
                        config.retentionBytes());
                case "retention.bytes" -> config.withRetention(config.retentionTime(), Math.max(0, number));
                case "max.message.bytes" -> config.withLog(config.log().withMaxRecordBytes(Math.toIntExact(number)));
                default -> config.withLog(config.log().withSegmentBytes(number)); // segment.bytes
            };
        } catch (IllegalArgumentException | ArithmeticException e) {
            throw new InvalidConfigException("invalid " + name + "=" + value + ": " + e.getMessage());
        }
    }

    /** {@code config} with Kafka's config {@code name} back at the listener's default. */
    TopicConfig reset(TopicConfig config, String name) {
        return set(config, name, configs(defaults).get(name));
    }

    /** The topic's settings under Kafka's names. */
    static Map<String, String> configs(TopicConfig c) {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put(CLEANUP_POLICY, "delete");
        configs.put("retention.ms", c.retentionTime() == null ? "-1" : Long.toString(c.retentionTime().toMillis()));
        configs.put("retention.bytes", c.retentionBytes() == 0 ? "-1" : Long.toString(c.retentionBytes()));
        configs.put("max.message.bytes", Integer.toString(c.log().maxRecordBytes()));
        configs.put("segment.bytes", Long.toString(c.log().segmentBytes()));
        return configs;
    }

    DescribeConfigsResponseData describeConfigs(DescribeConfigsRequest request) {
        DescribeConfigsResponseData answer = new DescribeConfigsResponseData();
        for (DescribeConfigsResource resource : request.data().resources()) {
            DescribeConfigsResult result = new DescribeConfigsResult().setResourceType(resource.resourceType())
                    .setResourceName(resource.resourceName());
            if (resource.resourceType() == ConfigResource.Type.TOPIC.id()) {
                try {
                    configs(broker.describeTopic(resource.resourceName()).config()).forEach((name, value) -> {
                        if (resource.configurationKeys() == null || resource.configurationKeys().contains(name)) {
                            result.configs().add(new DescribeConfigsResourceResult().setName(name).setValue(value)
                                    .setReadOnly(!ALTERABLE.contains(name)).setIsSensitive(false)
                                    .setConfigSource(DescribeConfigsResponse.ConfigSource.TOPIC_CONFIG.id()));
                        }
                    });
                } catch (UnknownTopicException | IllegalArgumentException e) {
                    result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("no topic " + resource.resourceName());
                }
            } else if (resource.resourceType() != ConfigResource.Type.BROKER.id()) {
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage("only topic and broker configs");
            } // a broker: no settings under Kafka's names
            answer.results().add(result);
        }
        return answer;
    }

    /**
     * Applies each topic's SET and DELETE operations together, in one {@link Broker#alterTopic},
     * or with {@code validateOnly} only checks them. APPEND and SUBTRACT are for list configs, of
     * which the broker has none.
     */
    IncrementalAlterConfigsResponseData incrementalAlterConfigs(IncrementalAlterConfigsRequest request) {
        IncrementalAlterConfigsResponseData answer = new IncrementalAlterConfigsResponseData();
        boolean validateOnly = request.data().validateOnly();
        for (AlterConfigsResource resource : request.data().resources()) {
            AlterConfigsResourceResponse result = new AlterConfigsResourceResponse()
                    .setResourceType(resource.resourceType()).setResourceName(resource.resourceName());
            if (resource.resourceType() != ConfigResource.Type.TOPIC.id()) {
                answer.responses().add(result.setErrorCode(Errors.INVALID_REQUEST.code())
                        .setErrorMessage("only topic configs can be altered on the built-in broker"));
                continue;
            }
            String topic = resource.resourceName();
            try {
                if (validateOnly) {
                    apply(resource, broker.describeTopic(topic).config());
                } else {
                    TopicConfig after = broker.alterTopic(topic, current -> apply(resource, current)).config();
                    LOG.infof("Topic %s configs altered over the Kafka listener; now %s", topic, configs(after));
                }
                result.setErrorCode(Errors.NONE.code());
            } catch (InvalidConfigException e) {
                result.setErrorCode(Errors.INVALID_CONFIG.code()).setErrorMessage(e.getMessage());
            } catch (UnknownTopicException e) {
                result.setErrorCode(Errors.UNKNOWN_TOPIC_OR_PARTITION.code()).setErrorMessage("no topic " + topic);
            } catch (IllegalArgumentException e) {
                // a name no topic can have, or a change the open topic refuses
                result.setErrorCode(Errors.INVALID_REQUEST.code()).setErrorMessage(e.getMessage());
            } catch (IOException e) {
                LOG.errorf(e, "Altering the configs of topic %s failed", topic);
                result.setErrorCode(Errors.KAFKA_STORAGE_ERROR.code()).setErrorMessage(e.getMessage());
            }
            answer.responses().add(result);
        }
        return answer;
    }

    private TopicConfig apply(AlterConfigsResource resource, TopicConfig config) {
        for (AlterableConfig c : resource.configs()) {
            AlterConfigOp.OpType op = AlterConfigOp.OpType.forId(c.configOperation());
            if (op == AlterConfigOp.OpType.SET) {
                config = set(config, c.name(), c.value());
            } else if (op == AlterConfigOp.OpType.DELETE) {
                if (!ALTERABLE.contains(c.name()) && !c.name().equals(CLEANUP_POLICY)) {
                    set(config, c.name(), null); // refuses the unknown name
                }
                config = reset(config, c.name());
            } else {
                throw new InvalidConfigException("operation " + op + " is only for list configs; " + c.name() + " is not one");
            }
        }
        return config;
    }
}
