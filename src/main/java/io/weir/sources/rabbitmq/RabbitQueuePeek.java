package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import io.weir.sources.PeekRefusedException;
import io.weir.sources.QueuePeek;
import io.weir.sources.SourceSettings;
import io.weir.sources.SourceUnavailableException;
import io.weir.sources.StoredMessage;
import io.weir.sources.UnknownQueueException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Peeks through the management API's {@code POST /api/queues/<vhost>/<name>/get} with
 * {@code ackmode=ack_requeue_true}: RabbitMQ takes the messages on a channel of its own, then
 * rejects them with requeue, so they go back to the head of the queue marked redelivered.
 *
 * <p>Refused, with the reason, before anything is taken:
 * <ul>
 * <li>stream queues: {@code basic.get} does not work on them (they are read by offset) and reading
 * one removes nothing anyway;</li>
 * <li>exclusive queues: only the connection that declared them may use them, so Weir could not
 * take, let alone put back;</li>
 * <li>quorum queues with a delivery limit: RabbitMQ counts each requeue as a delivery
 * ({@code x-delivery-count}), so every peek would bring the messages closer to being
 * dead-lettered or dropped.</li>
 * </ul>
 */
final class RabbitQueuePeek implements QueuePeek {

    private final ManagementApi api;
    private final SourceSettings settings;

    RabbitQueuePeek(ManagementApi api, SourceSettings settings) {
        this.api = api;
        this.settings = settings;
    }

    @Override
    public PeekedQueue peek(String queue, int count) throws SourceUnavailableException, InterruptedException {
        RabbitQueueName name = RabbitQueueName.parse(queue, settings.vhost());
        JsonNode info = api.find(name.path());
        if (info == null) {
            throw new UnknownQueueException(settings.name(), name.toString());
        }
        String kind = info.path("type").asText("classic");
        String refusal = refusal(name, info, kind);
        if (refusal != null) {
            throw new PeekRefusedException(refusal);
        }
        JsonNode answer = api.post(name.path() + "/get",
                Map.of("count", count, "ackmode", "ack_requeue_true", "encoding", "auto", "truncate", 50_000_000));
        List<PeekedMessage> messages = new ArrayList<>();
        answer.forEach(message -> messages.add(message(message)));
        return new PeekedQueue(name.vhost(), name.name(), kind, messages);
    }

    /** Why this queue must not be peeked, or {@code null}. */
    static String refusal(RabbitQueueName name, JsonNode info, String kind) {
        if (kind.equals("stream")) {
            return "queue " + name + " is a stream: streams cannot be read with basic.get (they are read by offset) and"
                    + " reading one removes nothing, so Weir does not peek them";
        }
        if (info.path("exclusive").asBoolean(false)) {
            return "queue " + name + " is exclusive to the connection that declared it"
                    + connection(info) + ": no other connection may take from it, so Weir could not put messages back";
        }
        long limit = deliveryLimit(info);
        if (kind.equals("quorum") && limit >= 0) {
            return "queue " + name + " is a quorum queue with a delivery limit of " + limit + ": RabbitMQ counts every"
                    + " requeue as a delivery, so each peek would bring its messages closer to being dead-lettered or dropped";
        }
        return null;
    }

    private static String connection(JsonNode info) {
        String owner = info.path("owner_pid_details").path("name").asText("");
        return owner.isEmpty() ? "" : " (" + owner + ")";
    }

    /** The queue's {@code x-delivery-limit}, else its policy's {@code delivery-limit}; -1 for none. */
    private static long deliveryLimit(JsonNode info) {
        JsonNode argument = info.path("arguments").path("x-delivery-limit");
        JsonNode policy = info.path("effective_policy_definition").path("delivery-limit");
        return argument.isNumber() ? argument.asLong() : policy.isNumber() ? policy.asLong() : -1;
    }

    static PeekedMessage message(JsonNode message) {
        JsonNode properties = message.path("properties");
        Map<String, String> shown = new LinkedHashMap<>();
        Instant timestamp = null;
        for (Iterator<Map.Entry<String, JsonNode>> it = properties.fields(); it.hasNext();) {
            Map.Entry<String, JsonNode> property = it.next();
            if (property.getKey().equals("timestamp") && property.getValue().isNumber()) {
                timestamp = Instant.ofEpochSecond(property.getValue().asLong());
            } else if (!property.getKey().equals("headers")) {
                shown.put(property.getKey(), text(property.getValue()));
            }
        }
        List<StoredMessage.Header> headers = new ArrayList<>();
        properties.path("headers").fields().forEachRemaining(header -> headers.add(
                new StoredMessage.Header(header.getKey(), text(header.getValue()).getBytes(StandardCharsets.UTF_8))));
        String payload = message.path("payload").asText("");
        byte[] bytes = message.path("payload_encoding").asText().equals("base64") ? Base64.getDecoder().decode(payload)
                : payload.getBytes(StandardCharsets.UTF_8);
        return new PeekedMessage(timestamp, shown, headers, bytes, message.path("redelivered").asBoolean(),
                message.path("exchange").asText(""), message.path("routing_key").asText(""),
                message.path("message_count").asLong(-1));
    }

    private static String text(JsonNode value) {
        return value.isTextual() ? value.asText() : value.toString();
    }
}
