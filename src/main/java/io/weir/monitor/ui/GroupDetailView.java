package io.weir.monitor.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Route;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.SourceMonitor;
import io.weir.monitor.history.SeriesKey;
import io.weir.monitor.lag.ConsumerStatusResult;
import io.weir.monitor.lag.LagEstimate;
import io.weir.monitor.lag.LagTracker;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.MainLayout;
import io.weir.ui.TimeRangeSelect;
import io.weir.ui.StatusBadge;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.security.Roles;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One consumer group: its status with the reason in words, lag per partition in messages and in
 * time, and lag charts over a chosen time range. Redrawn on every new snapshot of its source.
 */
@Route(value = "sources/:source/groups/:group", layout = MainLayout.class)
@PermitAll
class GroupDetailView extends SourcePageView {

    private final LagTracker lagTracker;
    private final MonitorHistory history;
    private final H2 title = new H2();
    private final Div status = new Div();
    private final Paragraph figures = new Paragraph();
    private final Div deadLetters = new Div();
    private final TimeRangeSelect range = new TimeRangeSelect(this::refresh);
    private final Div charts = new Div();
    private final Grid<GroupSnapshot.GroupOffset> partitions = new Grid<>();
    /** Operators only: the offset-reset wizard of the operations feature, by its address. */
    private final Anchor reset = new Anchor("", "Reset offsets…");
    private String group;

    GroupDetailView(SourceMonitor monitor, LagTracker lagTracker, MonitorHistory history) {
        super(monitor);
        this.lagTracker = lagTracker;
        this.history = history;
        setWidthFull();
        status.setId("group-status");
        charts.addClassName("weir-charts");
        status.addClassName("weir-group-status");
        deadLetters.setId("group-dead-letters");
        partitions.setId("group-partitions-grid");
        partitions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        partitions.addColumn(GroupSnapshot.GroupOffset::topic).setHeader("Topic").setFlexGrow(2);
        partitions.addColumn(GroupSnapshot.GroupOffset::partition).setHeader("Partition").setAutoWidth(true);
        partitions.addColumn(o -> o.committedOffset() == null ? "no offset" : Long.toString(o.committedOffset()))
                .setHeader("Committed").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(o -> Long.toString(o.endOffset())).setHeader("End offset").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(o -> o.lag() == null ? "no offset" : HumanFormat.count(o.lag()) + " msgs").setHeader("Lag")
                .setTextAlign(ColumnTextAlign.END);
        // Wide: the figure names how it was obtained ("1 h 4 min (from the record's timestamp)").
        partitions.addColumn(o -> lagText(lagTracker.lag(source, group, o.topic(), o.partition()))).setHeader("Lag in time")
                .setTextAlign(ColumnTextAlign.END).setFlexGrow(3);
        partitions.setAllRowsVisible(true);
        reset.setId("group-reset-offsets");
        add(title, status, deadLetters, figures, reset, range, charts, new H3("Partitions"), partitions);
    }

    @Override
    protected void enter(BeforeEnterEvent event) {
        group = event.getRouteParameters().get("group").orElse("");
        title.setText("Consumer group " + group + " on " + source);
        reset.setHref("sources/" + source + "/groups/" + URLEncoder.encode(group, StandardCharsets.UTF_8).replace("+", "%20")
                + "/reset");
        VaadinRequest request = VaadinRequest.getCurrent();
        reset.setVisible(request != null && request.isUserInRole(Roles.OPERATOR) && source.length() > 0);
    }

    @Override
    protected String subject() {
        return group;
    }

    @Override
    protected void refresh() {
        Optional<GroupSnapshot> current = monitor.latest(source).filter(SourceSnapshot::isUp)
                .flatMap(s -> s.broker().groups().stream().filter(g -> g.group().equals(group)).findFirst());
        status.removeAll();
        if (current.isEmpty()) {
            status.add(new Span(monitor.latest(source).map(s -> s.isUp()
                    ? "This group is not in the latest poll: it was deleted, or the name is wrong."
                    : "The source is down: " + s.error()).orElse("Waiting for the first poll.")));
            partitions.setItems(List.of());
        } else {
            GroupSnapshot g = current.get();
            lagTracker.status(source, group).ifPresentOrElse(
                    result -> status.add(badge(result), new Span(" " + result.reason())),
                    () -> status.add(new StatusBadge("MEASURING", StatusBadge.Tone.NEUTRAL),
                            new Span(" Weir needs a few polls of this group before it can judge it.")));
            figures.setText(g.state() + " · " + g.members() + (g.members() == 1 ? " member" : " members") + " · lag "
                    + lagText(lagTracker.groupLag(source, group)));
            partitions.setItems(g.offsets());
        }
        showDeadLetters(current);
        drawCharts(current.map(g -> g.offsets().stream().map(GroupSnapshot.GroupOffset::topic).distinct().toList())
                .orElse(List.of()));
    }

