package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.weir.core.QueueSnapshot;
import io.weir.core.RecordTimestamp;
import io.weir.sources.SourceUnavailableException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Reads every queue of the cluster, or of one virtual host, with its backlog, rates and
 * consumers and the settings the advisor checks, and marks the dead-letter queues. Blocking; one call for the queues, and two more
 * (bindings and exchanges) only when some queue dead-letters through an exchange other than the
 * default one.
 */
final class RabbitQueueReader {

    /**
     * Only the fields Weir uses: the server then skips the rest, which matters with thousands of
     * queues. Nothing here asks for {@code lengths_age} or {@code msg_rates_age}, whose samples
     * cost the server work per queue; the rates are the server's latest ones. The list is read in
     * one call rather than in pages: pages hold at most 500 queues, so paging would multiply the
     * calls on exactly the large clusters where they cost most.
     */
    private static final String QUEUE_COLUMNS = String.join(",", "name", "vhost", "messages", "messages_ready",
            "messages_unacknowledged", "message_bytes", "consumers", "arguments", "effective_policy_definition",
            "message_stats.publish_details.rate", "message_stats.deliver_get_details.rate", "head_message_timestamp",
            "durable", "type", "message_stats.redeliver_details.rate");
    private static final String BINDING_COLUMNS = "vhost,source,destination,destination_type,routing_key";
    private static final String EXCHANGE_COLUMNS = "vhost,name,type";

    private final ManagementApi api;
    private final Optional<String> vhost;

    RabbitQueueReader(ManagementApi api, Optional<String> vhost) {
        this.api = api;
        this.vhost = vhost;
    }

    /** The queues as snapshots, and the settings of each the advisor checks, by qualified name. */
    record Queues(List<QueueSnapshot> snapshots, Map<String, Map<String, String>> settings) {
    }

    Queues read() throws SourceUnavailableException, InterruptedException {
        JsonNode queues = api.get(inVhost("/api/queues") + "?columns=" + QUEUE_COLUMNS);
        Set<String> deadLetterQueues = deadLetterQueues(queues);
        List<QueueSnapshot> snapshots = new ArrayList<>(queues.size());
        Map<String, Map<String, String>> settings = new HashMap<>();
        for (JsonNode queue : queues) {
            String qualified = DeadLetterTargets.qualified(queue.path("vhost").asText(), queue.path("name").asText());
            snapshots.add(queue(queue, deadLetterQueues.contains(qualified)));
            settings.put(qualified, settings(queue));
        }
        return new Queues(snapshots, settings);
    }

    /**
     * The queue's durability, type and, per setting, its {@code x-} argument or else its policy's
     * value (arguments win over policies for these), under the keys of {@link io.weir.core.ObjectSettings}.
     */
    static Map<String, String> settings(JsonNode queue) {
        Map<String, String> settings = new HashMap<>();
        if (queue.path("durable").isBoolean()) {
            settings.put("durable", queue.path("durable").asText());
        }
        String type = queue.path("type").asText(queue.path("arguments").path("x-queue-type").asText(""));
        if (!type.isEmpty()) {
            settings.put("type", type);
        }
        for (String key : List.of("dead-letter-exchange", "max-length", "max-length-bytes", "overflow", "queue-mode")) {
            JsonNode value = queue.path("arguments").path("x-" + key);
            if (value.isMissingNode() || value.isNull()) {
                value = queue.path("effective_policy_definition").path(key);
            }
            if (!value.isMissingNode() && !value.isNull()) {
                settings.put(key, value.asText());
            }
        }
        JsonNode haMode = queue.path("effective_policy_definition").path("ha-mode");
        if (!haMode.isMissingNode() && !haMode.isNull()) {
            settings.put("ha-mode", haMode.asText());
        }
        JsonNode redeliver = queue.path("message_stats").path("redeliver_details").path("rate");
        if (redeliver.isNumber()) {
            settings.put("redeliver-rate", redeliver.asText());
        }
        return settings;
    }

    private Set<String> deadLetterQueues(JsonNode queues) throws SourceUnavailableException, InterruptedException {
        List<DeadLetterTargets.Route> routes = DeadLetterTargets.routes(queues);
        if (!DeadLetterTargets.needBindings(routes)) {
            JsonNode none = JsonNodeFactory.instance.arrayNode();
            return DeadLetterTargets.resolve(routes, none, none);
        }
        JsonNode bindings = api.get(inVhost("/api/bindings") + "?columns=" + BINDING_COLUMNS);
        JsonNode exchanges = api.get(inVhost("/api/exchanges") + "?columns=" + EXCHANGE_COLUMNS);
        return DeadLetterTargets.resolve(routes, bindings, exchanges);
    }

    /**
     * One entry of {@code /api/queues}. A queue the statistics have not reached yet (about 5 s
     * after it was declared) has no counts: they are -1, not 0, so nobody reads "empty" into them.
     */
    static QueueSnapshot queue(JsonNode queue, boolean deadLetter) {
        JsonNode stats = queue.path("message_stats");
        return new QueueSnapshot(queue.path("name").asText(), queue.path("vhost").asText(),
                QueueSnapshot.QueueKind.QUEUE, deadLetter, List.of(),
                queue.path("messages").asLong(-1), queue.path("messages_ready").asLong(-1),
                queue.path("messages_unacknowledged").asLong(-1), queue.path("message_bytes").asLong(-1),
                rate(stats.path("publish_details")), rate(stats.path("deliver_get_details")),
                queue.path("consumers").asInt(-1), maxLength(queue), headTimestamp(queue));
    }

    /**
     * The {@code timestamp} property of the queue's first message, in seconds, which RabbitMQ
     * reports only when that message has one (and only for classic queues); null otherwise.
     */
    static RecordTimestamp headTimestamp(JsonNode queue) {
        JsonNode seconds = queue.path("head_message_timestamp");
        return seconds.isNumber()
                ? new RecordTimestamp(Instant.ofEpochSecond(seconds.asLong()), RecordTimestamp.Clock.PRODUCER) : null;
    }

    /**
     * The queue's {@code x-max-length} argument or {@code max-length} policy, the smaller when
     * both are set (as RabbitMQ applies them); -1 without either. It counts ready messages only.
     */
    static long maxLength(JsonNode queue) {
        long argument = queue.path("arguments").path("x-max-length").asLong(-1);
        long policy = queue.path("effective_policy_definition").path("max-length").asLong(-1);
        if (argument < 0 || policy < 0) {
            return Math.max(argument, policy);
        }
        return Math.min(argument, policy);
    }

    private static Double rate(JsonNode details) {
        JsonNode rate = details.path("rate");
        return rate.isNumber() ? rate.asDouble() : null;
    }

    private String inVhost(String path) {
        return vhost.map(name -> path + "/" + ManagementApi.segment(name)).orElse(path);
    }
}
