package io.weir.alerting;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/** Builds alerts as the rule engine hands them over: {@code AlertFixture.alert("ConsumerStopped").label("source", "kafka").firing()}. */
public final class AlertFixture {

    private final Map<String, String> labels = new TreeMap<>();
    private final Map<String, String> annotations = new HashMap<>();
    private double value = 1;
    private Instant since = Instant.parse("2026-11-28T10:00:00Z");

    private AlertFixture(String name) {
        labels.put(Alert.ALERT_NAME, name);
    }

    public static AlertFixture alert(String name) {
        return new AlertFixture(name);
    }

    public AlertFixture label(String name, String labelValue) {
        labels.put(name, labelValue);
        return this;
    }

    public AlertFixture annotation(String name, String text) {
        annotations.put(name, text);
        return this;
    }

    public AlertFixture value(double v) {
        value = v;
        return this;
    }

    public AlertFixture since(Instant firedAt) {
        since = firedAt;
        return this;
    }

    public Alert firing() {
        return new Alert(new TreeMap<>(labels), annotations, AlertState.FIRING, value, since.minusSeconds(60), since, null,
                "test-group", "test.yml");
    }

    public Alert resolved(Instant at) {
        return new Alert(new TreeMap<>(labels), annotations, AlertState.RESOLVED, value, since.minusSeconds(60), since, at,
                "test-group", "test.yml");
    }

    public Alert pending() {
        return new Alert(new TreeMap<>(labels), annotations, AlertState.PENDING, value, since, null, null,
                "test-group", "test.yml");
    }
}
