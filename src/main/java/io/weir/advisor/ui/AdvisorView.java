package io.weir.advisor.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.checkbox.Checkbox;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Code;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.notification.Notification;
import com.vaadin.flow.component.notification.NotificationVariant;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.TextArea;
import com.vaadin.flow.dom.Element;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.advisor.Finding;
import io.weir.advisor.ReliabilityAdvisor;
import io.weir.advisor.Severity;
import io.weir.operations.Actor;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The findings of every source against the article's safeguards: sources with the worst findings
 * first, in each the findings worst first, acknowledged ones after the rest and dimmed (or hidden).
 */
@Route(value = "advisor", layout = MainLayout.class)
@PageTitle("Reliability advisor · Weir")
@PermitAll
class AdvisorView extends VerticalLayout {

    private final ReliabilityAdvisor advisor;
    private final boolean operator;
    private final Span summary = new Span();
    private final Checkbox showAcknowledged = new Checkbox("Show acknowledged findings", true);
    private final Div content = new Div();
    private List<Finding> shown;
    private List<String> shownSources;
    /** The block drawn for each finding shown, reused while the finding is unchanged. */
    private Map<Finding, Component> blocks = new HashMap<>();
    private final Map<String, Section> sections = new HashMap<>();

    private record Section(VerticalLayout layout, H3 title) {
    }
    private Runnable unsubscribe;

