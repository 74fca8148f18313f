package io.weir.advisor;

import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The article's safeguards on the built-in broker: topics that reach the disk before a publish is
 * answered, a dead-letter topic per group, a dedup window that outlasts producers' retries, and a
 * backlog limit. A topic's settings are fixed when it is created, so the fixes create a new one.
 * Pure.
 */
final class BuiltinChecks {

    static final String FLUSH = "builtin-flush-policy";
    static final String NO_DEAD_LETTERS = "builtin-group-dead-letters";
    static final String DEDUP = "builtin-dedup-window";
    static final String BACKLOG_LIMIT = "builtin-backlog-limit";

    private static final String TOPICS = "POST /api/broker/v1/topics";

    private BuiltinChecks() {
    }

    static List<Finding> check(CheckInput input) {
        List<Finding> findings = new ArrayList<>();
        for (QueueSnapshot topic : input.broker().queues()) {
            topic(input, topic, findings);
        }
        for (GroupSnapshot group : input.broker().groups()) {
            Map<String, String> settings = input.broker().settings().group(group.group());
            if ("ordered".equals(settings.get("mode"))) {
                String topic = group.offsets().isEmpty() ? "<topic>" : group.offsets().get(0).topic();
                findings.add(FindingBuilder.of(input.source(), group.group(), "group").warning(NO_DEAD_LETTERS,
                        "The group has no dead-letter topic", "mode=ordered on " + topic
                                + ": ordered groups commit offsets and never dead-letter",
                        "A message the consumer cannot process either blocks its partition, retried forever (backlog),"
                                + " or is committed past and gone (loss).",
                        "Where order per key is not needed, consume through a shared group, which dead-letters after"
                                + " maxAttempts: " + TOPICS + "/" + topic + "/groups {\"name\": \"" + group.group()
                                + "-shared\", \"mode\": \"shared\", \"config\": {\"maxAttempts\": 5}}; otherwise publish"
                                + " failing messages to a topic of your own before committing past them."));
            }
        }
        return findings;
    }

    private static void topic(CheckInput input, QueueSnapshot topic, List<Finding> findings) {
        FindingBuilder on = FindingBuilder.of(input.source(), topic.name(), "topic");
        Map<String, String> settings = input.broker().settings().queue(topic.name());
        String recreate = "Topic settings are fixed at creation: create a new topic with " + TOPICS + " {\"name\": \""
                + topic.name() + "-v2\", \"partitions\": " + Math.max(1, topic.partitions().size()) + ", \"config\": ";
        if ("os".equals(settings.get("flush-policy")) && topic.consumers() > 0) {
            findings.add(on.warning(FLUSH, "Publishes are answered before they reach the disk",
                    "flush-policy=os, " + topic.consumers() + " consumer(s)",
                    "A power failure or kernel crash loses messages the producers were told were stored (loss).",
                    recreate + "{\"flushPolicy\": \"group-commit\"}} and move producers and groups to it; set"
                            + " weir.broker.flush-policy=group-commit for topics created from now on."));
        }
        if (topic.deadLetter()) {
            return;
        }
        long maxIds = number(settings.get("dedup-max-ids"));
        Duration window = duration(settings.get("dedup-window"));
        Duration retries = input.thresholds().producerRetryTime();
        if (maxIds == 0) {
            findings.add(on.warning(DEDUP, "Deduplication is off", "dedup-max-ids=0",
                    "A producer retrying a publish whose answer it missed stores the message twice (duplication).",
                    recreate + "{\"dedupMaxIds\": 10000, \"dedupWindowMs\": " + retries.multipliedBy(2).toMillis()
                            + "}} and give each message a messageId."));
        } else if (window != null && window.compareTo(retries) < 0) {
            findings.add(on.warning(DEDUP, "The dedup window is shorter than producers retry",
                    "dedup-window=" + Durations.words(window) + ", producers retry for up to " + Durations.words(retries)
                            + " (weir.advisor.producer-retry-time)",
                    "A retry arriving after the window has forgotten the message ID is stored again (duplication).",
                    recreate + "{\"dedupWindowMs\": " + retries.multipliedBy(2).toMillis() + "}}, or shorten the"
                            + " producers' retry time below " + Durations.words(window) + "."));
        }
        if (number(settings.get("max-messages")) == 0 && number(settings.get("max-bytes")) == 0
                && settings.containsKey("max-messages")) {
            findings.add(on.warning(BACKLOG_LIMIT, "Backlog without a limit", "max-messages=0, max-bytes=0; "
                            + topic.messages() + " message(s) now",
                    "When consumers stop, the backlog grows until the disk is full and every topic refuses publishes"
                            + " (backlog, outage).",
                    recreate + "{\"maxMessages\": 1000000, \"whenFull\": \"reject\"}}, or set weir.broker.max-messages"
                            + " for topics created from now on."));
        }
    }

    private static long number(String value) {
        try {
            return value == null ? -1 : Long.parseLong(value);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static Duration duration(String value) {
        try {
            return value == null ? null : Duration.parse(value);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
