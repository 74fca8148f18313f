package io.weir.operations.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.browse.QueuePeeking;
import io.weir.operations.replay.DeadLetterCauses;
import io.weir.operations.replay.FailureCause;
import io.weir.operations.replay.ReplaySelection;
import io.weir.operations.replay.Replays;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * A dead-letter queue at a glance: its messages grouped by failure reason (most frequent first,
 * with first and last seen and where they came from), and the way to replay one cause or all of
 * them through the replay wizard. Reading the causes runs in the background; the page shows
 * "reading…" meanwhile and never blocks on a slow broker.
 */
@Route(value = "sources/:source/dead-letters", layout = MainLayout.class)
@PermitAll
class DeadLettersView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final DeadLetterCauses causes;
    private final Replays replays;
    private final H2 title = new H2();
    private final Paragraph summary = new Paragraph();
    private final Anchor browse = new Anchor("", "Browse messages");
    private final Anchor back = new Anchor("", "");
    private final Button replayAll = new Button("Replay all…");
    private final Button refresh = new Button("Read again");
    private final Button peek = new Button("Group the first " + QueuePeeking.MAX_COUNT + " by cause…");
    private final Grid<FailureCause> grid = new Grid<>();
    private final Div empty = new Div();
    private String source = "";
    private String queue = "";
    private boolean operator;
    /** Whether the causes shown came from a peek (RabbitMQ) rather than a read. */
    private boolean peeked;

    DeadLettersView(DeadLetterCauses causes, Replays replays) {
        this.causes = causes;
        this.replays = replays;
        setWidthFull();
        summary.setId("dead-letters-summary");
        empty.setId("dead-letters-empty");
        empty.addClassName("weir-empty-state");
        replayAll.setId("dead-letters-replay-all");
        replayAll.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        replayAll.addClickListener(e -> new ReplayDialog(replays, source, queue, ReplaySelection.ALL, "all messages of " + queue)
                .open());
        refresh.addClickListener(e -> load());
        peek.setId("dead-letters-peek");
        peek.setVisible(false);
        peek.addClickListener(e -> confirmPeek());
        grid.setId("dead-letters-causes");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(DeadLettersView::reason).setHeader("Failure reason").setFlexGrow(4);
        grid.addColumn(c -> HumanFormat.count(c.count())).setHeader("Messages").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addComponentColumn(c -> Cells.time(c.firstSeen())).setHeader("First seen").setWidth("170px").setFlexGrow(0);
        grid.addComponentColumn(c -> Cells.time(c.lastSeen())).setHeader("Last seen").setWidth("170px").setFlexGrow(0);
        grid.addColumn(c -> String.join(", ", c.destinations())).setHeader("Came from").setAutoWidth(true);
        grid.addComponentColumn(this::replayButton).setHeader("").setAutoWidth(true).setFlexGrow(0);
        grid.setAllRowsVisible(true);
        HorizontalLayout actions = new HorizontalLayout(replayAll, peek, browse, refresh);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        add(title, back, summary, actions, empty, grid);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        source = event.getRouteParameters().get("source").orElse("");
        queue = event.getLocation().getQueryParameters().getParameters().getOrDefault("queue", List.of("")).get(0);
        title.setText("Dead letters of " + queue);
        String encoded = URLEncoder.encode(queue, StandardCharsets.UTF_8);
        back.setText("Back to " + queue + " on " + source);
        back.setHref("sources/" + source + "/queue?name=" + encoded);
        browse.setHref("sources/" + source + "/messages?queue=" + encoded);
        VaadinRequest request = VaadinRequest.getCurrent();
        operator = request != null && request.isUserInRole(Roles.OPERATOR);
        replayAll.setVisible(operator && replays.canReplay(source));
    }

    @Override
    protected void onAttach(AttachEvent event) {
        load();
    }

    @Override
    public String getPageTitle() {
        return "Dead letters of " + queue + " · Weir";
    }

    private void load() {
        peeked = false;
        read(() -> causes.of(source, queue));
    }

    private void confirmPeek() {
        ConfirmDialog dialog = new ConfirmDialog("Peek at the first " + QueuePeeking.MAX_COUNT + " messages of " + queue + "?",
                QueuePeeking.WARNING + " The peek is recorded in the audit log.", "Peek and requeue", e -> {
                    Actor actor = UiActor.current();
                    VaadinRequest request = VaadinRequest.getCurrent();
                    Predicate<String> hasRole = role -> request != null && request.isUserInRole(role);
                    peeked = true;
                    read(() -> causes.peeked(source, queue, actor, hasRole));
                });
        dialog.setId("dead-letters-peek-confirm");
        dialog.setCancelable(true);
        dialog.open();
    }

    /** Reads the causes in the background and shows them, or what went wrong. */
    private void read(Reading reading) {
        summary.setText("Reading " + queue + "…");
        grid.setItems(List.of());
        empty.setVisible(false);
        UI ui = UI.getCurrent();
        String queue = this.queue;
        CompletableFuture.supplyAsync(() -> {
            try {
                return reading.read();
            } catch (OperationException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }).whenComplete((result, error) -> ui.access(() -> {
            if (error != null) {
                Throwable cause = error.getCause() == null ? error : error.getCause();
                summary.setText("Could not read " + queue + ": " + cause.getMessage() + ". Read again once the broker answers.");
                summary.addClassName("weir-error-text");
                return;
            }
            summary.removeClassName("weir-error-text");
            show(result);
        }));
    }

    private interface Reading {
        DeadLetterCauses.Summary read() throws OperationException;
    }

    private void show(DeadLetterCauses.Summary result) {
        replayAll.setEnabled(result.queued() > 0);
        if (result.queued() == 0) {
            summary.setText("");
            empty.removeAll();
            empty.add(new Paragraph(queue + " holds no dead letters. Messages land here when their consumers give up on"
                    + " them (after their attempts, or when they expire); this page then groups them by why they failed."));
            empty.setVisible(true);
            grid.setVisible(false);
            return;
        }
        peek.setVisible(!result.grouped() && operator);
        if (!result.grouped()) {
            summary.setText(HumanFormat.count(result.queued()) + " dead letters. RabbitMQ queues cannot be read without"
                    + " taking their messages, so Weir groups them by reason only when you ask it to peek at the first "
                    + QueuePeeking.MAX_COUNT + "; Replay all moves each one back to the queue it died in (its x-death header"
                    + " says which).");
            grid.setVisible(false);
            return;
        }
        grid.setVisible(true);
        grid.setItems(result.causes());
        summary.setText(HumanFormat.count(result.queued()) + " dead letters, " + result.causes().size()
                + (result.causes().size() == 1 ? " cause" : " causes")
                + (result.complete() ? "" : " among the first " + HumanFormat.count(result.scanned()) + " read"
                        + (peeked ? " (peeked: requeued, marked redelivered)"
                                : " (weir.operations.browse.max-scan)")) + ".");
    }

    private Component replayButton(FailureCause cause) {
        Button button = new Button("Replay " + HumanFormat.count(cause.count()) + "…", e -> new ReplayDialog(replays, source,
                queue, new ReplaySelection(ReplaySelection.Kind.REASON, null, cause.reason(), List.of()),
                "the messages that failed with “" + cause.reason() + "”").open());
        button.addThemeVariants(ButtonVariant.LUMO_SMALL);
        button.setVisible(operator);
        return button;
    }

    private static Component reason(FailureCause cause) {
        return Cells.twoLines(cause.reason(), "e.g. " + cause.example());
    }
}
