package io.weir.operations.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.button.Button;
import com.vaadin.flow.component.button.ButtonVariant;
import com.vaadin.flow.component.confirmdialog.ConfirmDialog;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Anchor;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.H3;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.HorizontalLayout;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.component.select.Select;
import com.vaadin.flow.data.provider.DataProvider;
import com.vaadin.flow.router.BeforeEnterEvent;
import com.vaadin.flow.router.BeforeEnterObserver;
import com.vaadin.flow.router.HasDynamicTitle;
import com.vaadin.flow.router.Route;
import com.vaadin.flow.server.VaadinRequest;
import io.weir.operations.OperationException;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.ReplayOutcome;
import io.weir.operations.replay.ReplayState;
import io.weir.operations.replay.Replays;
import io.weir.security.Roles;
import io.weir.ui.HumanFormat;
import io.weir.ui.MainLayout;
import io.weir.ui.Refresher;
import jakarta.annotation.security.PermitAll;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * One replay job: what it replays, its live progress, pause / resume / cancel for operators, and
 * its per-message ledger (replayed, skipped, failed with the reason), paged from the database.
 */
@Route(value = "replays/:id", layout = MainLayout.class)
@PermitAll
class ReplayJobView extends VerticalLayout implements BeforeEnterObserver, HasDynamicTitle {

    private final Replays replays;
    private final H2 title = new H2();
    private final Div state = new Div();
    private final Div progress = new Div();
    private final Paragraph what = new Paragraph();
    private final Anchor deadLetters = new Anchor("", "");
    private final Button pause = new Button("Pause");
    private final Button resume = new Button("Resume");
    private final Button cancel = new Button("Cancel…");
    private final Paragraph said = new Paragraph();
    private final Select<String> outcomeFilter = new Select<>();
    private final Grid<ReplayOutcome> ledger = new Grid<>();
    private String id = "";
    private ReplayJob job;
    private boolean operator;
    private Refresher refresher;

