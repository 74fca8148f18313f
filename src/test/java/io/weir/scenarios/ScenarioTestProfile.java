package io.weir.scenarios;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * The scenarios switched on (the test configuration watches Kafka and RabbitMQ, which would turn
 * them off), the built-in broker polled every second, and the peak burst scaled down so a test
 * sees it drain in seconds. Shared by every scenario test, so Quarkus starts once for all of them.
 */
public class ScenarioTestProfile implements QuarkusTestProfile {

    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of(
                "weir.demo.enabled", "true",
                "weir.sources.builtin.poll-interval", "1s",
                "weir.demo.peak.burst", "4000",
                "weir.demo.peak.drain-rate", "150");
    }
}
