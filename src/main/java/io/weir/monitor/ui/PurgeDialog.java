package io.weir.monitor.ui;

import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.dialog.Dialog;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.textfield.TextField;
import com.vaadin.flow.data.value.ValueChangeMode;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.Actor;
import io.weir.operations.OperationException;
import io.weir.operations.purge.PurgePlan;
import io.weir.operations.purge.PurgeResult;
import io.weir.operations.purge.QueuePurges;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;

/**
 * Confirms a purge: says what goes (the count of the preview, for good, and that consumers never
 * get these messages) and enables its red button only once the queue's name is typed exactly.
 * The service checks the name and the role again and audits the outcome.
 */
final class PurgeDialog extends Dialog {

    private final QueuePurges purges;
    private final PurgePlan plan;
    private final Paragraph outcome = new Paragraph();
    private final Button purge = new Button("Purge");
    private final Button cancel = new Button("Cancel", e -> close());

    PurgeDialog(QueuePurges purges, PurgePlan plan) {
        this.purges = purges;
        this.plan = plan;
        setId("purge-dialog");
        setHeaderTitle("Purge " + plan.name() + "?");
        setWidth("min(640px, 95vw)");
        String count = plan.messages() < 0 ? "every message (RabbitMQ has not counted this queue yet)"
                : HumanFormat.count(plan.messages()) + (plan.messages() == 1 ? " message" : " messages");
        Paragraph what = new Paragraph("This deletes " + count + " from " + plan.name() + " on " + plan.source()
                + ". It cannot be undone: consumers that have not read these messages yet will never get them, and a"
                + " dead-letter queue loses them for replay. Messages published while the purge runs may stay.");
        what.setId("purge-consequence");
        TextField name = new TextField("Type " + plan.name() + " to confirm");
        name.setId("purge-confirm-name");
        name.setWidthFull();
        name.setValueChangeMode(ValueChangeMode.EAGER);
        purge.setId("purge-apply");
        purge.addThemeVariants(ButtonVariant.LUMO_PRIMARY, ButtonVariant.LUMO_ERROR);
        purge.setEnabled(false);
        name.addValueChangeListener(e -> purge.setEnabled(plan.refusal() == null && plan.name().equals(e.getValue())));
        purge.addClickListener(e -> apply(name.getValue()));
        outcome.setId("purge-outcome");
        if (plan.refusal() != null) {
            outcome.setText("Cannot purge: " + plan.refusal());
            outcome.addClassName("weir-error-text");
        }
        add(what, name, outcome);
        cancel.setId("purge-cancel");
        getFooter().add(cancel, purge);
    }

    /** The signed-in user and their address, for the audit log. */
    static Actor actor() {
        VaadinRequest request = VaadinRequest.getCurrent();
        String user = request == null || request.getUserPrincipal() == null ? "unknown" : request.getUserPrincipal().getName();
        return new Actor(user, Actor.Channel.UI, request == null ? null : request.getRemoteAddr());
    }

    /** Asked at each click: the role belongs to the request, not to the dialog. */
    static boolean admin() {
        VaadinRequest request = VaadinRequest.getCurrent();
        return request != null && request.isUserInRole(Roles.ADMIN);
    }

    private void apply(String typed) {
        purge.setEnabled(false);
        try {
            PurgeResult done = purges.apply(plan.source(), plan.queue(), typed, actor(), admin());
            outcome.removeClassName("weir-error-text");
            outcome.setText("Purged: " + HumanFormat.count(done.removed()) + " message(s) removed"
                    + (done.after() > 0 ? ", " + HumanFormat.count(done.after()) + " left (published meanwhile)" : "")
                    + " (audit entry " + done.auditId() + ").");
            cancel.setText("Close");
        } catch (OperationException e) {
            outcome.addClassName("weir-error-text");
            outcome.setText("Not purged: " + e.getMessage());
        }
    }
}