    ReplayJobView(Replays replays) {
        this.replays = replays;
        setWidthFull();
        state.setId("replay-state");
        progress.setId("replay-progress");
        progress.setWidth("min(40rem, 100%)");
        pause.setId("replay-pause");
        resume.setId("replay-resume");
        cancel.setId("replay-cancel");
        resume.addThemeVariants(ButtonVariant.LUMO_PRIMARY);
        cancel.addThemeVariants(ButtonVariant.LUMO_ERROR);
        pause.addClickListener(e -> act(() -> replays.pause(id, UiActor.current()), "Pausing after the batch in flight."));
        resume.addClickListener(e -> act(() -> replays.resume(id, UiActor.current()), "Resumed from the last recorded batch."));
        cancel.addClickListener(e -> confirmCancel());
        outcomeFilter.setLabel("Show");
        outcomeFilter.setItems("all", "replayed", "skipped", "failed");
        outcomeFilter.setValue("all");
        outcomeFilter.addValueChangeListener(e -> ledger.getDataProvider().refreshAll());
        ledger.setId("replay-ledger");
        ledger.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_ROW_STRIPES);
        ledger.addColumn(o -> o.partition + "/" + o.offset).setHeader("Partition/offset").setAutoWidth(true).setFlexGrow(0);
        ledger.addColumn(o -> o.messageId == null ? "" : o.messageId).setHeader("Message ID").setAutoWidth(true);
        ledger.addColumn(o -> o.outcome.name().toLowerCase(Locale.ROOT)).setHeader("Outcome").setAutoWidth(true).setFlexGrow(0);
        ledger.addColumn(o -> o.destination == null ? "" : o.destination).setHeader("To").setAutoWidth(true);
        ledger.addColumn(o -> o.reason == null ? "" : o.reason).setHeader("Reason").setFlexGrow(2);
        ledger.addColumn(o -> HumanFormat.absolute(o.at)).setHeader("At").setAutoWidth(true).setFlexGrow(0);
        ledger.setItems(DataProvider.fromCallbacks(query -> {
            try {
                return replays.outcomes(id, only(), query.getOffset(), query.getLimit()).stream();
            } catch (OperationException e) {
                return java.util.stream.Stream.empty();
            }
        }, query -> (int) Math.min(Integer.MAX_VALUE, replays.countOutcomes(id, only()))));
        ledger.setHeight("28rem");
        HorizontalLayout buttons = new HorizontalLayout(pause, resume, cancel);
        add(title, what, deadLetters, state, progress, buttons, said, new H3("Messages"), outcomeFilter, ledger);
    }

    @Override
    public void beforeEnter(BeforeEnterEvent event) {
        id = event.getRouteParameters().get("id").orElse("");
        VaadinRequest request = VaadinRequest.getCurrent();
        operator = request != null && request.isUserInRole(Roles.OPERATOR);
        refresh();
    }

    @Override
    public String getPageTitle() {
        return "Replay " + id.substring(0, Math.min(8, id.length())) + " · Weir";
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresher = Refresher.everySecond(event.getUI(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        refresher.stop();
    }

    private void refresh() {
        try {
            ReplayJob before = job;
            job = replays.get(id);
            if (before == null || before.done() != job.done() || before.state != job.state) {
                ledger.getDataProvider().refreshAll();
            }
        } catch (OperationException e) {
            title.setText("No replay job " + id);
            what.setText("It may have been started on another Weir with another database. The Replays page lists every job.");
            List.of(pause, resume, cancel, outcomeFilter, ledger).forEach(c -> c.setVisible(false));
            return;
        }
        title.setText("Replay of " + job.queue);
        what.setText("From " + job.queue + " on " + job.source + " to "
                + (job.destination == null ? "each message's original destination" : job.destination)
                + " · selection " + job.selection.name().toLowerCase(Locale.ROOT)
                + (job.ratePerSecond > 0 ? " · at most " + job.ratePerSecond + " messages/s" : "")
                + " · started by " + job.createdBy + " " + ReplayJobs.when(job.createdAt) + " · job " + job.id);
        deadLetters.setText("Dead letters of " + job.queue);
        deadLetters.setHref("sources/" + job.source + "/dead-letters?queue=" + URLEncoder.encode(job.queue, StandardCharsets.UTF_8));
        state.removeAll();
        state.add(ReplayJobs.state(job));
        progress.removeAll();
        progress.add(ReplayJobs.progress(job), ReplayJobs.outcomes(job));
        pause.setVisible(operator && job.state == ReplayState.RUNNING);
        resume.setVisible(operator && job.state.resumable());
        cancel.setVisible(operator && !job.state.ended());
    }

    private ReplayOutcome.Outcome only() {
        String value = outcomeFilter.getValue();
        return value == null || value.equals("all") ? null : ReplayOutcome.Outcome.valueOf(value.toUpperCase(Locale.ROOT));
    }

    private interface Action {
        ReplayJob run() throws OperationException;
    }

    private void act(Action action, String done) {
        try {
            action.run();
            said.setText(done);
            said.removeClassName("weir-error-text");
        } catch (OperationException e) {
            said.setText(e.getMessage());
            said.addClassName("weir-error-text");
        }
        refresh();
    }

    private void confirmCancel() {
        ConfirmDialog dialog = new ConfirmDialog("Cancel this replay?",
                "It stops after the batch in flight and cannot be resumed. The " + HumanFormat.count(job.replayed)
                        + " messages it replayed stay replayed; the rest stay in " + job.queue + ".",
                "Cancel the replay", e -> act(() -> replays.cancel(id, UiActor.current()), "Cancelled."));
        dialog.setConfirmButtonTheme("error primary");
        dialog.setCancelText("Keep it");
        dialog.setCancelable(true);
        dialog.open();
    }
}
