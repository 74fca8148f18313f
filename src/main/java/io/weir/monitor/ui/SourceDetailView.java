package io.weir.monitor.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridSortOrder;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.provider.SortDirection;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.Route;
import io.weir.core.GroupSnapshot;
import io.weir.core.NodeSnapshot;
import io.weir.core.QueueSnapshot;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.SourceMonitor;
import io.weir.monitor.lag.LagTracker;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * One source: its nodes, then its topics or queues and its consumer groups in lazy grids that
 * filter and sort on the server, so thousands of rows stay fast. Redrawn on every new snapshot of
 * this source.
 */
@Route(value = "sources/:source", layout = MainLayout.class)
@PermitAll
class SourceDetailView extends SourcePageView {

    private final LagTracker lagTracker;
    private final H2 title = new H2();
    private final Span state = new Span();
    private final Paragraph problem = new Paragraph();
    private final Grid<NodeSnapshot> nodes = new Grid<>();
    private final TextField queueFilter = filterField("Filter topics and queues by name");
    private final Grid<QueueSnapshot> queues = new Grid<>();
    private final TextField groupFilter = filterField("Filter consumer groups by name");
    private final Grid<GroupRow> groups = new Grid<>();

    SourceDetailView(SourceMonitor monitor, LagTracker lagTracker) {
        super(monitor);
        this.lagTracker = lagTracker;
        setWidthFull();
        problem.addClassName("weir-error-text");
        configureNodes();
        configureQueues();
        configureGroups();
        add(title, state, problem, new H3("Nodes"), nodes, new H3("Topics and queues"), queueFilter, queues,
                new H3("Consumer groups"), groupFilter, groups);
    }

    @Override
    protected void enter(BeforeEnterEvent event) {
        title.setText(source);
    }

    @Override
    protected String subject() {
        return source;
    }

    @Override
    protected void refresh() {
        Optional<SourceSnapshot> snapshot = monitor.latest(source);
        state.removeAll();
        problem.setText("");
        if (snapshot.isEmpty()) {
            state.add(new StatusBadge("WAITING", StatusBadge.Tone.NEUTRAL), new Span(" first poll under way"));
        } else if (!snapshot.get().isUp()) {
            state.add(new StatusBadge("DOWN", StatusBadge.Tone.BAD));
            problem.setText(snapshot.get().error() + " (nothing below is current until it answers again)");
        } else {
            SourceSnapshot s = snapshot.get();
            List<String> problems = s.broker().health().problems();
            state.add(problems.isEmpty() ? new StatusBadge("HEALTHY", StatusBadge.Tone.GOOD)
                    : new StatusBadge("DEGRADED", StatusBadge.Tone.WARNING),
                    new Span(" " + s.kind().displayName() + " " + s.broker().health().version() + " at " + s.address()));
            problem.setText(String.join(" · ", problems));
            nodes.setItems(s.broker().health().nodes());
        }
        queues.getDataProvider().refreshAll();
        groups.getDataProvider().refreshAll();
    }

    private void configureNodes() {
        nodes.setId("nodes-grid");
        nodes.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        nodes.addComponentColumn(node -> node.up() ? new StatusBadge("UP", StatusBadge.Tone.GOOD)
                : new StatusBadge("DOWN", StatusBadge.Tone.BAD)).setHeader("State").setAutoWidth(true).setFlexGrow(0);
        nodes.addColumn(NodeSnapshot::id).setHeader("Node").setAutoWidth(true);
        nodes.addColumn(node -> node.host() == null ? "" : node.host()).setHeader("Address").setAutoWidth(true);
        nodes.addColumn(node -> node.alarms().isEmpty() ? "none" : String.join(", ", node.alarms())).setHeader("Alarms");
        nodes.addColumn(node -> usage(node.memoryUsedBytes(), node.memoryLimitBytes())).setHeader("Memory");
        nodes.addColumn(node -> node.diskFreeBytes() < 0 ? "—" : bytes(node.diskFreeBytes()) + " free"
                + (node.diskFreeLimitBytes() > 0 ? ", alarm below " + bytes(node.diskFreeLimitBytes()) : ""))
                .setHeader("Disk").setAutoWidth(true);
        nodes.addColumn(node -> node.fileDescriptorsUsed() < 0 ? "—"
                : node.fileDescriptorsUsed() + " of " + node.fileDescriptorsLimit()).setHeader("File descriptors");
        nodes.setAllRowsVisible(true);
    }

