package io.weir.alerting.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.alerting.dispatch.Silence;
import io.weir.alerting.dispatch.Silences;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Silences, active first, then pending, then expired. Operators create them (matchers, duration,
 * comment) and expire them after confirming; viewers only read. The role is checked on the server
 * when an operator acts, not only by hiding the controls.
 */
@Route(value = "silences", layout = MainLayout.class)
@PageTitle("Silences · Weir")
@PermitAll
class SilencesView extends VerticalLayout {

    private static final Map<String, Duration> DURATIONS = new LinkedHashMap<>();

    static {
        DURATIONS.put("1 hour", Duration.ofHours(1));
        DURATIONS.put("2 hours", Duration.ofHours(2));
        DURATIONS.put("4 hours", Duration.ofHours(4));
        DURATIONS.put("8 hours", Duration.ofHours(8));
        DURATIONS.put("1 day", Duration.ofDays(1));
        DURATIONS.put("1 week", Duration.ofDays(7));
    }

    private final Silences silences;
    private final boolean operator;
    private final Span summary = new Span();
    private final Grid<Silence> grid = new Grid<>();
    private final Div empty = emptyState();

    SilencesView(Silences silences) {
        this.silences = silences;
        VaadinRequest request = VaadinRequest.getCurrent();
        this.operator = request != null && request.isUserInRole(Roles.OPERATOR);
        setSizeFull();
        summary.setId("silences-summary");
        summary.addClassName("weir-summary");
        add(new H2("Silences"), summary);
        if (operator) {
            add(createForm());
        } else {
            add(new Paragraph("Only operators can create and expire silences."));
        }
        configureGrid();
        add(empty, grid);
        refresh();
    }

    private HorizontalLayout createForm() {
        TextField matchers = new TextField("Matchers");
        matchers.setId("silence-matchers");
        matchers.setPlaceholder("alertname=\"ConsumerStopped\", source=\"kafka\"");
        matchers.setWidth("28rem");
        Select<String> duration = new Select<>();
        duration.setId("silence-duration");
        duration.setLabel("For");
        duration.setItems(DURATIONS.keySet());
        duration.setValue("2 hours");
        TextField comment = new TextField("Comment");
        comment.setId("silence-comment");
        comment.setPlaceholder("why, e.g. deploying billing");
        comment.setWidth("18rem");
        Span error = new Span();
        error.setId("silence-error");
        error.addClassName("weir-error-text");
        Button create = new Button("Create silence", click -> {
            try {
                if (comment.getValue().isBlank()) {
                    throw new IllegalArgumentException("say why in the comment");
                }
                requireOperator();
                Instant now = Instant.now();
                silences.create(matchers.getValue(), now, now.plus(DURATIONS.get(duration.getValue())), user(), comment.getValue());
                matchers.clear();
                comment.clear();
                error.setText("");
                refresh();
            } catch (IllegalArgumentException e) {
                error.setText(e.getMessage());
            }
        });
        create.setId("silence-create");
        create.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        HorizontalLayout form = new HorizontalLayout(matchers, duration, comment, create, error);
        form.setAlignItems(FlexComponent.Alignment.BASELINE);
        form.setWrap(true);
        return form;
    }

