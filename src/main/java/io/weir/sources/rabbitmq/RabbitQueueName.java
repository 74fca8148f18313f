package io.weir.sources.rabbitmq;

import java.util.Optional;

/**
 * A queue as operations name it: {@code vhost/name} as the snapshots qualify it (the default
 * virtual host {@code /} gives {@code //name}), or a bare name in the source's virtual host
 * ({@code /} when the source names none).
 */
record RabbitQueueName(String vhost, String name) {

    static RabbitQueueName parse(String queue, Optional<String> sourceVhost) {
        if (queue.startsWith("//")) {
            return new RabbitQueueName("/", queue.substring(2));
        }
        int slash = queue.indexOf('/');
        if (slash <= 0) {
            return new RabbitQueueName(sourceVhost.orElse("/"), slash == 0 ? queue.substring(1) : queue);
        }
        return new RabbitQueueName(queue.substring(0, slash), queue.substring(slash + 1));
    }

    /** The queue's resource in the management API, {@code /api/queues/<vhost>/<name>}. */
    String path() {
        return "/api/queues/" + ManagementApi.segment(vhost) + "/" + ManagementApi.segment(name);
    }

    @Override
    public String toString() {
        return vhost.equals("/") ? name : vhost + "/" + name;
    }
}
