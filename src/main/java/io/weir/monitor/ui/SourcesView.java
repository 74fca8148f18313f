package io.weir.monitor.ui;

import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.core.ClusterHealth;
import io.weir.core.SourceSnapshot;
import io.weir.monitor.SourceMonitor;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Every configured source with its state, worst first: down, then waiting for a first poll, then
 * up. Redrawn whenever the monitor publishes a snapshot.
 */
@Route(value = "sources", layout = MainLayout.class)
@PageTitle("Sources · Weir")
@PermitAll
class SourcesView extends LiveMonitorView {

    private final Span summary = new Span();
    private final Grid<SourceRow> grid = new Grid<>();

    SourcesView(SourceMonitor monitor) {
        super(monitor);
        setSizeFull();
        H2 title = new H2("Sources");
        summary.setId("sources-summary");
        summary.addClassName("weir-summary");
        add(title, summary);
        if (monitor.sourceNames().isEmpty()) {
            add(emptyState());
            return;
        }
        configureGrid();
        add(grid);
        refresh();
    }

    private void configureGrid() {
        grid.setId("sources-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(SourcesView::statusBadge).setHeader("Status").setWidth("100px").setFlexGrow(0);
        grid.addColumn(SourceRow::name).setHeader("Source").setWidth("140px").setFlexGrow(1);
        grid.addColumn(row -> row.snapshot().map(s -> s.kind().displayName()).orElse("")).setHeader("Kind")
                .setWidth("110px").setFlexGrow(0);
        grid.addColumn(row -> row.snapshot().map(SourceSnapshot::address).orElse("")).setHeader("Address")
                .setWidth("150px").setFlexGrow(1);
        grid.addColumn(row -> row.health(ClusterHealth::version)).setHeader("Version").setWidth("140px").setFlexGrow(1);
        grid.addColumn(row -> row.health(h -> h.nodesUp() + " of " + h.nodes().size())).setHeader("Nodes up")
                .setTextAlign(ColumnTextAlign.END).setWidth("80px").setFlexGrow(0);
        grid.addComponentColumn(SourcesView::lastPoll).setHeader("Last poll").setWidth("190px").setFlexGrow(0);
        grid.addComponentColumn(SourcesView::problem).setHeader("Problem").setWidth("200px").setFlexGrow(3);
        grid.setAllRowsVisible(true);
        grid.addItemClickListener(click -> grid.getUI().ifPresent(ui -> ui.navigate("sources/" + click.getItem().name())));
    }


    @Override
    protected void refresh() {
        List<SourceRow> rows = monitor.sourceNames().stream()
                .map(name -> new SourceRow(name, monitor.latest(name)))
                .sorted(Comparator.comparingInt(SourceRow::severity).thenComparing(SourceRow::name))
                .toList();
        long down = rows.stream().filter(row -> row.severity() == 0).count();
        long up = rows.stream().filter(row -> row.severity() == 2).count();
        summary.setText(down == 0
                ? up + " of " + rows.size() + " sources up"
                : down + " of " + rows.size() + " sources down");
        summary.getElement().setAttribute("data-state", down > 0 ? "down" : "up");
        grid.setItems(rows);
    }

    private static StatusBadge statusBadge(SourceRow row) {
        StatusBadge badge = row.snapshot()
                .map(s -> s.isUp() ? new StatusBadge("UP", StatusBadge.Tone.GOOD) : new StatusBadge("DOWN", StatusBadge.Tone.BAD))
                .orElseGet(() -> new StatusBadge("WAITING", StatusBadge.Tone.NEUTRAL));
        badge.addClassName("source-status");
        badge.getElement().setAttribute("data-source", row.name());
        return badge;
    }

    private static Span lastPoll(SourceRow row) {
        return row.snapshot().map(s -> {
            Span relative = new Span(HumanFormat.ago(s.takenAt(), Instant.now()));
            relative.setTitle("the poll took " + HumanFormat.duration(s.pollDuration()));
            Span absolute = new Span(HumanFormat.absolute(s.takenAt()));
            absolute.addClassName("weir-secondary");
            return new Span(relative, new Div(), absolute);
        }).orElseGet(() -> new Span("first poll under way"));
    }

    private static Span problem(SourceRow row) {
        return row.snapshot().filter(s -> !s.isUp())
                .map(s -> {
                    Span error = new Span(s.error());
                    error.addClassName("weir-error-text");
                    return error;
                })
                .orElseGet(Span::new);
    }

    static Div emptyState() {
        Div empty = new Div();
        empty.setId("sources-empty");
        empty.addClassName("weir-empty-state");
        empty.add(new Paragraph("No sources are configured yet. Add one to config/application.properties "
                + "in Weir's working directory (or as environment variables) and restart Weir:"));
        empty.add(new Pre("""
                weir.sources.local-kafka.kind=kafka
                weir.sources.local-kafka.bootstrap-servers=localhost:9092

                weir.sources.local-rabbit.kind=rabbitmq
                weir.sources.local-rabbit.management-url=http://localhost:15672
                weir.sources.local-rabbit.username=guest
                weir.sources.local-rabbit.password=guest"""));
        return empty;
    }

    /** One grid row: a source and its latest snapshot, if a poll has finished yet. */
    record SourceRow(String name, Optional<SourceSnapshot> snapshot) {

        /** 0 down, 1 waiting for the first poll, 2 up: the order rows are shown in. */
        int severity() {
            return snapshot.map(s -> s.isUp() ? 2 : 0).orElse(1);
        }

        String health(Function<ClusterHealth, String> field) {
            return snapshot.filter(SourceSnapshot::isUp).map(s -> field.apply(s.broker().health())).orElse("—");
        }
    }
}
