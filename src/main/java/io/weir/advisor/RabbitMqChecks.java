package io.weir.advisor;

import io.weir.core.ObjectSettings.ConsumerSettings;
import io.weir.core.QueueSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The article's safeguards on RabbitMQ queues: durable, replicated (quorum), a dead-letter
 * exchange, a bound backlog, and consumers that acknowledge by hand with a prefetch limit. Queues
 * RabbitMQ names itself ({@code amq.*}, exclusive reply queues) are left out. Pure.
 */
final class RabbitMqChecks {

    static final String DURABLE = "rabbitmq-durable";
    static final String QUEUE_TYPE = "rabbitmq-queue-type";
    static final String MIRRORED = "rabbitmq-classic-mirrored";
    static final String DEAD_LETTER_EXCHANGE = "rabbitmq-dead-letter-exchange";
    static final String LENGTH_LIMIT = "rabbitmq-length-limit";
    static final String OVERFLOW = "rabbitmq-overflow-drops";
    static final String AUTO_ACK = "rabbitmq-auto-ack";
    static final String PREFETCH = "rabbitmq-prefetch";
    static final String CONFIRMS = "rabbitmq-publisher-confirms";

    private RabbitMqChecks() {
    }

    static List<Finding> check(CheckInput input) {
        List<Finding> findings = new ArrayList<>();
        findings.add(FindingBuilder.of(input.source(), Finding.WHOLE_SOURCE, "source").info(CONFIRMS,
                "Publisher confirms cannot be read from the broker",
                "RabbitMQ does not report whether a channel's publishers wait for confirms (confirm.select)",
                "Without confirms a message the broker never stored (a crash, a full disk, a rejected publish) looks"
                        + " sent to the producer (loss).",
                "In every producer: channel.confirmSelect() and channel.waitForConfirmsOrDie(timeout), or the"
                        + " asynchronous confirm listener; publish persistent messages (delivery mode 2)."));
        for (QueueSnapshot queue : input.broker().queues()) {
            if (!queue.name().startsWith("amq.")) {
                queue(input, queue, findings);
            }
        }
        return findings;
    }

