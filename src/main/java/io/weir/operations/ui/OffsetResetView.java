package io.weir.operations.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.datetimepicker.DateTimePicker;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.StreamResource;
import io.weir.operations.OperationException;
import io.weir.operations.offsets.Durations;
import io.weir.operations.offsets.OffsetResetMode;
import io.weir.operations.offsets.OffsetResetPlan;
import io.weir.operations.offsets.OffsetResetPlan.PartitionPlan;
import io.weir.operations.offsets.OffsetResetRequest;
import io.weir.operations.offsets.OffsetResetResult;
import io.weir.operations.offsets.OffsetResets;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.RolesAllowed;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The offset-reset wizard of one consumer group: choose how and where, preview the plan (nothing
 * changes; clamped partitions highlighted, a refusal or warning in words), confirm, apply, and see
 * the offsets read back against the plan, with one click to undo. Every preview and apply is
 * audited by the service.
 */
@Route(value = "sources/:source/groups/:group/reset", layout = MainLayout.class)
@RolesAllowed(Roles.OPERATOR)
class OffsetResetView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final OffsetResets resets;
    private final H2 title = new H2();
    private final Select<OffsetResetMode> mode = new Select<>();
    private final DateTimePicker dateTime = new DateTimePicker("Date and time (UTC)");
    private final TextField duration = new TextField("Back from now", "1h", "e.g. 90s, 15m, 1h, 2d");
    private final TextField number = new TextField("Shift by / offset", "", "a whole number");
    private final TextField fromGroup = new TextField("Copy from group");
    private final TextArea csv = new TextArea("topic,partition,offset lines");
    private final TextField topics = new TextField("Topics", "all topics the group has offsets on");
    private final Div message = new Div();
    private final Div planArea = new Div();
    private final Grid<PartitionPlan> grid = new Grid<>();
    private final Button apply = new Button("Apply reset…");
    private final Div result = new Div();
    private String source;
    private String group;
    private OffsetResetPlan plan;

    OffsetResetView(OffsetResets resets) {
        this.resets = resets;
        mode.setLabel("Move the group");
        mode.setItems(OffsetResetMode.values());
        mode.setItemLabelGenerator(OffsetResetView::label);
        mode.setValue(OffsetResetMode.BY_DURATION);
        mode.addValueChangeListener(e -> showParameters());
        csv.setWidth("30em");
        topics.setWidth("24em");
        topics.setHelperText("comma-separated; empty: every topic the group has offsets on");
        Button preview = new Button("Preview", e -> preview());
        preview.setId("reset-preview");
        preview.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(mode, dateTime, duration, number, fromGroup, csv, topics, preview);
        form.setDefaultVerticalComponentAlignment(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        message.setId("reset-message");
        configureGrid();
        apply.setId("reset-apply");
        apply.addThemeVariants(ButtonVariant.LUMO_ERROR);
        apply.addClickListener(e -> confirm());
        result.setId("reset-result");
        planArea.add(new H3("Plan (nothing has changed yet)"), grid, apply);
        planArea.setVisible(false);
        planArea.setWidthFull();
        Paragraph intro = new Paragraph("A reset commits new positions for the group, as kafka-consumer-groups"
                + " --reset-offsets does. Preview first: nothing changes until you apply, and Weir applies only while the"
                + " group has no active consumers. Every preview and apply is written to the audit log.");
        intro.addClassName("weir-secondary");
        add(title, intro, form, message, planArea, result);
        setWidthFull();
        showParameters();
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        source = event.getRouteParameters().get("source").orElse("");
        group = event.getRouteParameters().get("group").orElse("");
        title.setText("Reset offsets of group " + group + " on " + source);
    }

    @Override
    public String getPageTitle() {
        return "Reset " + group + " · Weir";
    }

    private void configureGrid() {
        grid.setId("reset-plan-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT);
        grid.addColumn(p -> p.partition().topic()).setHeader("Topic").setFlexGrow(2);
        grid.addColumn(p -> p.partition().partition()).setHeader("Partition").setAutoWidth(true);
        grid.addColumn(p -> p.current() == null ? "no offset" : Long.toString(p.current())).setHeader("Now")
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(p -> Long.toString(p.next())).setHeader("After").setTextAlign(ColumnTextAlign.END);
        grid.addColumn(p -> p.start() + " – " + p.end()).setHeader("Stored range").setAutoWidth(true);
        grid.addColumn(p -> p.reread() > 0 ? "re-reads " + HumanFormat.count(p.reread())
                : p.skipped() > 0 ? "skips " + HumanFormat.count(p.skipped()) : "no change").setHeader("Messages");
        grid.addColumn(p -> (p.lagBefore() == null ? "–" : HumanFormat.count(p.lagBefore())) + " → "
                + HumanFormat.count(p.lagAfter()) + " msgs").setHeader("Lag").setAutoWidth(true);
        grid.addComponentColumn(p -> {
            Span clamp = new Span(p.clamp() == null ? "" : "clamped: " + p.clamp());
            clamp.addClassName("weir-warning-text");
            return clamp;
        }).setHeader("Clamped").setFlexGrow(3);
        grid.setPartNameGenerator(p -> p.clamp() != null ? "weir-row-warning" : null);
        grid.setAllRowsVisible(true);
    }

    private void showParameters() {
        OffsetResetMode m = mode.getValue();
        dateTime.setVisible(m == OffsetResetMode.TO_DATETIME);
        duration.setVisible(m == OffsetResetMode.BY_DURATION);
        number.setVisible(m == OffsetResetMode.SHIFT_BY || m == OffsetResetMode.TO_OFFSET);
        number.setLabel(m == OffsetResetMode.SHIFT_BY ? "Shift by (negative rewinds)" : "Offset");
        fromGroup.setVisible(m == OffsetResetMode.FROM_GROUP);
        csv.setVisible(m == OffsetResetMode.FROM_FILE);
        topics.setVisible(m != OffsetResetMode.FROM_FILE);
    }

    private void preview() {
        result.removeAll();
        try {
            plan = resets.preview(request(), UiActor.current());
            showPlan();
        } catch (OperationException | IllegalArgumentException e) {
            planArea.setVisible(false);
            say(e.getMessage(), "weir-error-text");
        }
    }

    private void showPlan() {
        grid.setItems(plan.partitions());
        planArea.setVisible(true);
        message.removeAll();
        long moving = plan.partitions().stream().filter(PartitionPlan::changes).count();
        message.add(new Paragraph(moving + " of " + plan.partitions().size() + " partitions move: the group re-reads "
                + HumanFormat.count(plan.partitions().stream().mapToLong(PartitionPlan::reread).sum()) + " and skips "
                + HumanFormat.count(plan.partitions().stream().mapToLong(PartitionPlan::skipped).sum()) + " messages."));
        plan.warnings().forEach(w -> message.add(line("Warning: " + w, "weir-warning-text")));
        if (plan.refusal() != null) {
            message.add(line("Cannot apply now: " + plan.refusal(), "weir-error-text"));
        }
        apply.setEnabled(plan.refusal() == null && moving > 0);
        StreamResource file = new StreamResource("offsets-" + group + ".csv",
                () -> new java.io.ByteArrayInputStream(plan.csv().getBytes(StandardCharsets.UTF_8)));
        Anchor download = new Anchor(file, "Download the plan as CSV (topic,partition,offset)");
        download.getElement().setAttribute("download", true);
        message.add(new Div(download));
    }

    private void confirm() {
        long reread = plan.partitions().stream().mapToLong(PartitionPlan::reread).sum();
        long skipped = plan.partitions().stream().mapToLong(PartitionPlan::skipped).sum();
        ConfirmDialog dialog = new ConfirmDialog("Reset group " + group + "?",
                "Its consumers will re-read " + HumanFormat.count(reread) + " and skip " + HumanFormat.count(skipped)
                        + " messages when they start again. Weir plans again now and refuses if a consumer joined"
                        + " meanwhile. You can undo it afterwards.",
                "Reset offsets", e -> applyNow());
        dialog.setConfirmButtonTheme("error primary");
        dialog.setCancelable(true);
        dialog.open();
    }

    private void applyNow() {
        try {
            OffsetResetResult done = resets.apply(plan.request(), UiActor.current());
            plan = done.plan();
            grid.setItems(plan.partitions());
            apply.setEnabled(false);
            result.removeAll();
            if (done.matchesPlan()) {
                result.add(line("Applied and read back from the broker: every offset is as planned (audit entry "
                        + done.auditId() + ").", "weir-good-text"));
            } else {
                result.add(line("Applied, but the offsets read back differ from the plan: " + String.join("; ",
                        done.mismatches()) + ". Someone else may have committed meanwhile; check the group.", "weir-error-text"));
            }
            Button undo = new Button("Undo this reset", e -> undo(done.auditId()));
            undo.setId("reset-undo");
            result.add(undo);
        } catch (OperationException e) {
            say("Not applied: " + e.getMessage(), "weir-error-text");
        }
    }

    /** Loads the restoring request into the form and previews it: an undo is an ordinary, audited reset. */
    private void undo(long auditId) {
        try {
            OffsetResetRequest restore = resets.undo(auditId);
            mode.setValue(OffsetResetMode.FROM_FILE);
            csv.setValue(restore.csv());
            preview();
        } catch (OperationException e) {
            say(e.getMessage(), "weir-error-text");
        }
    }

    private OffsetResetRequest request() {
        OffsetResetMode m = mode.getValue();
        Set<String> scope = Arrays.stream(topics.getValue().split(",")).map(String::strip).filter(t -> !t.isEmpty())
                .collect(Collectors.toSet());
        Long value = null;
        if (m == OffsetResetMode.SHIFT_BY || m == OffsetResetMode.TO_OFFSET) {
            try {
                value = Long.parseLong(number.getValue().strip());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("the " + (m == OffsetResetMode.SHIFT_BY ? "shift" : "offset")
                        + " must be a whole number");
            }
        }
        return new OffsetResetRequest(source, group, m, m == OffsetResetMode.FROM_FILE ? Set.of() : scope, Set.of(),
                dateTime.getValue() == null ? null : dateTime.getValue().toInstant(ZoneOffset.UTC),
                m == OffsetResetMode.BY_DURATION ? Durations.parse(duration.getValue()) : null,
                m == OffsetResetMode.SHIFT_BY ? value : null, m == OffsetResetMode.TO_OFFSET ? value : null,
                m == OffsetResetMode.FROM_FILE ? csv.getValue() : null,
                m == OffsetResetMode.FROM_GROUP ? fromGroup.getValue().strip() : null);
    }

    private void say(String text, String className) {
        message.removeAll();
        message.add(line(text, className));
    }

    private static Component line(String text, String className) {
        Paragraph p = new Paragraph(text);
        p.addClassName(className);
        return p;
    }

    private static String label(OffsetResetMode mode) {
        return switch (mode) {
            case TO_EARLIEST -> "to the oldest stored message";
            case TO_LATEST -> "to the end (skip everything stored)";
            case TO_CURRENT -> "to where it is (re-commit)";
            case TO_DATETIME -> "to a date and time";
            case BY_DURATION -> "back by a duration";
            case SHIFT_BY -> "by a number of messages";
            case TO_OFFSET -> "to an exact offset";
            case FROM_FILE -> "to the offsets of a CSV file";
            case FROM_GROUP -> "to another group's offsets";
        };
    }
}
