package io.weir.alerting.dispatch;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithParentName;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Inhibition rules: {@code weir.alerting.inhibit-rules.<name>.<key>}. While an alert matching
 * {@code source-matchers} fires, alerts matching {@code target-matchers} that have the same values
 * of the {@code equal} labels are not notified. Weir ships {@code source-down} (README).
 */
@ConfigMapping(prefix = "weir.alerting.inhibit-rules")
public interface InhibitRulesConfig {

    @WithParentName
    Map<String, InhibitRuleSettings> all();

    interface InhibitRuleSettings {
        String sourceMatchers();

        /** None: every alert. */
        Optional<String> targetMatchers();

        Optional<List<String>> equal();
    }
}