    /** The group's own dead-letter queue, if its broker keeps one, with what it holds and a link to it. */
    private void showDeadLetters(Optional<GroupSnapshot> group) {
        Optional<QueueSnapshot> queue = group.map(GroupSnapshot::deadLetterQueue).flatMap(name -> monitor.latest(source)
                .flatMap(s -> s.broker().queues().stream().filter(q -> q.qualifiedName().equals(name)).findFirst()));
        deadLetters.removeAll();
        deadLetters.setVisible(queue.isPresent());
        queue.ifPresent(q -> {
            Anchor link = new Anchor("sources/" + source + "/queue?name="
                    + URLEncoder.encode(q.qualifiedName(), StandardCharsets.UTF_8), q.displayName());
            Span count = new Span(q.messages() == 0 ? "empty"
                    : HumanFormat.count(q.messages()) + (q.messages() == 1 ? " message" : " messages") + " not processed");
            if (q.messages() > 0) {
                count.addClassName("weir-warning-text");
            }
            deadLetters.add(new Span("Dead-letter queue "), link, new Span(": "), count);
            if (q.messages() > 0) {
                deadLetters.add(new Span(" · "), new Anchor("sources/" + source + "/dead-letters?queue="
                        + URLEncoder.encode(q.name(), StandardCharsets.UTF_8), "why they failed, and replay"));
            }
        });
    }

    private void drawCharts(List<String> topics) {
        Instant to = Instant.now();
        Instant from = to.minus(range.getValue());
        List<LineChart.Line> seconds = topics.stream().map(topic -> line(topic, MonitorMetrics.GROUP_LAG_SECONDS, topic, from, to)).toList();
        List<LineChart.Line> messages = topics.stream().map(topic -> line(topic, MonitorMetrics.GROUP_LAG_MESSAGES, topic, from, to)).toList();
        charts.removeAll();
        charts.add(new LineChart("Lag in time", from, to, seconds,
                LineChart.Axis.seconds(value -> HumanFormat.duration(Duration.ofMillis(Math.round(value * 1000))))));
        charts.add(new LineChart("Lag in messages", from, to, messages,
                LineChart.Axis.counts(value -> HumanFormat.count(Math.round(value)) + " msgs")));
    }

    private LineChart.Line line(String label, String metric, String topic, Instant from, Instant to) {
        SeriesKey key = SeriesKey.of(metric, Map.of("source", source, "group", group, "topic", topic));
        return ChartLines.of(label, history, key, from, to);
    }

    static StatusBadge badge(ConsumerStatusResult result) {
        StatusBadge.Tone tone = switch (result.status()) {
            case OK -> StatusBadge.Tone.GOOD;
            case LAGGING, DEAD_LETTERS -> StatusBadge.Tone.WARNING;
            default -> StatusBadge.Tone.BAD;
        };
        StatusBadge badge = new StatusBadge(result.status().name().replace('_', ' '), tone);
        badge.setTitle(result.reason());
        return badge;
    }

    /** The lag with how it was told: read from a record's timestamp, estimated, or unknown. */
    static String lagText(LagEstimate estimate) {
        if (estimate.lag().isEmpty()) {
            return switch (estimate.quality()) {
                case LOWER_BOUND -> "measuring…";
                case NO_TIMESTAMP -> "age unknown";
                default -> "unknown";
            };
        }
        String text = HumanFormat.duration(estimate.lag().get());
        return switch (estimate.quality()) {
            case FROM_TIMESTAMP -> text + " (from the record's timestamp)";
            case TIMESTAMP_AHEAD -> text + " (the record's timestamp is ahead of Weir's clock: the producer's clock is wrong)";
            case CAUGHT_UP -> text;
            case INTERPOLATED -> text + " (estimated)";
            case EXTRAPOLATED -> "about " + text + " (estimated)";
            default -> "at least " + text + " (estimated)";
        };
    }
}
