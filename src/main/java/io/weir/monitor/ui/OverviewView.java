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
import com.vaadin.flow.component.orderedlayout.FlexLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.router.RouteAlias;
import io.weir.core.ClusterHealth;
import io.weir.core.GroupSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.SourceMonitor;
import io.weir.monitor.lag.ConsumerStatusResult;
import io.weir.monitor.lag.LagEstimate;
import io.weir.monitor.lag.LagTracker;
import io.weir.scenarios.Scenarios;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The state of every source in five seconds: health cards, then the worst consumer lags in time,
 * the largest backlogs and the dead-letter queues holding messages. Redrawn whenever the monitor publishes a snapshot.
 */
@Route(value = "", layout = MainLayout.class)
@RouteAlias(value = "overview", layout = MainLayout.class)
@PageTitle("Overview · Weir")
@PermitAll
class OverviewView extends LiveMonitorView {

    private static final int TOP = 10;

    private final LagTracker lagTracker;
    private final Grid<LagRow> lags = new Grid<>();
    private final Paragraph noLags = new Paragraph("No consumer group has a commit to measure yet.");
    private final FlexLayout cards = new FlexLayout();
    private final Grid<QueueRow> backlogs;
    private final Grid<QueueRow> deadLetters;
    private final Paragraph noBacklog = new Paragraph("No topic or queue holds messages.");
    private final Paragraph noDeadLetters = new Paragraph("No dead-letter queue holds messages.");

    OverviewView(SourceMonitor monitor, LagTracker lagTracker, Scenarios scenarios) {
        super(monitor);
        this.lagTracker = lagTracker;
        this.backlogs = queueGrid("backlogs-grid");
        this.deadLetters = queueGrid("dlq-grid");
        setWidthFull();
        add(new H2("Overview"));
        if (scenarios.enabled()) {
            add(welcome(scenarios));
        }
        if (monitor.sourceNames().isEmpty()) {
            add(SourcesView.emptyState());
            return;
        }
        cards.setId("source-cards");
        cards.addClassName("weir-cards");
        cards.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        noBacklog.addClassName("weir-secondary");
        noDeadLetters.addClassName("weir-secondary");
        noLags.addClassName("weir-secondary");
        configureLags();
        add(cards, new H3("Worst consumer lags"), lags, noLags, new H3("Largest backlogs"), backlogs, noBacklog,
                new H3("Dead-letter queues holding messages"), deadLetters, noDeadLetters);
        refresh();
    }


    @Override
    protected void refresh() {
        cards.removeAll();
        List<QueueRow> queues = new ArrayList<>();
        List<LagRow> groupLags = new ArrayList<>();
        for (String name : monitor.sourceNames()) {
            Optional<SourceSnapshot> snapshot = monitor.latest(name);
            cards.add(card(name, snapshot));
            snapshot.filter(SourceSnapshot::isUp).ifPresent(s -> {
                s.broker().queues().forEach(queue -> queues.add(new QueueRow(name, queue)));
                s.broker().groups().forEach(group -> groupLags.addAll(lagRows(name, group)));
            });
        }
        List<LagRow> worstLags = groupLags.stream()
                .sorted(Comparator.comparing((LagRow row) -> row.lag().lag().orElse(Duration.ZERO)).reversed()
                        .thenComparing(Comparator.comparingLong(LagRow::messages).reversed()))
                .limit(TOP).toList();
        lags.setItems(worstLags);
        lags.setVisible(!worstLags.isEmpty());
        noLags.setVisible(worstLags.isEmpty());
        List<QueueRow> largest = queues.stream().filter(row -> !row.queue().deadLetter() && row.queue().messages() > 0)
                .sorted(Comparator.comparingLong((QueueRow row) -> row.queue().messages()).reversed())
                .limit(TOP).toList();
        List<QueueRow> holdingDeadLetters = queues.stream()
                .filter(row -> row.queue().deadLetter() && row.queue().messages() > 0)
                .sorted(Comparator.comparingLong((QueueRow row) -> row.queue().messages()).reversed())
                .toList();
        backlogs.setItems(largest);
        backlogs.setVisible(!largest.isEmpty());
        noBacklog.setVisible(largest.isEmpty());
        deadLetters.setItems(holdingDeadLetters);
        deadLetters.setVisible(!holdingDeadLetters.isEmpty());
        noDeadLetters.setVisible(holdingDeadLetters.isEmpty());
    }

