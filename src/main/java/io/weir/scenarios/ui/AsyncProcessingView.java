package io.weir.scenarios.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.monitor.MonitorHistory;
import io.weir.scenarios.AsyncProcessingScenario;
import io.weir.scenarios.Latencies;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Registration with and without the queue: the latency each flow's requests measure, side by side. */
@Route(value = "scenarios/async", layout = MainLayout.class)
@PageTitle("Asynchronous processing · Weir")
@PermitAll
class AsyncProcessingView extends ScenarioPage {

    private final AsyncProcessingScenario async;
    private final MonitorHistory history;
    private final FigureTile withQueue = new FigureTile("async-with-queue", "With the queue");
    private final FigureTile synchronous = new FigureTile("async-synchronous", "Synchronous call chain");
    private final List<FigureTile> services = new ArrayList<>();
    private final Div chart = new Div();

    AsyncProcessingView(Scenarios scenarios, MonitorHistory history) {
        super(scenarios, scenarios.async(),
                "A registration writes the user's row, publishes one \"registered\" event to "
                        + AsyncProcessingScenario.TOPIC + " and returns. The SMS, email and coupon services each read the"
                        + " event in their own consumer group and do their part a moment later, at their own pace.",
                "The request does everything itself, one call after the other: the user waits for the row ("
                        + HumanFormat.duration(scenarios.async().config().dbWrite()) + "), the SMS ("
                        + HumanFormat.duration(scenarios.async().config().sms()) + "), the email ("
                        + HumanFormat.duration(scenarios.async().config().email()) + ") and the coupon ("
                        + HumanFormat.duration(scenarios.async().config().coupon()) + "), and a slow or broken SMS"
                        + " gateway makes every registration slow or fail.");
        this.async = scenarios.async();
        this.history = history;
        async.services().forEach(service -> services.add(new FigureTile("async-service-" + service.group(),
                service.name() + " (" + HumanFormat.duration(service.work()) + " per message)")));
        chart.setWidthFull();
        add(new H3("Request latency, measured"), tiles(withQueue, synchronous), new H3("Consumers"),
                tiles(services.toArray(Component[]::new)), chart);
    }

    @Override
    protected void refreshFigures() {
        AsyncProcessingScenario.Figures now = async.figures();
        Latencies.Summary queued = now.withQueue();
        Latencies.Summary chained = now.synchronous();
        String faster = queued.count() == 0 || chained.count() == 0 || queued.mean().isZero() ? "measuring…"
                : String.format(Locale.ROOT, "%.1f× faster for the user", chained.mean().toNanos() / (double) queued.mean().toNanos());
        withQueue.show(millis(queued), detail(queued) + " · " + faster);
        synchronous.show(millis(chained), detail(chained));
        for (int i = 0; i < now.services().size(); i++) {
            AsyncProcessingScenario.ServiceFigures service = now.services().get(i);
            services.get(i).show(HumanFormat.count(service.handled()) + " done", service.handled() == 0 ? "none yet"
                    : "the last one " + HumanFormat.duration(service.lastDoneAfter()) + " after its registration");
        }
        Instant to = Instant.now();
        Instant from = chartFrom(to);
        chart.removeAll();
        chart.add(monitorChart("async-lag-chart", "Messages each consumer group has yet to read (Weir's monitor, "
                + scenarios.sourceName() + ")", async.services().stream()
                .map(s -> lagLine(history, scenarios.sourceName(), AsyncProcessingScenario.TOPIC, s.group(), s.name(), from, to))
                .toList(), LineChart.Axis.counts(v -> HumanFormat.count((long) v) + " msgs"), from, to));
    }

    private static String millis(Latencies.Summary summary) {
        return summary.count() == 0 ? "—" : HumanFormat.duration(summary.mean()) + " mean";
    }

    private static String detail(Latencies.Summary summary) {
        if (summary.count() == 0) {
            return "no requests yet: press Start";
        }
        return "median " + HumanFormat.duration(summary.median()) + ", p95 " + HumanFormat.duration(summary.p95())
                + " over " + HumanFormat.count(summary.count()) + (summary.count() == 1 ? " request" : " requests");
    }
}
