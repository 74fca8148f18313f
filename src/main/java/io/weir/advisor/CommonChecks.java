package io.weir.advisor;

import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Safeguards that apply to every broker kind: dead-letter queues somebody drains, queues somebody
 * consumes, and consumers that do not fail the same messages over and over. Pure.
 */
final class CommonChecks {

    static final String UNDRAINED = "dead-letters-undrained";
    static final String NO_CONSUMERS = "no-consumers";
    static final String REDELIVERY = "redelivery";

    private CommonChecks() {
    }

    static List<Finding> check(CheckInput input) {
        List<Finding> findings = new ArrayList<>();
        SourceKind kind = input.snapshot().kind();
        Map<String, Integer> groupMembersByTopic = new HashMap<>();
        for (GroupSnapshot group : input.broker().groups()) {
            group.offsets().stream().map(GroupSnapshot.GroupOffset::topic).distinct()
                    .forEach(topic -> groupMembersByTopic.merge(topic, group.members(), Integer::sum));
        }
        for (QueueSnapshot queue : input.broker().queues()) {
            if (queue.name().startsWith("amq.")) {
                continue;
            }
            FindingBuilder on = FindingBuilder.of(input.source(), queue.qualifiedName(),
                    queue.kind() == QueueSnapshot.QueueKind.TOPIC ? "topic" : "queue");
            Duration undrained = input.undrained().get(queue.qualifiedName());
            if (queue.deadLetter() && undrained != null
                    && undrained.compareTo(input.thresholds().deadLetterUndrainedAfter()) >= 0) {
                findings.add(on.warning(UNDRAINED, "Dead letters arrive and nobody handles them",
                        queue.messages() + " message(s), received more and not shrunk for " + Durations.words(undrained)
                                + " (weir.advisor.dead-letter-undrained-after="
                                + Durations.words(input.thresholds().deadLetterUndrainedAfter()) + ")",
                        "Failed messages pile up unseen: the work they stand for is never done (loss), and the"
                                + " dead-letter queue grows without bound (backlog).",
                        "Open the dead letters in Weir (Sources, then the queue), fix the cause, and replay them from"
                                + " the Replays page; purge the ones not worth keeping, and alert on weir_dlq_messages."));
            }
            if (!queue.deadLetter() && queue.messages() > 0 && noConsumers(kind, queue, groupMembersByTopic)) {
                findings.add(on.warning(NO_CONSUMERS, "Messages wait and nobody consumes them",
                        queue.messages() + " message(s), 0 consumers",
                        "Every message waits until a consumer comes back: the work is delayed and the backlog grows"
                                + " (backlog).",
                        "Start the consumers of " + queue.displayName() + ", or delete the "
                                + (queue.kind() == QueueSnapshot.QueueKind.TOPIC ? "topic" : "queue")
                                + " if nothing reads it any more."));
            }
            Double redeliverRate = rate(input.broker().settings().queue(queue.qualifiedName()).get("redeliver-rate"));
            if (redeliverRate != null && redeliverRate > input.thresholds().redeliverRate()) {
                findings.add(on.warning(REDELIVERY, "Consumers get the same messages again and again",
                        String.format(java.util.Locale.ROOT, "redelivered %.1f msg/s (over %.1f msg/s, weir.advisor.redeliver-rate)",
                                redeliverRate, input.thresholds().redeliverRate()),
                        "Messages rejected with requeue or left unacknowledged come back without end: consumers redo"
                                + " work (duplication) and newer messages wait behind them (backlog).",
                        "Reject failing messages without requeue (basicNack(tag, false, false)) so the dead-letter"
                                + " exchange takes them; on quorum queues set a delivery-limit policy, e.g."
                                + " rabbitmqctl set_policy ... '{\"delivery-limit\":5}' --apply-to quorum_queues."));
            }
        }
        return findings;
    }

    /**
     * Kafka topics count only when some group has committed on them: many topics are kept for
     * their log and read now and then. RabbitMQ queues and built-in topics count always.
     */
    private static boolean noConsumers(SourceKind kind, QueueSnapshot queue, Map<String, Integer> groupMembersByTopic) {
        if (kind == SourceKind.KAFKA) {
            return groupMembersByTopic.containsKey(queue.name()) && groupMembersByTopic.get(queue.name()) == 0;
        }
        if (kind == SourceKind.BUILTIN) {
            return groupMembersByTopic.getOrDefault(queue.name(), 0) == 0;
        }
        return queue.consumers() == 0;
    }

    private static Double rate(String value) {
        try {
            return value == null ? null : Double.valueOf(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
