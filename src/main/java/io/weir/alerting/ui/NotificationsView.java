package io.weir.alerting.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Pre;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.alerting.dispatch.Outbox;
import io.weir.alerting.dispatch.OutboxEntry;
import io.weir.ui.MainLayout;
import io.weir.ui.StatusBadge;
import jakarta.annotation.security.PermitAll;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The notification history, newest first: every notification with its receiver, alerts, attempts,
 * status, the receiver's last answer or the error, and when it is retried. Permanent failures
 * stand out with the receiver's answer in full. Redrawn by server push when the outbox changes.
 */
@Route(value = "notifications", layout = MainLayout.class)
@PageTitle("Notifications · Weir")
@PermitAll
class NotificationsView extends VerticalLayout {

    private static final int SHOWN = 200;

    private final Outbox outbox;
    private final Span summary = new Span();
    private final Grid<OutboxEntry> grid = new Grid<>();
    private final Div empty = emptyState();
    /** Set while a redraw is queued, so a burst of outbox changes redraws once. */
    private final AtomicBoolean redrawQueued = new AtomicBoolean();
    private Runnable unsubscribe;

    NotificationsView(Outbox outbox) {
        this.outbox = outbox;
        setSizeFull();
        summary.setId("notifications-summary");
        summary.addClassName("weir-summary");
        add(new H2("Notifications"), summary);
        configureGrid();
        add(empty, grid);
        refresh();
    }

    private void configureGrid() {
        grid.setId("notifications-grid");
        grid.addThemeVariants(GridVariant.LUMO_ROW_STRIPES, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.setPartNameGenerator(e -> e.status == OutboxEntry.Status.FAILED ? "weir-failed" : null);
        grid.addComponentColumn(NotificationsView::statusBadge).setHeader("Status").setWidth("120px").setFlexGrow(0);
        grid.addColumn(e -> e.receiver).setHeader("Receiver").setWidth("120px").setFlexGrow(0);
        grid.addColumn(e -> e.summary).setHeader("Alerts").setFlexGrow(3);
        grid.addColumn(e -> e.attempts).setHeader("Attempts").setTextAlign(ColumnTextAlign.END).setWidth("90px").setFlexGrow(0);
        grid.addComponentColumn(NotificationsView::answer).setHeader("Last answer or error").setFlexGrow(3);
        grid.addComponentColumn(NotificationsView::nextTry).setHeader("Next try").setWidth("200px").setFlexGrow(0);
        grid.addComponentColumn(e -> SilencesView.time(e.createdAt)).setHeader("Created").setWidth("200px").setFlexGrow(0);
        grid.setAllRowsVisible(true);
    }

    private void refresh() {
        redrawQueued.set(false);
        List<OutboxEntry> entries = outbox.history(SHOWN);
        long pending = entries.stream().filter(e -> e.status == OutboxEntry.Status.PENDING).count();
        long failed = entries.stream().filter(e -> e.status == OutboxEntry.Status.FAILED).count();
        summary.setText(entries.isEmpty() ? "" : pending + " waiting · " + failed + " failed · "
                + (entries.size() - pending - failed) + " delivered (latest " + SHOWN + " shown)");
        summary.getElement().setAttribute("data-state", failed > 0 ? "down" : "up");
        grid.setItems(entries);
        grid.setVisible(!entries.isEmpty());
        empty.setVisible(entries.isEmpty());
    }

    @Override
    protected void onAttach(AttachEvent event) {
        UI ui = event.getUI();
        unsubscribe = outbox.subscribe(() -> {
            if (redrawQueued.compareAndSet(false, true)) {
                ui.access(this::refresh);
            }
        });
    }

    @Override
    protected void onDetach(DetachEvent event) {
        if (unsubscribe != null) {
            unsubscribe.run();
            unsubscribe = null;
        }
    }

    private static StatusBadge statusBadge(OutboxEntry entry) {
        return switch (entry.status) {
            case DELIVERED -> new StatusBadge("Delivered", StatusBadge.Tone.GOOD);
            case FAILED -> new StatusBadge("Failed", StatusBadge.Tone.BAD);
            case PENDING -> entry.attempts == 0 ? new StatusBadge("Sending", StatusBadge.Tone.NEUTRAL)
                    : new StatusBadge("Retrying", StatusBadge.Tone.WARNING);
        };
    }

    private static Component nextTry(OutboxEntry entry) {
        if (entry.status != OutboxEntry.Status.PENDING || entry.nextAttemptAt == null) {
            return new Span("");
        }
        return entry.nextAttemptAt.isAfter(Instant.now()) ? SilencesView.time(entry.nextAttemptAt) : new Span("now");
    }

    private static Span answer(OutboxEntry entry) {
        Span answer = new Span(entry.lastAnswer == null ? "" : entry.lastAnswer);
        if (entry.status == OutboxEntry.Status.FAILED) {
            answer.addClassName("weir-error-text");
        }
        return answer;
    }

    private static Div emptyState() {
        Div empty = new Div();
        empty.setId("notifications-empty");
        empty.addClassName("weir-empty-state");
        empty.add(new Paragraph("No notifications yet. Configure a receiver and a route (config/application.properties or "
                + "environment variables, see the README); every alert that fires is then notified and listed here:"));
        empty.add(new Pre("""
                weir.alerting.receivers.team-slack.type=slack
                weir.alerting.receivers.team-slack.url=https://hooks.slack.com/services/T000/B000/XXXX
                weir.alerting.routes.default.receiver=team-slack"""));
        return empty;
    }
}
