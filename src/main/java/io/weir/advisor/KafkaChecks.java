package io.weir.advisor;

import io.weir.core.GroupSnapshot;
import io.weir.core.GroupSnapshot.GroupOffset;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The article's safeguards on a Kafka cluster: copies on several brokers
 * ({@code replication.factor}, {@code min.insync.replicas}), no unclean leader elections, and
 * consumers that commit and keep up with retention. Pure: reads only its input.
 */
final class KafkaChecks {

    static final String REPLICATION = "kafka-replication-factor";
    static final String MIN_ISR = "kafka-min-insync-replicas";
    static final String UNCLEAN = "kafka-unclean-leader-election";
    static final String IDEMPOTENCE = "kafka-producer-idempotence";
    static final String NEVER_COMMITS = "kafka-group-never-commits";
    static final String BEHIND_LOG_START = "kafka-group-behind-log-start";
    static final String RETENTION = "kafka-retention-below-lag";

    private KafkaChecks() {
    }

    static List<Finding> check(CheckInput input) {
        List<Finding> findings = new ArrayList<>();
        FindingBuilder source = FindingBuilder.of(input.source(), Finding.WHOLE_SOURCE, "source");
        findings.add(source.info(IDEMPOTENCE, "Producer idempotence and acks cannot be read from the broker",
                "Kafka keeps producer settings in the clients; the broker does not report enable.idempotence or acks",
                "Without acks=all a message the leader took is lost when it fails before the followers copied it;"
                        + " without idempotence a retried send is written twice (duplication).",
                "Check every producer: acks=all and enable.idempotence=true (the defaults since Kafka 3.0 unless"
                        + " overridden), and retries with delivery.timeout.ms longer than a broker failover."));
        String bootstrap = input.snapshot().address();
        int brokers = input.broker().health().nodes().size();
        for (QueueSnapshot topic : input.broker().queues()) {
            topic(input, topic, bootstrap, brokers, findings);
        }
        for (GroupSnapshot group : input.broker().groups()) {
            group(input.source(), group, bootstrap, findings);
        }
        return findings;
    }

    private static void topic(CheckInput input, QueueSnapshot topic, String bootstrap, int brokers, List<Finding> findings) {
        FindingBuilder on = FindingBuilder.of(input.source(), topic.name(), "topic");
        Map<String, String> settings = input.broker().settings().queue(topic.name());
        int replicas = replicationFactor(topic.partitions());
        String alter = "kafka-configs.sh --bootstrap-server " + bootstrap + " --alter --entity-type topics --entity-name "
                + topic.name() + " --add-config ";
        if (replicas > 0 && replicas < 3) {
            String evidence = "replication factor " + replicas + " on " + topic.partitions().size() + " partition(s); "
                    + brokers + " broker(s) in the cluster";
            String fix = (brokers < 3 ? "Run at least 3 brokers, then raise" : "Raise") + " the factor with"
                    + " kafka-reassign-partitions.sh --bootstrap-server " + bootstrap
                    + " --reassignment-json-file <file listing 3 replicas per partition> --execute"
                    + " (new topics: kafka-topics.sh --create --replication-factor 3).";
            if (replicas == 1) {
                findings.add(on.critical(REPLICATION, "Only one copy of every message", evidence,
                        "When that broker's disk fails the messages are lost, and while it is down the topic accepts"
                                + " and delivers nothing (outage).", fix));
            } else {
                findings.add(on.warning(REPLICATION, "Only two copies of every message", evidence,
                        "With one broker down a second failure loses messages, and min.insync.replicas=2 can no longer"
                                + " be met, so acks=all producers stop (outage).", fix));
            }
        }
        Integer minIsr = integer(settings.get("min.insync.replicas"));
        if (minIsr != null && replicas >= 2) {
            if (minIsr < 2) {
                findings.add(on.warning(MIN_ISR, "An acknowledged write may exist on one broker only",
                        "min.insync.replicas=" + minIsr + ", replication factor " + replicas,
                        "With acks=all the leader confirms a message no follower has copied; losing the leader then"
                                + " loses it (loss).", (replicas >= 3 ? "" : "Raise the replication factor to 3 first (see "
                                + REPLICATION + "), then ") + alter + "min.insync.replicas=2"));
            } else if (minIsr >= replicas) {
                findings.add(on.warning(MIN_ISR, "One broker down stops every acks=all write",
                        "min.insync.replicas=" + minIsr + ", replication factor " + replicas,
                        "Every replica must be in sync, so any broker restart makes producers fail with"
                                + " NotEnoughReplicas (outage).", alter + "min.insync.replicas=" + (replicas - 1)));
            }
        }
        if ("true".equals(settings.get("unclean.leader.election.enable"))) {
            findings.add(on.critical(UNCLEAN, "An out-of-date replica may become leader",
                    "unclean.leader.election.enable=true",
                    "When the in-sync replicas are gone a replica missing the latest messages takes over and those"
                            + " messages are lost for good (loss).", alter + "unclean.leader.election.enable=false"));
        }
        Long retentionMs = number(settings.get("retention.ms"));
        Duration worst = input.worstLag().get(topic.name());
        boolean deletes = !settings.containsKey("cleanup.policy") || settings.get("cleanup.policy").contains("delete");
        if (deletes && retentionMs != null && retentionMs >= 0 && worst != null && worst.toMillis() >= retentionMs) {
            long suggested = Math.max(worst.toMillis() * 2, Duration.ofDays(1).toMillis());
            findings.add(on.critical(RETENTION, "Consumers have lagged longer than the topic keeps messages",
                    "retention.ms=" + retentionMs + " (" + Durations.words(Duration.ofMillis(retentionMs))
                            + "); worst lag seen " + Durations.words(worst),
                    "Messages older than the retention are deleted before a lagging group reads them (loss).",
                    alter + "retention.ms=" + suggested + ", and find why the group falls behind."));
        }
    }

