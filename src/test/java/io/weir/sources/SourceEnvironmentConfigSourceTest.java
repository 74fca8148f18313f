package io.weir.sources;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class SourceEnvironmentConfigSourceTest {

    @Test
    void sourceNamesWithUnderscoresEndWhereAKnownKeyBegins() {
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_PROD_EU_BOOTSTRAP_SERVERS"))
                .isEqualTo("weir.sources.prod-eu.bootstrap-servers");
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_ORDERS_PARTITION_METRICS"))
                .isEqualTo("weir.sources.orders.partition-metrics");
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_PAY_EU_PAYLOAD_VISIBILITY"))
                .isEqualTo("weir.sources.pay-eu.payload-visibility");
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_PAY_EU_SENSITIVE_TOPICS"))
                .isEqualTo("weir.sources.pay-eu.sensitive-topics");
    }

    @Test
    void clientPropertiesKeepTheirDots() {
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_PROD_PROPERTIES_SECURITY_PROTOCOL"))
                .isEqualTo("weir.sources.prod.properties.\"security.protocol\"");
    }

    @Test
    void otherVariablesAreLeftToTheUsualMapping() {
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_SOURCES_PROD_COLOUR")).isNull();
        assertThat(SourceEnvironmentConfigSource.translate("WEIR_DATA_DIR")).isNull();
        assertThat(new SourceEnvironmentConfigSource(Map.of("WEIR_SOURCES_K_KIND", "kafka", "HOME", "/root"))
                .getPropertyNames()).containsExactly("weir.sources.k.kind");
    }
}