    /**
     * The first-start welcome: where the scenarios are, for a new user whose built-in broker is
     * still empty. Shown wherever the scenarios are offered (weir.demo.enabled).
     */
    private static Div welcome(Scenarios scenarios) {
        Div welcome = new Div();
        welcome.setId("scenarios-welcome");
        welcome.addClassName("weir-card");
        welcome.getStyle().set("max-width", "60rem");
        Span title = new Span("New to message queues, or to Weir? Watch them work.");
        title.addClassName("weir-card-title");
        welcome.add(title, new Paragraph("Live scenarios run real producers and consumers on the built-in broker, so"
                + " every page here fills with what they do: asynchronous processing, decoupling, peak smoothing and the"
                + " failures a queue must survive."));
        FlexLayout links = new FlexLayout();
        links.getStyle().set("gap", "var(--lumo-space-m)");
        links.setFlexWrap(FlexLayout.FlexWrap.WRAP);
        links.add(new Anchor("scenarios", "All scenarios"));
        scenarios.all().forEach(s -> links.add(new Anchor("scenarios/" + s.id(), s.title())));
        welcome.add(links);
        return welcome;
    }

    private static Div card(String name, Optional<SourceSnapshot> snapshot) {
        Div card = new Div();
        card.addClassName("weir-card");
        card.getElement().setAttribute("data-source", name);
        Anchor title = new Anchor("sources/" + name, name);
        title.addClassName("weir-card-title");
        if (snapshot.isEmpty()) {
            card.add(new StatusBadge("WAITING", StatusBadge.Tone.NEUTRAL), title, line("first poll under way"));
            return card;
        }
        SourceSnapshot s = snapshot.get();
        if (!s.isUp()) {
            card.addClassName("weir-card-down");
            card.add(new StatusBadge("DOWN", StatusBadge.Tone.BAD), title, line(s.kind().displayName() + " · " + s.address()));
            Span error = line(s.error());
            error.addClassName("weir-error-text");
            card.add(error, line("since the poll " + HumanFormat.ago(s.takenAt(), Instant.now())));
            return card;
        }
        ClusterHealth health = s.broker().health();
        List<String> problems = health.problems();
        card.add(problems.isEmpty() ? new StatusBadge("HEALTHY", StatusBadge.Tone.GOOD)
                : new StatusBadge("DEGRADED", StatusBadge.Tone.WARNING), title);
        card.add(line(s.kind().displayName() + " " + health.version()));
        card.add(line(health.nodesUp() + " of " + health.nodes().size() + " nodes up · "
                + queueCount(s.broker().queues()) + " · " + s.broker().groups().size()
                + (s.broker().groups().size() == 1 ? " group" : " groups")));
        problems.forEach(problem -> {
            Span text = line(problem);
            text.addClassName("weir-warning-text");
            card.add(text);
        });
        return card;
    }

    /** {@code "12 topics"}, {@code "3 queues"}, or both when a source has both. */
    private static String queueCount(List<QueueSnapshot> queues) {
        long topics = queues.stream().filter(q -> q.kind() == QueueSnapshot.QueueKind.TOPIC).count();
        long plain = queues.size() - topics;
        String topicText = topics + (topics == 1 ? " topic" : " topics");
        String queueText = plain + (plain == 1 ? " queue" : " queues");
        return plain == 0 ? topicText : topics == 0 ? queueText : topicText + " · " + queueText;
    }

    private static Span line(String text) {
        Span line = new Span(text);
        line.addClassName("weir-card-line");
        return line;
    }

