package io.weir.broker.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfigBuilder;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code weir.broker.kafka.sasl.*} and {@code tls.*}, read by SmallRye Config as Weir reads them, into the listener's security. */
class ListenerSecuritySettingsTest {

    @Test
    void nothingSetMeansPlaintext() {
        ListenerSecurity security = EmbeddedKafkaListener.security(config(Map.of()), ListenerUsers.USERS);
        assertThat(security.users()).isNull();
        assertThat(security.tls()).isNull();
        assertThat(security.protocol()).isEqualTo("PLAINTEXT");
    }

    @Test
    void saslAndBothTlsFilesMeanSaslSsl() {
        ListenerSecurity security = EmbeddedKafkaListener.security(config(Map.of(
                "weir.broker.kafka.sasl.enabled", "true",
                "weir.broker.kafka.tls.certificate", "/etc/weir/kafka.crt",
                "weir.broker.kafka.tls.key", "/etc/weir/kafka.key")), ListenerUsers.USERS);
        assertThat(security.users()).isSameAs(ListenerUsers.USERS);
        assertThat(security.tls()).isEqualTo(new ListenerSecurity.Tls(Path.of("/etc/weir/kafka.crt"),
                Path.of("/etc/weir/kafka.key")));
        assertThat(security.protocol()).isEqualTo("SASL_SSL");
    }

    @Test
    void aCertificateWithoutItsKeyIsRefused() {
        assertThatThrownBy(() -> EmbeddedKafkaListener.security(config(Map.of(
                "weir.broker.kafka.tls.certificate", "/etc/weir/kafka.crt")), ListenerUsers.USERS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("weir.broker.kafka.tls.key");
    }

    private static KafkaListenerConfig config(Map<String, String> properties) {
        return new SmallRyeConfigBuilder().withMapping(KafkaListenerConfig.class)
                .withSources(new PropertiesConfigSource(properties, "test", 100)).build()
                .getConfigMapping(KafkaListenerConfig.class);
    }
}
