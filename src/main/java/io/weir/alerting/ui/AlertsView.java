package io.weir.alerting.ui;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.alerting.Alert;
import io.weir.alerting.AlertState;
import io.weir.alerting.promql.ValueUnit;
import io.weir.alerting.rules.RuleEngine;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Every pending, firing and recently resolved alert, firing first: severity, value, since when,
 * labels, and a link to the Weir page of the object it is about.
 */
@Route(value = "alerts", layout = MainLayout.class)
@PageTitle("Alerts · Weir")
@PermitAll
class AlertsView extends LiveAlertingView {

    /** Labels shown elsewhere in the row. */
    private static final Set<String> SHOWN = Set.of(Alert.ALERT_NAME, "severity");

    private final Grid<Alert> grid = new Grid<>();
    /** The unit of each loaded rule's values, by file, group and alert name; refreshed with the alerts. */
    private Map<String, ValueUnit> units = Map.of();
    private final Span summary = new Span();
    private final Div empty = new Div();

    AlertsView(RuleEngine engine) {
        super(engine);
        summary.setId("alerts-summary");
        summary.addClassName("weir-summary");
        empty.setId("alerts-empty");
        empty.addClassName("weir-empty-state");
        empty.add(new Paragraph("No alert is pending or firing. Alerts come from the rules in the Prometheus rule files (*.yml) in "
                + engine.rulesDirectory() + ", re-read when they change; the Rules page lists them and any file refused. "
                + "Weir ships rules for unreachable sources, down brokers, lag, stalled consumers and dead letters in alert-rules/."));
        configureGrid();
        add(new H2("Alerts"), summary, grid, empty);
    }

