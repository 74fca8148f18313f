package io.weir.alerting.dispatch;

import io.weir.alerting.Alert;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Mutes alerts made redundant by another firing alert, e.g. everything about a source while the
 * source itself is down. An alert never inhibits itself. Built once from configuration.
 */
@ApplicationScoped
public class Inhibitor {

    record InhibitRule(String name, List<Matcher> source, List<Matcher> target, List<String> equal) {
    }

    private final List<InhibitRule> rules;

    @Inject
    Inhibitor(InhibitRulesConfig config) {
        this(parse(config));
    }

    Inhibitor(List<InhibitRule> rules) {
        this.rules = List.copyOf(rules);
    }

    private static List<InhibitRule> parse(InhibitRulesConfig config) {
        List<InhibitRule> rules = new ArrayList<>();
        config.all().forEach((name, settings) -> {
            try {
                rules.add(new InhibitRule(name, Matcher.parseList(settings.sourceMatchers()),
                        Matcher.parseList(settings.targetMatchers().orElse("")), settings.equal().orElse(List.of())));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("weir.alerting.inhibit-rules." + name + ": " + e.getMessage(), e);
            }
        });
        return rules;
    }

    /** Is {@code target} muted by one of the {@code firing} alerts? */
    boolean inhibits(Collection<Alert> firing, Alert target) {
        for (InhibitRule rule : rules) {
            if (!Matcher.all(rule.target(), target.labels())) {
                continue;
            }
            for (Alert source : firing) {
                if (!source.identity().equals(target.identity()) && Matcher.all(rule.source(), source.labels())
                        && sameValues(rule.equal(), source.labels(), target.labels())) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean sameValues(List<String> labels, Map<String, String> a, Map<String, String> b) {
        return labels.stream().allMatch(label -> Objects.equals(a.get(label), b.get(label)));
    }
}