    private Grid<QueueRow> queueGrid(String id) {
        Grid<QueueRow> grid = new Grid<>();
        grid.setId(id);
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        grid.addColumn(QueueRow::source).setHeader("Source").setAutoWidth(true);
        grid.addColumn(row -> row.queue().displayName()).setHeader("Topic or queue").setFlexGrow(2);
        grid.addColumn(row -> HumanFormat.count(row.queue().messages()) + " msgs").setHeader("Backlog")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(row -> row.queue().consumers() < 0 ? "—" : Integer.toString(row.queue().consumers()))
                .setHeader("Consumers").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        grid.addColumn(row -> trend(lagTracker, row)).setHeader("Trend").setAutoWidth(true);
        grid.addColumn(row -> rate(row.queue().publishRate())).setHeader("In").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        grid.addColumn(row -> rate(row.queue().deliverRate())).setHeader("Out").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(click -> grid.getUI().ifPresent(ui -> ui.navigate("sources/" + click.getItem().source()
                + "/queue", com.vaadin.flow.router.QueryParameters.of("name", click.getItem().queue().qualifiedName()))));
        return grid;
    }

    /**
     * The backlog's direction in words, with when it drains when it shrinks, and when it reaches
     * the broker's limit when it grows towards one (the broker then refuses or drops messages).
     */
    static String trend(LagTracker lagTracker, QueueRow row) {
        return lagTracker.trend(row.source(), row.queue().qualifiedName(), row.queue().limit())
                .map(trend -> HumanFormat.growth(trend.messagesPerSecond())
                        + trend.drainsIn().map(d -> ", drains in " + HumanFormat.duration(d)).orElse("")
                        + trend.reachesLimitIn().map(d -> d.isZero() ? ", at its limit of "
                                + HumanFormat.count(row.queue().messageLimit())
                                : ", reaches its limit in ~" + HumanFormat.duration(d)).orElse(""))
                .orElse("measuring…");
    }

    private static String rate(Double perSecond) {
        return perSecond == null ? "—" : HumanFormat.rate(perSecond);
    }

    private List<LagRow> lagRows(String source, GroupSnapshot group) {
        List<LagRow> rows = new ArrayList<>();
        group.offsets().stream().map(GroupSnapshot.GroupOffset::topic).distinct().forEach(topic -> {
            long messages = group.offsets().stream().filter(o -> o.topic().equals(topic) && o.lag() != null)
                    .mapToLong(GroupSnapshot.GroupOffset::lag).sum();
            rows.add(new LagRow(source, group.group(), topic, lagTracker.groupTopicLag(source, group.group(), topic),
                    messages, lagTracker.status(source, group.group()).orElse(null)));
        });
        return rows;
    }

    private void configureLags() {
        lags.setId("lags-grid");
        lags.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_COMPACT);
        lags.addColumn(LagRow::source).setHeader("Source").setAutoWidth(true);
        lags.addComponentColumn(row -> wrapped(row.group())).setHeader("Group").setFlexGrow(2);
        lags.addComponentColumn(row -> wrapped(row.topic())).setHeader("Topic").setFlexGrow(2);
        lags.addColumn(row -> GroupDetailView.lagText(row.lag())).setHeader("Lag in time").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        lags.addColumn(row -> HumanFormat.count(row.messages()) + " msgs").setHeader("Lag").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true);
        lags.addComponentColumn(row -> row.status() == null ? new StatusBadge("MEASURING", StatusBadge.Tone.NEUTRAL)
                : GroupDetailView.badge(row.status())).setHeader("Status").setAutoWidth(true);
        // The reason is the most useful text here: wrapped in full, never cut off.
        lags.addComponentColumn(row -> wrapped(row.status() == null ? "" : row.status().reason())).setHeader("Why")
                .setFlexGrow(4);
        lags.setAllRowsVisible(true);
        lags.addItemClickListener(click -> lags.getUI().ifPresent(ui -> ui.navigate("sources/" + click.getItem().source()
                + "/groups/" + click.getItem().group())));
    }

    /** Text that wraps in its cell rather than being cut off at the column's edge. */
    private static Span wrapped(String text) {
        Span span = new Span(text);
        span.addClassName("weir-wrap");
        return span;
    }

    /** One group's lag on one topic. */
    record LagRow(String source, String group, String topic, LagEstimate lag, long messages, ConsumerStatusResult status) {
    }

    /** A topic or queue with the source it belongs to. */
    record QueueRow(String source, QueueSnapshot queue) {
    }
}
