package io.weir.operations.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import io.weir.operations.audit.AuditCsv;
import io.weir.operations.audit.AuditEntry;
import io.weir.operations.audit.AuditFilter;
import io.weir.operations.audit.AuditLog;
import io.weir.operations.audit.AuditVerification;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The audit log of operations: who did what, when, from where, to which object, with what result,
 * newest first and filtered on the server; a row opens its parameters and the values before and
 * after. The hash chain can be verified from here, and the filtered entries downloaded as CSV.
 */
@Route(value = "audit", layout = MainLayout.class)
@PageTitle("Audit · Weir")
@PermitAll
class AuditView extends VerticalLayout {

    private static final int PAGE = 500;

    private final AuditLog audit;
    private final TextField source = filter("Source");
    private final TextField action = filter("Action");
    private final TextField actor = filter("User");
    private final TextField object = filter("Object");
    private final Grid<AuditEntry> grid = new Grid<>();
    private final Div detail = new Div();
    private final Div chain = new Div();
    private final Div empty = new Div(new Paragraph("Nothing audited yet. Every preview and apply of an offset reset,"
            + " replay or purge, from the console or the API, appears here with who did it and the values before and after."));

    AuditView(AuditLog audit) {
        this.audit = audit;
        setWidthFull();
        Button verify = new Button("Verify the chain", e -> verify());
        verify.setId("audit-verify");
        chain.setId("audit-chain");
        detail.setId("audit-detail");
        empty.addClassName("weir-empty-state");
        StreamResource csv = new StreamResource("weir-audit.csv",
                () -> new ByteArrayInputStream(AuditCsv.of(audit.find(filter())).getBytes(StandardCharsets.UTF_8)));
        Anchor download = new Anchor(csv, "Download as CSV");
        download.getElement().setAttribute("download", true);
        HorizontalLayout filters = new HorizontalLayout(source, action, actor, object, verify, download);
        filters.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        filters.setWrap(true);
        configureGrid();
        add(new H2("Audit"), filters, chain, empty, grid, detail);
        refresh();
    }

    private void configureGrid() {
        grid.setId("audit-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(e -> Cells.time(e.at))
                .setHeader("When").setWidth("190px").setFlexGrow(0);
        grid.addComponentColumn(e -> Cells.twoLines(e.actor, e.channel + (e.clientAddress == null ? "" : " · " + e.clientAddress)))
                .setHeader("Who").setWidth("170px").setFlexGrow(0);
        grid.addComponentColumn(e -> Cells.twoLines(e.object, e.source)).setHeader("Object").setFlexGrow(1);
        grid.addColumn(e -> e.action).setHeader("Action").setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(AuditView::result).setHeader("Result").setWidth("120px").setFlexGrow(0);
        grid.addColumn(e -> e.message == null ? "" : e.message).setHeader("What happened").setFlexGrow(3);
        grid.addColumn(e -> e.durationMillis + " ms").setHeader("Took").setAutoWidth(true).setFlexGrow(0);
        grid.addSelectionListener(selection -> selection.getFirstSelectedItem().ifPresentOrElse(this::show, detail::removeAll));
        grid.setAllRowsVisible(true);
    }

    private void refresh() {
        List<AuditEntry> entries = audit.find(filter());
        grid.setItems(entries);
        grid.setVisible(!entries.isEmpty());
        empty.setVisible(entries.isEmpty());
    }

    private AuditFilter filter() {
        return new AuditFilter(value(source), value(action), value(actor), value(object), null, null, 0, PAGE);
    }

    private void show(AuditEntry entry) {
        detail.removeAll();
        detail.add(new Paragraph("Entry " + entry.id + " · hash " + entry.hash.substring(0, 16) + "…"
                + (entry.jobId == null ? "" : " · job " + entry.jobId)));
        detail.add(new Span("Parameters"), new Pre(entry.parameters));
        if (entry.before != null) {
            detail.add(new Span("Before"), new Pre(entry.before));
        }
        if (entry.after != null) {
            detail.add(new Span("After (read back)"), new Pre(entry.after));
        }
    }

    private void verify() {
        AuditVerification result = audit.verify();
        chain.removeAll();
        Paragraph line = new Paragraph(result.intact()
                ? "The chain is intact: all " + result.verified() + " entries are as they were written."
                : "The chain is broken at entry " + result.firstBroken() + ": " + result.reason()
                        + ". Entries before it (" + result.verified() + ") are intact.");
        line.addClassName(result.intact() ? "weir-good-text" : "weir-error-text");
        chain.add(line);
    }

    private static Component result(AuditEntry entry) {
        return switch (entry.result) {
            case "OK" -> new StatusBadge("OK", StatusBadge.Tone.GOOD);
            case "REFUSED" -> new StatusBadge("REFUSED", StatusBadge.Tone.WARNING);
            default -> new StatusBadge("FAILED", StatusBadge.Tone.BAD);
        };
    }

    private TextField filter(String label) {
        TextField field = new TextField(label);
        field.setClearButtonVisible(true);
        field.setValueChangeMode(ValueChangeMode.LAZY);
        field.addValueChangeListener(e -> refresh());
        return field;
    }

    private static String value(TextField field) {
        String text = field.getValue().strip();
        return text.isEmpty() ? null : text;
    }
}
