package io.weir.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** When a deployment offers the scenarios (weir.demo.enabled and its default). */
class ScenariosEnabledTest {

    @Test
    void embeddedDefaultsOfferTheScenarios() {
        assertThat(Scenarios.offReason(true, Optional.empty(), List.of())).isEmpty();
    }

    @Test
    void aConfiguredExternalBrokerTurnsThemOffUnlessAskedFor() {
        assertThat(Scenarios.offReason(true, Optional.empty(), List.of("orders", "events")))
                .hasValueSatisfying(reason -> assertThat(reason).contains("orders, events", "weir.demo.enabled=true"));
        assertThat(Scenarios.offReason(true, Optional.of(true), List.of("orders"))).isEmpty();
    }

    @Test
    void explicitFalseTurnsThemOffOnEmbeddedDefaults() {
        assertThat(Scenarios.offReason(true, Optional.of(false), List.of())).contains("weir.demo.enabled=false");
    }

    @Test
    void withoutTheBuiltInBrokerTheyAreOffWhateverTheSetting() {
        assertThat(Scenarios.offReason(false, Optional.of(true), List.of()))
                .hasValueSatisfying(reason -> assertThat(reason).contains("weir.broker.enabled=false"));
    }
}