    private void configureQueues() {
        queues.setId("queues-grid");
        queues.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        queues.addColumn(QueueSnapshot::displayName).setHeader("Name").setKey("name").setSortable(true).setFlexGrow(3);
        queues.addComponentColumn(q -> q.deadLetter() ? new StatusBadge("DLQ", StatusBadge.Tone.WARNING) : new Span())
                .setHeader("").setAutoWidth(true).setFlexGrow(0);
        queues.addColumn(q -> HumanFormat.count(q.messages()) + " msgs").setHeader("Backlog").setKey("backlog")
                .setSortable(true).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        queues.addColumn(q -> q.partitions().isEmpty() ? "—" : Integer.toString(q.partitions().size()))
                .setHeader("Partitions").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        queues.addColumn(q -> q.consumers() < 0 ? "—" : Integer.toString(q.consumers())).setHeader("Consumers")
                .setKey("consumers").setSortable(true).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        queues.addColumn(q -> q.publishRate() == null ? "—" : HumanFormat.rate(q.publishRate())).setHeader("In")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        queues.addColumn(q -> q.deliverRate() == null ? "—" : HumanFormat.rate(q.deliverRate())).setHeader("Out")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        queues.setItems(query -> {
            Comparator<QueueSnapshot> order = Comparator.comparingLong(QueueSnapshot::messages).reversed();
            for (var sort : query.getSortOrders()) {
                Comparator<QueueSnapshot> by = switch (sort.getSorted()) {
                    case "name" -> Comparator.comparing(QueueSnapshot::qualifiedName);
                    case "consumers" -> Comparator.comparingInt(QueueSnapshot::consumers);
                    default -> Comparator.comparingLong(QueueSnapshot::messages);
                };
                order = sort.getDirection() == SortDirection.DESCENDING ? by.reversed() : by;
            }
            return filteredQueues().sorted(order).skip(query.getOffset()).limit(query.getLimit());
        }, query -> (int) filteredQueues().count());
        queues.addItemClickListener(click -> queues.getUI().ifPresent(ui -> ui.navigate(
                "sources/" + source + "/queue", com.vaadin.flow.router.QueryParameters.of("name",
                        click.getItem().qualifiedName()))));
        queues.setHeight("420px");
        queueFilter.addValueChangeListener(change -> queues.getDataProvider().refreshAll());
        queues.sort(List.of(new GridSortOrder<>(queues.getColumnByKey("backlog"), SortDirection.DESCENDING)));
    }

    private void configureGroups() {
        groups.setId("groups-grid");
        groups.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        groups.addColumn(row -> row.group().group()).setHeader("Group").setKey("group").setSortable(true).setFlexGrow(3);
        groups.addColumn(row -> row.group().state()).setHeader("State").setAutoWidth(true);
        groups.addColumn(row -> Integer.toString(row.group().members())).setHeader("Members").setKey("members")
                .setSortable(true).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        groups.addColumn(row -> row.lag() < 0 ? "no offset" : HumanFormat.count(row.lag()) + " msgs")
                .setHeader("Lag").setKey("lag").setSortable(true).setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        groups.addColumn(row -> GroupDetailView.lagText(lagTracker.groupLag(source, row.group().group())))
                .setHeader("Lag in time").setTextAlign(ColumnTextAlign.END).setAutoWidth(true);
        groups.addComponentColumn(row -> lagTracker.status(source, row.group().group()).map(GroupDetailView::badge)
                .orElseGet(() -> new StatusBadge("MEASURING", StatusBadge.Tone.NEUTRAL))).setHeader("Status").setAutoWidth(true);
        groups.setItems(query -> {
            Comparator<GroupRow> order = Comparator.comparingLong(GroupRow::lag).reversed();
            for (var sort : query.getSortOrders()) {
                Comparator<GroupRow> by = switch (sort.getSorted()) {
                    case "group" -> Comparator.comparing(row -> row.group().group());
                    case "members" -> Comparator.comparingInt(row -> row.group().members());
                    default -> Comparator.comparingLong(GroupRow::lag);
                };
                order = sort.getDirection() == SortDirection.DESCENDING ? by.reversed() : by;
            }
            return filteredGroups().sorted(order).skip(query.getOffset()).limit(query.getLimit());
        }, query -> (int) filteredGroups().count());
        groups.addItemClickListener(click -> groups.getUI().ifPresent(ui -> ui.navigate(
                "sources/" + source + "/groups/" + click.getItem().group().group())));
        groups.setHeight("420px");
        groupFilter.addValueChangeListener(change -> groups.getDataProvider().refreshAll());
    }

    private Stream<QueueSnapshot> filteredQueues() {
        String filter = queueFilter.getValue().trim().toLowerCase(Locale.ROOT);
        return monitor.latest(source).filter(SourceSnapshot::isUp).stream()
                .flatMap(s -> s.broker().queues().stream())
                .filter(q -> filter.isEmpty() || q.qualifiedName().toLowerCase(Locale.ROOT).contains(filter));
    }

    private Stream<GroupRow> filteredGroups() {
        String filter = groupFilter.getValue().trim().toLowerCase(Locale.ROOT);
        return monitor.latest(source).filter(SourceSnapshot::isUp).stream()
                .flatMap(s -> s.broker().groups().stream())
                .filter(g -> filter.isEmpty() || g.group().toLowerCase(Locale.ROOT).contains(filter))
                .map(GroupRow::of);
    }

    private static TextField filterField(String placeholder) {
        TextField field = new TextField();
        field.setPlaceholder(placeholder);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.setWidth("24rem");
        return field;
    }

    private static String usage(long used, long limit) {
        if (used < 0) {
            return "—";
        }
        return limit > 0 ? bytes(used) + " of " + bytes(limit) : bytes(used);
    }

    private static String bytes(long bytes) {
        return HumanFormat.bytes(bytes);
    }

    /** A consumer group with its total lag over partitions that have a commit ({@code -1}: none has). */
    record GroupRow(GroupSnapshot group, long lag) {
        static GroupRow of(GroupSnapshot group) {
            long lag = -1;
            for (GroupSnapshot.GroupOffset offset : group.offsets()) {
                if (offset.lag() != null) {
                    lag = Math.max(lag, 0) + offset.lag();
                }
            }
            return new GroupRow(group, lag);
        }
    }
}
