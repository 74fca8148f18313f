package io.weir.scenarios.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.alerting.Alert;
import io.weir.alerting.rules.RuleEngine;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.history.SeriesKey;
import io.weir.scenarios.PeakSmoothingScenario;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The flash-sale burst against the safe drain rate, the backlog on the monitor's charts, and its alert. */
@Route(value = "scenarios/peak", layout = MainLayout.class)
@PageTitle("Peak smoothing · Weir")
@PermitAll
class PeakSmoothingView extends ScenarioPage {

    private final PeakSmoothingScenario peak;
    private final MonitorHistory history;
    private final RuleEngine rules;
    private final FigureTile requestRate = new FigureTile("peak-request-rate", "Peak request rate");
    private final FigureTile drainRate = new FigureTile("peak-drain-rate", "Drain rate");
    private final FigureTile backlog = new FigureTile("peak-backlog", "Backlog");
    private final FigureTile alert = new FigureTile("peak-alert", "Alert " + PeakSmoothingScenario.ALERT);
    private final Div charts = new Div();
    private final Button burst = new Button("Send another burst");

    PeakSmoothingView(Scenarios scenarios, MonitorHistory history, RuleEngine rules) {
        super(scenarios, scenarios.peak(),
                "The " + String.format(Locale.ROOT, "%,d", scenarios.peak().config().burst()) + " orders of a flash sale arrive within"
                        + " seconds, far faster than the database can take them. They wait in "
                        + PeakSmoothingScenario.TOPIC + ", and one consumer takes them at a fixed "
                        + HumanFormat.rate(scenarios.peak().config().drainRate()) + " the database can bear: the backlog"
                        + " rises at once and drains in a straight line, and no order is lost.",
                "Every order hits the database at the burst's rate. It runs out of connections, queries time out,"
                        + " users retry and make it worse, and the whole shop goes down, not only the sale.");
        this.peak = scenarios.peak();
        this.history = history;
        this.rules = rules;
        burst.setId("peak-burst");
        burst.addClickListener(e -> act(peak::burst));
        burst.setVisible(operator && scenarios.enabled());
        alert.add(new Anchor("alerts", "Alerts page"));
        charts.setWidthFull();
        charts.addClassName("weir-charts");
        add(burst, new H3("Burst against drain"), tiles(requestRate, drainRate, backlog, alert),
                new H3("Backlog, as Weir's monitor sees it"), charts);
    }

    @Override
    protected void refreshFigures() {
        burst.setEnabled(peak.running());
        PeakSmoothingScenario.Figures now = peak.figures();
        String peakRate = now.burstTook().isZero()
                ? (now.sent() == 0 ? "—" : "publishing…") : HumanFormat.rate(now.burstRate());
        String drainsIn = now.backlog() == 0 ? "nothing waits"
                : "drains in about " + HumanFormat.duration(Duration.ofSeconds(now.backlog() / Math.max(1, now.safeRate())));
        requestRate.show(peakRate, now.burstTook().isZero()
                ? HumanFormat.count(now.sent()) + " of the burst's " + HumanFormat.count(now.burstSize()) + " sent"
                : HumanFormat.count(now.burstSize()) + " requests published in " + HumanFormat.exactDuration(now.burstTook()));
        drainRate.show(HumanFormat.rate(now.drainRate()),
                "safe rate " + HumanFormat.rate(now.safeRate()) + " · " + HumanFormat.count(now.drained()) + " drained");
        backlog.show(HumanFormat.count(now.backlog()) + " orders", drainsIn)
                .tone(now.backlog() == 0 ? StatusBadge.Tone.GOOD : StatusBadge.Tone.WARNING);
        showAlert();
        Instant to = Instant.now();
        Instant from = chartFrom(to);
        Map<String, String> labels = Map.of("source", scenarios.sourceName(), "topic", PeakSmoothingScenario.TOPIC,
                "group", PeakSmoothingScenario.GROUP);
        LineChart.Line threshold = new LineChart.Line("alert threshold", List.of(
                new LineChart.Point(from.toEpochMilli(), PeakSmoothingScenario.ALERT_THRESHOLD.toSeconds()),
                new LineChart.Point(to.toEpochMilli(), PeakSmoothingScenario.ALERT_THRESHOLD.toSeconds())));
        charts.removeAll();
        charts.add(monitorChart("peak-backlog-chart", "Orders waiting (" + MonitorMetrics.GROUP_LAG_MESSAGES + ")",
                        List.of(line(history, SeriesKey.of(MonitorMetrics.GROUP_LAG_MESSAGES, labels), "backlog", from, to)),
                        LineChart.Axis.counts(v -> HumanFormat.count((long) v) + " msgs"), from, to),
                monitorChart("peak-lag-chart", "How long the oldest order waits (" + MonitorMetrics.GROUP_LAG_SECONDS + ")",
                        List.of(line(history, SeriesKey.of(MonitorMetrics.GROUP_LAG_SECONDS, labels), "lag", from, to),
                                threshold),
                        LineChart.Axis.seconds(v -> HumanFormat.duration(Duration.ofSeconds((long) v))), from, to));
    }

    private void showAlert() {
        Optional<Alert> alert = rules.alerts().stream()
                .filter(a -> PeakSmoothingScenario.ALERT.equals(a.name())).findFirst();
        boolean loaded = rules.rules().stream().anyMatch(r -> PeakSmoothingScenario.ALERT.equals(r.rule().name()));
        String value;
        String detail;
        if (alert.isEmpty()) {
            value = loaded ? "quiet" : "no rule";
            detail = loaded ? "fires once the oldest order waits over "
                    + HumanFormat.duration(PeakSmoothingScenario.ALERT_THRESHOLD) + " for 5 s"
                    : "alert-rules/scenarios.yml is not in " + rules.rulesDirectory() + ": copy it there";
        } else {
            Alert a = alert.get();
            value = a.state().name();
            detail = switch (a.state()) {
                case FIRING -> "since " + HumanFormat.ago(a.firedAt(), Instant.now()) + ", value "
                        + HumanFormat.exactDuration(Duration.ofMillis((long) (a.value() * 1000)));
                case PENDING -> "since " + HumanFormat.ago(a.activeAt(), Instant.now());
                case RESOLVED -> "resolved " + HumanFormat.ago(a.resolvedAt(), Instant.now());
            };
        }
        this.alert.show(value, detail).tone(alert.map(a -> switch (a.state()) {
            case FIRING -> StatusBadge.Tone.BAD;
            case PENDING -> StatusBadge.Tone.WARNING;
            case RESOLVED -> StatusBadge.Tone.GOOD;
        }).orElse(StatusBadge.Tone.NEUTRAL));
        this.alert.getElement().setAttribute("data-state", alert.map(a -> a.state().name()).orElse("NONE"));
    }
}
