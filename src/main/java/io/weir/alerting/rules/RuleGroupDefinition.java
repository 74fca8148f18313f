package io.weir.alerting.rules;

import java.time.Duration;
import java.util.List;

/** A {@code groups} entry of a rule file: rules evaluated together, one after the other, every {@code interval}. */
public record RuleGroupDefinition(String file, String name, Duration interval, List<RuleDefinition> rules) {

    public RuleGroupDefinition {
        rules = List.copyOf(rules);
    }

    /** Groups are told apart by file and name, as in Prometheus (two files may use one group name). */
    public String key() {
        return file + ":" + name;
    }
}
