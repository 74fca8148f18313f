package io.weir.sources;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import io.quarkus.runtime.configuration.DurationConverter;
import io.weir.sources.BrowsePolicy.PayloadVisibility;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code saved-filters}, {@code payload-visibility} and {@code sensitive-topics} as the configuration mapping reads them. */
class BrowsePolicyTest {

    @Test
    void savedFiltersAndVisibilityAreReadFromProperties() {
        BrowsePolicy policy = policy(Map.of(
                "weir.sources.orders.kind", "kafka",
                "weir.sources.orders.bootstrap-servers", "k:9092",
                "weir.sources.orders.saved-filters.refunds.header", "type:refund",
                "weir.sources.orders.saved-filters.slow-eu.cel", "key.startsWith(\"eu-\") && value.contains(\"timeout\")",
                "weir.sources.orders.saved-filters.slow-eu.keyMatch", "contains",
                "weir.sources.orders.payload-visibility", "operator",
                "weir.sources.orders.sensitive-topics", "payments.*, pii-*"));
        assertThat(policy.savedFilters()).containsOnlyKeys("refunds", "slow-eu");
        assertThat(policy.savedFilters().keySet()).containsExactly("refunds", "slow-eu");
        assertThat(policy.savedFilters().get("slow-eu")).containsEntry("cel",
                "key.startsWith(\"eu-\") && value.contains(\"timeout\")").containsEntry("keyMatch", "contains");
        assertThat(policy.payloadVisibility()).isEqualTo(PayloadVisibility.OPERATOR);
        assertThat(policy.sensitiveTopics()).containsExactly("payments.*", "pii-*");
        assertThat(policy.sensitive("payments.cards")).isTrue();
        assertThat(policy.sensitive("pii-customers")).isTrue();
        assertThat(policy.sensitive("orders")).isFalse();
        assertThat(policy.sensitive("my-payments.cards")).as("the whole name must match").isFalse();
    }

    @Test
    void withoutSettingsNothingIsSavedOrHidden() {
        BrowsePolicy policy = policy(Map.of("weir.sources.orders.kind", "kafka", "weir.sources.orders.bootstrap-servers",
                "k:9092"));
        assertThat(policy.savedFilters()).isEmpty();
        assertThat(policy.payloadVisibility()).isEqualTo(PayloadVisibility.ALL);
        assertThat(policy.sensitive("anything")).as("no patterns: every topic, but visibility is all").isTrue();
    }

    @Test
    void anUnknownFilterParameterStopsStartUpWithTheKey() {
        assertThatThrownBy(() -> policy(Map.of("weir.sources.orders.kind", "kafka",
                "weir.sources.orders.bootstrap-servers", "k:9092",
                "weir.sources.orders.saved-filters.refunds.headr", "type:refund")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weir.sources.orders.saved-filters.refunds.headr is not a filter parameter: use [");
    }

    @Test
    void anUnknownVisibilityIsAConfigurationError() {
        assertThatThrownBy(() -> policy(Map.of("weir.sources.orders.kind", "kafka",
                "weir.sources.orders.bootstrap-servers", "k:9092", "weir.sources.orders.payload-visibility", "viewers")))
                .hasMessageContaining("payload-visibility");
    }

    private static BrowsePolicy policy(Map<String, String> properties) {
        // Quarkus reads durations such as the default poll-interval 10s with its own converter.
        SmallRyeConfig config = new SmallRyeConfigBuilder().withMapping(SourcesConfig.class)
                .withConverter(Duration.class, 200, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build();
        SourcesConfig sources = config.getConfigMapping(SourcesConfig.class);
        return BrowsePolicy.from("orders", sources.all().get("orders"));
    }
}