    AdvisorView(ReliabilityAdvisor advisor) {
        this.advisor = advisor;
        VaadinRequest request = VaadinRequest.getCurrent();
        this.operator = request != null && request.isUserInRole(Roles.OPERATOR);
        setWidthFull();
        summary.setId("advisor-summary");
        summary.addClassName("weir-summary");
        showAcknowledged.setId("advisor-show-acknowledged");
        showAcknowledged.addValueChangeListener(event -> redraw(advisor.findings()));
        content.setId("advisor-findings");
        content.setWidthFull();
        Paragraph intro = new Paragraph("Every topic, queue and group of every source, checked against the safeguards"
                + " that keep messages from being lost, duplicated or piling up: copies on several brokers, durable"
                + " queues, dead-letter queues someone drains, manual acknowledgement, bounded backlogs. Checked at"
                + " every poll, from what the broker reports.");
        intro.addClassName("weir-secondary");
        add(new H2("Reliability advisor"), intro, summary, showAcknowledged, content);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = advisor.subscribe(source -> {
            try {
                ui.access(this::refresh);
            } catch (UIDetachedException e) {
                // The page closed while the advisor was publishing.
            }
        });
        refresh();
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    /**
     * Redraws only when the findings or the sources checked changed, so a page being read does not
     * jump at every poll (a source checked for the first time may add no finding, only its count).
     */
    private void refresh() {
        List<Finding> findings = advisor.findings();
        if (!findings.equals(shown) || !advisor.checkedSources().equals(shownSources)) {
            redraw(findings);
        }
    }

    private void redraw(List<Finding> findings) {
        shown = findings;
        Map<Severity, Long> open = findings.stream().filter(f -> !f.isAcknowledged())
                .collect(Collectors.groupingBy(Finding::severity, Collectors.counting()));
        long acknowledged = findings.stream().filter(Finding::isAcknowledged).count();
        List<String> sources = advisor.checkedSources();
        shownSources = sources;
        summary.setText(open.getOrDefault(Severity.CRITICAL, 0L) + " critical · " + open.getOrDefault(Severity.WARNING, 0L)
                + " warning · " + open.getOrDefault(Severity.INFO, 0L) + " info · " + acknowledged + " acknowledged, on "
                + sources.size() + " source(s)");
        summary.getElement().setAttribute("data-state", open.containsKey(Severity.CRITICAL) ? "down" : "up");
        if (sources.isEmpty()) {
            showOnly(content, empty("No source has been checked yet. The advisor checks each source after its first"
                    + " successful poll: configure sources under weir.sources.<name>.* (see the Sources page), or wait"
                    + " for the first poll to finish."));
            return;
        }
        if (findings.isEmpty()) {
            showOnly(content, empty("Every topic, queue and group of " + String.join(", ", sources) + " has the safeguards"
                    + " the advisor checks. New objects are checked at the next poll."));
            return;
        }
        // Sources in the order of their worst finding (the list is sorted worst first).
        Map<String, List<Finding>> bySource = new LinkedHashMap<>();
        findings.forEach(f -> bySource.computeIfAbsent(f.source(), s -> new ArrayList<>()).add(f));
        Map<Finding, Component> drawn = new HashMap<>();
        List<Component> shownSections = bySource.entrySet().stream()
                .sorted(Map.Entry.comparingByValue((a, b) -> worst(a).compareTo(worst(b))))
                .map(entry -> source(entry.getKey(), entry.getValue(), drawn)).toList();
        sections.keySet().retainAll(bySource.keySet());
        blocks = drawn;
        show(content, shownSections);
    }

    private void showOnly(Div container, Component only) {
        blocks = new HashMap<>();
        sections.clear();
        show(container, List.of(only));
    }

    /**
     * Makes {@code children} the container's children, touching only those that differ: a poll that
     * changes one finding's evidence must not replace the button an operator is clicking on another
     * (a click on a replaced button is dropped by the server).
     */
    private static void show(Component container, List<Component> children) {
        Element parent = container.getElement();
        Set<Element> wanted = children.stream().map(Component::getElement).collect(Collectors.toSet());
        parent.getChildren().filter(child -> !wanted.contains(child)).toList().forEach(parent::removeChild);
        for (int i = 0; i < children.size(); i++) {
            Element child = children.get(i).getElement();
            if (i >= parent.getChildCount() || !parent.getChild(i).equals(child)) {
                parent.insertChild(i, child);
            }
        }
    }

    private static Severity worst(List<Finding> findings) {
        return findings.stream().filter(f -> !f.isAcknowledged()).map(Finding::severity).min(Enum::compareTo)
                .orElse(Severity.INFO);
    }

    private Component source(String source, List<Finding> findings, Map<Finding, Component> drawn) {
        Section section = sections.computeIfAbsent(source, name -> {
            VerticalLayout layout = new VerticalLayout();
            layout.setPadding(false);
            layout.getElement().setAttribute("data-source", name);
            return new Section(layout, new H3());
        });
        long open = findings.stream().filter(f -> !f.isAcknowledged()).count();
        section.title().setText(source + " · " + open + " finding(s)" + (open < findings.size()
                ? ", " + (findings.size() - open) + " acknowledged" : ""));
        List<Component> children = new ArrayList<>();
        children.add(section.title());
        Stream.concat(findings.stream().filter(f -> !f.isAcknowledged()),
                        showAcknowledged.getValue() ? findings.stream().filter(Finding::isAcknowledged) : Stream.empty())
                .forEach(f -> children.add(drawn.computeIfAbsent(f, shownFinding -> {
                    Component block = blocks.get(shownFinding);
                    return block != null ? block : finding(shownFinding);
                })));
        show(section.layout(), children);
        return section.layout();
    }

    private Component finding(Finding finding) {
        Div block = new Div();
        block.addClassNames("weir-finding", "weir-finding-" + finding.severity().label());
        block.getElement().setAttribute("data-check", finding.check());
        block.getElement().setAttribute("data-object", finding.object());
        block.getElement().setAttribute("data-severity", finding.severity().label());
        if (finding.isAcknowledged()) {
            block.addClassName("weir-finding-acknowledged");
        }
        Div head = new Div(badge(finding.severity()), text(" " + finding.title(), "weir-card-title"));
        Div object = new Div(text(finding.objectType() + " ", "weir-secondary"), objectLink(finding),
                text(" · check " + finding.check(), "weir-secondary"));
        block.add(head, object, line("Evidence", finding.evidence()), line("Why it matters", finding.why()));
        Div fix = new Div(text("Fix: ", null));
        fix.add(new Code(finding.fix()));
        block.add(fix);
        if (finding.isAcknowledged()) {
            Finding.Acknowledgement ack = finding.acknowledgement();
            block.add(new Div(new StatusBadge("ACKNOWLEDGED", StatusBadge.Tone.NEUTRAL), text(" by " + ack.by() + ", "
                    + HumanFormat.ago(ack.at(), Instant.now()) + " (" + HumanFormat.absolute(ack.at()) + "): " + ack.reason(),
                    "weir-secondary")));
        }
        if (operator) {
            Button acknowledge = new Button(finding.isAcknowledged() ? "Change reason" : "Acknowledge…",
                    click -> acknowledgeDialog(finding).open());
            acknowledge.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
            acknowledge.addClassName("advisor-acknowledge");
            block.add(acknowledge);
            if (finding.isAcknowledged()) {
                // No dialog: withdrawing only makes the finding count again, and the reason stays in the audit log.
                Button withdraw = new Button("Withdraw acknowledgement", click -> withdraw(finding));
                withdraw.addThemeVariants(ButtonVariant.LUMO_SMALL, ButtonVariant.LUMO_TERTIARY);
                withdraw.addClassName("advisor-withdraw");
                block.add(withdraw);
            }
        }
        return block;
    }

    private void withdraw(Finding finding) {
        try {
            advisor.withdraw(finding.source(), finding.object(), finding.check(), actor());
            Notification.show("Withdrew the acknowledgement of " + finding.check() + " on " + finding.object(), 4000,
                    Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
        } catch (NoSuchElementException e) {
            Notification.show("Already withdrawn: " + e.getMessage(), 6000, Notification.Position.MIDDLE)
                    .addThemeVariants(NotificationVariant.LUMO_CONTRAST);
        }
        redraw(advisor.findings());
    }

    private Dialog acknowledgeDialog(Finding finding) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Acknowledge: " + finding.title());
        TextArea reason = new TextArea("Reason (kept in the audit log)");
        reason.setId("advisor-reason");
        reason.setWidth("32rem");
        reason.setRequired(true);
        if (finding.isAcknowledged()) {
            reason.setValue(finding.acknowledgement().reason());
        }
        dialog.add(new Paragraph(finding.objectType() + " " + finding.object() + " of " + finding.source()
                + ": the finding stays listed, marked acknowledged, and no longer counts in weir_advisor_findings."), reason);
        Button confirm = new Button("Acknowledge", click -> {
            if (reason.getValue().isBlank()) {
                reason.setInvalid(true);
                reason.setErrorMessage("Say why this finding is accepted");
                return;
            }
            try {
                advisor.acknowledge(finding.source(), finding.object(), finding.check(), reason.getValue(), actor());
                dialog.close();
                Notification.show("Acknowledged " + finding.check() + " on " + finding.object(), 4000,
                        Notification.Position.BOTTOM_START).addThemeVariants(NotificationVariant.LUMO_SUCCESS);
                redraw(advisor.findings());
            } catch (IllegalArgumentException e) {
                Notification.show("Not acknowledged: " + e.getMessage(), 6000, Notification.Position.MIDDLE)
                        .addThemeVariants(NotificationVariant.LUMO_ERROR);
            }
        });
        confirm.setId("advisor-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
        return dialog;
    }

    private static Actor actor() {
        VaadinRequest request = VaadinRequest.getCurrent();
        String user = request == null || request.getUserPrincipal() == null ? "unknown" : request.getUserPrincipal().getName();
        return new Actor(user, Actor.Channel.UI, request == null ? null : request.getRemoteAddr());
    }

    private static Component badge(Severity severity) {
        return new StatusBadge(severity.name(), switch (severity) {
            case CRITICAL -> StatusBadge.Tone.BAD;
            case WARNING -> StatusBadge.Tone.WARNING;
            case INFO -> StatusBadge.Tone.NEUTRAL;
        });
    }

    private static Component line(String label, String value) {
        Div line = new Div(text(label + ": ", null), text(value, null));
        line.addClassName("weir-card-line");
        return line;
    }

    private static Span text(String text, String className) {
        Span span = new Span(text);
        if (className != null) {
            span.addClassName(className);
        }
        return span;
    }

    private static Component empty(String text) {
        Div empty = new Div(new Paragraph(text));
        empty.setId("advisor-empty");
        empty.addClassName("weir-empty-state");
        return empty;
    }

    /** The Weir page of the topic, queue or group; the source's page for source-wide findings. */
    private static Component objectLink(Finding finding) {
        String base = "sources/" + encode(finding.source());
        return switch (finding.objectType()) {
            case "group" -> new Anchor(base + "/groups/" + encode(finding.object()), finding.object());
            case "topic", "queue" -> new Anchor(base + "/queue?name=" + encode(finding.object()), finding.object());
            default -> new Anchor(base, finding.source());
        };
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
