package io.weir.alerting.dispatch;

import static io.weir.alerting.AlertFixture.alert;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.weir.alerting.Alert;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Matchers in Prometheus syntax, the order routes are tried in, grouping and inhibition. */
class RoutingTest {

    private static Route route(String name, String matchers, boolean continueMatching, String... groupBy) {
        return new Route(name, name + "-receiver", Matcher.parseList(matchers), List.of(groupBy), Duration.ZERO,
                Duration.ofMinutes(5), Duration.ofHours(4), continueMatching);
    }

    @Test
    void matchersFollowPrometheusSyntaxAndSemantics() {
        List<Matcher> matchers = Matcher.parseList("{severity=\"critical\", source=~\"kafka.*\", queue!~\"tmp-.*\", env!=\"test\"}");
        assertThat(Matcher.format(matchers)).isEqualTo("severity=\"critical\", source=~\"kafka.*\", queue!~\"tmp-.*\", env!=\"test\"");
        assertThat(Matcher.all(matchers, Map.of("severity", "critical", "source", "kafka-eu", "queue", "orders"))).isTrue();
        assertThat(Matcher.all(matchers, Map.of("severity", "critical", "source", "kafka-eu"))).as("missing label is empty").isTrue();
        assertThat(Matcher.all(matchers, Map.of("severity", "critical", "source", "my-kafka"))).as("regex anchored").isFalse();
        assertThat(Matcher.all(matchers, Map.of("severity", "critical", "source", "kafka", "queue", "tmp-1"))).isFalse();
        assertThat(Matcher.parseList("summary=\"say \\\"hi\\\", twice\"").get(0).value()).isEqualTo("say \"hi\", twice");
        assertThat(Matcher.parseList("  ")).isEmpty();
    }

    @Test
    void badMatchersAreRefusedWithWhereAndWhat() {
        assertThatThrownBy(() -> Matcher.parseList("severity=critical")).hasMessageContaining("at character 1");
        assertThatThrownBy(() -> Matcher.parseList("a=\"1\" b=\"2\"")).hasMessageContaining("expected a comma at character 7");
        assertThatThrownBy(() -> Matcher.parseList("a=~\"(\"")).hasMessageContaining("bad regex");
    }

    @Test
    void routesAreTriedInNameOrderWithDefaultLastAndContinueGoesOn() {
        Router router = new Router(List.of(
                route("default", "", false, "alertname"),
                route("20-kafka", "source=~\"kafka.*\"", false, "alertname"),
                route("10-critical", "severity=\"critical\"", true, "alertname")));

        assertThat(router.routesFor(Map.of("severity", "critical", "source", "kafka")).stream().map(Route::name))
                .containsExactly("10-critical", "20-kafka");
        assertThat(router.routesFor(Map.of("severity", "critical", "source", "rabbit")).stream().map(Route::name))
                .containsExactly("10-critical", "default");
        assertThat(router.routesFor(Map.of("severity", "info")).stream().map(Route::name)).containsExactly("default");
    }

    @Test
    void groupKeyHoldsRouteReceiverAndGroupLabelValues() {
        Route route = route("default", "", false, "alertname", "source");
        Alert a = alert("ConsumerStopped").label("source", "kafka").label("group", "billing").firing();
        assertThat(route.groupKey(route.groupLabels(a.labels())))
                .isEqualTo("default/default-receiver:{alertname=\"ConsumerStopped\",source=\"kafka\"}");
        Route everyLabel = new Route("all", "r", List.of(), null, Duration.ZERO, Duration.ZERO, Duration.ZERO, false);
        assertThat(everyLabel.groupLabels(a.labels())).containsEntry("group", "billing");
    }

    @Test
    void sourceDownInhibitsOtherAlertsOfTheSameSourceButNotItself() {
        Inhibitor inhibitor = new Inhibitor(List.of(new Inhibitor.InhibitRule("source-down",
                Matcher.parseList("alertname=\"WeirSourceDown\""), List.of(), List.of("source"))));
        Alert down = alert("WeirSourceDown").label("source", "kafka").firing();
        Alert sameSource = alert("ConsumerStopped").label("source", "kafka").firing();
        Alert otherSource = alert("ConsumerStopped").label("source", "rabbit").firing();

        assertThat(inhibitor.inhibits(List.of(down), sameSource)).isTrue();
        assertThat(inhibitor.inhibits(List.of(down), otherSource)).isFalse();
        assertThat(inhibitor.inhibits(List.of(down), down)).isFalse();
        assertThat(inhibitor.inhibits(List.of(), sameSource)).isFalse();
    }
}
