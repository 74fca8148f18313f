package io.weir.monitor.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Route;
import io.weir.core.PartitionSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.MonitorMetrics;
import io.weir.monitor.MonitorHistory;
import io.weir.monitor.SourceMonitor;
import io.weir.monitor.lag.LagTracker;
import io.weir.monitor.history.SeriesKey;
import io.weir.operations.OperationException;
import io.weir.operations.purge.QueuePurges;
import io.weir.ui.HumanFormat;
import io.weir.ui.LineChart;
import io.weir.ui.MainLayout;
import io.weir.ui.TimeRangeSelect;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One topic or queue: its figures, partitions, and backlog and rate charts over a chosen time
 * range, from Weir's own history. Redrawn on every new snapshot of its source. Admins also get
 * "Purge…", which counts what would go and asks for the queue's name ({@link PurgeDialog}).
 */
@Route(value = "sources/:source/queue", layout = MainLayout.class)
@PermitAll
class QueueDetailView extends SourcePageView {

    private final MonitorHistory history;
    private final LagTracker lagTracker;
    private final H2 title = new H2();
    private final Paragraph figures = new Paragraph();
    private final Anchor browse = new Anchor("", "Browse messages");
    /** The operations page of a dead-letter queue: why its messages failed, and replay. */
    private final Anchor deadLetters = new Anchor("", "Why they failed, and replay…");
    private final QueuePurges purges;
    private final Button purge = new Button("Purge…", click -> openPurge());
    private final Paragraph purgeProblem = new Paragraph();
    private final TimeRangeSelect range = new TimeRangeSelect(this::refresh);
    private final Div charts = new Div();
    private final Grid<PartitionSnapshot> partitions = new Grid<>();
    private final H3 partitionsTitle = new H3("Partitions");
    /** Leader, replicas, in sync: shown only for kinds that replicate partitions over nodes. */
    private final List<Grid.Column<PartitionSnapshot>> replicaColumns;
    private String queue;

    QueueDetailView(SourceMonitor monitor, MonitorHistory history, LagTracker lagTracker, QueuePurges purges) {
        super(monitor);
        this.purges = purges;
        this.history = history;
        this.lagTracker = lagTracker;
        setWidthFull();
        charts.addClassName("weir-charts");
        partitions.setId("partitions-grid");
        partitions.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        partitions.addColumn(PartitionSnapshot::partition).setHeader("Partition").setAutoWidth(true);
        replicaColumns = List.of(
                partitions.addColumn(p -> p.leader() == null ? "none (offline)" : p.leader().toString()).setHeader("Leader"),
                partitions.addColumn(p -> ids(p.replicas())).setHeader("Replicas"),
                partitions.addColumn(p -> ids(p.inSyncReplicas())).setHeader("In sync"));
        partitions.addColumn(p -> Long.toString(p.startOffset())).setHeader("Start offset").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(p -> Long.toString(p.endOffset())).setHeader("End offset").setTextAlign(ColumnTextAlign.END);
        partitions.addColumn(p -> HumanFormat.count(p.messages()) + " msgs").setHeader("Messages").setTextAlign(ColumnTextAlign.END);
        partitions.setAllRowsVisible(true);
        browse.setId("browse-messages");
        deadLetters.setId("dead-letters-link");
        deadLetters.setVisible(false);
        purge.setId("purge-open");
        purge.addThemeVariants(ButtonVariant.LUMO_ERROR);
        purge.setVisible(PurgeDialog.admin());
        purgeProblem.setId("purge-problem");
        purgeProblem.addClassName("weir-error-text");
        HorizontalLayout links = new HorizontalLayout(browse, deadLetters, purge);
        links.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(title, figures, links, purgeProblem, range, charts, partitionsTitle, partitions);
    }

    @Override
    protected void enter(BeforeEnterEvent event) {
        queue = event.getLocation().getQueryParameters().getParameters().getOrDefault("name", List.of("")).get(0);
        title.setText(queue + " on " + source);
        browse.setHref("sources/" + source + "/messages?queue=" + URLEncoder.encode(queue, StandardCharsets.UTF_8));
    }

