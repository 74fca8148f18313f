package io.weir.scenarios.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.history.SeriesKey;
import io.weir.scenarios.Scenario;
import io.weir.scenarios.Scenarios;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.Refresher;
import io.weir.ui.StatusBadge;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What every scenario page has: its explanation (what the queue buys, what goes wrong without
 * it), the state with Start, Stop and Delete topics… for operators (viewers read only), and its
 * live part, redrawn every second by {@link #refreshFigures}.
 */
abstract class ScenarioPage extends VerticalLayout {

    /** The charts show at most this much of the monitor's history... */
    private static final Duration LONGEST_RANGE = Duration.ofMinutes(10);
    /** ...and at least this much: shorter ranges tick every 30 s or less, and the time axis labels read HH:mm. */
    private static final Duration SHORTEST_RANGE = Duration.ofMinutes(4);

    protected final Scenarios scenarios;
    protected final Scenario scenario;
    protected final boolean operator;
    private final Div state = new Div();
    private final Button start = new Button("Start");
    private final Button stop = new Button("Stop");
    private final Button delete = new Button("Delete its topics…");
    private final Paragraph problem = new Paragraph();
    private Refresher timer;

    /**
     * @param buys what the queue buys in this scenario, in plain words
     * @param without what goes wrong without it
     */
    ScenarioPage(Scenarios scenarios, Scenario scenario, String buys, String without) {
        this.scenarios = scenarios;
        this.scenario = scenario;
        VaadinRequest request = VaadinRequest.getCurrent();
        this.operator = request != null && request.isUserInRole(Roles.OPERATOR);
        setWidthFull();
        Anchor back = new Anchor("scenarios", "All scenarios");
        add(back, new H2(scenario.title()), explanation("What the queue buys here", buys),
                explanation("Without it", without));
        state.setId("scenario-state");
        start.setId("scenario-start");
        start.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        start.addClickListener(e -> act(() -> scenario.start()));
        stop.setId("scenario-stop");
        stop.addClickListener(e -> act(scenario::stop));
        delete.setId("scenario-delete");
        delete.addThemeVariants(ButtonVariant.LUMO_ERROR);
        delete.addClickListener(e -> confirmDelete());
        problem.setId("scenario-problem");
        problem.addClassName("weir-error-text");
        problem.setVisible(false);
        HorizontalLayout controls = new HorizontalLayout(state);
        controls.setAlignItems(FlexComponent.Alignment.CENTER);
        if (!scenarios.enabled()) {
            controls.add(new Span("The scenarios are off here: " + scenarios.offReason() + "."));
        } else if (operator) {
            controls.add(start, stop, delete);
        } else {
            controls.add(secondary("Read-only: starting and stopping a scenario needs the operator role."));
        }
        add(controls, problem);
    }

    /** Redraws the live part; runs with the UI locked, every second and after every action. */
    protected abstract void refreshFigures();

    private void refresh() {
        state.removeAll();
        state.add(scenario.running()
                ? new StatusBadge("RUNNING since " + HumanFormat.ago(scenario.startedAt(), Instant.now()),
                        StatusBadge.Tone.GOOD)
                : new StatusBadge("STOPPED", StatusBadge.Tone.NEUTRAL));
        start.setEnabled(!scenario.running());
        stop.setEnabled(scenario.running());
        refreshFigures();
    }

    /** An action of the operator; its failure is shown in words rather than thrown. */
    protected void act(Action action) {
        try {
            action.run();
            problem.setVisible(false);
        } catch (IOException | RuntimeException e) {
            problem.setText("That did not work: " + e.getMessage());
            problem.setVisible(true);
        }
        refresh();
    }

    @FunctionalInterface
    protected interface Action {
        void run() throws IOException;
    }

    private void confirmDelete() {
        Map<String, Long> topics = scenario.storedTopics();
        Dialog dialog = new Dialog();
        dialog.setId("scenario-delete-dialog");
        dialog.setHeaderTitle("Delete the topics of " + scenario.title() + "?");
        if (topics.isEmpty()) {
            Paragraph none = new Paragraph("This scenario has no topics on the built-in broker now: Start creates them.");
            none.setId("scenario-delete-none");
            dialog.add(none);
            dialog.getFooter().add(new Button("Close", e -> dialog.close()));
        } else {
            StringBuilder list = new StringBuilder();
            topics.forEach((topic, messages) -> list.append(list.length() == 0 ? "" : ", ").append(topic).append(" (")
                    .append(HumanFormat.count(messages)).append(messages == 1 ? " message)" : " messages)"));
            Paragraph preview = new Paragraph("This stops the scenario and deletes " + list + " with their consumer groups"
                    + " from the built-in broker, for good. The monitor forgets them at its next poll. Start creates them again.");
            preview.setId("scenario-delete-preview");
            dialog.add(preview);
            Button confirm = new Button("Delete " + topics.size() + (topics.size() == 1 ? " topic" : " topics"), e -> {
                dialog.close();
                act(scenario::deleteTopics);
            });
            confirm.setId("scenario-delete-confirm");
            confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
            dialog.getFooter().add(new Button("Cancel", e -> dialog.close()), confirm);
        }
        dialog.open();
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
        timer = Refresher.everySecond(event.getUI(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (timer != null) {
            timer.stop();
            timer = null;
        }
    }

    private static Component explanation(String heading, String text) {
        Div block = new Div(new H3(heading), new Paragraph(text));
        block.getStyle().set("max-width", "60rem");
        return block;
    }

    static Span secondary(String text) {
        Span span = new Span(text);
        span.addClassName("weir-secondary");
        return span;
    }

    static FlexLayout tiles(Component... tiles) {
        FlexLayout row = new FlexLayout(tiles);
        row.addClassName("weir-cards");
        row.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        return row;
    }

    /**
     * Where the charts start: a little before the current run started, so its burst or catch-up
     * fills the chart, within {@link #SHORTEST_RANGE} and {@link #LONGEST_RANGE}; the longest
     * range while stopped.
     */
    protected Instant chartFrom(Instant to) {
        Instant started = scenario.startedAt();
        if (started == null) {
            return to.minus(LONGEST_RANGE);
        }
        Instant from = started.minusSeconds(20);
        Instant earliest = to.minus(LONGEST_RANGE);
        Instant latest = to.minus(SHORTEST_RANGE);
        return from.isBefore(earliest) ? earliest : from.isAfter(latest) ? latest : from;
    }

    /** A group's lag on a topic, as the monitor recorded it. */
    static LineChart.Line lagLine(MonitorHistory history, String source, String topic, String group, String label,
            Instant from, Instant to) {
        return line(history, SeriesKey.of(MonitorMetrics.GROUP_LAG_MESSAGES,
                Map.of("source", source, "topic", topic, "group", group)), label, from, to);
    }

    /**
     * The series at poll resolution, from the monitor's memory only: a chart of at most
     * {@link #LONGEST_RANGE} needs no archive, and an archived minute is stamped at the minute's
     * start, which put a point before a series' first poll on a chart of a fresh topic.
     */
    static LineChart.Line line(MonitorHistory history, SeriesKey key, String label, Instant from, Instant to) {
        return new LineChart.Line(label, history.recent().range(key, from.toEpochMilli(), to.toEpochMilli()).stream()
                .map(sample -> new LineChart.Point(sample.timeMillis(), sample.value())).toList());
    }

    /** A chart from the monitor, with where its figures come from. */
    static Div monitorChart(String id, String title, List<LineChart.Line> lines, LineChart.Axis axis, Instant from,
            Instant to) {
        Div chart = new Div(new LineChart(title, from, to, lines, axis));
        chart.setId(id);
        chart.setWidthFull();
        return chart;
    }
}
