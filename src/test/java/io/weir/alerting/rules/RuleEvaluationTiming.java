package io.weir.alerting.rules;

import io.weir.alerting.promql.Evaluator;
import io.weir.monitor.history.SeriesStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Times Weir's evaluation of a rule file's groups as the engine runs them (each group's rules one
 * after the other at one instant, alert state included), for the rule benchmark in
 * {@code io.weir.bench}, which cannot see this package's classes.
 */
public final class RuleEvaluationTiming {

    private final List<RuleGroup> groups;

    /** @throws IllegalArgumentException if the file does not load without errors */
    public RuleEvaluationTiming(Path ruleFile) throws IOException {
        RuleFileParser.Result result = RuleFileParser.parse(ruleFile.getFileName().toString(), Files.readString(ruleFile),
                Duration.ofSeconds(15));
        if (!result.errors().isEmpty()) {
            throw new IllegalArgumentException("the rule file does not load: " + result.errors());
        }
        groups = result.groups().stream().map(RuleGroup::new).toList();
    }

    public int rules() {
        return groups.stream().mapToInt(group -> group.definition().rules().size()).sum();
    }

    /** Evaluates every group once at {@code at} as the engine does (indexed history); returns the sum of the groups' evaluation times in nanoseconds. */
    public long evaluateAll(SeriesStore store, Instant at) {
        Evaluator evaluator = new Evaluator(new IndexedHistory(store));
        long total = 0;
        for (RuleGroup group : groups) {
            if (!group.tryStart()) {
                throw new IllegalStateException("group evaluated concurrently");
            }
            group.evaluate(evaluator, at);
            if (group.statuses().stream().anyMatch(status -> status.lastError() != null)) {
                throw new IllegalStateException("a rule failed: " + group.statuses());
            }
            total += group.lastDuration().toNanos();
        }
        return total;
    }

    /** Alerts pending or firing after the last evaluation, over all groups. */
    public long activeAlerts() {
        return groups.stream().mapToLong(group -> group.alerts().size()).sum();
    }
}
