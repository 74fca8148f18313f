package io.weir.sources.rabbitmq;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Works out which queues are dead-letter queues: the queues some queue's dead letters can reach.
 * A queue dead-letters to the exchange named by its {@code x-dead-letter-exchange} argument or,
 * without one, by its policy's {@code dead-letter-exchange} (arguments win, as in RabbitMQ), with
 * {@code x-dead-letter-routing-key} or the policy's {@code dead-letter-routing-key} replacing the
 * message's routing key when set. That exchange's bindings then say where the letters go.
 *
 * <p>Pure functions over the management API's JSON ({@code /api/queues}, {@code /api/bindings},
 * {@code /api/exchanges}); names are qualified as {@code vhost/queue}.
 */
final class DeadLetterTargets {

    /**
     * Where one queue sends its dead letters.
     *
     * @param routingKey the replacement routing key, {@code null} when letters keep their own
     */
    record Route(String vhost, String exchange, String routingKey) {

        boolean viaDefaultExchange() {
            return exchange.isEmpty();
        }
    }

    private DeadLetterTargets() {
    }

    /** The dead-letter route of every queue in {@code queues} that has one. */
    static List<Route> routes(JsonNode queues) {
        List<Route> routes = new ArrayList<>();
        for (JsonNode queue : queues) {
            JsonNode arguments = queue.path("arguments");
            JsonNode policy = queue.path("effective_policy_definition");
            String exchange = setting(arguments, "x-dead-letter-exchange", policy, "dead-letter-exchange");
            if (exchange != null) {
                String routingKey = setting(arguments, "x-dead-letter-routing-key", policy, "dead-letter-routing-key");
                routes.add(new Route(queue.path("vhost").asText(), exchange, routingKey));
            }
        }
        return routes;
    }

    /** Whether resolving {@code routes} needs bindings and exchange types: only the default exchange does not. */
    static boolean needBindings(List<Route> routes) {
        return routes.stream().anyMatch(route -> !route.viaDefaultExchange());
    }

    /**
     * The qualified names of the queues the routes lead to. The default exchange delivers to the
     * queue the routing key names. Other exchanges deliver along their bindings to queues: a
     * fanout to every one; a direct or topic exchange to those whose binding key matches the
     * routing key. When letters keep their own routing key, or the exchange routes by headers,
     * Weir cannot know which binding matches, so every queue bound to it counts as a possible
     * target. A route to an exchange that does not exist leads nowhere: RabbitMQ drops the letters.
     */
    static Set<String> resolve(List<Route> routes, JsonNode bindings, JsonNode exchanges) {
        Map<String, String> exchangeTypes = new HashMap<>();
        for (JsonNode exchange : exchanges) {
            exchangeTypes.put(qualified(exchange.path("vhost").asText(), exchange.path("name").asText()),
                    exchange.path("type").asText());
        }
        Set<String> targets = new HashSet<>();
        for (Route route : routes) {
            if (route.viaDefaultExchange()) {
                // Without a replacement key a letter goes back to the queue it came from, which RabbitMQ drops as a cycle.
                if (route.routingKey() != null) {
                    targets.add(qualified(route.vhost(), route.routingKey()));
                }
                continue;
            }
            String type = exchangeTypes.get(qualified(route.vhost(), route.exchange()));
            if (type == null) {
                continue;
            }
            for (JsonNode binding : bindings) {
                if (isQueueBindingOf(binding, route) && bindingMatches(type, binding.path("routing_key").asText(), route.routingKey())) {
                    targets.add(qualified(route.vhost(), binding.path("destination").asText()));
                }
            }
        }
        return targets;
    }

    private static boolean isQueueBindingOf(JsonNode binding, Route route) {
        return binding.path("vhost").asText().equals(route.vhost())
                && binding.path("source").asText().equals(route.exchange())
                && binding.path("destination_type").asText().equals("queue");
    }

    private static boolean bindingMatches(String exchangeType, String bindingKey, String routingKey) {
        if (routingKey == null) {
            return true;
        }
        return switch (exchangeType) {
            case "direct" -> bindingKey.equals(routingKey);
            case "topic" -> TopicPattern.matches(bindingKey, routingKey);
            default -> true;
        };
    }

    private static String setting(JsonNode arguments, String argument, JsonNode policy, String policyKey) {
        if (arguments.hasNonNull(argument)) {
            return arguments.get(argument).asText();
        }
        if (policy.hasNonNull(policyKey)) {
            return policy.get(policyKey).asText();
        }
        return null;
    }

    static String qualified(String vhost, String name) {
        return vhost + "/" + name;
    }
}
