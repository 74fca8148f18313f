package io.weir.operations.ui;

import com.vaadin.flow.component.AttachEvent;
import com.vaadin.flow.component.DetachEvent;
import com.vaadin.flow.component.grid.Grid;
import com.vaadin.flow.component.grid.GridVariant;
import com.vaadin.flow.component.html.Div;
import com.vaadin.flow.component.html.H2;
import com.vaadin.flow.component.html.Paragraph;
import com.vaadin.flow.component.orderedlayout.VerticalLayout;
import com.vaadin.flow.router.PageTitle;
import com.vaadin.flow.router.Route;
import io.weir.operations.replay.ReplayJob;
import io.weir.operations.replay.Replays;
import io.weir.ui.MainLayout;
import io.weir.ui.Refresher;
import jakarta.annotation.security.PermitAll;
import java.util.List;

/**
 * Every replay job, newest first: running ones with their live progress, paused and interrupted
 * ones that can go on, and ended ones with what became of their messages. A row opens the job.
 * The page reads the jobs from the database and redraws itself once a second while it is open.
 */
@Route(value = "replays", layout = MainLayout.class)
@PageTitle("Replays · Weir")
@PermitAll
class ReplaysView extends VerticalLayout {

    private static final int SHOWN = 200;

    private final Replays replays;
    private final Grid<ReplayJob> grid = new Grid<>();
    private final Div empty = new Div(new Paragraph("No replay yet. Open a dead-letter queue (the overview lists those"
            + " holding messages, and a group's page links its own) and choose Replay: the job appears here with its"
            + " progress, and can be paused, resumed or cancelled."));
    private Refresher refresher;

    ReplaysView(Replays replays) {
        this.replays = replays;
        setWidthFull();
        empty.addClassName("weir-empty-state");
        empty.setId("replays-empty");
        grid.setId("replays-grid");
        grid.addThemeVariants(GridVariant.LUMO_COMPACT, GridVariant.LUMO_WRAP_CELL_CONTENT);
        grid.addComponentColumn(ReplayJobs::state).setHeader("State").setWidth("130px").setFlexGrow(0);
        grid.addComponentColumn(job -> Cells.twoLines(job.queue, job.source + " → "
                + (job.destination == null ? "original destinations" : job.destination))).setHeader("Dead letters").setFlexGrow(2);
        grid.addComponentColumn(ReplayJobs::progress).setHeader("Progress").setFlexGrow(2);
        grid.addComponentColumn(ReplayJobs::outcomes).setHeader("Outcomes").setFlexGrow(2);
        grid.addComponentColumn(job -> Cells.twoLines(job.createdBy, ReplayJobs.when(job.createdAt)))
                .setHeader("Started").setWidth("200px").setFlexGrow(0);
        grid.addItemClickListener(click -> getUI().ifPresent(ui -> ui.navigate("replays/" + click.getItem().id)));
        grid.setAllRowsVisible(true);
        add(new H2("Replays"), empty, grid);
    }

    @Override
    protected void onAttach(AttachEvent event) {
        refresh();
        refresher = Refresher.everySecond(event.getUI(), this::refresh);
    }

    @Override
    protected void onDetach(DetachEvent event) {
        refresher.stop();
    }

    private void refresh() {
        List<ReplayJob> jobs = replays.list(SHOWN);
        grid.setItems(jobs);
        grid.setVisible(!jobs.isEmpty());
        empty.setVisible(jobs.isEmpty());
    }
}
