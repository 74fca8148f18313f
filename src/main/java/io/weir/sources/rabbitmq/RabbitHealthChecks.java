package io.weir.sources.rabbitmq;

import io.weir.sources.SourceUnavailableException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Runs the management API's health checks ({@code /api/health/checks/...}) and records each by
 * name, {@code true} when passing. Which checks exist depends on the server version: a check the
 * server answers 404 for is left out and never asked again by this instance, so an older server
 * costs one wasted call per check, once.
 */
final class RabbitHealthChecks {

    private static final String PREFIX = "/api/health/checks/";

    /** The checks every poll runs, besides one port-listener check per AMQP port. */
    private static final List<String> CHECKS =
            List.of("alarms", "local-alarms", "node-is-quorum-critical", "virtual-hosts");

    private final ManagementApi api;
    private final Set<String> missing = ConcurrentHashMap.newKeySet();

    RabbitHealthChecks(ManagementApi api) {
        this.api = api;
    }

    /**
     * Runs every check this server has; {@code amqpPorts} are the ports of the cluster's AMQP
     * listeners, each checked with {@code port-listener/<port>}. Blocking, one call per check.
     */
    Map<String, Boolean> run(List<Integer> amqpPorts) throws SourceUnavailableException, InterruptedException {
        List<String> names = new ArrayList<>(CHECKS);
        amqpPorts.forEach(port -> names.add("port-listener/" + port));
        Map<String, Boolean> results = new LinkedHashMap<>();
        for (String name : names) {
            if (missing.contains(name)) {
                continue;
            }
            int status = api.status(PREFIX + name);
            if (status == 404) {
                missing.add(name);
            } else {
                // 503 is how RabbitMQ says "failing"; any other answer is no pass either.
                results.put(name, status == 200);
            }
        }
        return results;
    }
}