    private static void queue(CheckInput input, QueueSnapshot queue, List<Finding> findings) {
        FindingBuilder on = FindingBuilder.of(input.source(), queue.qualifiedName(), "queue");
        Map<String, String> settings = input.broker().settings().queue(queue.qualifiedName());
        String vhost = queue.namespace() == null ? "/" : queue.namespace();
        String pattern = "'^" + regex(queue.name()) + "$'";
        String policy = "rabbitmqctl set_policy -p " + vhost + " ";
        String type = settings.getOrDefault("type", "classic");
        if ("false".equals(settings.get("durable"))) {
            findings.add(on.critical(DURABLE, "The queue does not survive a broker restart", "durable=false",
                    "A restart or crash deletes the queue with every message in it (loss).",
                    "Declare a new queue with durable=true (channel.queueDeclare(\"" + queue.name() + "\", true, false,"
                            + " false, args)), publish with delivery mode 2 (persistent) and move the consumers to it:"
                            + " durability cannot be changed on an existing queue."));
        }
        if (settings.containsKey("ha-mode")) {
            findings.add(on.warning(MIRRORED, "Classic mirrored queue: deprecated, removed in RabbitMQ 4",
                    "type=classic, policy ha-mode=" + settings.get("ha-mode"),
                    "Mirroring loses messages on some failovers and is gone in RabbitMQ 4.0, where the queue is left"
                            + " with one copy (loss).",
                    "Declare a quorum queue (x-queue-type=quorum) in its place, move consumers, then remove the"
                            + " ha-mode policy (rabbitmqctl clear_policy -p " + vhost + " <policy>)."));
        } else if ("classic".equals(type)) {
            findings.add(on.warning(QUEUE_TYPE, "Classic queue: one copy on one node",
                    "type=classic, no mirroring",
                    "When the node holding the queue fails, its messages are unavailable or lost (loss, outage).",
                    "Declare the queue as a quorum queue (argument x-queue-type=quorum) on a cluster of 3 nodes and"
                            + " move consumers to it; the type cannot be changed in place."));
        }
        if (queue.deadLetter()) {
            return;
        }
        if (!settings.containsKey("dead-letter-exchange")) {
            findings.add(on.warning(DEAD_LETTER_EXCHANGE, "No dead-letter exchange",
                    "no x-dead-letter-exchange argument or dead-letter-exchange policy",
                    "A message consumers reject, or one expiring or over the limit, is dropped instead of kept for"
                            + " inspection and replay (loss).",
                    policy + "dlx-" + queue.name() + " " + pattern + " '{\"dead-letter-exchange\":\"" + queue.name()
                            + ".dlx\"}' --apply-to queues, then declare exchange " + queue.name()
                            + ".dlx bound to a queue " + queue.name() + ".dlq (merge into the queue's policy if it"
                            + " already has one: one policy applies per queue)."));
        }
        boolean limited = settings.containsKey("max-length") || settings.containsKey("max-length-bytes");
        if (!limited) {
            findings.add(on.warning(LENGTH_LIMIT, "Backlog without a limit",
                    "no max-length or max-length-bytes" + ("lazy".equals(settings.get("queue-mode"))
                            ? "; queue-mode=lazy lets the backlog grow on disk" : "")
                            + "; " + count(queue.messages()) + " message(s) now",
                    "When consumers stop, the queue grows until the node's memory or disk alarm blocks every"
                            + " publisher on the node (backlog, outage).",
                    policy + "limit-" + queue.name() + " " + pattern
                            + " '{\"max-length\":100000,\"overflow\":\"reject-publish\"}' --apply-to queues"
                            + " (size the limit to the backlog the consumers can catch up on)."));
        } else if (!settings.getOrDefault("overflow", "drop-head").startsWith("reject-publish")) {
            findings.add(on.warning(OVERFLOW, "At its limit the queue drops its oldest messages",
                    "max-length=" + settings.getOrDefault("max-length", "-") + ", max-length-bytes="
                            + settings.getOrDefault("max-length-bytes", "-") + ", overflow="
                            + settings.getOrDefault("overflow", "drop-head (default)"),
                    "Messages are thrown away silently when the limit is reached; the producers never hear of it (loss).",
                    policy + "limit-" + queue.name() + " " + pattern + " '{\"overflow\":\"reject-publish\"}'"
                            + " --apply-to queues, with publisher confirms so producers see the refusal."));
        }
        List<ConsumerSettings> consumers = input.broker().settings().consumers().stream()
                .filter(consumer -> consumer.queue().equals(queue.qualifiedName())).toList();
        List<String> autoAck = consumers.stream().filter(consumer -> !consumer.ackRequired()).map(ConsumerSettings::tag).toList();
        if (!autoAck.isEmpty()) {
            findings.add(on.critical(AUTO_ACK, "Consumers acknowledge on delivery (auto-ack)",
                    autoAck.size() + " of " + consumers.size() + " consumer(s) with ack_required=false: " + tags(autoAck),
                    "A message counts as done the moment it is sent: a consumer crashing while processing loses it (loss).",
                    "Consume with autoAck=false (channel.basicConsume(\"" + queue.name() + "\", false, ...)) and"
                            + " basicAck after processing."));
        }
        List<String> unlimited = consumers.stream().filter(c -> c.ackRequired() && c.prefetchCount() == 0)
                .map(ConsumerSettings::tag).toList();
        if (!unlimited.isEmpty()) {
            findings.add(on.warning(PREFETCH, "Consumers without a prefetch limit",
                    unlimited.size() + " manual-ack consumer(s) with prefetch_count=0: " + tags(unlimited),
                    "The broker pushes the whole backlog to one consumer, which runs out of memory or holds"
                            + " messages the others could process (backlog, outage).",
                    "channel.basicQos(50) before basicConsume (size it to what one consumer handles in a few seconds)."));
        }
    }

    private static String tags(List<String> tags) {
        return String.join(", ", tags.subList(0, Math.min(3, tags.size()))) + (tags.size() > 3 ? " and " + (tags.size() - 3) + " more" : "");
    }

    private static String count(long messages) {
        return messages < 0 ? "unknown" : Long.toString(messages);
    }

    /** The name as a regular expression matching only itself. */
    static String regex(String name) {
        return name.replaceAll("([\\\\.\\[\\]{}()*+?^$|])", "\\\\$1");
    }
}
