package io.weir.alerting.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.alerting.rules.AlertStateSaveFailure;
import io.weir.alerting.rules.RuleEngine;
import io.weir.alerting.rules.RuleLoadError;
import io.weir.alerting.rules.RuleStatus;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Every loaded rule with its state and last evaluation, and the rule files refused at their last
 * load with file, line and reason (their last good version stays active).
 */
@Route(value = "rules", layout = MainLayout.class)
@PageTitle("Rules · Weir")
@PermitAll
class RulesView extends LiveAlertingView {

    private final Grid<RuleLoadError> errors = new Grid<>();
    private final H3 errorsTitle = new H3("Rule files refused");
    private final Paragraph errorsHint = new Paragraph(
            "Each of these files keeps its last good version active until it loads without errors.");
    private final Div saveFailures = new Div();
    private final Grid<RuleStatus> rules = new Grid<>();
    private final Div empty = new Div();

    RulesView(RuleEngine engine) {
        super(engine);
        Paragraph source = new Paragraph("Rules are read from " + engine.rulesDirectory()
                + " (weir.alerting.rules-dir) and re-read within seconds of a change.");
        source.addClassName("weir-secondary");
        errorsHint.addClassName("weir-secondary");
        empty.setId("rules-empty");
        empty.addClassName("weir-empty-state");
        empty.add(new Paragraph("No rules are loaded. Put Prometheus rule files (*.yml) in " + engine.rulesDirectory()
                + "; Weir picks them up within seconds. For example:"));
        empty.add(new Pre("""
                groups:
                  - name: sources
                    rules:
                      - alert: SourceUnreachable
                        expr: weir_source_up == 0
                        for: 1m
                        labels:
                          severity: critical
                        annotations:
                          summary: "Weir cannot read source {{ $labels.source }}\""""));
        empty.add(new Paragraph("Weir ships rules for the usual failures in alert-rules/ of its distribution."));
        configureErrors();
        configureRules();
        saveFailures.setId("rule-save-failures");
        add(new H2("Rules"), source, saveFailures, errorsTitle, errorsHint, errors, rules, empty);
    }

    private void configureErrors() {
        errors.setId("rule-errors-grid");
        errors.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        errors.addColumn(RuleLoadError::file).setHeader("File").setAutoWidth(true).setFlexGrow(0);
        errors.addColumn(error -> error.line() > 0 ? Integer.toString(error.line()) : "—").setHeader("Line")
                .setTextAlign(ColumnTextAlign.END).setAutoWidth(true).setFlexGrow(0);
        errors.addComponentColumn(error -> {
            Span reason = new Span(error.reason());
            reason.addClassName("weir-error-text");
            return reason;
        }).setHeader("Reason").setFlexGrow(1);
        errors.setAllRowsVisible(true);
    }

    private void configureRules() {
        rules.setId("rules-grid");
        rules.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        rules.addComponentColumn(RulesView::stateBadge).setHeader("State").setWidth("140px").setFlexGrow(0);
        rules.addComponentColumn(rule -> AlertsView.severityBadge(rule.rule().labels())).setHeader("Severity")
                .setWidth("140px").setFlexGrow(0);
        rules.addComponentColumn(RulesView::name).setHeader("Rule").setFlexGrow(1);
        rules.addComponentColumn(RulesView::expression).setHeader("Expression").setFlexGrow(3);
        rules.addColumn(rule -> hold(rule.rule().holdFor())).setHeader("For").setAutoWidth(true).setFlexGrow(0);
        rules.addComponentColumn(RulesView::lastEvaluation).setHeader("Last evaluation").setWidth("210px").setFlexGrow(0);
        rules.setAllRowsVisible(true);
    }

    @Override
    protected void refresh() {
        List<RuleLoadError> loadErrors = engine.loadErrors();
        errors.setItems(loadErrors);
        errors.setVisible(!loadErrors.isEmpty());
        errorsTitle.setVisible(!loadErrors.isEmpty());
        errorsHint.setVisible(!loadErrors.isEmpty());
        showSaveFailures(engine.saveFailures());
        List<RuleStatus> statuses = engine.rules();
        rules.setItems(statuses);
        rules.setVisible(!statuses.isEmpty());
        empty.setVisible(statuses.isEmpty());
    }

    private void showSaveFailures(List<AlertStateSaveFailure> failures) {
        saveFailures.removeAll();
        Instant now = Instant.now();
        for (AlertStateSaveFailure failure : failures) {
            Paragraph line = new Paragraph("The alert state of group " + failure.group() + " (" + failure.file()
                    + ") could not be saved since " + HumanFormat.absolute(failure.since()) + " ("
                    + HumanFormat.ago(failure.since(), now) + ", " + failure.failures() + " evaluation"
                    + (failure.failures() == 1 ? "" : "s") + "): " + failure.reason()
                    + ". Its alerts are still evaluated and notified, but after a restart they would start over"
                    + " (notified again, or resolved without notice). Check the database and Weir's log.");
            line.addClassName("weir-error-text");
            saveFailures.add(line);
        }
        saveFailures.setVisible(!failures.isEmpty());
    }

    private static Component stateBadge(RuleStatus rule) {
        if (rule.lastError() != null) {
            return new StatusBadge("ERROR", StatusBadge.Tone.BAD);
        }
        if (rule.state() == null) {
            return new StatusBadge("OK", StatusBadge.Tone.GOOD);
        }
        return switch (rule.state()) {
            case FIRING -> new StatusBadge("FIRING", StatusBadge.Tone.BAD);
            case PENDING -> new StatusBadge("PENDING", StatusBadge.Tone.WARNING);
            case RESOLVED -> new StatusBadge("OK", StatusBadge.Tone.GOOD);
        };
    }

    private static Component name(RuleStatus rule) {
        Div cell = new Div();
        Span name = new Span(rule.rule().name());
        name.getStyle().set("font-weight", "600");
        Div where = new Div(rule.file() + ":" + rule.rule().line() + " · group " + rule.group()
                + (rule.alerts() > 0 ? " · " + rule.alerts() + " alert" + (rule.alerts() == 1 ? "" : "s") : ""));
        where.addClassName("weir-secondary");
        cell.add(name, where);
        return cell;
    }

    private static Component expression(RuleStatus rule) {
        Div cell = new Div();
        Span expr = new Span(rule.rule().expressionText().strip());
        expr.getStyle().set("font-family", "var(--lumo-font-family-monospace, monospace)").set("white-space", "pre-wrap");
        cell.add(expr);
        if (rule.lastError() != null) {
            Div error = new Div(rule.lastError());
            error.addClassName("weir-error-text");
            cell.add(error);
        }
        return cell;
    }

    private static String hold(Duration duration) {
        return duration.isZero() ? "—" : HumanFormat.duration(duration);
    }

    private static Component lastEvaluation(RuleStatus rule) {
        if (rule.lastEvaluation() == null) {
            return new Span("not yet");
        }
        Div cell = new Div(new Span(HumanFormat.ago(rule.lastEvaluation(), Instant.now()) + " in "
                + (rule.groupDuration().toMillis() < 1 ? "< 1 ms" : HumanFormat.duration(rule.groupDuration()))));
        Div absolute = new Div(HumanFormat.absolute(rule.lastEvaluation()));
        absolute.addClassName("weir-secondary");
        cell.add(absolute);
        return cell;
    }
}
