package io.weir.operations.browse.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.ColumnTextAlign;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.html.Span;
import com.vaadin.flow.component.orderedlayout.FlexComponent;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.textfield.IntegerField;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.OperationException;
import io.weir.operations.browse.PeekResult;
import io.weir.operations.browse.PeekedMessage;
import io.weir.operations.browse.QueuePeeking;
import io.weir.operations.replay.Replays;
import io.weir.operations.ui.ReplayDialog;
import io.weir.operations.ui.UiActor;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;

/**
 * The message browser of a RabbitMQ queue: peeking at its head. The warning of
 * {@link QueuePeeking#WARNING} is always shown, and a peek runs only after the operator confirms it
 * in a dialog that repeats it; viewers see the warning and no button, as peeking changes the queue.
 */
final class QueuePeekPanel extends VerticalLayout {

    private static final int PREVIEW_CHARS = 120;

    private final QueuePeeking peeking;
    private final Replays replays;
    private final String source;
    private final String queue;
    private final IntegerField count = new IntegerField("Messages");
    private final Span outcome = new Span();
    private final Grid<PeekedMessage> grid = new Grid<>();

    QueuePeekPanel(QueuePeeking peeking, Replays replays, String source, String queue) {
        this.peeking = peeking;
        this.replays = replays;
        this.source = source;
        this.queue = queue;
        setPadding(false);
        Paragraph warning = new Paragraph(QueuePeeking.WARNING);
        warning.setId("peek-warning");
        warning.addClassName("weir-warning-text");
        count.setId("peek-count");
        count.setMin(1);
        count.setMax(QueuePeeking.MAX_COUNT);
        count.setValue(10);
        count.setStepButtonsVisible(true);
        count.setWidth("9em");
        Button peek = new Button("Peek…", click -> confirm());
        peek.setId("peek-button");
        peek.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        boolean operator = hasRole(Roles.OPERATOR);
        peek.setVisible(operator);
        count.setVisible(operator);
        outcome.setId("peek-outcome");
        if (!operator) {
            outcome.setText("Peeking changes the queue, so it needs the operator role; you are signed in as a viewer.");
        }
        HorizontalLayout actions = new HorizontalLayout(count, peek, outcome);
        actions.setAlignItems(FlexComponent.Alignment.BASELINE);
        grid.setId("peek-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        grid.addColumn(m -> m.message().offset()).setHeader("Position").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(m -> m.stampedByPublisher() ? HumanFormat.absolute(m.message().timestamp()) : "(none)")
                .setHeader("Timestamp").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(m -> m.redelivered() ? "yes" : "no").setHeader("Redelivered before").setAutoWidth(true).setFlexGrow(0);
        grid.addColumn(m -> m.exchange().isEmpty() ? "(default)" : m.exchange()).setHeader("Exchange").setAutoWidth(true);
        grid.addColumn(PeekedMessage::routingKey).setHeader("Routing key").setAutoWidth(true);
        grid.addColumn(m -> PayloadText.preview(m.message().value(), PREVIEW_CHARS)).setHeader("Payload").setFlexGrow(3);
        grid.addColumn(m -> HumanFormat.bytes(m.message().size())).setHeader("Size").setAutoWidth(true).setFlexGrow(0)
                .setTextAlign(ColumnTextAlign.END);
        grid.addColumn(m -> m.message().deadLetter().map(d -> d.reason() == null ? "dead letter"
                : d.reason() + (d.destination() == null ? "" : " in " + d.destination())).orElse(""))
                .setHeader("Dead-letter reason").setAutoWidth(true);
        grid.addItemClickListener(click -> new MessageDetail(queue, click.getItem().message(), replay(click.getItem())).open());
        grid.setVisible(false);
        add(warning, actions, grid);
    }

    /**
     * Replaying one peeked message: the job finds it again by its message ID, so a message without
     * one (or with its payload hidden, which an edit would lose) cannot be replayed alone.
     */
    private Runnable replay(PeekedMessage peeked) {
        String messageId = peeked.properties().get("message_id");
        if (messageId == null || peeked.message().payloadHidden() || !replays.canReplay(source) || !hasRole(Roles.OPERATOR)) {
            return null;
        }
        return () -> ReplayDialog.ofQueued(replays, source, queue, peeked.message(), messageId).open();
    }

    private static boolean hasRole(String role) {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request != null && request.isUserInRole(role);
    }

    private void confirm() {
        Integer n = count.getValue();
        if (n == null || n < 1 || n > QueuePeeking.MAX_COUNT) {
            outcome.setText("Peek 1 to " + QueuePeeking.MAX_COUNT + " messages.");
            return;
        }
        ConfirmDialog dialog = new ConfirmDialog("Peek at " + n + " message(s) of " + MessageBrowserView.shown(queue) + "?", QueuePeeking.WARNING
                + " The peek is recorded in the audit log.", "Peek and requeue", e -> peek(n));
        dialog.setId("peek-confirm");
        dialog.setCancelable(true);
        dialog.open();
    }

    private void peek(int n) {
        try {
            PeekResult result = peeking.peek(source, queue, n, UiActor.current(), QueuePeekPanel::hasRole);
            grid.setItems(result.messages());
            grid.setVisible(!result.messages().isEmpty());
            outcome.setText(result.messages().isEmpty() ? "The queue is empty: nothing was taken."
                    : "Peeked " + result.messages().size() + " message(s) of this " + result.queueType()
                            + " queue; all are back in the queue, now marked redelivered (audit entry " + result.auditId()
                            + "). Click a message to see it whole.");
        } catch (OperationException e) {
            grid.setVisible(false);
            outcome.setText("Not peeked: " + e.getMessage());
        }
    }
}