    private void configureGrid() {
        grid.setId("alerts-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(AlertsView::stateBadge).setHeader("State").setWidth("140px").setFlexGrow(0);
        grid.addComponentColumn(AlertsView::severityBadge).setHeader("Severity").setWidth("140px").setFlexGrow(0);
        grid.addComponentColumn(AlertsView::title).setHeader("Alert").setFlexGrow(3);
        grid.addColumn(alert -> value(alert.value(), units.getOrDefault(ruleKey(alert.ruleFile(), alert.ruleGroup(),
                alert.name()), ValueUnit.NONE))).setHeader("Value").setTextAlign(ColumnTextAlign.END)
                .setAutoWidth(true).setFlexGrow(0);
        grid.addComponentColumn(AlertsView::since).setHeader("Since").setWidth("210px").setFlexGrow(0);
        grid.addComponentColumn(AlertsView::labels).setHeader("Labels").setFlexGrow(2);
        grid.addComponentColumn(AlertsView::objectLink).setHeader("Object").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
    }

    @Override
    protected void refresh() {
        List<Alert> alerts = engine.alerts();
        units = engine.rules().stream().collect(Collectors.toMap(rule -> ruleKey(rule.file(), rule.group(), rule.rule().name()),
                rule -> ValueUnit.of(rule.rule().expression()), (a, b) -> a));
        long firing = alerts.stream().filter(a -> a.state() == AlertState.FIRING).count();
        long pending = alerts.stream().filter(a -> a.state() == AlertState.PENDING).count();
        summary.setText(firing + " firing · " + pending + " pending");
        summary.getElement().setAttribute("data-state", firing > 0 ? "down" : "up");
        grid.setItems(alerts);
        grid.setVisible(!alerts.isEmpty());
        empty.setVisible(firing + pending == 0);
    }

    private static Component stateBadge(Alert alert) {
        return switch (alert.state()) {
            case FIRING -> new StatusBadge("FIRING", StatusBadge.Tone.BAD);
            case PENDING -> new StatusBadge("PENDING", StatusBadge.Tone.WARNING);
            case RESOLVED -> new StatusBadge("RESOLVED", StatusBadge.Tone.GOOD);
        };
    }

    static Component severityBadge(Map<String, String> labels) {
        String severity = labels.getOrDefault("severity", "none");
        StatusBadge.Tone tone = switch (severity.toLowerCase(Locale.ROOT)) {
            case "critical", "page", "error" -> StatusBadge.Tone.BAD;
            case "warning" -> StatusBadge.Tone.WARNING;
            default -> StatusBadge.Tone.NEUTRAL;
        };
        return new StatusBadge(severity.toUpperCase(Locale.ROOT), tone);
    }

    private static Component severityBadge(Alert alert) {
        return severityBadge(alert.labels());
    }

    private static Component title(Alert alert) {
        Div title = new Div();
        Span name = new Span(alert.name());
        name.getStyle().set("font-weight", "600");
        name.addClassName("weir-wrap");
        title.add(name);
        String summary = alert.annotations().get("summary");
        if (summary != null) {
            Div text = new Div(summary);
            text.addClassName("weir-secondary");
            title.add(text);
        }
        return title;
    }

    private static Component since(Alert alert) {
        Instant since = switch (alert.state()) {
            case FIRING -> alert.firedAt();
            case PENDING -> alert.activeAt();
            case RESOLVED -> alert.resolvedAt();
        };
        Div cell = new Div(new Span((alert.state() == AlertState.RESOLVED ? "resolved " : "")
                + HumanFormat.ago(since, Instant.now())));
        Div absolute = new Div(HumanFormat.absolute(since));
        absolute.addClassName("weir-secondary");
        cell.add(absolute);
        return cell;
    }

    private static Component labels(Alert alert) {
        Div labels = new Div();
        labels.addClassName("weir-labels");
        alert.labels().forEach((name, value) -> {
            if (!SHOWN.contains(name)) {
                Span label = new Span(name + "=" + value);
                label.getElement().getThemeList().add("badge");
                label.getElement().getThemeList().add("contrast");
                label.getStyle().set("margin", "0 var(--lumo-space-xs) var(--lumo-space-xs) 0");
                labels.add(label);
            }
        });
        return labels;
    }

    /** The Weir page of the group, topic or queue, or source the alert is about; nothing without a source label. */
    static Component objectLink(Alert alert) {
        Map<String, String> labels = alert.labels();
        String source = labels.get("source");
        if (source == null) {
            return new Span();
        }
        String base = "sources/" + encode(source);
        if (labels.containsKey("group")) {
            return new Anchor(base + "/groups/" + encode(labels.get("group")), "group " + labels.get("group"));
        }
        String queue = labels.containsKey("queue") ? labels.get("queue") : labels.get("topic");
        if (queue != null) {
            String vhost = labels.get("vhost");
            String qualified = vhost == null ? queue : vhost + "/" + queue;
            return new Anchor(base + "/queue?name=" + encode(qualified), queue);
        }
        return new Anchor(base, "source " + source);
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String ruleKey(String file, String group, String alert) {
        return file + "\n" + group + "\n" + alert;
    }

    /** The value in the unit of the metric its rule watches: "9 min 50 s", "1.2k msgs", "100 MiB". */
    static String value(double value, ValueUnit unit) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return Double.toString(value);
        }
        return switch (unit) {
            case SECONDS -> (value < 0 ? "-" : "") + HumanFormat.exactDuration(Duration.ofMillis(Math.round(Math.abs(value) * 1000)));
            case BYTES -> HumanFormat.bytes(Math.round(value));
            case MESSAGES -> HumanFormat.count(Math.round(value)) + " msgs";
            case MESSAGES_PER_SECOND -> HumanFormat.rate(value);
            case NONE -> number(value);
        };
    }

    private static String number(double value) {
        if (value == Math.rint(value) && Math.abs(value) < 1e15) {
            return Long.toString((long) value);
        }
        return String.format(Locale.ROOT, "%.3f", value).replaceAll("0+$", "").replaceAll("\\.$", "");
    }
}