    private void openPurge() {
        purgeProblem.setText("");
        try {
            new PurgeDialog(purges, purges.preview(source, queue, PurgeDialog.actor(), PurgeDialog.admin())).open();
        } catch (OperationException e) {
            purgeProblem.setText("Cannot purge: " + e.getMessage());
        }
    }

    @Override
    protected String subject() {
        return queue;
    }

    @Override
    protected void refresh() {
        Optional<QueueSnapshot> current = monitor.latest(source).filter(SourceSnapshot::isUp)
                .flatMap(s -> s.broker().queues().stream().filter(q -> q.qualifiedName().equals(queue)).findFirst());
        boolean replicated = monitor.latest(source).map(s -> s.kind().replicated()).orElse(false);
        replicaColumns.forEach(column -> column.setVisible(replicated));
        if (current.isEmpty()) {
            figures.setText(monitor.latest(source).map(s -> s.isUp()
                    ? "This topic or queue is not in the latest poll: it was deleted, or the name is wrong."
                    : "The source is down: " + s.error()).orElse("Waiting for the first poll."));
        } else {
            QueueSnapshot q = current.get();
            title.setText(q.displayName() + " on " + source);
            figures.setText("Backlog " + HumanFormat.count(q.messages()) + " msgs"
                    + (q.messagesReady() >= 0 ? " (" + HumanFormat.count(q.messagesReady()) + " ready, "
                            + HumanFormat.count(q.messagesUnacked()) + " unacked)" : "")
                    + (q.consumers() >= 0 ? " · " + q.consumers() + " consumers" : "")
                    + (q.sizeBytes() >= 0 ? " · " + HumanFormat.bytes(q.sizeBytes()) : "")
                    + (q.messageLimit() >= 0 ? " · limit " + HumanFormat.count(q.messageLimit()) + " msgs" : "")
                    + (q.deadLetter() ? " · dead-letter queue" : "")
                    + (q.partitions().isEmpty() ? " · oldest message "
                            + GroupDetailView.lagText(lagTracker.queueLag(source, q.qualifiedName())) : "")
                    + " · " + OverviewView.trend(lagTracker, new OverviewView.QueueRow(source, q)));
            partitions.setItems(q.partitions());
            deadLetters.setHref("sources/" + source + "/dead-letters?queue=" + URLEncoder.encode(q.name(), StandardCharsets.UTF_8));
        }
        deadLetters.setVisible(current.map(QueueSnapshot::deadLetter).orElse(false));
        boolean partitioned = current.map(q -> !q.partitions().isEmpty()).orElse(false);
        partitions.setVisible(partitioned);
        partitionsTitle.setVisible(partitioned);
        drawCharts(current.map(QueueSnapshot::namespace).orElse(null),
                current.map(QueueSnapshot::name).orElse(queue));
    }

    private void drawCharts(String namespace, String name) {
        Duration window = range.getValue();
        Instant to = Instant.now();
        Instant from = to.minus(window);
        Map<String, String> labels = Map.of("source", source, "vhost", namespace == null ? "" : namespace, "queue", name);
        charts.removeAll();
        charts.add(new LineChart("Backlog", from, to,
                List.of(line("messages", MonitorMetrics.QUEUE_MESSAGES, labels, from, to)),
                LineChart.Axis.counts(value -> HumanFormat.count(Math.round(value)) + " msgs")));
        charts.add(new LineChart("Rates", from, to,
                List.of(line("published", MonitorMetrics.QUEUE_PUBLISH_RATE, labels, from, to),
                        line("delivered", MonitorMetrics.QUEUE_DELIVER_RATE, labels, from, to)),
                LineChart.Axis.decimals(HumanFormat::rate)));
    }

    private LineChart.Line line(String label, String metric, Map<String, String> labels, Instant from, Instant to) {
        return ChartLines.of(label, history, SeriesKey.of(metric, labels), from, to);
    }

    private static String ids(List<Integer> ids) {
        return ids.stream().map(String::valueOf).collect(Collectors.joining(", "));
    }
}