    private static void group(String source, GroupSnapshot group, String bootstrap, List<Finding> findings) {
        FindingBuilder on = FindingBuilder.of(source, group.group(), "group");
        boolean committed = group.offsets().stream().anyMatch(offset -> offset.committedOffset() != null);
        if (group.members() > 0 && !committed) {
            findings.add(on.warning(NEVER_COMMITS, "Consumers read but never commit an offset",
                    group.members() + " member(s), no committed offset on any partition",
                    "After a restart or rebalance the group starts again from auto.offset.reset: it reprocesses"
                            + " everything (duplication) or skips what arrived meanwhile (loss).",
                    "Commit after processing: enable.auto.commit=true, or consumer.commitSync() once each batch"
                            + " is handled."));
        }
        List<String> behind = new ArrayList<>();
        long lost = 0;
        String topic = null;
        for (GroupOffset offset : group.offsets()) {
            if (offset.committedOffset() != null && offset.committedOffset() < offset.startOffset()) {
                behind.add(offset.topic() + "/" + offset.partition() + " committed " + offset.committedOffset()
                        + " < log start " + offset.startOffset());
                lost += offset.startOffset() - offset.committedOffset();
                topic = offset.topic();
            }
        }
        if (!behind.isEmpty()) {
            findings.add(on.critical(BEHIND_LOG_START, "Retention deleted messages the group had not read",
                    lost + " message(s) gone: " + String.join("; ", behind.subList(0, Math.min(3, behind.size())))
                            + (behind.size() > 3 ? " and " + (behind.size() - 3) + " more" : ""),
                    "Those messages were deleted by retention before the group consumed them (loss).",
                    "Raise the topic's retention.ms and speed up the group; then, with the group stopped,"
                            + " kafka-consumer-groups.sh --bootstrap-server " + bootstrap + " --group " + group.group()
                            + " --topic " + topic + " --reset-offsets --to-earliest --execute"
                            + " (or reset its offsets on Weir's group page)."));
        }
    }

    private static Integer integer(String value) {
        try {
            return value == null ? null : Integer.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Long number(String value) {
        try {
            return value == null ? null : Long.valueOf(value.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The smallest replica count over a topic's partitions: the weakest partition decides. */
    static int replicationFactor(List<PartitionSnapshot> partitions) {
        return partitions.stream().mapToInt(p -> p.replicas().size()).min().orElse(0);
    }
}