    private void configureGrid() {
        grid.setId("silences-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(SilencesView::stateBadge).setHeader("State").setWidth("110px").setFlexGrow(0);
        grid.addColumn(s -> s.matchers).setHeader("Matchers").setWidth("240px").setFlexGrow(3);
        grid.addComponentColumn(s -> time(s.startsAt)).setHeader("Starts").setWidth("180px").setFlexGrow(0);
        grid.addComponentColumn(s -> time(s.endsAt)).setHeader("Ends").setWidth("180px").setFlexGrow(0);
        grid.addColumn(s -> s.createdBy).setHeader("By").setWidth("90px").setFlexGrow(0);
        grid.addColumn(s -> s.comment).setHeader("Comment").setWidth("160px").setFlexGrow(2);
        if (operator) {
            grid.addComponentColumn(this::expireButton).setHeader("").setWidth("100px").setFlexGrow(0);
        }
        grid.setAllRowsVisible(true);
    }

    private void refresh() {
        Instant now = Instant.now();
        List<Silence> all = silences.list().stream()
                .sorted(Comparator.comparingInt((Silence s) -> order(s.state(now))).thenComparing(s -> s.endsAt, Comparator.reverseOrder()))
                .toList();
        long active = all.stream().filter(s -> s.state(now) == Silence.State.ACTIVE).count();
        long pending = all.stream().filter(s -> s.state(now) == Silence.State.PENDING).count();
        summary.setText(active + " active · " + pending + " pending · " + (all.size() - active - pending) + " expired");
        grid.setItems(all);
        grid.setVisible(!all.isEmpty());
        empty.setVisible(all.isEmpty());
    }

    private static int order(Silence.State state) {
        return switch (state) {
            case ACTIVE -> 0;
            case PENDING -> 1;
            case EXPIRED -> 2;
        };
    }

    private Button expireButton(Silence silence) {
        Button expire = new Button("Expire", click -> confirmExpire(silence));
        expire.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_SMALL);
        expire.setVisible(silence.state(Instant.now()) != Silence.State.EXPIRED);
        return expire;
    }

    private void confirmExpire(Silence silence) {
        Dialog dialog = new Dialog();
        dialog.setHeaderTitle("Expire this silence?");
        dialog.add(new Paragraph("Alerts matching " + silence.matchers + " will be notified again from now on."));
        Button confirm = new Button("Expire now", click -> {
            requireOperator();
            silences.expire(silence.id);
            dialog.close();
            refresh();
        });
        confirm.setId("silence-expire-confirm");
        confirm.addThemeVariants(ButtonVariant.LUMO_ERROR, ButtonVariant.LUMO_PRIMARY);
        dialog.getFooter().add(new Button("Cancel", click -> dialog.close()), confirm);
        dialog.open();
    }

    private void requireOperator() {
        VaadinRequest request = VaadinRequest.getCurrent();
        if (request == null || !request.isUserInRole(Roles.OPERATOR)) {
            throw new IllegalArgumentException("only operators can change silences");
        }
    }

    private static String user() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request == null || request.getUserPrincipal() == null ? "unknown" : request.getUserPrincipal().getName();
    }

    private static StatusBadge stateBadge(Silence silence) {
        return switch (silence.state(Instant.now())) {
            case ACTIVE -> new StatusBadge("Active", StatusBadge.Tone.WARNING);
            case PENDING -> new StatusBadge("Pending", StatusBadge.Tone.NEUTRAL);
            case EXPIRED -> new StatusBadge("Expired", StatusBadge.Tone.NEUTRAL);
        };
    }

    /** Relative first, absolute below: "in 2 h" / "2026-11-28 12:00:00 UTC". */
    static Div time(Instant at) {
        Instant now = Instant.now();
        // Rounded to the nearest minute ahead, so a silence made for 2 hours reads "in 2 h", not "in 1 h 59 min".
        String relative = at.isAfter(now) ? "in " + HumanFormat.duration(Duration.between(now, at).plusSeconds(30))
                : HumanFormat.ago(at, now);
        Span secondary = new Span(HumanFormat.absolute(at));
        secondary.addClassName("weir-secondary");
        return new Div(new Span(relative), new Div(secondary));
    }

    private static Div emptyState() {
        Div empty = new Div();
        empty.setId("silences-empty");
        empty.addClassName("weir-empty-state");
        empty.add(new Paragraph("No silences yet. A silence stops notifications for the alerts it matches, for a while "
                + "(maintenance, a known incident). Operators create one above, or through the API:"));
        empty.add(new Pre("""
                curl -u operator:secret -H 'Content-Type: application/json' http://localhost:8080/api/v1/silences \\
                  -d '{"matchers": "alertname=\\"ConsumerStopped\\", source=\\"kafka\\"", "duration": "PT2H", "comment": "deploy"}'"""));
        return empty;
    }
}
