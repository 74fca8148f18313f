package io.weir.scenarios.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.monitor.MonitorHistory;
import io.weir.scenarios.DecouplingScenario;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** The order topic and its subscribers: each one's progress, with stop, start and "add analytics". */
@Route(value = "scenarios/decoupling", layout = MainLayout.class)
@PageTitle("Decoupling · Weir")
@PermitAll
class DecouplingView extends ScenarioPage {

    private final DecouplingScenario decoupling;
    private final MonitorHistory history;
    private final FigureTile producer = new FigureTile("decoupling-producer", "Order service");
    private final FlexLayout figures = tiles(producer);
    /** Per subscriber group, its tile and its stop/start button; analytics joins when added. */
    private final Map<String, FigureTile> subscriberTiles = new HashMap<>();
    private final Map<String, Button> toggles = new HashMap<>();
    private final Div chart = new Div();
    private final Button addAnalytics = new Button("Add an analytics subscriber");

    DecouplingView(Scenarios scenarios, MonitorHistory history) {
        super(scenarios, scenarios.decoupling(),
                "The order service publishes each order once to " + DecouplingScenario.TOPIC + " and is done. Inventory,"
                        + " logistics, points and notification each read every order in their own consumer group, at their"
                        + " own pace. A new service subscribes without a change to the order service, and one that stops"
                        + " only falls behind: the others go on, and it catches up from where it left off.",
                "The order service calls all four services itself. Adding a fifth means changing, testing and deploying"
                        + " the order service; one slow or broken service makes every order slow or fail.");
        this.decoupling = scenarios.decoupling();
        this.history = history;
        addAnalytics.setId("decoupling-add-analytics");
        addAnalytics.addClickListener(e -> act(decoupling::addAnalytics));
        addAnalytics.setVisible(operator && scenarios.enabled());
        chart.setWidthFull();
        add(new H3("Order service and subscribers"), addAnalytics, figures,
                new H3("Orders each group has yet to read, as Weir's monitor sees them"), chart);
    }

    @Override
    protected void refreshFigures() {
        DecouplingScenario.Figures now = decoupling.figures();
        addAnalytics.setEnabled(decoupling.running() && now.subscribers().stream()
                .noneMatch(s -> s.subscriber().group().equals(DecouplingScenario.ANALYTICS)));
        producer.show(HumanFormat.count(now.placed()) + " orders", now.publish().count() == 0 ? "none placed yet"
                : "publish took " + HumanFormat.duration(now.publish().median()) + " (median), whoever listens");
        for (DecouplingScenario.SubscriberFigures s : now.subscribers()) {
            String group = s.subscriber().group();
            FigureTile tile = subscriberTiles.computeIfAbsent(group, g -> newSubscriberTile(s.subscriber()));
            tile.show(HumanFormat.count(s.behind()) + " behind",
                    (s.running() ? "running" : "stopped") + " · " + HumanFormat.count(s.handled()) + " handled");
            tile.getElement().setAttribute("data-running", Boolean.toString(s.running()));
            Button toggle = toggles.get(group);
            toggle.setText(s.running() ? "Stop" : "Start");
            toggle.setVisible(operator && scenarios.enabled() && decoupling.running());
        }
        Instant to = Instant.now();
        Instant from = chartFrom(to);
        chart.removeAll();
        chart.add(monitorChart("decoupling-lag-chart", "Lag per subscriber group (" + scenarios.sourceName() + ")",
                now.subscribers().stream().map(s -> lagLine(history, scenarios.sourceName(), DecouplingScenario.TOPIC,
                        s.subscriber().group(), s.subscriber().name(), from, to)).toList(),
                LineChart.Axis.counts(v -> HumanFormat.count((long) v) + " msgs"), from, to));
    }

    private FigureTile newSubscriberTile(DecouplingScenario.Subscriber subscriber) {
        String group = subscriber.group();
        FigureTile tile = new FigureTile("decoupling-" + group, subscriber.name());
        tile.add(new Anchor("sources/" + scenarios.sourceName() + "/groups/" + group, "group page"));
        // One button for the tile's life: it acts on the subscriber's state at the time of the click.
        Button toggle = new Button("Stop", e -> act(() -> {
            if (running(group)) {
                decoupling.stopSubscriber(group);
            } else {
                decoupling.startSubscriber(group);
            }
        }));
        toggle.setId("decoupling-toggle-" + group);
        toggle.addThemeVariants(ButtonVariant.LUMO_SMALL);
        tile.add(toggle);
        toggles.put(group, toggle);
        figures.add(tile);
        return tile;
    }

    private boolean running(String group) {
        return decoupling.figures().subscribers().stream()
                .anyMatch(s -> s.subscriber().group().equals(group) && s.running());
    }
}
