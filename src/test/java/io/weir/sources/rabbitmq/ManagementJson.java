package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Builders for the management API's JSON, shaped like its answers, so unit tests state only the
 * fields they are about.
 */
final class ManagementJson {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private ManagementJson() {
    }

    static ArrayNode array(JsonNode... items) {
        ArrayNode array = JSON.arrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

    /** An entry of {@code /api/queues}, without dead-lettering until told. */
    static Queue queue(String vhost, String name) {
        return new Queue(vhost, name);
    }

    /** An entry of {@code /api/bindings}: exchange {@code source} to queue {@code queue}. */
    static ObjectNode binding(String vhost, String source, String queue, String routingKey) {
        return JSON.objectNode().put("vhost", vhost).put("source", source).put("destination", queue)
                .put("destination_type", "queue").put("routing_key", routingKey);
    }

    /** An entry of {@code /api/bindings} from one exchange to another. */
    static ObjectNode exchangeBinding(String vhost, String source, String exchange, String routingKey) {
        return binding(vhost, source, exchange, routingKey).put("destination_type", "exchange");
    }

    /** An entry of {@code /api/exchanges}. */
    static ObjectNode exchange(String vhost, String name, String type) {
        return JSON.objectNode().put("vhost", vhost).put("name", name).put("type", type);
    }

    /** An entry of {@code /api/nodes}: a healthy running node until told otherwise. */
    static Node node(String name) {
        return new Node(name);
    }

    static final class Queue {
        private final ObjectNode json = JSON.objectNode();

        private Queue(String vhost, String name) {
            json.put("vhost", vhost).put("name", name);
            json.putObject("arguments");
            json.putObject("effective_policy_definition");
        }

        Queue argument(String key, String value) {
            ((ObjectNode) json.get("arguments")).put(key, value);
            return this;
        }

        Queue policy(String key, String value) {
            ((ObjectNode) json.get("effective_policy_definition")).put(key, value);
            return this;
        }

        Queue counts(long ready, long unacked, long bytes) {
            json.put("messages", ready + unacked).put("messages_ready", ready)
                    .put("messages_unacknowledged", unacked).put("message_bytes", bytes);
            return this;
        }

        Queue rates(double publish, double deliver) {
            ObjectNode stats = json.putObject("message_stats");
            stats.putObject("publish_details").put("rate", publish);
            stats.putObject("deliver_get_details").put("rate", deliver);
            return this;
        }

        Queue consumers(int consumers) {
            json.put("consumers", consumers);
            return this;
        }

        ObjectNode build() {
            return json;
        }
    }

    static final class Node {
        private final ObjectNode json = JSON.objectNode();

        private Node(String name) {
            json.put("name", name).put("running", true).put("mem_alarm", false).put("disk_free_alarm", false)
                    .put("mem_used", 100).put("mem_limit", 1000).put("disk_free", 5000).put("disk_free_limit", 50)
                    .put("fd_used", 30).put("fd_total", 1024).put("sockets_used", 2).put("sockets_total", 800);
            json.putArray("partitions");
        }

        Node memoryAlarm() {
            json.put("mem_alarm", true);
            return this;
        }

        Node diskAlarm() {
            json.put("disk_free_alarm", true);
            return this;
        }

        Node partitionedFrom(String... others) {
            ArrayNode partitions = json.putArray("partitions");
            for (String other : others) {
                partitions.add(other);
            }
            return this;
        }

        /** A node the cluster knows but cannot reach: RabbitMQ then reports no figures for it. */
        Node stopped() {
            String name = json.path("name").asText();
            json.removeAll();
            json.put("name", name).put("running", false);
            return this;
        }

        ObjectNode build() {
            return json;
        }
    }
}
